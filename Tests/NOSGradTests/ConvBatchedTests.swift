// The batched small-grid convolution path (Tensor+ConvBatched.swift) against the image-by-image
// path on the same data, and bit-identical results when a convolution runs twice.
import Foundation
import NOSTensor
import XCTest

final class ConvBatchedTests: XCTestCase {
  private func tensor(_ shape: [Int], _ f: (Int) -> Double, dtype: DType) throws -> Tensor {
    try Tensor((0..<shape.reduce(1, *)).map(f), shape: shape, dtype: dtype)
  }

  /// Image b of a [n, ...] tensor as a [1, ...] tensor (one image: the per-image path).
  private func image(_ t: Tensor, _ b: Int) throws -> Tensor {
    let per = t.count / t.shape[0]
    let v = Array(t.toArray()[(b * per)..<((b + 1) * per)])
    return try Tensor(v, shape: [1] + t.shape.dropFirst(), dtype: t.dtype)
  }

  private func maxDiff(_ a: [Double], _ b: [Double]) -> Double {
    a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
  }

  /// Small grids (at most 64 output pixels, several images): U-Net's 4×4 bottleneck, a 1×1,
  /// groups with stride 2, an odd 7×5 grid with dilation.
  private let cases: [([Int], [Int], ConvGeometry, Int)] = [
    ([4, 16, 4, 4], [24, 16, 3, 3], ConvGeometry(kernel: (3, 3), padding: (1, 1)), 1),
    ([3, 6, 8, 8], [5, 6, 1, 1], ConvGeometry(kernel: (1, 1)), 1),
    ([5, 6, 9, 9], [4, 3, 3, 3], ConvGeometry(kernel: (3, 3), stride: (2, 2),
                                              padding: (1, 1)), 2),
    ([2, 3, 7, 5], [4, 3, 3, 2], ConvGeometry(kernel: (3, 2), padding: (2, 1),
                                              dilation: (2, 1)), 1),
  ]

  /// Forward, input gradient and weight gradient of the whole batch (one GEMM) equal the
  /// same products image by image (per-image GEMMs; weight gradients summed over images),
  /// f32 and f64.
  func testBatchedEqualsImageByImage() throws {
    for (xs, ws, g, groups) in cases {
      for dt in [DType.f64, .f32] {
        let x = try tensor(xs, { sin(Double($0) * 0.37) }, dtype: dt)
        let w = try tensor(ws, { cos(Double($0) * 0.71) }, dtype: dt)
        let b = try tensor([ws[0]], { Double($0) - 1.5 }, dtype: dt)
        let (oh, ow) = try g.output(xs[2], xs[3], op: "test")
        XCTAssertLessThanOrEqual(oh * ow, 64, "case must take the batched path")
        let gy = try tensor([xs[0], ws[0], oh, ow], { cos(Double($0) * 0.9 + 1) }, dtype: dt)
        let y = try Tensor.convForward(x, w, bias: b, g, groups: groups)
        let dx = try Tensor.convInputGrad(gy, w, height: xs[2], width: xs[3], g, groups: groups)
        let dw = try Tensor.convWeightGrad(x, gy, g, groups: groups)
        var ys: [Double] = [], dxs: [Double] = []
        var dws = [Double](repeating: 0, count: dw.count)
        for i in 0..<xs[0] {
          let (xi, gi) = (try image(x, i), try image(gy, i))
          ys += try Tensor.convForward(xi, w, bias: b, g, groups: groups).toArray()
          dxs += try Tensor.convInputGrad(gi, w, height: xs[2], width: xs[3], g,
                                          groups: groups).toArray()
          let part = try Tensor.convWeightGrad(xi, gi, g, groups: groups).toArray()
          for k in dws.indices { dws[k] += part[k] }
        }
        let tol = dt == .f32 ? 1e-4 : 1e-12
        XCTAssertLessThan(maxDiff(y.toArray(), ys), tol, "\(xs) \(ws) \(dt) forward")
        XCTAssertLessThan(maxDiff(dx.toArray(), dxs), tol, "\(xs) \(ws) \(dt) input grad")
        XCTAssertLessThan(maxDiff(dw.toArray(), dws), tol * 10, "\(xs) \(ws) \(dt) weight grad")
      }
    }
  }

  /// The same convolution run twice gives bit-identical results (a fixed split between
  /// threads and a fixed summation order), at sizes that use every thread: the batched path
  /// (4×4 grid) and, in f32 on AVX2 machines, the direct kernels (24×24, 16 channels).
  func testRepeatedRunsAreBitIdentical() throws {
    for (xs, c) in [([8, 64, 4, 4], 128), ([6, 16, 24, 24], 16)] {
      let x = try tensor(xs, { sin(Double($0) * 0.013) }, dtype: .f32)
      let w = try tensor([c, xs[1], 3, 3], { cos(Double($0) * 0.07) }, dtype: .f32)
      let g = ConvGeometry(kernel: (3, 3), padding: (1, 1))
      let gy = try tensor([xs[0], c, xs[2], xs[3]], { sin(Double($0) * 0.11) }, dtype: .f32)
      let runs = try (0..<2).map { _ in
        [try Tensor.convForward(x, w, bias: nil, g, groups: 1).toArray(),
         try Tensor.convInputGrad(gy, w, height: xs[2], width: xs[3], g, groups: 1).toArray(),
         try Tensor.convWeightGrad(x, gy, g, groups: 1).toArray()]
      }
      XCTAssertEqual(runs[0], runs[1], "\(xs)")
    }
  }
}
