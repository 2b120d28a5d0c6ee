// odeint's engine: observed orders, dense output, Lorenz against a tight run, errors.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class ODETests: XCTestCase {
  /// y' = −y + sin t·y·cos y style smooth scalar problem with a closed form: y' = y cos t,
  /// y = exp(sin t).
  func error(_ m: ODEMethod, steps: Int) throws -> Double {
    let f: (Double, [Double]) -> [Double] = { t, y in [y[0] * cos(t)] }
    let tab = Tableau.of(m)
    var run = Run<[Double]>(f: f, options: ODEOptions(method: m))
    var y = [1.0]
    let h = 2.0 / Double(steps)
    for s in 0..<steps {
      let t = Double(s) * h
      let ks = try run.stages(tab, t, y, try run.eval(t, y), h)
      y = try [Double].combine(y, tab.b.enumerated().map { (h * $1, ks[$0]) })
    }
    return abs(y[0] - exp(sin(2.0)))
  }

  func testObservedOrders() throws {
    for (m, p) in [(ODEMethod.dopri5, 5.0), (.tsit5, 5.0), (.rk4, 4.0), (.euler, 1.0)] {
      let e1 = try error(m, steps: 80), e2 = try error(m, steps: 160)
      XCTAssertEqual(log2(e1 / e2), p, accuracy: 0.3, "\(m)")
    }
  }

  func testFixedStepsThroughIntegrate() throws {
    let ts = [0.0, 0.5, 1.0]
    let (y, stats) = try ODE.solve({ _, y in y.map { -$0 } }, y0: [1.0], ts: ts,
                                   options: ODEOptions(method: .rk4, step: 0.01))
    XCTAssertEqual(y[2][0], exp(-1), accuracy: 1e-9)
    XCTAssertEqual(stats.steps, 100)
    XCTAssertEqual(stats.nfev, 400)
  }

  func testDenseOutputAndStats() throws {
    let ts = (0...20).map { Double($0) * 0.37 }
    for m in [ODEMethod.dopri5, .tsit5] {
      let (y, s) = try ODE.solve({ t, y in [y[0] * cos(t)] }, y0: [1.0], ts: ts,
                                 options: ODEOptions(method: m, rtol: 1e-10, atol: 1e-12))
      for (i, t) in ts.enumerated() { XCTAssertEqual(y[i][0], exp(sin(t)), accuracy: 1e-8) }
      XCTAssertEqual(s.steps, s.accepted + s.rejected)
      XCTAssertGreaterThan(s.nfev, 6 * s.accepted)
    }
  }

  func testLorenzAgainstTightRun() throws {
    let y0 = Tensor([1.0, 1, 1])
    let loose = try Systems.lorenz(y0, ts: [0, 1],
                                   options: ODEOptions(rtol: 1e-11, atol: 1e-13)).values.toArray()
    let tight = try Systems.lorenz(y0, ts: [0, 1],
                                   options: ODEOptions(method: .tsit5, rtol: 1e-14, atol: 1e-16))
      .values.toArray()
    for i in 3..<6 { XCTAssertEqual(loose[i], tight[i], accuracy: 1e-8 * max(1, abs(tight[i]))) }
  }

  func testStepUnderflowIsAnError() {
    XCTAssertThrowsError(try ODE.integrate({ _, y in [y[0] * y[0]] }, y0: [1.0], ts: [0, 2],
                                           options: ODEOptions())) { e in
      XCTAssertTrue("\(e)".contains("step size underflow"), "\(e)")
    }
  }
}
