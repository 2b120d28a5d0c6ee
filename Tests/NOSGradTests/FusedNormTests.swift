// The fused softmax and group_norm kernels against the same ops composed from elementary
// differentiable ops: values, gradients and (through the composed fallback) second derivatives.
import Foundation
@testable import NOSGrad
import NOSTensor
import NOSTestSupport
import XCTest

final class FusedNormTests: XCTestCase {
  private typealias F = ([Variable]) throws -> Variable

  /// Value and gradients of sum(f(xs) · r) for a fixed r.
  private func run(_ f: F, _ xs: [Tensor]) throws -> ([Double], [[Double]]) {
    let leaves = xs.map { Variable.leaf(Variable($0)) }
    let y = try f(leaves)
    let r = try Tensor((0..<y.value.count).map { sin(Double($0) * 0.9) + 0.5 }, shape: y.shape,
                       dtype: y.dtype)
    let gs = try Autodiff.gradients(of: reduceSum(mul(y, Variable(r))), wrt: leaves,
                                    createGraph: false)
    return (y.value.toArray(), gs.map { $0.value.toArray() })
  }

  private func compare(_ a: F, _ b: F, _ xs: [Tensor], tol: Double, _ what: String) throws {
    let (ya, ga) = try run(a, xs), (yb, gb) = try run(b, xs)
    assertClose(ya, yb, tol: tol, "\(what) value")
    for i in ga.indices { assertClose(ga[i], gb[i], tol: tol, "\(what) gradient \(i)") }
  }

  func testSoftmaxMatchesComposed() throws {
    Random.seed(5)
    for dtype in [DType.f64, .f32] {
      let x = try Tensor.binary(.mul, Tensor.randn([3, 5, 4], dtype: dtype), 3.0)
      let tol = dtype == .f64 ? 1e-14 : 1e-6
      for axis in [0, 1, -1] {
        try compare({ try softmax($0[0], axis: axis) }, { try composedSoftmax($0[0], axis: axis) },
                    [x], tol: tol, "softmax axis \(axis) \(dtype)")
      }
    }
  }

  /// −∞ entries get probability 0 and the rest stay finite, as before.
  func testSoftmaxOfInfinities() throws {
    let x = try Tensor([-Double.infinity, 0, 0, 1000], shape: [2, 2])
    XCTAssertEqual(try softmax(Variable(x), axis: 1).value.toArray(), [0, 1, 0, 1])
    XCTAssertThrowsError(try softmax(Variable(x), axis: 2))
  }

  func testGroupNormMatchesComposed() throws {
    Random.seed(6)
    for dtype in [DType.f64, .f32] {
      let x = try Tensor.randn([2, 6, 3, 5], dtype: dtype)
      let w = try Tensor.randn([6], dtype: dtype), b = try Tensor.randn([6], dtype: dtype)
      let tol = dtype == .f64 ? 1e-12 : 2e-5
      for groups in [1, 2, 6] {
        try compare({ try groupNorm($0[0], groups: groups, weight: $0[1], bias: $0[2], eps: 1e-5) },
                    { try composedGroupNorm($0[0], groups, $0[1], $0[2], 1e-5) },
                    [x, w, b], tol: tol, "group_norm \(groups) \(dtype)")
      }
      try compare({ try groupNorm($0[0], groups: 3, weight: nil, bias: nil, eps: 1e-3) },
                  { try composedGroupNorm($0[0], 3, nil, nil, 1e-3) }, [x], tol: tol,
                  "group_norm without affine \(dtype)")
    }
  }

  /// ∂/∂x ‖∂L/∂w‖² through softmax and group_norm: the recorded backward passes go through
  /// the composed ops, so fused and composed must agree.
  func testSecondDerivatives() throws {
    Random.seed(7)
    let x = try Tensor.randn([2, 4, 6]), w = try Tensor.randn([4])
    func second(_ f: F) throws -> [Double] {
      let leaves = [x, w].map { Variable.leaf(Variable($0)) }
      let y = try f(leaves)
      let g = try Autodiff.gradients(of: reduceSum(mul(y, y)), wrt: [leaves[1]],
                                     createGraph: true)[0]
      return try Autodiff.gradients(of: reduceSum(mul(g, g)), wrt: [leaves[0]],
                                    createGraph: false)[0].value.toArray()
    }
    let fused: F = {
      try softmax(groupNorm($0[0], groups: 2, weight: $0[1], bias: nil, eps: 1e-5), axis: 2)
    }
    let composed: F = {
      try composedSoftmax(composedGroupNorm($0[0], 2, $0[1], nil, 1e-5), axis: 2)
    }
    let a = try second(fused), b = try second(composed)
    XCTAssertGreaterThan(b.map(abs).max() ?? 0, 1e-3)
    assertClose(a, b, tol: 1e-10, "second derivative")
  }
}
