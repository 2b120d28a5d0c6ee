// Shape changes without value changes: reshape, permute, transpose, .T, squeeze, unsqueeze.
import Numerics
import XCTest
@testable import NOSTensor

final class LayoutTests: XCTestCase {
  let values = (0..<24).map(Double.init)

  func testReshape() throws {
    let x = try tensor(values, [2, 3, 4])
    for target in [[4, 6], [24], [2, 12], [1, 24, 1], [3, 2, 2, 2]] {
      assertTensor(try x.reshaped(target), shape: target, values, "reshape \(target)")
    }
    assertTensor(try x.reshaped([-1, 4]), shape: [6, 4], values)
    assertTensor(try x.reshaped([2, -1, 2]), shape: [2, 6, 2], values)
    assertTensor(try x.reshaped([-1]), shape: [24], values)
    assertTensor(try x.flattened(), shape: [24], values)
    // A contiguous reshape is a view on the same storage.
    XCTAssertTrue(try x.reshaped([6, 4]).storage === x.storage)
    // Reshaping a transposed view reads elements in the view's order.
    let t = try tensor(values, [4, 6]).T  // [6, 4]
    let want = (0..<24).map { Double(($0 % 4) * 6 + $0 / 4) }
    assertTensor(try t.reshaped([24]), shape: [24], want, "reshape of .T")
    assertTensor(try t.reshaped([2, -1]), shape: [2, 12], want)
    // 0-d and empty.
    assertTensor(try tensor([5], [1, 1]).reshaped([]), shape: [], [5])
    assertTensor(try Tensor(5).reshaped([1, 1, 1]), shape: [1, 1, 1], [5])
    XCTAssertEqual(try Tensor.zeros([0, 3]).reshaped([3, 0, 5]).shape, [3, 0, 5])
    // Errors.
    assertThrows("cannot reshape tensor of shape [2, 3, 4] into [5, 5]", try x.reshaped([5, 5]))
    assertThrows("cannot reshape tensor of shape [2, 3, 4] into [-1, 5]", try x.reshaped([-1, 5]))
    assertThrows("only one size may be -1", try x.reshaped([-1, -1]))
    assertThrows("reshape: negative size in [-2, -12]", try x.reshaped([-2, -12]))
    assertThrows("cannot reshape tensor of shape [0, 3] into [-1, 0]", try Tensor.zeros([0, 3]).reshaped([-1, 0]))
    assertThrows("reshape", try x.reshaped([1 << 62, 1 << 62]))
  }

  func testPermuteTransposeT() throws {
    let shape = [2, 3, 4]
    let x = try tensor(values, shape)
    for order in [[0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0], [0, 2, 1], [-1, 0, -2]] {
      let o = order.map { $0 < 0 ? $0 + 3 : $0 }
      let p = try x.permuted(order)
      let ps = o.map { shape[$0] }
      let want = (0..<24).map { i -> Double in
        let idx = unravel(i, ps)
        var src = [0, 0, 0]
        for k in 0..<3 { src[o[k]] = idx[k] }
        return values[ravel(src, shape)]
      }
      assertTensor(p, shape: ps, want, "permute \(order)")
      XCTAssertTrue(p.storage === x.storage)
    }
    assertTensor(try x.transposed(0, 2), shape: [4, 3, 2], try x.permuted([2, 1, 0]).toArray())
    assertTensor(try x.transposed(-1, 1), shape: [2, 4, 3], try x.permuted([0, 2, 1]).toArray())
    // .T reverses every axis, as NumPy.
    let t = x.T
    XCTAssertEqual(t.shape, [4, 3, 2])
    for i in 0..<24 {
      let idx = unravel(i, [4, 3, 2])
      XCTAssertEqual(t.toArray()[i], values[ravel([idx[2], idx[1], idx[0]], shape)])
    }
    XCTAssertEqual(try Tensor(3).T.item(), 3)
    XCTAssertEqual(try tensor([1, 2, 3], [3]).T.toArray(), [1, 2, 3])
    // Errors.
    assertThrows("permute: [0, 0, 1] is not a permutation of 3 axes", try x.permuted([0, 0, 1]))
    assertThrows("permute: [0, 1] is not a permutation of 3 axes", try x.permuted([0, 1]))
    assertThrows("permute: axis 3 is out of range", try x.permuted([0, 1, 3]))
    assertThrows("permute: [2, -1, 0] is not a permutation", try x.permuted([2, -1, 0]))
    assertThrows("transpose: axis 5 is out of range", try x.transposed(0, 5))
  }

  func testSqueezeUnsqueeze() throws {
    let x = try tensor([1, 2, 3], [1, 3, 1])
    assertTensor(try x.squeezed(), shape: [3], [1, 2, 3])
    assertTensor(try x.squeezed(axis: 0), shape: [3, 1], [1, 2, 3])
    assertTensor(try x.squeezed(axis: -1), shape: [1, 3], [1, 2, 3])
    assertThrows("squeeze: axis 1 has size 3, not 1 (shape [1, 3, 1])", try x.squeezed(axis: 1))
    assertThrows("squeeze: axis 3 is out of range", try x.squeezed(axis: 3))
    XCTAssertEqual(try tensor([4], [1, 1]).squeezed().shape, [])
    let v = try tensor([1, 2, 3], [3])
    XCTAssertEqual(try v.unsqueezed(axis: 0).shape, [1, 3])
    XCTAssertEqual(try v.unsqueezed(axis: 1).shape, [3, 1])
    XCTAssertEqual(try v.unsqueezed(axis: -1).shape, [3, 1])
    XCTAssertEqual(try v.unsqueezed(axis: -2).shape, [1, 3])
    assertThrows("unsqueeze: axis 2 is out of range", try v.unsqueezed(axis: 2))
    assertThrows("unsqueeze: axis -3 is out of range", try v.unsqueezed(axis: -3))
    // Unsqueezing a strided view keeps its values, and a copy of it is contiguous.
    let s = try tensor(values, [4, 6]).get([.all, .slice(start: nil, stop: nil, step: 3)])  // [4, 2]
    let u = try s.unsqueezed(axis: 1)
    XCTAssertEqual(u.shape, [4, 1, 2])
    XCTAssertEqual(u.toArray(), [0, 3, 6, 9, 12, 15, 18, 21])
    XCTAssertEqual(try u.copied().toArray(), u.toArray())
    XCTAssertTrue(try u.contiguous().isContiguous)
    XCTAssertEqual(try Tensor(2).unsqueezed(axis: 0).shape, [1])
  }

  func testContiguityFlags() throws {
    let x = try tensor(values, [4, 6])
    XCTAssertTrue(x.isContiguous)
    XCTAssertFalse(x.T.isContiguous)
    XCTAssertTrue(try x.get([.slice(start: 1, stop: 3, step: nil)]).isContiguous)
    XCTAssertFalse(try x.get([.all, .slice(start: 1, stop: 3, step: nil)]).isContiguous)
    let c = try x.T.contiguous()
    XCTAssertTrue(c.isContiguous)
    XCTAssertEqual(c.toArray(), try x.T.copied().toArray())
    XCTAssertFalse(c.storage === x.storage)
    XCTAssertEqual(x.ndim, 2)
    XCTAssertEqual(x.count, 24)
    XCTAssertTrue(Tensor(1).isScalar)
  }
}
