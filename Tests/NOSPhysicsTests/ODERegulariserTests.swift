// odeint's regularisers: against SciPy's RK45 on equal steps, the closed-form dopri5 error
// estimate of y' = a y, the exact stiffness estimate of y' = −λy, and the fixed-step error.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class ODERegulariserTests: XCTestCase {
  let decay: (Double, [Double]) -> [Double] = { _, y in y.map { -1.3 * $0 } }
  let pendulum: (Double, [Double]) -> [Double] = { _, y in [y[1], -4 * sin(y[0])] }

  func regulariser(_ f: (Double, [Double]) throws -> [Double], _ y0: [Double], _ ts: [Double],
                   _ o: ODEOptions, _ kind: ODERegulariser) throws -> (Double, ODEStats) {
    let s = try ODE.solve(f, y0: y0, ts: ts, options: o, reg: kind)
    return (s.reg[0], s.stats)
  }

  /// With `step` below the first step Hairer's formula picks, every step is the cap and all
  /// are accepted, so SciPy's RK45 (first_step = max_step = cap) takes the same steps. Its
  /// values: Σ h·_estimate_error_norm(K, h, scale) and Σ h·‖K₇ − K₆‖/‖y_new − g₆‖ (g₆ from
  /// its A), computed with python3 (SciPy 1.17.1) in double precision.
  func testMatchesSciPyOnCappedSteps() throws {
    let cases: [((Double, [Double]) -> [Double], [Double], Double, ODEOptions, Double, Double,
                 Int)] = [
      (decay, [1], 1, ODEOptions(rtol: 1e-2, atol: 1e-4, step: 0.05),
       9.4390851608355e-08, 1.300000000000073, 20),
      (decay, [1, -2], 1, ODEOptions(rtol: 1e-2, atol: 1e-4, step: 0.05),
       9.485463597713918e-08, 1.299999999999642, 20),
      (pendulum, [1, 1], 2, ODEOptions(rtol: 1e-4, atol: 1e-7, step: 0.02),
       2.8205181793764214e-06, 3.657957072614638, 100),
    ]
    for (f, y0, t1, o, wantE, wantS, steps) in cases {
      let (e, stats) = try regulariser(f, y0, [0, t1], o, .error)
      XCTAssertEqual(stats.accepted, steps)
      XCTAssertEqual(stats.rejected, 0)
      // The estimate is a difference of stages ~1e-8 of their size: summation order shows.
      XCTAssertEqual(e, wantE, accuracy: 1e-7 * wantE)
      let (s, _) = try regulariser(f, y0, [0, t1], o, .stiffness)
      XCTAssertEqual(s, wantS, accuracy: 1e-9 * wantS)
    }
  }

  /// On y' = a y a dopri5 step from y has the error estimate y·P(ah) with
  /// P(z) = 97/120000 z⁵ − 13/40000 z⁶ + 1/24000 z⁷ (derived with python3 in exact rationals
  /// from SciPy's RK45 tableau: stage polynomials pᵢ, P = z·Σ Eᵢpᵢ). Free step control here,
  /// with rejections: the steps come from the solver's own record of accepted steps.
  func testErrorEstimateHasTheClosedFormOnLinearODE() throws {
    let a = -1.3, o = ODEOptions(rtol: 1e-5, atol: 1e-8)
    func p(_ z: Double) -> Double { z * z * z * z * z * (97.0 / 120000 - 13.0 / 40000 * z
                                                          + z * z / 24000) }
    var closed = 0.0, count = 0
    var run = Run<[Double]>(f: { _, y in [a * y[0]] }, options: o)
    run.onAccept = { s in
      let sc = o.atol + o.rtol * max(abs(s.y[0]), abs(s.yNew[0]))
      closed += abs(s.h) * abs(s.y[0] * p(a * s.h)) / sc
      count += 1
    }
    _ = try run.adaptive([1], [0, 0.3, 4])
    let (reg, stats) = try regulariser({ _, y in [a * y[0]] }, [1], [0, 0.3, 4], o, .error)
    XCTAssertEqual(stats.accepted, count)
    XCTAssertGreaterThan(count, 5)
    XCTAssertEqual(reg, closed, accuracy: 1e-6 * closed)
  }

  /// On y' = −λy, k₇ − k₆ = −λ(y_new − g₆): S = λ on every step, so Σ|h|·S = λ·(t₁ − t₀)
  /// whatever steps are taken; it grows with λ.
  func testStiffnessEstimateIsLambdaTimesSpan() throws {
    for m in [ODEMethod.dopri5, .tsit5] {
      var last = 0.0
      for lambda in [0.5, 5, 50, 500] {
        let (s, _) = try regulariser({ _, y in y.map { -lambda * $0 } }, [1, -3], [0, 0.7, 2],
                                     ODEOptions(method: m), .stiffness)
        XCTAssertEqual(s, 2 * lambda, accuracy: 1e-9 * lambda, "\(m) λ = \(lambda)")
        XCTAssertGreaterThan(s, last)
        last = s
      }
    }
  }

  /// The regulariser leaves the solution and the work untouched.
  func testSolutionAndStatsUnchanged() throws {
    let ts = [0, 0.4, 1.5, 3]
    for m in [ODEMethod.dopri5, .tsit5] {
      let o = ODEOptions(method: m, rtol: 1e-7, atol: 1e-9)
      let plain = try ODE.solve(pendulum, y0: [1, 1], ts: ts, options: o)
      let reg = try ODE.solve(pendulum, y0: [1, 1], ts: ts, options: o, reg: .error)
      XCTAssertEqual(plain.values, reg.values)
      XCTAssertEqual(plain.stats, reg.stats)
    }
  }

  /// The three state kinds agree: arrays, tensors (f64) and the plain path.
  func testTensorAndPlainPathsAgree() throws {
    let o = ODEOptions(rtol: 1e-6, atol: 1e-9)
    for kind in ODERegulariser.allCases {
      let (want, _) = try regulariser(pendulum, [1, 1], [0, 2], o, kind)
      let t = try ODE.solve({ t, y in Tensor(self.pendulum(t, try y.doubles())) },
                            y0: Tensor([1.0, 1]), ts: [0, 2], options: o, reg: kind)
      XCTAssertEqual(try t.reg.item(), want, accuracy: 1e-12 * want)
      let p = try ODE.solvePlain({ t, y in Tensor(self.pendulum(t, try y.doubles())) },
                                 y0: Tensor([1.0, 1]), ts: [0, 2], options: o, reg: kind)
      XCTAssertEqual(p.reg, want)
    }
  }

  func testFixedStepMethodsAreRefused() {
    for m in [ODEMethod.euler, .rk4] {
      XCTAssertThrowsError(try ODE.solve(decay, y0: [1], ts: [0, 1],
                                         options: ODEOptions(method: m, step: 0.1),
                                         reg: .stiffness)) { e in
        XCTAssertTrue("\(e)".contains("needs an adaptive method (\"dopri5\" or \"tsit5\")"),
                      "\(e)")
      }
    }
  }

  /// One output time: no step, the regulariser is 0.
  func testNoStepsGiveZero() throws {
    let (e, stats) = try regulariser(decay, [1], [0], ODEOptions(), .error)
    XCTAssertEqual(e, 0)
    XCTAssertEqual(stats.accepted, 0)
  }
}
