// The U-Net against an independent PyTorch module of the same architecture
// (scripts/bench-ref/unet_ref.py): parameter counts and the output for fixed weights.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class UNetTests: XCTestCase {
  /// Counts printed by scripts/bench-ref/unet_ref.py (torch 2.13).
  func testParameterCountsMatchPyTorch() throws {
    for (args, count) in [((1, 1, 32, 4), 7_765_409), ((3, 2, 4, 2), 7634), ((1, 1, 8, 1), 6553)] {
      let m = try UNet(inChannels: args.0, outChannels: args.1, width: args.2, levels: args.3)
      XCTAssertEqual(m.parameterCount, count)
      if count < 10_000 { XCTAssertEqual(try m.initialParams().count, count) }
    }
  }

  /// Leaf i filled with 0.2·sin(0.37·j + i) in both (the leaf order is PyTorch's
  /// parameters() order); torch gave every 9th output below and the sum 14.31243141424551.
  func testForwardMatchesPyTorch() throws {
    let m = try UNet(inChannels: 2, outChannels: 1, width: 8, levels: 2)
    let p0 = try m.initialParams()
    XCTAssertEqual(p0.leaves.count, 46)
    let leaves = try p0.leaves.enumerated().map { i, v in
      let n = v.value.count
      let values = (0..<n).map { 0.2 * sin(Double($0) * 0.37 + Double(i)) }
      return Variable(try Tensor(values, shape: v.shape))
    }
    let p = try p0.replacingLeaves(leaves)
    let x = try Tensor((0..<256).map { sin(Double($0) * 0.1) }, shape: [2, 2, 8, 8])
    let y = try m.forward(p, [Variable(x)]).value
    XCTAssertEqual(y.shape, [2, 1, 8, 8])
    let want = [0.104151768093, 0.106996380201, 0.103021908722, 0.103495489481, 0.11359094668,
                0.10979046882, 0.135363630483, 0.120007940621, 0.103523318268, 0.102292634524,
                0.103792876479, 0.110749031556, 0.133708912082, 0.121917711798, 0.12730353195]
    let got = y.toArray()
    for (k, w) in want.enumerated() { XCTAssertEqual(got[k * 9], w, accuracy: 1e-10) }
    XCTAssertEqual(got.reduce(0, +), 14.31243141424551, accuracy: 1e-9)
  }

  func testBadArgumentsThrow() {
    XCTAssertThrowsError(try UNet(width: 0))
    XCTAssertThrowsError(try UNet(levels: 100))
    // Too large for memory: refused by the budget before any weight is drawn.
    XCTAssertThrowsError(try UNet(width: 4096, levels: 8)) { e in
      XCTAssertTrue("\(e)".contains("cannot allocate"), "\(e)")
    }
    XCTAssertThrowsError(try UNet(levels: 2).forward(UNet(levels: 2).initialParams(),
                                                     [Variable(try Tensor.zeros([1, 1, 6, 8]))]))
  }
}
