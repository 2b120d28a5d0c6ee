// Multigrid patching against neuraloperator's MultigridPatching2D (its patching.py run in
// PyTorch with prints and distributed imports stubbed), the stitch round trip, the
// identity wrapper and bad arguments.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class MGPatchTests: XCTestCase {
  private func input(_ n: Int) throws -> Tensor {
    try Tensor((0..<(2 * n * n)).map { sin(Double($0) * 0.3) }, shape: [2, 1, n, n])
  }

  /// `_make_mg_patches` of x = sin(0.3·j) [2, 1, n, n]: shape, sum and Σ p·cos(0.7·j).
  func testPatchesMatchNeuraloperator() throws {
    let cases: [(Int, Double, Int, [Int], Double, Double)] = [
      (1, 0.125, 16, [8, 2, 12, 12], 41.50375766167039, -1.7032498194487555),
      (2, 0.0625, 32, [32, 3, 12, 12], -50.27615448970995, 4.043611083753113),
      (1, 0.1, 20, [8, 2, 14, 14], 6.308200999762678, -6.259226209235354),
    ]
    for (levels, fraction, n, shape, sum, weighted) in cases {
      let x = try input(n)
      let pad = MGPatch.pads(x.shape, fraction)
      let p = try MGPatch.patch(Variable(x), levels: levels, pad: pad).value
      XCTAssertEqual(p.shape, shape)
      let v = try p.toArray()
      XCTAssertEqual(v.reduce(0, +), sum, accuracy: 1e-10)
      let w = v.enumerated().reduce(0.0) { $0 + $1.1 * cos(Double($1.0) * 0.7) }
      XCTAssertEqual(w, weighted, accuracy: 1e-10)
    }
    // The first case's every 97th value.
    let want = [0.755640225739, 0.951328738787, -0.442520443295, 0.706798031748,
                0.374700263649, 0.14112000806, -0.988031624093, -0.403225051315]
    let x = try input(16)
    let v = try MGPatch.patch(Variable(x), levels: 1, pad: [2, 2]).value.toArray()
    for (k, w) in want.enumerated() { XCTAssertEqual(v[k * 97], w, accuracy: 1e-12) }
  }

  func testStitchInvertsPatchExactly() throws {
    for (levels, pad, n) in [(1, [2, 1], 16), (2, [0, 0], 32), (2, [3, 2], 16)] {
      let x = try input(n)
      let p = try MGPatch.patch(Variable(x), levels: levels, pad: pad)
      let first = try getIndex(p, [.all, .slice(start: 0, stop: 1, step: 1)])
      let y = try MGPatch.stitch(first, levels: levels, pad: pad).value
      XCTAssertEqual(y.shape, x.shape)
      XCTAssertEqual(try y.toArray(), try x.toArray())
    }
  }

  func testLevelZeroIsTheModel() throws {
    let inner = try UNet(inChannels: 1, outChannels: 1, width: 2, levels: 1)
    let m = try MGPatch(inner, levels: 0)
    let p = try m.initialParams()
    let x = Variable(try input(8))
    let a = try inner.forward(p, [x]).value.toArray(), b = try m.forward(p, [x]).value.toArray()
    XCTAssertEqual(a, b)
    XCTAssertEqual(try p.count, inner.parameterCount)
  }

  func testBadArgumentsThrow() throws {
    let two = try UNet(inChannels: 2, width: 2, levels: 1)
    XCTAssertThrowsError(try MGPatch(two, levels: 2))   // 2 channels, 3 levels of context
    XCTAssertThrowsError(try MGPatch(two, levels: -1))
    XCTAssertThrowsError(try MGPatch(two, levels: 1, padding: 1.5))
    XCTAssertThrowsError(try MGPatch(MLP(sizes: [2, 2]), levels: 1))
    XCTAssertThrowsError(try MGPatch(FNO(modes: [4], inChannels: 2), levels: 1))
    let m = try MGPatch(two, levels: 1)
    let p = try m.initialParams()
    XCTAssertThrowsError(try m.forward(p, [Variable(try Tensor.zeros([1, 1, 6, 8]))]))
    XCTAssertThrowsError(try m.forward(p, [Variable(try Tensor.zeros([1, 2, 8, 8]))]))
    XCTAssertNoThrow(try m.forward(p, [Variable(try Tensor.zeros([1, 1, 8, 8]))]))
  }
}
