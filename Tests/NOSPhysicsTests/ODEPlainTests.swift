// odeint's [Double] path for untracked f64 states against the Tensor path, shapes and errors.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class ODEPlainTests: XCTestCase {
  /// A damped rotation on a [2, 2] state (two copies, one flipped), written with tensor ops.
  func rhs(_ t: Double, _ y: Tensor) throws -> Tensor {
    let r = try y.reshaped([2, 2]).contiguous().toArray()
    let out = [-0.1 * r[0] + r[1], -r[0] - 0.1 * r[1] + sin(t), r[2] - 0.5 * r[3], -r[2]]
    return try Tensor(out, shape: [2, 2])
  }

  func testSameNumbersAsTheTensorPath() throws {
    let y0 = try Tensor([1.0, 0, 0.5, -2], shape: [2, 2])
    let ts = (0...8).map { Double($0) * 0.6 }
    for m in [ODEMethod.dopri5, .tsit5, .rk4] {
      let opts = ODEOptions(method: m, rtol: 1e-9, atol: 1e-12, step: m == .rk4 ? 0.05 : nil)
      let (plain, plainStats) = try ODE.solvePlain(rhs, y0: y0, ts: ts, options: opts)
      let (steps, stepStats) = try ODE.solve(rhs, y0: y0, ts: ts, options: opts)
      XCTAssertEqual(plain.shape, [9, 2, 2])
      // The same Runge–Kutta arithmetic in the same order: equal to the last bit.
      XCTAssertEqual(plain.toArray(), try Tensor.stack(steps, axis: 0).toArray(), "\(m)")
      XCTAssertEqual(plainStats, stepStats, "\(m)")
      XCTAssertGreaterThan(plainStats.nfev, 0, "\(m)")
    }
  }

  func testExponentialDecayOnAScalarState() throws {
    let y = try ODE.integratePlain({ _, y in try Tensor.binary(.mul, y, -1) }, y0: Tensor(2.0),
                                   ts: [0, 1, 2], options: ODEOptions(rtol: 1e-10, atol: 1e-12))
    XCTAssertEqual(y.shape, [3])
    XCTAssertEqual(try y.get([.at(2)]).item(), 2 * exp(-2), accuracy: 1e-9)
  }

  func testWrongShapeAndComplexResultsAreErrors() {
    XCTAssertThrowsError(try ODE.integratePlain({ _, _ in Tensor([1.0, 2]) }, y0: Tensor([1.0]),
                                                ts: [0, 1])) { e in
      XCTAssertEqual("\(e)", "odeint: f returned shape [2] for a state of shape [1]")
    }
    XCTAssertThrowsError(try ODE.integratePlain({ _, y in try y.astype(.c128) },
                                                y0: Tensor([1.0]), ts: [0, 1])) { e in
      XCTAssertEqual("\(e)", "odeint: f must return real values")
    }
  }
}
