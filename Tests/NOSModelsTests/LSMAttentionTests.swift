// LSM's fused spectral-block attention against the same block composed from differentiable
// ops (values, first and second derivatives), and its bad arguments.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import NOSTestSupport
import XCTest

final class LSMAttentionTests: XCTestCase {
  /// kv [2, 2C, 4, 6], q [2, C, 4, 6], latent [8, 3, C/8], w [C, 2·4] with C = 16, patches
  /// 2 × 3 (so 8 patches of 6 points each); values of order one so the softmaxes are not flat.
  private func inputs(_ dtype: DType) throws -> [Tensor] {
    Random.seed(3)
    return try [[2, 32, 4, 6], [2, 16, 4, 6], [8, 3, 2], [16, 8]].map {
      try Tensor.randn($0, dtype: dtype)
    }
  }

  private typealias Block = (Variable, Variable, Variable, Variable) throws -> Variable
  private let fused: Block = { try LSMAttention.apply($0, $1, $2, $3, patches: [2, 3]) }
  private let composed: Block = { try LSMBlock.composed($0, $1, $2, $3, patches: [2, 3]) }

  /// sum(y · r) for a fixed r and its gradients with respect to the four inputs.
  private func gradients(_ f: Block, _ xs: [Tensor]) throws -> (Double, [[Double]]) {
    let leaves = xs.map { Variable.leaf(Variable($0)) }
    let y = try f(leaves[0], leaves[1], leaves[2], leaves[3])
    let r = try Tensor((0..<y.value.count).map { cos(Double($0) * 0.7) }, shape: y.shape,
                       dtype: y.dtype)
    let loss = try reduceSum(mul(y, Variable(r)))
    let gs = try Autodiff.gradients(of: loss, wrt: leaves, createGraph: false)
    return (try loss.value.item(), gs.map { $0.value.toArray() })
  }

  func testMatchesComposedValuesAndGradients() throws {
    for dtype in [DType.f64, .f32] {
      let xs = try inputs(dtype), tol = dtype == .f64 ? 1e-12 : 2e-5
      let vs = xs.map { Variable($0) }
      let a = try fused(vs[0], vs[1], vs[2], vs[3]).value.toArray()
      let b = try composed(vs[0], vs[1], vs[2], vs[3]).value.toArray()
      assertClose(a, b, tol: tol, "forward \(dtype)")
      let (la, ga) = try gradients(fused, xs), (lb, gb) = try gradients(composed, xs)
      XCTAssertEqual(la, lb, accuracy: tol * max(1, abs(lb)))
      for (i, name) in ["kv", "q", "latent", "w"].enumerated() {
        assertClose(ga[i], gb[i], tol: tol * 10, "gradient of \(name) \(dtype)")
      }
    }
  }

  /// Gradient of ‖∂L/∂latent‖² with respect to kv: the fused op's backward pass, recorded,
  /// goes through the composed ops, so it must equal the composed block's.
  func testSecondDerivativeMatchesComposed() throws {
    let xs = try inputs(.f64)
    func second(_ f: Block) throws -> [Double] {
      let leaves = xs.map { Variable.leaf(Variable($0)) }
      let y = try f(leaves[0], leaves[1], leaves[2], leaves[3])
      let g = try Autodiff.gradients(of: reduceSum(mul(y, y)), wrt: [leaves[2]],
                                     createGraph: true)[0]
      let h = try Autodiff.gradients(of: reduceSum(mul(g, g)), wrt: [leaves[0]],
                                     createGraph: false)[0]
      return h.value.toArray()
    }
    let a = try second(fused), b = try second(composed)
    XCTAssertGreaterThan(b.map(abs).max() ?? 0, 1e-3)
    assertClose(a, b, tol: 1e-10, "second derivative")
  }

  func testBadShapesThrow() throws {
    let xs = try inputs(.f64).map { Variable($0) }
    XCTAssertThrowsError(try LSMAttention.apply(xs[0], xs[1], xs[2], xs[3], patches: [3, 3]))
    XCTAssertThrowsError(try LSMAttention.apply(xs[1], xs[1], xs[2], xs[3], patches: [2, 3]))
    XCTAssertThrowsError(try LSMAttention.apply(xs[0], xs[1], xs[2], xs[3], patches: [0, 3]))
    let w32 = Variable(try xs[3].value.astype(.f32))
    XCTAssertThrowsError(try LSMAttention.apply(xs[0], xs[1], xs[2], w32, patches: [2, 3]))
  }
}
