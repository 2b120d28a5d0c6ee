// The GEMM convolution kernels (Tensor+ConvGEMM.swift, Ops+ConvGEMM.swift) on each path:
// 1×1 without im2col, stride 2, dilation, groups, one and many images (threads), small grids
// batched into one GEMM (Tensor+ConvBatched.swift), the stride-1 input gradient as a flipped
// forward convolution (Tensor+ConvBackData.swift), the f32 direct kernel (Tensor+ConvDirect
// .swift), f32 and f64, against direct loops written here and their adjoint identities.
import Foundation
import NOSGrad
import NOSTensor
import NOSTestSupport
import XCTest

final class ConvGEMMTests: XCTestCase {
  private func tensor(_ shape: [Int], _ f: (Int) -> Double, dtype: DType = .f64) throws
    -> Tensor
  {
    try Tensor((0..<shape.reduce(1, *)).map(f), shape: shape, dtype: dtype)
  }

  /// Direct loop: y[b, f, y, z] = Σ x[b, ch, y·s − p + i·d, z·s − p + j·d] · w[f, ci, i, j].
  private func direct(_ x: Tensor, _ w: Tensor, _ g: ConvGeometry, groups: Int) throws
    -> [Double]
  {
    let (xs, ws, xv, wv) = (x.shape, w.shape, x.toArray(), w.toArray())
    let (n, c, h, wd) = (xs[0], xs[1], xs[2], xs[3])
    let (co, cg, kh, kw) = (ws[0], ws[1], ws[2], ws[3])
    let (oh, ow) = try g.output(h, wd, op: "test")
    var out = [Double](repeating: 0, count: n * co * oh * ow)
    for b in 0..<n { for f in 0..<co { for y in 0..<oh { for z in 0..<ow {
      var s = 0.0
      for ci in 0..<cg { for i in 0..<kh { for j in 0..<kw {
        let iy = y * g.stride.0 - g.padding.0 + i * g.dilation.0
        let ix = z * g.stride.1 - g.padding.1 + j * g.dilation.1
        guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
        let ch = f / (co / groups) * cg + ci
        s += xv[((b * c + ch) * h + iy) * wd + ix] * wv[((f * cg + ci) * kh + i) * kw + j]
      } } }
      out[((b * co + f) * oh + y) * ow + z] = s
    } } } }
    return out
  }

  private func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// (input shape, weight shape, geometry, groups): each path of the kernels.
  private let cases: [([Int], [Int], ConvGeometry, Int)] = [
    ([3, 4, 5, 6], [6, 4, 1, 1], ConvGeometry(kernel: (1, 1)), 1),  // 1×1: no im2col
    ([1, 4, 5, 6], [6, 2, 1, 1], ConvGeometry(kernel: (1, 1)), 2),  // 1×1 with groups
    ([4, 3, 8, 8], [5, 3, 3, 3], ConvGeometry(kernel: (3, 3), stride: (2, 2),
                                              padding: (1, 1)), 1),  // stride 2
    ([2, 4, 7, 9], [4, 2, 3, 2], ConvGeometry(kernel: (3, 2), stride: (1, 3),
                                              padding: (2, 1), dilation: (2, 1)), 2),
    ([5, 16, 12, 12], [16, 16, 3, 3], ConvGeometry(kernel: (3, 3), padding: (1, 1)), 1),
    ([2, 2, 6, 6], [3, 2, 4, 4], ConvGeometry(kernel: (4, 4), stride: (2, 2),
                                              padding: (1, 1)), 1),  // MgNO's 4×4 stride 2
    // Grids above 64 pixels run image by image: groups with dilation (the input gradient
    // as a forward convolution of the flipped kernel), padding beyond d·(k − 1) (col2im),
    // stride 2, and one image on a small grid.
    ([2, 4, 11, 13], [6, 2, 3, 3], ConvGeometry(kernel: (3, 3), padding: (2, 1),
                                                dilation: (2, 1)), 2),
    ([3, 4, 7, 5], [4, 4, 3, 3], ConvGeometry(kernel: (3, 3), padding: (3, 3)), 1),
    ([2, 3, 20, 19], [4, 3, 3, 3], ConvGeometry(kernel: (3, 3), stride: (2, 2),
                                                padding: (1, 1)), 1),
    ([1, 3, 5, 5], [2, 3, 3, 3], ConvGeometry(kernel: (3, 3), padding: (1, 1)), 1),
    // Rows of 16 or more: f32 takes the direct kernel (Tensor+ConvDirect.swift), with output
    // channels not a multiple of 4, odd widths, dilation, no padding.
    ([2, 5, 9, 21], [6, 5, 3, 3], ConvGeometry(kernel: (3, 3), padding: (1, 1)), 1),
    ([3, 3, 6, 18], [5, 3, 3, 2], ConvGeometry(kernel: (3, 2), padding: (2, 1),
                                               dilation: (2, 2)), 1),
    ([1, 4, 5, 20], [3, 4, 3, 3], ConvGeometry(kernel: (3, 3)), 1),
  ]

  /// The forward pass equals the direct loop, with and without bias, in f32 and f64
  /// (the fifth case is large enough to split its five images between threads).
  func testForwardMatchesDirectLoop() throws {
    for (xs, ws, g, groups) in cases {
      for dt in [DType.f64, .f32] {
        let x = try tensor(xs, { sin(Double($0) * 0.37) }, dtype: dt)
        let w = try tensor(ws, { cos(Double($0) * 0.71) }, dtype: dt)
        let b = try tensor([ws[0]], { Double($0) - 1.5 }, dtype: dt)
        let y = try Tensor.convForward(x, w, bias: b, g, groups: groups)
        let want = try direct(x, w, g, groups: groups)
        let per = y.shape[2] * y.shape[3]
        XCTAssertEqual(y.dtype, dt)
        let got = y.toArray()
        var err = 0.0
        for k in got.indices {
          let bias = Double((k / per) % ws[0]) - 1.5
          err = max(err, abs(got[k] - want[k] - bias))
        }
        XCTAssertLessThan(err, dt == .f32 ? 1e-4 : 1e-12, "\(xs) \(ws) \(dt)")
      }
    }
  }

  /// ⟨F(u, w), g⟩ = ⟨u, Bx(g, w)⟩ = ⟨w, Bw(u, g)⟩ with F the direct loop: the input and
  /// weight gradients are F's adjoints on every path.
  func testGradientsAreAdjointsOfDirectLoop() throws {
    for (xs, ws, g, groups) in cases {
      for dt in [DType.f64, .f32] {
        let u = try tensor(xs, { sin(Double($0) * 1.3) }, dtype: dt)
        let w = try tensor(ws, { cos(Double($0) * 0.4) }, dtype: dt)
        let (oh, ow) = try g.output(xs[2], xs[3], op: "test")
        let gy = try tensor([xs[0], ws[0], oh, ow], { sin(Double($0) * 0.9 + 1) }, dtype: dt)
        let lhs = dot(try direct(u, w, g, groups: groups), gy.toArray())
        let bx = try Tensor.convInputGrad(gy, w, height: xs[2], width: xs[3], g, groups: groups)
        let bw = try Tensor.convWeightGrad(u, gy, g, groups: groups)
        XCTAssertEqual(bx.shape, xs)
        XCTAssertEqual(bw.shape, ws)
        let tol = (dt == .f32 ? 1e-4 : 1e-11) * max(1, abs(lhs))
        XCTAssertEqual(dot(u.toArray(), bx.toArray()), lhs, accuracy: tol, "\(xs) \(ws) Bx")
        XCTAssertEqual(dot(w.toArray(), bw.toArray()), lhs, accuracy: tol, "\(xs) \(ws) Bw")
      }
    }
  }

  /// conv_transpose2d with stride 2 (U-Net's 2×2 and MgNO's 4×4 prolongation) equals the
  /// direct scatter loop y[b, o, i·s − p + ki, j·s − p + kj] += x[b, c, i, j] · w[c, o, ki, kj].
  func testTransposedConvMatchesScatterLoop() throws {
    for (k, p) in [(2, 0), (4, 1)] {
      let (n, cin, cout, h) = (2, 3, 2, 4)
      let x = try tensor([n, cin, h, h], { sin(Double($0) * 0.3) })
      let w = try tensor([cin, cout, k, k], { cos(Double($0) * 0.6) })
      var o = ConvOptions()
      o.stride = (2, 2); o.padding = (p, p)
      let y = try convTranspose2d(Variable(x), Variable(w), bias: nil, o,
                                  outputPadding: (0, 0)).value
      let oh = (h - 1) * 2 - 2 * p + k
      XCTAssertEqual(y.shape, [n, cout, oh, oh])
      var want = [Double](repeating: 0, count: n * cout * oh * oh)
      let (xv, wv) = (x.toArray(), w.toArray())
      for b in 0..<n { for c in 0..<cin { for i in 0..<h { for j in 0..<h {
        for oc in 0..<cout { for ki in 0..<k { for kj in 0..<k {
          let (yy, xx) = (i * 2 - p + ki, j * 2 - p + kj)
          guard yy >= 0, yy < oh, xx >= 0, xx < oh else { continue }
          want[((b * cout + oc) * oh + yy) * oh + xx] +=
            xv[((b * cin + c) * h + i) * h + j] * wv[((c * cout + oc) * k + ki) * k + kj]
        } } }
      } } } }
      let err = zip(y.toArray(), want).map { abs($0 - $1) }.max() ?? 1
      XCTAssertLessThan(err, 1e-12, "kernel \(k)")
    }
  }

  /// Gradients of gradients: the input gradient of ‖conv2d(x, w)‖² differentiated again
  /// with respect to w (and a 1×1 and a transposed case) against central differences.
  func testSecondDerivativesMatchFiniteDifferences() throws {
    var o = ConvOptions()
    o.stride = (2, 1); o.padding = (1, 1)
    let x = try tensor([2, 2, 5, 4], { sin(Double($0) * 0.7) })
    let w = try tensor([3, 2, 3, 3], { cos(Double($0) * 0.3) })
    try assertGradient("conv2d d/dw of d/dx", at: [w]) { v in
      let xl = Variable.leaf(Variable(x))
      let y = try conv2d(xl, v[0], bias: nil, o)
      let gx = try Autodiff.gradients(of: reduceSum(mul(y, y)), wrt: [xl], createGraph: true)[0]
      return try reduceSum(mul(gx, gx))
    }
    let w1 = try tensor([3, 2, 1, 1], { cos(Double($0)) })
    try assertGradient("1x1 d/dx of d/dw", at: [x]) { v in
      let wl = Variable.leaf(Variable(w1))
      let y = try conv2d(v[0], wl, bias: nil, ConvOptions())
      let gw = try Autodiff.gradients(of: reduceSum(mul(y, y)), wrt: [wl], createGraph: true)[0]
      return try reduceSum(mul(gw, gw))
    }
    var t = ConvOptions()
    t.stride = (2, 2); t.padding = (1, 1)
    let wt = try tensor([2, 3, 4, 4], { sin(Double($0) * 0.2) })
    try assertGradient("conv_transpose2d d/dw of d/dx", at: [wt]) { v in
      let xl = Variable.leaf(Variable(x))
      let y = try convTranspose2d(xl, v[0], bias: nil, t, outputPadding: (0, 0))
      let gx = try Autodiff.gradients(of: reduceSum(mul(y, y)), wrt: [xl], createGraph: true)[0]
      return try reduceSum(mul(gx, gx))
    }
  }

  /// Mismatched shapes and dtypes reach the kernels only as thrown errors.
  func testKernelsRejectBadShapes() throws {
    let x = try Tensor.zeros([1, 4, 5, 5]), w = try Tensor.zeros([2, 3, 3, 3])
    let g = ConvGeometry(kernel: (3, 3))
    XCTAssertThrowsError(try Tensor.convForward(x, w, bias: nil, g, groups: 1))
    XCTAssertThrowsError(try Tensor.convForward(x, try Tensor.zeros([2, 2, 3, 3]), bias: nil,
                                                g, groups: 3))
    XCTAssertThrowsError(try Tensor.convInputGrad(try Tensor.zeros([1, 2, 4, 4]),
                                                  try Tensor.zeros([2, 4, 3, 3]), height: 5,
                                                  width: 5, g, groups: 1))
    XCTAssertThrowsError(try Tensor.convWeightGrad(x, try Tensor.zeros([1, 2, 3, 3],
                                                                       dtype: .f32),
                                                   g, groups: 1))
    XCTAssertThrowsError(try Tensor.convForward(try Tensor.zeros([1, 4, 5, 5], dtype: .i64),
                                                try Tensor.zeros([2, 4, 3, 3], dtype: .i64),
                                                bias: nil, g, groups: 1))
  }
}
