// Deflated/recycled PCG on Darcy systems: M is the preconditioner's inverse, recycled and
// plain PCG agree on a small SPD system, recycling cuts iterations on a slowly varying
// sequence, a capped recycled solve falls back to the plain one, and the similarity chain.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class RecycledCGTests: XCTestCase {
  /// a = 1 + 0.5 sin(2π(x + t)) cos(πy) on res × res nodes (positive, smooth in t).
  func field(_ res: Int, _ t: Double) -> [Double] {
    (0..<res * res).map { p in
      let x = Double(p / res) / Double(res - 1), y = Double(p % res) / Double(res - 1)
      return 1 + 0.5 * sin(2 * .pi * (x + t)) * cos(.pi * y) + (x * y > 0.3 ? 4 : 0)
    }
  }

  func interior(_ u: [Double], _ res: Int) -> [Double] {
    let m = res - 2
    return (0..<m * m).map { u[($0 / m + 1) * res + $0 % m + 1] }
  }

  func testApplyMInvertsThePreconditioner() {
    let system = Darcy.System(a: field(19, 0.1), res: 19)
    let r = (0..<system.size).map { sin(Double($0)) }
    XCTAssertLessThan(preconditionerRoundTrip(system, r), 1e-12)
  }

  /// The same system solved by plain PCG and by recycled PCG (with a space carried from a
  /// neighbouring system): both meet the tolerance and agree to it.
  func testSmallSPDSolvedByBoth() throws {
    let res = 33, f = [Double](repeating: 1, count: res * res)
    var cg = RecycledCG()
    _ = try Darcy.System(a: field(res, 0), res: res).solveRecycled(f, tol: 1e-10, cg: &cg,
                                                                     x0: nil)
    XCTAssertEqual(cg.w?.cols, 8)
    let system = Darcy.System(a: field(res, 0.05), res: res)
    let (plain, plainReport) = try system.solve(f, tol: 1e-10)
    let (x, report) = try system.solveRecycled(f, tol: 1e-10, cg: &cg, x0: nil)
    XCTAssertLessThanOrEqual(report.relativeResidual, 1e-10)
    XCTAssertFalse(report.fellBack)
    XCTAssertLessThan(relMax(x, interior(plain, res)), 1e-8)
    // True residual ‖b − Ax‖/‖b‖ of the recycled answer.
    let b = system.interiorRHS(f)
    var ax = [Double](repeating: 0, count: system.size)
    x.withUnsafeBufferPointer { xp in ax.withUnsafeMutableBufferPointer { system.apply(
      xp.baseAddress!, $0.baseAddress!) } }
    XCTAssertLessThan(relL2(ax, b), 1e-9)
    XCTAssertLessThan(report.iterations, plainReport.iterations)
  }

  /// Twelve slowly varying systems: from the third on, the recycled solves (zero start, so
  /// only the deflation helps) need clearly fewer iterations than plain PCG.
  func testRecyclingCutsIterationsOnASequence() throws {
    let res = 65, f = [Double](repeating: 1, count: res * res)
    var cg = RecycledCG(), plainTotal = 0, recycledTotal = 0
    for step in 0..<12 {
      let system = Darcy.System(a: field(res, 0.01 * Double(step)), res: res)
      let plain = try system.solve(f, tol: 1e-10).report.iterations
      let recycled = try system.solveRecycled(f, tol: 1e-10, cg: &cg, x0: nil).report
      if step >= 2 {
        plainTotal += plain
        recycledTotal += recycled.iterations
      }
    }
    XCTAssertLessThan(Double(recycledTotal), 0.8 * Double(plainTotal),
                      "recycled \(recycledTotal) vs plain \(plainTotal)")
  }

  /// A recycled solve capped at 3 iterations gives up and the plain PCG answers.
  func testCappedRecycledSolveFallsBack() throws {
    let res = 33, f = [Double](repeating: 1, count: res * res)
    let system = Darcy.System(a: field(res, 0.2), res: res)
    var cg = RecycledCG()
    let (x, report) = try system.solveRecycled(f, tol: 1e-10, cg: &cg, x0: nil, limit: 3)
    XCTAssertTrue(report.fellBack)
    XCTAssertNil(cg.w)
    let plain = try system.solve(f, tol: 1e-10)
    XCTAssertEqual(report.iterations, 3 + plain.report.iterations)
    XCTAssertLessThan(relMax(x, interior(plain.u, res)), 1e-12)
  }

  func testGreedyChainVisitsNearestFirst() {
    let order = SimilarityOrder.chain([[0], [10], [1], [9], [2.5], [4]])
    XCTAssertEqual(order, [0, 2, 4, 5, 3, 1])
    XCTAssertEqual(SimilarityOrder.coarse([1, 2, 3, 4], res: 2, blocks: 1), [2.5])
  }

  /// The generator's recycled run returns the plain run's samples: x identical, y equal to
  /// the solve tolerance, in the caller's order; recycling saved iterations overall.
  func testDarcyGeneratorRecycledMatchesPlain() throws {
    let plain = try Generators.darcySolved(n: 6, res: 33, solveRes: 65, seed: 4)
    let recycled = try Generators.darcySolved(n: 6, res: 33, solveRes: 65, seed: 4,
                                              recycle: true)
    XCTAssertEqual(try plain.x.toArray(), try recycled.x.toArray())
    XCTAssertLessThan(relMax(try recycled.y.toArray(), try plain.y.toArray()), 1e-8)
    XCTAssertEqual(recycled.stats.order.sorted(), Array(0..<6))
    XCTAssertEqual(recycled.stats.fallbacks, 0)
    XCTAssertEqual(plain.stats.order, Array(0..<6))
  }
}
