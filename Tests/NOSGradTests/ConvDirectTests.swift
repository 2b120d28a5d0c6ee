// The f32 direct convolution kernel (Tensor+ConvDirect.swift) at the models' sizes against
// the f64 GEMM path on the same data.
import Foundation
import NOSTensor
import XCTest

final class ConvDirectTests: XCTestCase {
  /// U-Net's first level (32 → 32 channels on 64×64) and MgNO's (24 channels on 32×32,
  /// circularly padded input 34×34 without padding): forward, input and weight gradients in
  /// f32 (direct kernels) equal the f64 results (im2col and GEMM) to f32 rounding.
  func testDirectMatchesGEMMInDouble() throws {
    let cases: [([Int], Int, ConvGeometry)] = [
      ([2, 32, 64, 64], 32, ConvGeometry(kernel: (3, 3), padding: (1, 1))),
      ([3, 24, 34, 34], 24, ConvGeometry(kernel: (3, 3))),
    ]
    for (xs, o, g) in cases {
      let x = try Tensor((0..<xs.reduce(1, *)).map { sin(Double($0) * 0.013) }, shape: xs)
      let w = try Tensor((0..<(o * xs[1] * 9)).map { cos(Double($0) * 0.7) / 10 },
                         shape: [o, xs[1], 3, 3])
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
}
