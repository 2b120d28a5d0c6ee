// The f32 direct convolution kernels (Tensor+ConvDirect.swift, stride 2:
// Tensor+ConvStrided.swift) at the models' sizes against the f64 GEMM path on the same data.
import Foundation
@testable import NOSTensor
import XCTest

final class ConvDirectTests: XCTestCase {
  /// U-Net's first level (32 → 32 channels on 64×64) and MgNO's (24 channels on 32×32,
  /// circularly padded input 34×34 without padding): forward, input and weight gradients in
  /// f32 (direct kernels) equal the f64 results (im2col and GEMM) to f32 rounding.
  func testDirectMatchesGEMMInDouble() throws {
    let cases: [([Int], Int, ConvGeometry)] = [
      ([2, 32, 64, 64], 32, ConvGeometry(kernel: (3, 3), padding: (1, 1))),
      ([3, 24, 34, 34], 24, ConvGeometry(kernel: (3, 3))),
      // Output channels not a multiple of the kernels' blocks (6 forward, 4 weight gradient)
      // and tap counts not a multiple of the weight gradient's 3.
      ([2, 5, 20, 21], 13, ConvGeometry(kernel: (2, 2), padding: (1, 1))),
      ([1, 3, 18, 18], 1, ConvGeometry(kernel: (5, 5), padding: (2, 2))),
      ([2, 7, 17, 19], 8, ConvGeometry(kernel: (1, 3), padding: (0, 1))),
      // More than 64 channels on grids small enough for the direct forward (and, at 32 × 32,
      // the direct weight gradient).
      ([2, 80, 32, 32], 70, ConvGeometry(kernel: (3, 3), padding: (1, 1))),
      ([2, 130, 16, 16], 66, ConvGeometry(kernel: (3, 3), padding: (1, 1))),
    ]
    for (xs, o, g) in cases {
      let (kh, kw) = g.kernel
      let d = try ConvDims(input: xs, weight: [o, xs[1], kh, kw], groups: 1, g, dtype: .f32,
                           op: "test")
      XCTAssertTrue(d.directForward || !directKernelFast, "\(xs) forward runs direct")
      XCTAssertEqual(d.directWeightGrad, directKernelFast && xs[2] >= 17, "\(xs) weight gradient")
      let x = try Tensor((0..<xs.reduce(1, *)).map { sin(Double($0) * 0.013) }, shape: xs)
      let w = try Tensor((0..<(o * xs[1] * kh * kw)).map { cos(Double($0) * 0.7) / 10 },
                         shape: [o, xs[1], kh, kw])
      let b = try Tensor((0..<o).map { Double($0) / 7 }, shape: [o])
      let y64 = try Tensor.convForward(x, w, bias: b, g, groups: 1)
      let y32 = try Tensor.convForward(x.astype(.f32), w.astype(.f32),
                                       bias: b.astype(.f32), g, groups: 1)
      let gy = y64
      let dx64 = try Tensor.convInputGrad(gy, w, height: xs[2], width: xs[3], g, groups: 1)
      let dx32 = try Tensor.convInputGrad(gy.astype(.f32), w.astype(.f32), height: xs[2],
                                          width: xs[3], g, groups: 1)
      let dw64 = try Tensor.convWeightGrad(x, gy, g, groups: 1)
      let dw32 = try Tensor.convWeightGrad(x.astype(.f32), gy.astype(.f32), g, groups: 1)
      for (a, e, what) in [(y32, y64, "forward"), (dx32, dx64, "input gradient"),
                           (dw32, dw64, "weight gradient")] {
        let (av, ev) = (a.toArray(), e.toArray())
        let scale = ev.map { abs($0) }.max() ?? 1
        let err = zip(av, ev).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertEqual(av.count, ev.count)
        XCTAssertLessThan(err, 1e-5 * scale, "\(xs) \(what)")
      }
    }
  }

  /// Stride 2 (phase planes; the input gradient as four stride-1 phase convolutions):
  /// forward, input and weight gradients in f32 equal the f64 results (im2col, GEMM and
  /// col2im) to f32 rounding. Odd and even sizes, padding 0, 1 and 2, kernels 2, 3 and 4,
  /// batch 1, 1 and 64 channels (the limit), MgNO's restriction (3×3) and prolongation
  /// (4×4, as conv_transpose2d) sizes, and a transposed output with output_padding (its
  /// last row and column no window reaches: zero).
  func testStrideTwoMatchesGEMMInDouble() throws {
    let cases: [(x: [Int], o: Int, k: Int, p: Int)] = [
      ([1, 1, 32, 32], 24, 3, 1), ([2, 24, 33, 35], 24, 3, 1), ([2, 64, 34, 34], 64, 3, 0),
      ([2, 5, 40, 41], 7, 4, 1), ([3, 8, 32, 36], 9, 2, 0), ([2, 24, 34, 34], 24, 4, 1),
      ([1, 3, 37, 38], 2, 3, 2), ([2, 4, 34, 33], 64, 4, 2),
    ]
    for (xs, o, k, p) in cases {
      let g = ConvGeometry(kernel: (k, k), stride: (2, 2), padding: (p, p))
      let d = try ConvDims(input: xs, weight: [o, xs[1], k, k], groups: 1, g, dtype: .f32,
                           op: "test")
      XCTAssertTrue(d.direct, "\(xs) k=\(k): the direct path runs")
      try compareWithDouble(xs, o: o, g, "\(xs) o=\(o) k=\(k) p=\(p)")
    }
    // conv_transpose2d(x [2, 24, 17, 17], stride 2, padding 1, output_padding 1) is the input
    // gradient to a [2, 24, 35, 35] image: its row and column 34 get nothing.
    try compareWithDouble([2, 24, 35, 35], o: 24,
                          ConvGeometry(kernel: (4, 4), stride: (2, 2), padding: (1, 1)),
                          "output_padding")
  }

  /// Past the limits (65 channels, rows narrower than 8, dilation 2) the GEMM path runs,
  /// with the same values.
  func testStrideTwoOutsideTheLimits() throws {
    let cases: [([Int], Int, ConvGeometry)] = [
      ([2, 65, 32, 32], 8, ConvGeometry(kernel: (3, 3), stride: (2, 2), padding: (1, 1))),
      ([2, 8, 32, 32], 65, ConvGeometry(kernel: (3, 3), stride: (2, 2), padding: (1, 1))),
      ([2, 8, 14, 14], 8, ConvGeometry(kernel: (3, 3), stride: (2, 2), padding: (1, 1))),
      ([2, 8, 32, 32], 8, ConvGeometry(kernel: (3, 3), stride: (2, 2), padding: (1, 1),
                                       dilation: (2, 2))),
    ]
    for (xs, o, g) in cases {
      let d = try ConvDims(input: xs, weight: [o, xs[1], 3, 3], groups: 1, g, dtype: .f32,
                           op: "test")
      XCTAssertFalse(d.direct, "\(xs) o=\(o)")
      try compareWithDouble(xs, o: o, g, "\(xs) o=\(o)")
    }
  }

  /// The same stride-2 step run twice gives bit-identical results (fixed splits).
  func testStrideTwoIsReproducible() throws {
    let g = ConvGeometry(kernel: (3, 3), stride: (2, 2), padding: (1, 1))
    let x = try Tensor((0..<(8 * 24 * 64 * 64)).map { sin(Double($0) * 0.011) },
                       shape: [8, 24, 64, 64]).astype(.f32)
    let w = try Tensor((0..<(24 * 24 * 9)).map { cos(Double($0) * 0.3) / 10 },
                       shape: [24, 24, 3, 3]).astype(.f32)
    func run() throws -> [[Double]] {
      let y = try Tensor.convForward(x, w, bias: nil, g, groups: 1)
      return [y.toArray(),
              try Tensor.convInputGrad(y, w, height: 64, width: 64, g, groups: 1).toArray(),
              try Tensor.convWeightGrad(x, y, g, groups: 1).toArray()]
    }
    XCTAssertEqual(try run(), try run())
  }

  /// Forward, input gradient (to an h × w input) and weight gradient of a groups-1
  /// convolution in f32 against f64, all within 1e-5 of the largest f64 value.
  private func compareWithDouble(_ xs: [Int], o: Int, _ g: ConvGeometry, _ what: String)
    throws
  {
    let (kh, kw) = g.kernel
    let x = try Tensor((0..<xs.reduce(1, *)).map { sin(Double($0) * 0.013) }, shape: xs)
    let w = try Tensor((0..<(o * xs[1] * kh * kw)).map { cos(Double($0) * 0.7) / 10 },
                       shape: [o, xs[1], kh, kw])
    let y64 = try Tensor.convForward(x, w, bias: nil, g, groups: 1)
    let y32 = try Tensor.convForward(x.astype(.f32), w.astype(.f32), bias: nil, g, groups: 1)
    let gy = try Tensor(y64.toArray().map { sin(3 * $0) }, shape: y64.shape)
    let dx64 = try Tensor.convInputGrad(gy, w, height: xs[2], width: xs[3], g, groups: 1)
    let dx32 = try Tensor.convInputGrad(gy.astype(.f32), w.astype(.f32), height: xs[2],
                                        width: xs[3], g, groups: 1)
    let dw64 = try Tensor.convWeightGrad(x, gy, g, groups: 1)
    let dw32 = try Tensor.convWeightGrad(x.astype(.f32), gy.astype(.f32), g, groups: 1)
    for (a, e, part) in [(y32, y64, "forward"), (dx32, dx64, "input gradient"),
                         (dw32, dw64, "weight gradient")] {
      let (av, ev) = (a.toArray(), e.toArray())
      let scale = ev.map { abs($0) }.max() ?? 1
      let err = zip(av, ev).map { abs($0 - $1) }.max() ?? .infinity
      XCTAssertEqual(a.shape, e.shape, "\(what) \(part)")
      XCTAssertGreaterThan(scale, 0.01, "\(what) \(part): a non-trivial result")
      XCTAssertLessThan(err, 1e-5 * scale, "\(what) \(part)")
    }
  }
  /// The input gradient's flipped, transposed kernel (nos_flip_kernel_f32: windows of 9 as
  /// one reversed vector, others element by element) with groups, in f32 against f64.
  func testFlippedKernelWithGroupsMatchesDouble() throws {
    for (xs, o, groups, k) in [([2, 6, 9, 10], 4, 2, (3, 3)), ([1, 6, 8, 7], 9, 3, (2, 3)),
                               ([2, 4, 20, 20], 6, 1, (3, 3))] {
      let g = ConvGeometry(kernel: k, padding: (1, 1))
      let wn = o * xs[1] / groups * k.0 * k.1
      let w = try Tensor((0..<wn).map { cos(Double($0) * 0.37) },
                         shape: [o, xs[1] / groups, k.0, k.1])
      let oh = xs[2] + 2 - k.0 + 1, ow = xs[3] + 2 - k.1 + 1
      let gy = try Tensor((0..<(xs[0] * o * oh * ow)).map { sin(Double($0) * 0.11) },
                          shape: [xs[0], o, oh, ow])
      let dx64 = try Tensor.convInputGrad(gy, w, height: xs[2], width: xs[3], g, groups: groups)
      let dx32 = try Tensor.convInputGrad(gy.astype(.f32), w.astype(.f32), height: xs[2],
                                          width: xs[3], g, groups: groups)
      let (a, e) = (dx32.toArray(), dx64.toArray())
      let scale = e.map { abs($0) }.max() ?? 1
      XCTAssertEqual(a.count, e.count)
      XCTAssertLessThan(zip(a, e).map { abs($0 - $1) }.max() ?? .infinity, 1e-5 * scale, "\(xs)")
    }
  }
}
