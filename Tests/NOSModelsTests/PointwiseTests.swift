// The fused pointwise (1×1) channel layer against hand loops, finite differences and the
// composite ops it replaces (first and second derivatives), in both precisions.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class PointwiseTests: XCTestCase {
  let nb = 3, ci = 4, co = 5, n = 7

  func operands(_ dt: DType = .f64) throws -> [Tensor] {
    try [pseudoRandom([nb, ci, n], seed: 1), pseudoRandom([ci, co], seed: 2),
         pseudoRandom([co], seed: 3), pseudoRandom([nb, co, n], seed: 4)].map { try $0.astype(dt) }
  }

  /// y[b,o,j] = base[b,o,j] + bias[o] + Σ_i w[i,o]·x[b,i,j], summed by hand.
  func testForwardMatchesHandSums() throws {
    let t = try operands()
    let x = t[0].toArray(), w = t[1].toArray(), bias = t[2].toArray(), base = t[3].toArray()
    var want = [Double](repeating: 0, count: nb * co * n)
    for b in 0..<nb {
      for o in 0..<co {
        for j in 0..<n {
          var s = base[(b * co + o) * n + j] + bias[o]
          for i in 0..<ci { s += w[i * co + o] * x[(b * ci + i) * n + j] }
          want[(b * co + o) * n + j] = s
        }
      }
    }
    let v = t.map { Variable($0) }
    let got = try pointwise(v[0], v[1], v[2], onto: v[3])
    XCTAssertEqual(got.shape, [nb, co, n])
    assertClose(got.value.toArray(), want, tol: 1e-12, "with base")
    let plain = try pointwise(v[0], v[1], v[2])
    let shifted = zip(want, base).map { $0 - $1 }
    assertClose(plain.value.toArray(), shifted, tol: 1e-12, "without base")
  }

  /// Gradients in every operand (x, w, bias, base) against central differences.
  func testGradientsMatchFiniteDifferences() throws {
    let t = try operands()
    let weights = Variable(try pseudoRandom([nb, co, n], seed: 9))
    try assertGradient("pointwise", at: t) { v in
      try reduceSum(mul(pointwise(v[0], v[1], v[2], onto: v[3]), weights))
    }
  }

  /// Second derivatives go through the differentiable fallback: the gradient of
  /// ‖∂L/∂w‖² + ‖∂L/∂x‖² + ‖∂L/∂bias‖² must match the same built from matmul and add.
  func testSecondDerivativesMatchComposite() throws {
    let t = try operands()
    let weights = Variable(try pseudoRandom([nb, co, n], seed: 9))
    func curvature(_ layer: ([Variable]) throws -> Variable) throws -> [[Double]] {
      let v = t.prefix(3).map { Variable.leaf(Variable($0)) }
      let loss = try reduceSum(mul(mul(layer(v), layer(v)), weights))
      let g = try Autodiff.gradients(of: loss, wrt: v, createGraph: true)
      let sq = try g.map { try reduceSum(mul($0, $0)) }
      let total = try add(add(sq[0], sq[1]), sq[2])
      return try Autodiff.gradients(of: total, wrt: v, createGraph: false).map {
        $0.value.toArray()
      }
    }
    let fused = try curvature { try pointwise($0[0], $0[1], $0[2]) }
    let composite = try curvature {
      try add(matmul(transposeLast($0[1]), $0[0]), reshape($0[2], [self.co, 1]))
    }
    for (a, b) in zip(fused, composite) { assertClose(a, b, tol: 1e-9, "second order") }
  }

  /// f32 kernels (forward and all four gradients) agree with f64 to single precision.
  func testSinglePrecisionMatchesDouble() throws {
    func run(_ dt: DType) throws -> [[Double]] {
      let v = try operands(dt).map { Variable.leaf(Variable($0)) }
      let y = try pointwise(v[0], v[1], v[2], onto: v[3])
      let weights = Variable(try pseudoRandom([nb, co, n], seed: 9).astype(dt))
      let g = try Autodiff.gradients(of: reduceSum(mul(y, weights)), wrt: v, createGraph: false)
      return [y.value.toArray()] + g.map { $0.value.toArray() }
    }
    for (a, b) in zip(try run(.f32), try run(.f64)) { assertClose(a, b, tol: 1e-5, "f32") }
  }

  func testMismatchedBaseThrows() throws {
    let v = try operands().map { Variable($0) }
    XCTAssertThrowsError(try pointwise(v[0], v[1], v[2], onto: v[0])) { e in
      XCTAssertTrue("\(e)".contains("cannot add [3, 4, 7] onto [3, 5, 7]"), "\(e)")
    }
  }
}
