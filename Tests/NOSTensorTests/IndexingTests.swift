// Indexing: Python slice semantics, negative indices, gathers, index assignment, copy-on-write.
import Numerics
import XCTest
@testable import NOSTensor

final class IndexingTests: XCTestCase {
  /// Python's `list(range(n))[start:stop:step]`, following CPython's slice.indices.
  func pySlice(_ n: Int, _ start: Int?, _ stop: Int?, _ step: Int?) -> [Int] {
    let st = step ?? 1
    let (lower, upper) = st < 0 ? (-1, n - 1) : (0, n)
    func adjust(_ v: Int?, _ dflt: Int) -> Int {
      guard let v else { return dflt }
      if v < 0 {
        let w = v + n  // v ≥ Int.min, n ≥ 0: no overflow
        return w < lower ? lower : w
      }
      return v > upper ? upper : v
    }
    let a = adjust(start, st < 0 ? upper : lower)
    let b = adjust(stop, st < 0 ? lower : upper)
    var out: [Int] = []
    var i = a
    while st > 0 ? i < b : i > b {
      out.append(i)
      let (next, overflow) = i.addingReportingOverflow(st)
      if overflow { break }
      i = next
    }
    return out
  }

  func testSliceTableFromPython() {
    // Hand-checked against Python: list(range(10))[a:b:c].
    XCTAssertEqual(pySlice(10, nil, nil, -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    XCTAssertEqual(pySlice(10, 8, 2, -3), [8, 5])
    XCTAssertEqual(pySlice(10, -3, nil, nil), [7, 8, 9])
    XCTAssertEqual(pySlice(10, nil, -12, -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    XCTAssertEqual(pySlice(10, 20, nil, -4), [9, 5, 1])
    XCTAssertEqual(pySlice(10, -100, 100, 3), [0, 3, 6, 9])
    XCTAssertEqual(pySlice(10, 5, 5, 1), [])
    XCTAssertEqual(pySlice(0, nil, nil, -1), [])
  }

  func testRandomSlicesMatchPython() throws {
    var rng = TestRNG(40)
    let specials = [nil, 0, 1, -1, 2, -2, 5, -5, 7, -7, 11, -11, Int.max, Int.min, Int.max - 1,
                    Int.min + 1, 1 << 40, -(1 << 40)]
    func pick() -> Int? {
      rng.next() % 2 == 0 ? specials[rng.int(0, specials.count - 1)] : rng.int(-12, 12)
    }
    for n in [0, 1, 2, 5, 7] {
      let x = try tensor((0..<n).map(Double.init), [n])
      for _ in 0..<400 {
        let a = pick(), b = pick()
        var c = pick()
        if c == 0 { c = nil }
        let want = pySlice(n, a, b, c).map(Double.init)
        let v = try x.get([.slice(start: a, stop: b, step: c)])
        XCTAssertEqual(v.shape, [want.count], "n=\(n) [\(a as Any):\(b as Any):\(c as Any)]")
        XCTAssertEqual(v.toArray(), want, "n=\(n) [\(a as Any):\(b as Any):\(c as Any)]")
      }
    }
  }

  func testSlicesOfA2DTensorAndViews() throws {
    let x = try tensor((0..<42).map(Double.init), [6, 7])
    let v = try x.get([.slice(start: -1, stop: 0, step: -2), .slice(start: 1, stop: nil, step: 3)])
    let rows = pySlice(6, -1, 0, -2), cols = pySlice(7, 1, nil, 3)
    XCTAssertEqual(v.shape, [rows.count, cols.count])
    XCTAssertEqual(v.toArray(), rows.flatMap { r in cols.map { Double(r * 7 + $0) } })
    // A slice of a slice of a transposed view.
    let w = try x.T.get([.slice(start: 1, stop: nil, step: 2)]).get([.all, .slice(start: nil, stop: nil, step: -1)])
    XCTAssertEqual(w.shape, [3, 6])
    XCTAssertEqual(w.toArray(), [1, 3, 5].flatMap { c in (0..<6).reversed().map { Double($0 * 7 + c) } })
    XCTAssertTrue(v.storage === x.storage)
    // Integers drop axes and count from the end when negative.
    XCTAssertEqual(try x.get([.at(-1), .at(-7)]).item(), 35)
    XCTAssertEqual(try x.get([.at(2)]).toArray(), (14..<21).map(Double.init))
    XCTAssertEqual(try x.get([.all, .at(-2)]).toArray(), [5, 12, 19, 26, 33, 40])
    XCTAssertEqual(try x.get([]).shape, [6, 7])
    assertThrows("index 6 is out of range for axis 0 with size 6", try x.get([.at(6)]))
    assertThrows("index -8 is out of range for axis 1 with size 7", try x.get([.all, .at(-8)]))
    assertThrows("index \(Int.min) is out of range", try x.get([.at(Int.min)]))
    assertThrows("index \(Int.max) is out of range", try x.get([.at(Int.max)]))
    assertThrows("too many indices for tensor of shape [6, 7]: 3", try x.get([.at(0), .at(0), .at(0)]))
    assertThrows("slice step cannot be zero", try x.get([.slice(start: nil, stop: nil, step: 0)]))
    assertThrows("too many indices", try Tensor(1).get([.at(0)]))
  }

  func testGather() throws {
    let x = try tensor((0..<12).map(Double.init), [4, 3])
    let g = try x.get([.gather(tensor([3, 0, -1, 1], [4]))])
    assertTensor(g, shape: [4, 3], [9, 10, 11, 0, 1, 2, 9, 10, 11, 3, 4, 5])
    XCTAssertFalse(g.storage === x.storage)
    let c = try x.get([.all, .gather(tensor([2, 2, -3], [3]))])
    assertTensor(c, shape: [4, 3], [2, 2, 0, 5, 5, 3, 8, 8, 6, 11, 11, 9])
    // A 2-D index tensor replaces the axis with its shape.
    let m = try x.get([.gather(tensor([0, 1, 3, 2], [2, 2]))])
    XCTAssertEqual(m.shape, [2, 2, 3])
    XCTAssertEqual(m.toArray(), [0, 1, 2, 3, 4, 5, 9, 10, 11, 6, 7, 8])
    // After an integer index the gather applies to the remaining axis.
    assertTensor(try x.get([.at(1), .gather(tensor([2, 0], [2]))]), shape: [2], [5, 3])
    // Two gathers pair up (NumPy): x[1, 0] and x[3, 2].
    assertTensor(try x.get([.gather(tensor([1, 3], [2])), .gather(tensor([0, 2], [2]))]), shape: [2],
                 [3, 11])
    // Index tensors may be f32 views.
    let idx = try tensor([0, 5, 1, 5, 2], [5], .f32).get([.slice(start: nil, stop: nil, step: 2)])
    assertTensor(try x.get([.gather(idx)]), shape: [3, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8])
    // Errors.
    assertThrows("index 4 is out of range for axis 0 with size 4", try x.get([.gather(tensor([0, 4], [2]))]))
    assertThrows("index -5 is out of range", try x.get([.gather(tensor([-5], [1]))]))
    assertThrows("index 1.5 is not an integer", try x.get([.gather(tensor([1.5], [1]))]))
    assertThrows("an index tensor must be real", try x.get([.gather(ctensor([.zero], [1]))]))
    assertThrows("not an integer", try x.get([.gather(tensor([.nan], [1]))]))
    assertThrows("index", try x.get([.gather(tensor([1e300], [1]))]))
    XCTAssertEqual(try x.get([.gather(Tensor.zeros([0]))]).shape, [0, 3])
  }

  /// Regression: a multi-dimensional index tensor before another gather shifted the axes, so
  /// the second gather hit the wrong axis.
  func testGatherAfterMultiDimensionalGather() throws {
    let x = try tensor((0..<12).map(Double.init), [4, 3])
    // The [2, 2] and [2] index tensors broadcast to [2, 2] and pair up (numpy: [[2, 3], [8, 9]]).
    let r = try x.get([.gather(tensor([0, 1, 2, 3], [2, 2])), .gather(tensor([2, 0], [2]))])
    XCTAssertEqual(r.shape, [2, 2])
    XCTAssertEqual(r.toArray(), [2, 3, 8, 9])
    let s = try x.get([.gather(Tensor(2)), .gather(tensor([1, 1], [2]))])  // 0-d index drops the axis
    XCTAssertEqual(s.shape, [2])
    XCTAssertEqual(s.toArray(), [7, 7])
  }

  func testIndexAssignmentBroadcasts() throws {
    var x = try Tensor.zeros([3, 4])
    try x.set([.at(0), .all], Tensor(7))
    try x.set([.all, .at(-1)], tensor([1, 2, 3], [3]))
    try x.set([.slice(start: 1, stop: nil, step: nil), .slice(start: nil, stop: 3, step: 2)], tensor([10, 20], [2]))
    XCTAssertEqual(x.toArray(), [7, 7, 7, 1, 10, 0, 20, 2, 10, 0, 20, 3])
    // Column-vector value broadcast across a stepped slice.
    try x.set([.all, .slice(start: nil, stop: nil, step: -2)], tensor([-1, -2, -3], [3, 1]))
    XCTAssertEqual(x.toArray(), [7, -1, 7, -1, 10, -2, 20, -2, 10, -3, 20, -3])
    // Values convert to the tensor's dtype.
    var f = try Tensor.zeros([2], dtype: .f32)
    try f.set([.at(1)], Tensor(0.1))
    XCTAssertEqual(f.dtype, .f32)
    XCTAssertEqual(f.toArray(), [0, Double(Float(0.1))])
    var z = try Tensor.zeros([2], dtype: .c128)
    try z.set([.at(0)], Tensor(complex: Complex(1, 2)))
    XCTAssertEqual(z.toComplexArray(), [Complex(1, 2), .zero])
    // Errors.
    assertThrows("shape mismatch in index assignment", try x.set([.at(0)], tensor([1, 2], [2])))
    assertThrows("index 3 is out of range", try x.set([.at(3)], Tensor(1)))
    assertThrows("shape mismatch in index assignment",
                 try x.set([.gather(tensor([0], [1])), .gather(tensor([0], [1]))], tensor([1, 2], [2])))
    // Assigning a view of itself.
    var y = try tensor([1, 2, 3, 4], [2, 2])
    try y.set([.at(0)], y.get([.at(1)]))
    XCTAssertEqual(y.toArray(), [3, 4, 3, 4])
    try y.set([.all], y.T)
    XCTAssertEqual(y.toArray(), [3, 3, 4, 4])
  }

  func testAssignmentThroughGather() throws {
    var x = try Tensor.zeros([4, 3])
    try x.set([.gather(tensor([2, -4], [2]))], tensor([[1, 2, 3], [4, 5, 6]].flatMap { $0 }, [2, 3]))
    XCTAssertEqual(x.toArray(), [4, 5, 6, 0, 0, 0, 1, 2, 3, 0, 0, 0])
    try x.set([.all, .gather(tensor([0, 2], [2]))], Tensor(9))
    XCTAssertEqual(x.toArray(), [9, 5, 9, 9, 0, 9, 9, 2, 9, 9, 0, 9])
    try x.set([.at(1), .gather(tensor([1], [1]))], tensor([-1], [1]))
    XCTAssertEqual(x.toArray()[4], -1)
    // A 2-D index tensor with a value of the gathered shape.
    var v = try Tensor.zeros([5])
    try v.set([.gather(tensor([0, 1, 3, 4], [2, 2]))], tensor([1, 2, 3, 4], [2, 2]))
    XCTAssertEqual(v.toArray(), [1, 2, 0, 3, 4])
    assertThrows("index 5 is out of range for axis 0 with size 5", try v.set([.gather(tensor([5], [1]))], Tensor(1)))
  }

  func testCopyOnWrite() throws {
    let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
    var b = a
    try b.set([.at(0), .at(0)], Tensor(100))
    XCTAssertEqual(a.toArray(), [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(b.toArray(), [100, 2, 3, 4, 5, 6])
    // A view is a value too: writing to it copies and leaves the base and the view alone.
    let view = try a.get([.all, .slice(start: nil, stop: nil, step: 2)])
    var w = view
    try w.set([.at(1)], tensor([-7, -8], [2]))
    XCTAssertEqual(w.toArray(), [1, 3, -7, -8])
    XCTAssertEqual(view.toArray(), [1, 3, 4, 6])
    XCTAssertEqual(a.toArray(), [1, 2, 3, 4, 5, 6])
    var t = a.T
    try t.set([.at(0)], Tensor(0))
    XCTAssertEqual(t.toArray(), [0, 0, 2, 5, 3, 6])
    XCTAssertEqual(a.toArray(), [1, 2, 3, 4, 5, 6])
    // Writing to a base whose view is alive leaves the view's values unchanged.
    var base = try tensor([1, 2, 3], [3])
    let keep = try base.get([.slice(start: 1, stop: nil, step: nil)])
    try base.set([.at(1)], Tensor(50))
    XCTAssertEqual(keep.toArray(), [2, 3])
    XCTAssertEqual(base.toArray(), [1, 50, 3])
    // Regression: writing into a uniquely held broadcast view changed every position that
    // shared the element.
    var bc = try Tensor.zeros([1, 3]).broadcast(to: [2, 3])
    try bc.set([.at(0), .at(0)], Tensor(5))
    XCTAssertEqual(bc.toArray(), [5, 0, 0, 0, 0, 0])
    // A uniquely held tensor is written in place.
    var u = try tensor([1, 2, 3], [3])
    let before = u.storage.raw
    try u.set([.at(0)], Tensor(9))
    XCTAssertEqual(u.storage.raw, before)
    XCTAssertEqual(u.toArray(), [9, 2, 3])
  }
}
