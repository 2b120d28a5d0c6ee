// NumPy's advanced indexing: paired index tensors, where their axes go, boolean masks, and
// writes and scatter-adds through them. Expected values were printed by NumPy 2.4
// (x = np.arange(24.).reshape(2, 3, 4)) and are written here with the expression that made them.
import NOSTensor
import XCTest

final class AdvancedIndexTests: XCTestCase {
  let x = try! tensor((0..<24).map(Double.init), [2, 3, 4])

  func testIndexTensorsPairUp() throws {
    // x[[0, 1], [2, 0]]: elements (0, 2, :) and (1, 0, :).
    assertTensor(try x.get([.gather(tensor([0, 1], [2])), .gather(tensor([2, 0], [2]))]),
                 shape: [2, 4], [8, 9, 10, 11, 12, 13, 14, 15])
    // x[:, [0, 2], [1, 3]]: adjacent index tensors keep their place after the slice.
    assertTensor(try x.get([.all, .gather(tensor([0, 2], [2])), .gather(tensor([1, 3], [2]))]),
                 shape: [2, 2], [1, 11, 13, 23])
  }

  func testSeparatedAdvancedIndicesGoFirst() throws {
    // x[0, :, [1, 2]]: the integer counts as an index tensor, a slice separates them → (2, 3).
    assertTensor(try x.get([.at(0), .all, .gather(tensor([1, 2], [2]))]), shape: [2, 3],
                 [1, 5, 9, 2, 6, 10])
    // x[[[0], [1]], :, [0, 3]]: shapes [2, 1] and [2] broadcast to [2, 2], which goes first.
    assertTensor(try x.get([.gather(tensor([0, 1], [2, 1])), .all, .gather(tensor([0, 3], [2]))]),
                 shape: [2, 2, 3], [0, 4, 8, 3, 7, 11, 12, 16, 20, 15, 19, 23])
  }

  func testBooleanMasks() throws {
    let x0 = try x.get([.at(0)])
    let m = try Tensor.binary(.gt, x0, 5)
    XCTAssertEqual(m.dtype, .bool)
    assertTensor(try x0.get([.mask(m)]), shape: [6], [6, 7, 8, 9, 10, 11])
    // x[:, m]: the mask covers the last two axes.
    assertTensor(try x.get([.all, .mask(m)]), shape: [2, 6],
                 [6, 7, 8, 9, 10, 11, 18, 19, 20, 21, 22, 23])
    // An all-false mask gives an empty result of the right shape.
    let none = try Tensor.binary(.gt, x0, 100)
    XCTAssertEqual(try x.get([.all, .mask(none)]).shape, [2, 0])
    assertThrows("boolean index of shape [3] does not match the indexed axes of shape [2]",
                 try x.get([.mask(try Tensor.binary(.gt, tensor([1, 2, 3], [3]), 1))]))
  }

  func testWritesThroughMasksAndPairs() throws {
    // w[x > 20] = -1
    var w = x
    try w.set([.mask(try Tensor.binary(.gt, x, 20))], Tensor(-1))
    XCTAssertEqual(w.toArray(), (0..<21).map(Double.init) + [-1, -1, -1])
    XCTAssertEqual(x.toArray()[23], 23)  // the original is a value, untouched
    // y[[0, 1, 0], [1, 2, 1], [3, 0, 3]] = [100, 200, 300]: a repeated position keeps the last.
    var y = x
    try y.set([.gather(tensor([0, 1, 0], [3])), .gather(tensor([1, 2, 1], [3])),
               .gather(tensor([3, 0, 3], [3]))], tensor([100, 200, 300], [3]))
    XCTAssertEqual(y.toArray()[7], 300)
    XCTAssertEqual(y.toArray()[20], 200)
    XCTAssertEqual(y.toArray().enumerated().filter { $0.element != Double($0.offset) }.count, 2)
  }

  func testScatterAddAccumulatesPairs() throws {
    // np.add.at(z, ([0, 2, 0], [1, 3, 1]), [1, 2, 4]) on zeros(3, 4).
    var z = try Tensor.zeros([3, 4])
    try z.add([.gather(tensor([0, 2, 0], [3])), .gather(tensor([1, 3, 1], [3]))], tensor([1, 2, 4], [3]))
    XCTAssertEqual(z.toArray(), [0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
  }

  func testBoolDtype() throws {
    let b = try Tensor.binary(.lt, tensor([1, 5, 3], [3]), 3)
    XCTAssertEqual(b.dtype, .bool)
    XCTAssertEqual(b.formatted(), "tensor bool [3]\n[true, false, false]")
    XCTAssertEqual(try b.sum().item(), 1)
    XCTAssertEqual(try Tensor.binary(.add, b, tensor([1, 1, 1], [3], .f32)).dtype, .f32)
    XCTAssertEqual(try b.astype(.f64).toArray(), [1, 0, 0])
    XCTAssertEqual(try Tensor.logical(.or, b, try b.logicalNot()).toArray(), [1, 1, 1])
    XCTAssertEqual(try tensor([.nan, 1, .infinity], [3]).test(.isfinite).toArray(), [0, 1, 0])
    XCTAssertEqual(DType.promote(.bool, .c64), .c64)
  }

  func testProductOfOthersHandlesZeros() throws {
    // The gradient of prod at [2, 0, 3, 4] is [0, 24, 0, 0] (PyTorch).
    XCTAssertEqual(try tensor([2, 0, 3, 4], [4]).productOfOthers().toArray(), [0, 24, 0, 0])
    let rows = try tensor([2, 0, 3, 1, 2, 3], [2, 3]).productOfOthers(axes: [1])
    XCTAssertEqual(rows.toArray(), [0, 6, 0, 6, 3, 2])
  }
}
