// Robustness of odeint with reg=: random right-hand sides, states, times, methods, tolerances,
// step caps and regulariser names, outside and inside grad, give results or clear errors.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class ODEFuzzTests: XCTestCase {
  static let rhs = [
    "(t, y) -> -y", "(t, y) -> y * y", "(t, y) -> 0 * y", "(t, y) -> [1, 2]", "(t, y) -> nan * y",
    "(t, y) -> inf * y", "(t, y) -> \"s\"", "(t, y) -> -50 * y", "(t, y) -> k * sin(t) * y",
    "(t, y) -> f32(y)", "(t, y) -> y.sum()", "(t, y) -> nil", "(t) -> t",
  ]
  static let states = [
    "1", "[1, 2]", "f32([1, 2])", "zeros(0)", "randn(2, 2)", "nan", "[1e300]", "\"s\"", "nil",
    "randn(2, dtype=\"c64\")", "k", "[k, 1]", "zeros(3)",
  ]
  static let times = [
    "[0, 1]", "[0]", "[1, 0]", "[]", "[0, nan]", "linspace(0, 1, 5)", "[0, 1e-300]",
    "[[0, 1]]", "[0, 0.3, 0.7]", "[-1, -0.5]", "\"t\"",
  ]
  static let options = [
    "method=\"dopri5\"", "method=\"tsit5\"", "method=\"rk4\"", "method=\"euler\"", "method=\"x\"",
    "method=3", "rtol=1e-3", "rtol=0", "rtol=-1", "rtol=nan", "rtol=1e300", "atol=0",
    "atol=1e-8", "atol=inf", "step=0.1", "step=0", "step=-1", "step=nan", "step=0.05",
    "reg=\"error\"", "reg=\"stiffness\"", "reg=\"x\"", "reg=1", "reg=nil",
  ]

  static func program(_ rng: inout TestRNG) -> String {
    var args = [rng.pick(rhs), rng.pick(states), rng.pick(times)]
    for _ in 0..<rng.int(4) { args.append(rng.pick(options)) }
    if rng.int(3) > 0 { args.append(rng.pick(["reg=\"error\"", "reg=\"stiffness\""])) }
    let call = "odeint(\(args.joined(separator: ", ")))"
    switch rng.int(3) {
    case 0: return "k = 2\nr = \(call)\nprint(r)"
    case 1: return "print(grad(k -> sum(\(call)[1]), 2))"
    default: return "print(grad(k -> sum(\(call)[0]), f32(2)))"
    }
  }

  func testOdeintWithRegularisersNeverCrashes() {
    runStdlibFuzz("odeint", seed: 0x0DE5, minimumRunFraction: 40, program: Self.program)
  }
}
