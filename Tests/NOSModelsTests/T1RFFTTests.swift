// t1(transform="rfft") against an independent NumPy pass (scripts/bench-ref/t1_rfft_ref.py),
// its parameter count, gradients (complex weights included) and the dtype of its weights.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import Numerics
import XCTest

final class T1RFFTTests: XCTestCase {
  /// Real leaf i: 0.2·sin(0.37·j + i); complex leaf i adds 0.2i·cos(0.53·j + i).
  private func filled(_ m: T1) throws -> Params {
    let p0 = try m.initialParams()
    let leaves = try p0.leaves.enumerated().map { i, v in
      let n = v.value.count, d = Double(i)
      let re = (0..<n).map { 0.2 * sin(Double($0) * 0.37 + d) }
      if !v.dtype.isComplex { return Variable(try Tensor(re, shape: v.shape)) }
      let c = (0..<n).map { Complex(re[$0], 0.2 * cos(Double($0) * 0.53 + d)) }
      return Variable(try Tensor(complex: c, shape: v.shape))
    }
    return try p0.replacingLeaves(leaves)
  }

  func testForwardMatchesNumPy2D() throws {
    let m = try T1(modes: [3, 4], width: 5, layers: 2, outChannels: 2, proj: 6, rfft: true)
    let x = try Tensor((0..<112).map { sin(Double($0) * 0.1) }, shape: [2, 1, 8, 7])
    let y = try m.forward(filled(m), [Variable(x)]).value.toArray()
    // t1_rfft_ref.py (NumPy 2.4, np.fft norm="ortho"): every 13th output and the sum.
    let want = [0.016722692004, 0.008420516144, 0.000986228923, -0.003729553064,
                0.002109973082, 0.012432794751, 0.009382395939, 0.007878912906,
                -0.007383655148, 0.0031071567, 0.01043752786, 0.004385902461, 9.2362874e-05,
                0.001767516597, 0.01656885283, 0.003091982849, -0.005191586999, -0.007401530558]
    XCTAssertEqual(y.count, 224)
    for (k, w) in want.enumerated() { XCTAssertEqual(y[k * 13], w, accuracy: 1e-11) }
    XCTAssertEqual(y.reduce(0, +), 0.9805211249914695, accuracy: 1e-10)
  }

  func testForwardMatchesNumPy1D() throws {
    let m = try T1(modes: [5], width: 4, layers: 3, inChannels: 2, proj: 7, rfft: true)
    let x = try Tensor((0..<96).map { sin(Double($0) * 0.2) }, shape: [3, 2, 16])
    let y = try m.forward(filled(m), [Variable(x)]).value.toArray()
    let want = [0.026379217218, 0.052382460765, -0.003058603245, 0.004160955073,
                0.040726956678, 0.016675368914, 0.0094408794, 0.015313089013, 0.024450065565,
                0.029201146746]
    XCTAssertEqual(y.count, 48)
    for (k, w) in want.enumerated() { XCTAssertEqual(y[k * 5], w, accuracy: 1e-11) }
    XCTAssertEqual(y.reduce(0, +), 1.0741264330212759, accuracy: 1e-10)
  }

  /// lift (C + d)·W + W real; per layer W²·Πm + Σ m²·W, head W·proj + proj·out complex,
  /// each complex weight counted once (PyTorch's numel, as fno's spectral weights).
  func testParameterCountByFormula() throws {
    let m = try T1(modes: [3, 4], width: 5, layers: 2, outChannels: 2, proj: 6, rfft: true)
    let lift = (1 + 2) * 5 + 5, layer = 25 * 12 + 9 * 5 + 16 * 5
    let formula = lift + 2 * layer + 5 * 6 + 6 * 2
    XCTAssertEqual(m.parameterCount, formula)
    XCTAssertEqual(try m.initialParams().count, formula)
    let k = try m.initialParams().field("layers").item(0).tensor("k")
    XCTAssertEqual(k.dtype, .c128)
    let f32 = try T1(modes: [3], width: 2, layers: 1, dtype: .f32, rfft: true)
    XCTAssertEqual(try f32.initialParams().field("head").tensor("w1").dtype, .c64)
  }

  func testGradientsMatchCentralDifferences() throws {
    Random.seed(5)
    let m = try T1(modes: [3, 2], width: 3, layers: 2, proj: 4, rfft: true)
    let p0 = try m.initialParams()
    let x = Variable(try Tensor((0..<60).map { sin(Double($0)) }, shape: [2, 1, 6, 5]))
    let worst = try GradientCheck.worstError({ leaves in
      let y = try m.forward(p0.replacingLeaves(leaves), [x])
      let w = try Tensor((0..<y.value.count).map { cos(Double($0)) + 1.5 }, shape: y.shape)
      return try reduceSum(mul(y, Variable(w)))
    }, at: p0.leaves.map(\.value), limit: 4)
    XCTAssertLessThan(worst, 1e-6)
  }

  func testTooFewPointsThrow() throws {
    let m = try T1(modes: [4], width: 2, layers: 1, rfft: true)
    let p = try m.initialParams()
    XCTAssertThrowsError(try m.forward(p, [Variable(try Tensor.zeros([1, 1, 5]))]))
    XCTAssertNoThrow(try m.forward(p, [Variable(try Tensor.zeros([1, 1, 6]))]))
  }
}
