// Darcy flow: a manufactured solution converges at second order (harmonic and arithmetic
// face means); the CG residual is met.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class DarcyTests: XCTestCase {
  /// u = sin πx sin πy, a = 1 + x²y + ½ sin 2πy, f = −∇·(a∇u) computed by hand.
  func maxError(res: Int, average: String = "harmonic") throws -> Double {
    let h = 1 / Double(res - 1)
    var a = [Double](), f = [Double](), exact = [Double]()
    for i in 0..<res {
      for j in 0..<res {
        let x = Double(i) * h, y = Double(j) * h, p = Double.pi
        let av = 1 + x * x * y + 0.5 * sin(2 * p * y)
        let ax = 2 * x * y, ay = x * x + p * cos(2 * p * y)
        let u = sin(p * x) * sin(p * y)
        let ux = p * cos(p * x) * sin(p * y), uy = p * sin(p * x) * cos(p * y)
        a.append(av)
        f.append(-(ax * ux + ay * uy - 2 * p * p * av * u))
        exact.append(u)
      }
    }
    let u = try Darcy.solve(try Tensor.from(a, shape: [res, res]),
                            f: try Tensor.from(f, shape: [res, res]),
                            average: average).toArray()
    return zip(u, exact).map { abs($0 - $1) }.max() ?? 0
  }

  func testManufacturedSecondOrder() throws {
    let e1 = try maxError(res: 17), e2 = try maxError(res: 33), e3 = try maxError(res: 65)
    XCTAssertLessThan(e3, 1e-3)
    XCTAssertEqual(log2(e1 / e2), 2, accuracy: 0.2)
    XCTAssertEqual(log2(e2 / e3), 2, accuracy: 0.2)
  }

  /// The FNO code's arithmetic face means (solve_gwf.m, the darcy generator's scheme) are
  /// second order on a smooth coefficient too, and differ from the harmonic ones.
  func testArithmeticMeansSecondOrder() throws {
    let e1 = try maxError(res: 17, average: "arithmetic")
    let e2 = try maxError(res: 33, average: "arithmetic")
    let e3 = try maxError(res: 65, average: "arithmetic")
    XCTAssertLessThan(e3, 1e-3)
    XCTAssertEqual(log2(e1 / e2), 2, accuracy: 0.2)
    XCTAssertEqual(log2(e2 / e3), 2, accuracy: 0.2)
    XCTAssertNotEqual(e1, try maxError(res: 17))
  }

  /// The true residual ‖b − Au‖/‖b‖ of a jump-coefficient solve is below the tolerance.
  func testResidualOnPiecewiseConstant() throws {
    let res = 41
    var a = [Double]()
    for i in 0..<res { for j in 0..<res { a.append((i / 10 + j / 7) % 2 == 0 ? 12 : 3) } }
    let system = Darcy.System(a: a, res: res)
    let f = [Double](repeating: 1, count: res * res)
    let (u, report) = try system.solve(f, tol: 1e-10)
    XCTAssertLessThan(report.relativeResidual, 1e-10)
    let m = res - 2, h2 = 1 / Double((res - 1) * (res - 1))
    let x = (0..<m * m).map { u[($0 / m + 1) * res + $0 % m + 1] }
    var y = [Double](repeating: 0, count: m * m)
    x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { system.apply(xp, $0) } }
    let r = y.map { $0 - h2 }
    let rel = (r.map { $0 * $0 }.reduce(0, +) / (Double(m * m) * h2 * h2)).squareRoot()
    XCTAssertLessThan(rel, 1e-9)
    XCTAssertEqual(u[0], 0)
  }
}
