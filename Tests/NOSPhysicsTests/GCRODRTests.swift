// Advection–diffusion and GCRO-DR: a manufactured solution converges at second order under
// plain GMRES, ILU's M inverts its sweeps, GCRO-DR agrees with GMRES and cuts iterations on a
// slowly varying sequence, a capped recycled solve falls back, and the generator's recycled
// samples equal the plain ones.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class GCRODRTests: XCTestCase {
  /// v = s·(1 + y, 0.5 − x²) + a rotation by t, on res × res nodes.
  func velocity(_ res: Int, _ t: Double, _ s: Double = 1) -> (vx: [Double], vy: [Double]) {
    var vx = [Double](), vy = [Double]()
    for p in 0..<res * res {
      let x = Double(p / res) / Double(res - 1), y = Double(p % res) / Double(res - 1)
      let a = 1 + y, b = 0.5 - x * x
      vx.append(s * (cos(t) * a - sin(t) * b))
      vy.append(s * (sin(t) * a + cos(t) * b))
    }
    return (vx, vy)
  }

  /// u = sin πx sin πy; f = −ε Δu + v·∇u by hand.
  func maxError(res: Int, eps: Double) throws -> Double {
    let (vx, vy) = velocity(res, 0)
    var f = [Double](), exact = [Double]()
    for p in 0..<res * res {
      let x = Double(p / res) / Double(res - 1), y = Double(p % res) / Double(res - 1)
      let u = sin(.pi * x) * sin(.pi * y)
      let ux = .pi * cos(.pi * x) * sin(.pi * y), uy = .pi * sin(.pi * x) * cos(.pi * y)
      f.append(2 * eps * .pi * .pi * u + vx[p] * ux + vy[p] * uy)
      exact.append(u)
    }
    let (u, report) = try AdvectionDiffusion.solve(vx: vx, vy: vy, f: f, eps: eps, res: res)
    XCTAssertLessThanOrEqual(report.relativeResidual, 1e-10)
    return zip(u, exact).map { abs($0 - $1) }.max() ?? 0
  }

  func testManufacturedSecondOrder() throws {
    let e1 = try maxError(res: 17, eps: 0.1), e2 = try maxError(res: 33, eps: 0.1)
    let e3 = try maxError(res: 65, eps: 0.1)
    XCTAssertLessThan(e3, 1e-3)
    XCTAssertEqual(log2(e1 / e2), 2, accuracy: 0.2)
    XCTAssertEqual(log2(e2 / e3), 2, accuracy: 0.2)
  }

  func testApplyMInvertsILU() {
    let (vx, vy) = velocity(15, 0.3)
    let system = AdvectionDiffusion.System(vx: vx, vy: vy, eps: 0.05, res: 15)
    let r = (0..<system.size).map { cos(1.7 * Double($0)) }
    XCTAssertLessThan(preconditionerRoundTrip(system, r), 1e-12)
  }

  /// A sequence of slowly rotating velocity fields at res 97, eps 0.01 (GMRES(20) restarts
  /// several times): GCRO-DR(20, 8) gives GMRES's answers to the tolerance and, from the
  /// third system on, clearly fewer iterations.
  func testRecyclingCutsIterationsOnASequence() throws {
    let res = 97, eps = 0.01, f = [Double](repeating: 1, count: res * res)
    var recycled = GCRODR(m: 20, k: 8, recycle: true)
    var plainTotal = 0, recycledTotal = 0
    for step in 0..<8 {
      let (vx, vy) = velocity(res, 0.02 * Double(step), 1.8)
      let system = AdvectionDiffusion.System(vx: vx, vy: vy, eps: eps, res: res)
      var gmres = GCRODR(m: 20, recycle: false)
      let plain = try system.solve(f, tol: 1e-10, solver: &gmres, x0: nil)
      let other = try system.solve(f, tol: 1e-10, solver: &recycled, x0: nil)
      XCTAssertFalse(other.report.fellBack)
      XCTAssertLessThanOrEqual(other.report.relativeResidual, 1e-10)
      XCTAssertLessThan(relMax(other.x, plain.x), 1e-8)
      if step >= 2 {
        plainTotal += plain.report.iterations
        recycledTotal += other.report.iterations
      }
    }
    XCTAssertLessThan(Double(recycledTotal), 0.9 * Double(plainTotal),
                      "recycled \(recycledTotal) vs plain \(plainTotal)")
  }

  func testCappedRecycledSolveFallsBack() throws {
    let res = 33, f = [Double](repeating: 1, count: res * res)
    let (vx, vy) = velocity(res, 0.1)
    let system = AdvectionDiffusion.System(vx: vx, vy: vy, eps: 0.05, res: res)
    var recycled = GCRODR(m: 20, k: 5, recycle: true), gmres = GCRODR(m: 20, recycle: false)
    let (x, report) = try system.solve(f, tol: 1e-10, solver: &recycled, x0: nil, limit: 2)
    let plain = try system.solve(f, tol: 1e-10, solver: &gmres, x0: nil)
    XCTAssertTrue(report.fellBack)
    XCTAssertEqual(report.iterations, 2 + plain.report.iterations)
    XCTAssertLessThan(relMax(x, plain.x), 1e-12)
    XCTAssertThrowsError(try system.solve(f, tol: 1e-10, solver: &gmres, x0: nil, limit: 2))
  }

  func testGeneratorRecycledMatchesPlain() throws {
    let plain = try Generators.advectionDiffusion(n: 5, res: 41, eps: 0.02, seed: 3)
    let recycled = try Generators.advectionDiffusion(n: 5, res: 41, eps: 0.02, seed: 3,
                                                     recycle: true)
    XCTAssertEqual(plain.x.shape, [5, 2, 41, 41])
    XCTAssertEqual(try plain.x.toArray(), try recycled.x.toArray())
    XCTAssertLessThan(relMax(try recycled.y.toArray(), try plain.y.toArray()), 1e-8)
    XCTAssertEqual(recycled.stats.order.sorted(), Array(0..<5))
    XCTAssertThrowsError(try Generators.advectionDiffusion(n: 1, res: 11, eps: 0.01))
  }
}
