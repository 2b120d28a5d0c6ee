// The C pooling kernels (Tensor+Pool.swift): values against a direct loop, tied maxima
// sharing the gradient, the scatter/gather adjoint pair, and gradients of gradients.
import Foundation
import NOSGrad
import NOSTensor
import NOSTestSupport
import XCTest

final class PoolKernelTests: XCTestCase {
  private func tensor(_ shape: [Int], _ f: (Int) -> Double, dtype: DType = .f64) throws
    -> Tensor
  {
    try Tensor((0..<shape.reduce(1, *)).map(f), shape: shape, dtype: dtype)
  }

  /// Direct loop: max over in-image window elements, or their sum over kh·kw.
  private func direct(_ x: Tensor, isMax: Bool, _ g: ConvGeometry) throws -> [Double] {
    let (s, v) = (x.shape, x.toArray())
    let (oh, ow) = try g.output(s[2], s[3], op: "test")
    var out: [Double] = []
    for p in 0..<(s[0] * s[1]) { for y in 0..<oh { for z in 0..<ow {
      var m = -Double.infinity, sum = 0.0
      for i in 0..<g.kernel.0 { for j in 0..<g.kernel.1 {
        let (iy, ix) = (y * g.stride.0 - g.padding.0 + i, z * g.stride.1 - g.padding.1 + j)
        guard iy >= 0, iy < s[2], ix >= 0, ix < s[3] else { continue }
        let e = v[(p * s[2] + iy) * s[3] + ix]
        m = max(m, e)
        sum += e
      } }
      out.append(isMax ? m : sum / Double(g.kernel.0 * g.kernel.1))
    } } }
    return out
  }

  private let geometries = [
    ConvGeometry(kernel: (2, 2), stride: (2, 2)),  // U-Net's
    ConvGeometry(kernel: (3, 2), stride: (2, 1), padding: (1, 1)),
  ]

  func testForwardMatchesDirectLoop() throws {
    for g in geometries {
      for dt in [DType.f64, .f32] {
        let x = try tensor([2, 3, 7, 6], { sin(Double($0) * 1.7) }, dtype: dt)
        for isMax in [true, false] {
          let y = try pool(Variable(x), isMax: isMax, g).value
          let want = try direct(x, isMax: isMax, g)
          let err = zip(y.toArray(), want).map { abs($0 - $1) }.max() ?? 1
          XCTAssertEqual(y.dtype, dt)
          XCTAssertLessThan(err, dt == .f32 ? 1e-6 : 1e-14, "\(g) max \(isMax) \(dt)")
        }
      }
    }
  }

  /// A window with two tied maxima gives each half the gradient; the others get none.
  func testTiedMaximaShareTheGradient() throws {
    let x = Variable.leaf(Variable(try Tensor([1, 3, 3, 0], shape: [1, 1, 2, 2])))
    let y = try pool(x, isMax: true, ConvGeometry(kernel: (2, 2), stride: (2, 2)))
    let g = try Autodiff.gradients(of: reduceSum(y), wrt: [x], createGraph: false)[0]
    XCTAssertEqual(g.value.toArray(), [0, 0.5, 0.5, 0])
  }

  /// ⟨scatter(a), u⟩ = ⟨a, gather(u)⟩ for max and average routing.
  func testScatterAndGatherAreAdjoint() throws {
    for g in geometries {
      let x = try tensor([2, 2, 7, 6], { cos(Double($0) * 0.9) })
      for isMax in [true, false] {
        let y = try Tensor.poolForward(x, isMax: isMax, g)
        let a = try tensor(y.shape, { sin(Double($0) + 0.3) })
        let u = try tensor(x.shape, { cos(Double($0) * 0.2) })
        let s = try Tensor.poolScatter(a, x: x, y: y, isMax: isMax, g)
        let t = try Tensor.poolGather(u, x: x, y: y, isMax: isMax, g)
        let lhs = zip(s.toArray(), u.toArray()).reduce(0) { $0 + $1.0 * $1.1 }
        let rhs = zip(a.toArray(), t.toArray()).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(lhs, rhs, accuracy: 1e-12, "\(g) max \(isMax)")
      }
    }
  }

  /// d/dx of ‖∂/∂z ‖pool(x·z)‖²‖² (z a leaf scaling x) against central differences:
  /// the pool's gradient differentiated again.
  func testSecondDerivativesMatchFiniteDifferences() throws {
    let x0 = try tensor([1, 2, 6, 5], { sin(Double($0) * 2.3) })
    for isMax in [true, false] {
      try assertGradient("pool max \(isMax)", at: [x0]) { v in
        let z = Variable.leaf(Variable(try Tensor.ones([1, 2, 6, 5])))
        let y = try pool(mul(v[0], z), isMax: isMax, geometries[1])
        let gz = try Autodiff.gradients(of: reduceSum(mul(y, y)), wrt: [z],
                                        createGraph: true)[0]
        return try reduceSum(mul(gz, gz))
      }
    }
  }

  func testBadOperandsThrow() throws {
    let g = ConvGeometry(kernel: (2, 2), stride: (2, 2))
    XCTAssertThrowsError(try Tensor.poolForward(try Tensor.zeros([2, 4, 4]), isMax: true, g))
    let x = try Tensor.zeros([1, 1, 4, 4])
    XCTAssertThrowsError(try Tensor.poolScatter(try Tensor.zeros([1, 1, 3, 2]), x: x,
                                                y: try Tensor.zeros([1, 1, 2, 2]),
                                                isMax: true, g))
    XCTAssertThrowsError(try Tensor.poolForward(x, isMax: false,
                                                ConvGeometry(kernel: (5, 5))))
  }

  /// The 2×2 stride-2 kernels (nos_maxpool2_*) in f64 and f32 against values worked out by
  /// hand. On a 3 × 5 plane (a last row and column no window covers): window 0's single
  /// maximum 5 takes its gradient, window 1 holds a NaN (NaN out, nothing routed), the
  /// uncovered elements get 0. On a 2 × 3 plane: three tied maxima take a third each.
  func testPlainTwoByTwoEdgeCases() throws {
    let g = ConvGeometry(kernel: (2, 2), stride: (2, 2))
    let v: [Double] = [1, 5, .nan, 2, 9,
                       3, 4, 1, 0, 9,
                       7, 7, 7, 7, 9]
    for dt in [DType.f64, .f32] {
      let x = try Tensor(v, shape: [1, 1, 3, 5], dtype: dt)
      let y = try Tensor.poolForward(x, isMax: true, g)
      XCTAssertEqual(y.shape, [1, 1, 1, 2])
      XCTAssertEqual(y.toArray()[0], 5)
      XCTAssertTrue(y.toArray()[1].isNaN, "\(dt): a NaN in the window gives NaN")
      let gy = try Tensor([6, 3], shape: [1, 1, 1, 2], dtype: dt)
      XCTAssertEqual(try Tensor.poolScatter(gy, x: x, y: y, isMax: true, g).toArray(),
                     [0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "\(dt)")
      let tied = try Tensor([4, 4, 1, 4, 0, 0], shape: [1, 1, 2, 3], dtype: dt)
      let yt = try Tensor.poolForward(tied, isMax: true, g)
      XCTAssertEqual(yt.toArray(), [4])
      let gt = try Tensor.poolScatter(try Tensor([3], shape: [1, 1, 1, 1], dtype: dt),
                                      x: tied, y: yt, isMax: true, g)
      XCTAssertEqual(gt.toArray(), [1, 1, 0, 1, 0, 0], "\(dt): three tied maxima share")
    }
  }
}
