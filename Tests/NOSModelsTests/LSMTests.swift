// LSM against an independent PyTorch forward pass (scripts/bench-ref/lsm_ref.py) with fixed
// weights, parameter counts against the authors' LSM_2D, and bad arguments.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class LSMTests: XCTestCase {
  /// Leaf i filled with 0.1·sin(0.37·j + i), as lsm_ref.py does.
  private func run(_ m: LSM, _ x: Tensor) throws -> [Double] {
    let p0 = try m.initialParams()
    let leaves = try p0.leaves.enumerated().map { i, v in
      Variable(try Tensor((0..<v.value.count).map { 0.1 * sin(Double($0) * 0.37 + Double(i)) },
                          shape: v.shape, dtype: m.dtype))
    }
    return try m.forward(p0.replacingLeaves(leaves), [Variable(x)]).value.toArray()
  }

  private func small(_ dtype: DType = .f64) throws -> LSM {
    try LSM(inChannels: 2, outChannels: 2, width: 8, tokens: 3, basis: 4, patches: [2, 3],
            levels: 2, dtype: dtype)
  }

  func testForwardMatchesPyTorch() throws {
    let x = try Tensor((0..<440).map { sin(Double($0) * 0.1) }, shape: [2, 2, 10, 11])
    // lsm_ref.py (torch 2.13, f64): every 37th output and the sum; 10 × 11 padded to 16 × 24.
    let want = [-0.096868180459, -0.096077594043, -0.09651865624, -0.090517589381,
                -0.089857179632, -0.090341192142, -0.096794749149, -0.096424377455,
                -0.095934097128, -0.090682362631, -0.090126206337, -0.09042230164]
    for dtype in [DType.f64, .f32] {
      let y = try run(small(dtype), x)
      let tol = dtype == .f64 ? 1e-11 : 1e-5
      XCTAssertEqual(y.count, 440)
      for (k, w) in want.enumerated() { XCTAssertEqual(y[k * 37], w, accuracy: tol) }
      XCTAssertEqual(y.reduce(0, +), -41.011046413876606, accuracy: dtype == .f64 ? 1e-9 : 1e-3)
    }
  }

  /// Counts of the authors' LSM_2D `Model` (thuml/Latent-Spectral-Models, bilinear, summed
  /// p.numel() in PyTorch): 19187457 for the Darcy setting (in 1, out 1, d_model 64, 4 tokens,
  /// 12 bases) and 4812865 for in 3, d_model 32; the same closed form as lsm_ref.py's shapes.
  func testParameterCounts() throws {
    XCTAssertEqual(try LSM().parameterCount, 19_187_457)
    XCTAssertEqual(try LSM(inChannels: 3, width: 32).parameterCount, 4_812_865)
    // By hand: sum over the blocks of the formulas in the doc comments.
    let w = 64, t = 4, k = 12, ch = [64, 128, 256, 512, 512]
    let dbl = { (a: Int, m: Int, b: Int) in 9 * a * m + 2 * m + 9 * m * b + 2 * b }
    var n = 3 * w + w + w * w + w + w * 128 + 128 + 128 + 1
    for i in 0..<5 {
      n += dbl(i == 0 ? w : ch[i - 1], ch[i], ch[i])
      n += 2 * ch[i] * k + t * ch[i] + 3 * ch[i] * ch[i] + 3 * ch[i]
    }
    for i in 0..<4 { n += dbl(2 * ch[i], ch[i], i == 0 ? w : ch[i] / 2) }
    XCTAssertEqual(n, 19_187_457)
    let m = try small()
    XCTAssertEqual(m.parameterCount, 20754)
    XCTAssertEqual(try m.initialParams().count, 20754)
  }

  func testDefaultPaddingIsThePapers() throws {
    XCTAssertEqual(try LSM().pads(85, 85), [11, 11])
    XCTAssertEqual(try LSM().pads(96, 48), [0, 0])
  }

  func testBadArgumentsThrow() throws {
    XCTAssertThrowsError(try LSM(width: 12))
    XCTAssertThrowsError(try LSM(tokens: 0))
    XCTAssertThrowsError(try LSM(patches: [3]))
    XCTAssertThrowsError(try LSM(padding: [-1, 0]))
    XCTAssertThrowsError(try LSM(levels: 40))
    let m = try LSM(width: 8, levels: 1, padding: [0, 0])
    let p = try m.initialParams()
    XCTAssertThrowsError(try m.forward(p, [Variable(try Tensor.zeros([1, 1, 6, 7]))]))
    XCTAssertThrowsError(try m.forward(p, [Variable(try Tensor.zeros([1, 2, 6, 6]))]))
  }
}
