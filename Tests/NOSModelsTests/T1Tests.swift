// T1 against an independent NumPy/SciPy forward pass (scripts/bench-ref/t1_ref.py) with
// fixed weights, parameter counts by formula, and bad arguments.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class T1Tests: XCTestCase {
  /// Leaf i filled with 0.2·sin(0.37·j + i), as t1_ref.py does.
  private func run(_ m: T1, _ x: Tensor) throws -> [Double] {
    let p0 = try m.initialParams()
    let leaves = try p0.leaves.enumerated().map { i, v in
      Variable(try Tensor((0..<v.value.count).map { 0.2 * sin(Double($0) * 0.37 + Double(i)) },
                          shape: v.shape))
    }
    return try m.forward(p0.replacingLeaves(leaves), [Variable(x)]).value.toArray()
  }

  func testForwardMatchesNumPy2D() throws {
    let m = try T1(modes: [3, 4], width: 5, layers: 2, outChannels: 2, proj: 6)
    let x = try Tensor((0..<112).map { sin(Double($0) * 0.1) }, shape: [2, 1, 8, 7])
    let y = try run(m, x)
    // t1_ref.py: every 13th output and the sum.
    let want = [0.009449121575, 0.006733450698, 0.002724748844, -0.004514133635,
                -0.012206136293, 0.007188546186, 0.007588125672, -0.003190922687,
                -0.018921505853, 0.0002749903, 0.008196515421, 0.009457378178,
                -0.003843931303, -0.003225183272, 0.008104974687, 0.003396167131,
                -0.007242587207, -0.020611497898]
    XCTAssertEqual(y.count, 224)
    for (k, w) in want.enumerated() { XCTAssertEqual(y[k * 13], w, accuracy: 1e-11) }
    XCTAssertEqual(y.reduce(0, +), -0.04071059955705725, accuracy: 1e-10)
  }

  func testForwardMatchesNumPy1D() throws {
    let m = try T1(modes: [5], width: 4, layers: 3, inChannels: 2, proj: 7)
    let x = try Tensor((0..<96).map { sin(Double($0) * 0.2) }, shape: [3, 2, 16])
    let y = try run(m, x)
    let want = [0.017556752245, 0.017280563093, 0.011252951996, 0.010416978086,
                0.016558996382, 0.014448748719, 0.009505160165, 0.016207147212,
                0.017724801565, 0.008092094001]
    XCTAssertEqual(y.count, 48)
    for (k, w) in want.enumerated() { XCTAssertEqual(y[k * 5], w, accuracy: 1e-11) }
    XCTAssertEqual(y.reduce(0, +), 0.6787543927816082, accuracy: 1e-10)
  }

  /// lift (C + d)·W + W, per layer W²·Πm + Σ m²·W, head W·proj + proj·out.
  func testParameterCountByFormula() throws {
    let m = try T1(modes: [3, 4], width: 5, layers: 2, outChannels: 2, proj: 6)
    let lift = (1 + 2) * 5 + 5, layer = 25 * 12 + 9 * 5 + 16 * 5, head = 5 * 6 + 6 * 2
    let formula: Int = lift + 2 * layer + head
    XCTAssertEqual(m.parameterCount, formula)
    XCTAssertEqual(try m.initialParams().count, formula)
  }

  /// The variance-preserving scale: K's entries have variance N/(width·M).
  func testVariancePreservingInit() throws {
    Random.seed(3)
    let m = try T1(modes: [8], width: 32, layers: 1, resolution: [128])
    let k = try m.initialParams().field("layers").item(0).tensor("k").value.toArray()
    let sumSq: Double = k.reduce(0.0) { (s: Double, w: Double) -> Double in s + w * w }
    let v = sumSq / Double(k.count), want = 128.0 / 256.0
    XCTAssertEqual(v, want, accuracy: 0.05 * want)
  }

  func testBadArgumentsThrow() throws {
    XCTAssertThrowsError(try T1(modes: [1, 2, 3]))
    XCTAssertThrowsError(try T1(modes: [0]))
    XCTAssertThrowsError(try T1(modes: [8], resolution: [4]))
    let m = try T1(modes: [6], width: 4, layers: 1)
    XCTAssertThrowsError(try m.forward(m.initialParams(), [Variable(try Tensor.zeros([1, 1, 5]))]))
  }
}
