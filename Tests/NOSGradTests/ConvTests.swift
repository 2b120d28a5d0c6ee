// Convolution, pooling and DCT ops against independent references: a naive direct
// convolution loop, the adjoint identity of unfold/fold, and orthonormality of the DCT.
import Foundation
import NOSGrad
import NOSTensor
import XCTest

final class ConvTests: XCTestCase {
  private func tensor(_ shape: [Int], _ f: (Int) -> Double, dtype: DType = .f64) throws
    -> Tensor
  {
    let n = shape.reduce(1, *)
    return try Tensor((0..<n).map(f), shape: shape, dtype: dtype)
  }

  /// Direct 6-loop convolution with zero padding, stride, dilation and groups.
  private func naive(_ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int],
                     _ o: ConvOptions, _ oh: Int, _ ow: Int) -> [Double] {
    let (n, c, h, wd) = (xs[0], xs[1], xs[2], xs[3])
    let (co, cg, kh, kw) = (ws[0], ws[1], ws[2], ws[3])
    let per = co / o.groups
    var out = [Double](repeating: 0, count: n * co * oh * ow)
    for b in 0..<n { for f in 0..<co { for y in 0..<oh { for z in 0..<ow {
      var s = 0.0
      for ci in 0..<cg { for i in 0..<kh { for j in 0..<kw {
        let iy = y * o.stride.0 - o.padding.0 + i * o.dilation.0
        let ix = z * o.stride.1 - o.padding.1 + j * o.dilation.1
        guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
        let ch = f / per * cg + ci
        s += x[((b * c + ch) * h + iy) * wd + ix] * w[((f * cg + ci) * kh + i) * kw + j]
      } } }
      out[((b * co + f) * oh + y) * ow + z] = s
    } } } }
    return out
  }

  func testConv2dMatchesDirectLoop() throws {
    var o = ConvOptions()
    o.stride = (2, 1); o.padding = (1, 2); o.dilation = (1, 2); o.groups = 2
    let xs = [2, 4, 7, 6], ws = [6, 2, 3, 2]
    for dt in [DType.f64, .f32] {
      let x = try tensor(xs, { sin(Double($0)) }, dtype: dt)
      let w = try tensor(ws, { cos(Double($0) * 0.7) }, dtype: dt)
      let y = try conv2d(Variable(x), Variable(w), bias: nil, o).value
      let want = naive(x.toArray(), xs, w.toArray(), ws, o, y.shape[2], y.shape[3])
      XCTAssertEqual(y.shape, [2, 6, 4, 8])  // ⌊(7+2−3)/2⌋+1, (6+4−3)/1+1 (span 3)
      XCTAssertEqual(y.dtype, dt)
      let err = zip(y.toArray(), want).map { abs($0 - $1) }.max() ?? 1
      XCTAssertLessThan(err, dt == .f32 ? 1e-5 : 1e-12)
    }
  }

  /// ⟨unfold(x), c⟩ = ⟨x, fold(c)⟩ for any x and c: fold is unfold's adjoint.
  func testFoldIsTheAdjointOfUnfold() throws {
    let g = ConvGeometry(kernel: (3, 2), stride: (2, 1), padding: (1, 1), dilation: (1, 2))
    let x = try tensor([2, 3, 6, 5], { sin(Double($0) * 1.3) })
    let u = try x.unfold2d(g)
    let c = try tensor(u.shape, { cos(Double($0) * 0.4) })
    let f = try c.fold2d(height: 6, width: 5, g)
    let lhs = zip(u.toArray(), c.toArray()).reduce(0) { $0 + $1.0 * $1.1 }
    let rhs = zip(x.toArray(), f.toArray()).reduce(0) { $0 + $1.0 * $1.1 }
    XCTAssertEqual(lhs, rhs, accuracy: 1e-10 * max(1, abs(lhs)))
  }

  /// The orthonormal DCT-II matrix Q satisfies QᵀQ = I, and idct inverts dct in both norms.
  func testOrthonormalDCTIsOrthogonal() throws {
    let n = 7
    let q = try dct(Variable(Tensor.eye(n)), type: .two, axes: [0], ortho: true,
                    inverse: false).value
    let qtq = try Tensor.matmul(q.transposed(0, 1), q).toArray()
    let eye = try Tensor.eye(n).toArray()
    XCTAssertLessThan(zip(qtq, eye).map { abs($0 - $1) }.max() ?? 1, 1e-13)
    let x = Variable(try tensor([3, n], { sin(Double($0)) }))
    for type in [DCTType.two, .three] {
      for ortho in [false, true] {
        let y = try dct(dct(x, type: type, axes: [-1], ortho: ortho, inverse: false),
                        type: type, axes: [-1], ortho: ortho, inverse: true)
        let err = zip(y.value.toArray(), x.value.toArray()).map { abs($0 - $1) }.max() ?? 1
        XCTAssertLessThan(err, 1e-13, "type \(type) ortho \(ortho)")
      }
    }
  }

  /// Bad sizes are thrown errors, never traps.
  func testBadGeometryThrows() throws {
    let x = Variable(try Tensor.zeros([1, 1, 3, 3]))
    var o = ConvOptions()
    o.groups = 0
    XCTAssertThrowsError(try conv2d(x, Variable(try Tensor.zeros([1, 1, 2, 2])), bias: nil, o))
    XCTAssertThrowsError(try Tensor.zeros([1, 1, 3, 3]).unfold2d(ConvGeometry(kernel: (0, 2))))
    XCTAssertThrowsError(try Tensor.zeros([1, 4, 5]).fold2d(height: 3, width: 3,
                                                            ConvGeometry(kernel: (2, 2))))
  }
}
