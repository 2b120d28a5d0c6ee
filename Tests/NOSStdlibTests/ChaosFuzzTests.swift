// Robustness of the chaos builtins: random calls of chaos, trajectory, lyapunov, a system's
// f, smape and valid_time with odd names, sizes, parameters and tensors must give results or
// clear errors, never a crash or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class ChaosFuzzTests: XCTestCase {
  static let systems = [
    "\"lorenz\"", "\"Rossler\"", "\"mackeyglass\"", "\"LORENZ96\"", "\"hyper_lu\"",
    "\"lorenzz\"", "\"\"", "nil", "3", "[1]", "{name: \"lorenz\"}", "{name: 3}",
    "chaos(\"lorenz96\", dim=5)", "chaos(\"sprottb\")", "{name: \"halvorsen\", params: {a: \"x\"}}",
    "{name: \"lorenz96\", dim: 2.5}", "{name: \"MackeyGlass\", params: {tau: 0}}",
  ]
  static let counts = ["0", "1", "2", "5", "-3", "2.5", "nan", "1e12", "\"x\"", "nil", "[3]"]
  static let tensors = [
    "[1, 2, 3]", "[[1, 2], [3, 4]]", "[]", "zeros(0, 3)", "[nan, 1, 2]", "[1, 1, 1]",
    "randn(4, 3)", "randn(3, 4)", "\"s\"", "nil", "[1, 2]", "randn(2, 2, 2)",
    "tensor([1, 2, 3], dtype=\"c64\")", "[1e308, -1e308, 0]", "5",
  ]
  static let options = [
    "", ", pts_per_period=1", ", pts_per_period=0", ", pts_per_period=-2", ", seed=1",
    ", seed=-7", ", seed=\"a\"", ", y0=[1, 2, 3]", ", y0=[nan, 0, 0]", ", y0=[1]", ", y0=[]",
    ", nope=1", ", pts_per_period=nan", ", pts_per_period=1e9",
  ]
  static let params = [
    "rho=30", "rho=nan", "rho=inf", "sigma=-1", "tau=-1", "tau=1e9", "f=8", "a=\"x\"",
    "dim=3", "dim=7", "dim=-1", "dim=1e9", "dim=2.5", "beta=0",
  ]

  static func program(_ rng: inout TestRNG) -> String {
    let s = rng.pick(systems), n = rng.pick(counts), t = rng.pick(tensors)
    switch rng.int(7) {
    case 0: return "print(chaos(\(s)))"
    case 1: return "print(chaos(\(s), \(rng.pick(params))))"
    case 2: return "print(trajectory(\(s), \(n)\(rng.pick(options))).shape)"
    case 3: return "print(lyapunov(\(s), periods=\(rng.pick(["1", "0", "-1", "nan", "1e9"]))))"
    case 4: return "print(chaos(\(s)).f(\(rng.pick(["0", "nil", "\"t\""])), \(t)))"
    case 5: return "print(smape(\(t), \(rng.pick(tensors))))"
    default:
      let o = rng.pick(["", ", dt=0.1", ", dt=0", ", dt=-1", ", lyapunov=0.9", ", eps=0",
                        ", eps=nan", ", lyapunov=\"x\"", ", dt=inf"])
      return "print(valid_time(\(t), \(rng.pick(tensors))\(o)))"
    }
  }

  /// 600 programs by default: many integrate a trajectory, which the debug build makes slow.
  func testChaosBuiltinsNeverCrash() {
    runStdlibFuzz("chaos", seed: 20_261_206, minimumRunFraction: 20, defaultCount: 600,
                  program: Self.program)
  }
}
