// Broadcasting of binary operations: the shape table, size-0 axes, mismatch errors, views.
import Numerics
import XCTest
@testable import NOSTensor

final class BroadcastTests: XCTestCase {
  /// Reference: out[idx] = a[idx mapped to a's shape] op b[...], NumPy broadcasting by hand.
  func naiveBroadcast(_ a: [Double], _ sa: [Int], _ b: [Double], _ sb: [Int],
                      _ f: (Double, Double) -> Double) -> ([Int], [Double]) {
    let n = max(sa.count, sb.count)
    let pa = Array(repeating: 1, count: n - sa.count) + sa
    let pb = Array(repeating: 1, count: n - sb.count) + sb
    let out = (0..<n).map { pa[$0] == 1 ? pb[$0] : pa[$0] }
    let values = (0..<product(out)).map { i -> Double in
      let idx = unravel(i, out)
      let ia = ravel((0..<n).map { pa[$0] == 1 ? 0 : idx[$0] }, pa)
      let ib = ravel((0..<n).map { pb[$0] == 1 ? 0 : idx[$0] }, pb)
      return f(a[ia], b[ib])
    }
    return (out, values)
  }

  func testShapeTable() throws {
    var rng = TestRNG(1)
    let cases: [([Int], [Int], [Int])] = [
      ([3, 1], [1, 4], [3, 4]),
      ([2, 3], [3], [2, 3]),
      ([3], [2, 3], [2, 3]),
      ([], [2, 3], [2, 3]),
      ([2, 3], [], [2, 3]),
      ([4, 1, 3], [2, 1], [4, 2, 3]),
      ([1], [5], [5]),
      ([2, 1, 1], [1, 3, 1], [2, 3, 1]),
      ([0, 3], [3], [0, 3]),
      ([0, 3], [1, 3], [0, 3]),
      ([2, 0], [2, 1], [2, 0]),
      ([1, 0], [4, 1], [4, 0]),
    ]
    for (sa, sb, expected) in cases {
      let av = rng.array(product(sa)), bv = rng.array(product(sb))
      let a = try tensor(av, sa), b = try tensor(bv, sb)
      for (op, f) in [(BinaryOp.add, { (x: Double, y: Double) in x + y }),
                      (.sub, { $0 - $1 }), (.mul, { $0 * $1 }), (.div, { $0 / $1 })] {
        let (shape, ref) = naiveBroadcast(av, sa, bv, sb, f)
        XCTAssertEqual(shape, expected)
        assertTensor(try Tensor.binary(op, a, b), shape: expected, dtype: .f64, ref,
                     "\(sa) \(op.rawValue) \(sb)")
      }
    }
  }

  func testScalarOperands() throws {
    let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
    assertTensor(try a + 10, shape: [2, 3], [11, 12, 13, 14, 15, 16])
    assertTensor(try 2 * a, shape: [2, 3], [2, 4, 6, 8, 10, 12])
    assertTensor(try Tensor.binary(.sub, 1, a), shape: [2, 3], [0, -1, -2, -3, -4, -5])
    assertTensor(try Tensor.binary(.div, a, 2), shape: [2, 3], [0.5, 1, 1.5, 2, 2.5, 3])
    assertTensor(try Tensor.binary(.div, 6, a), shape: [2, 3], [6, 3, 2, 1.5, 1.2, 1])
    // 0-d tensor on either side.
    let s = Tensor(3)
    assertTensor(try s - a, shape: [2, 3], [2, 1, 0, -1, -2, -3])
    assertTensor(try a - s, shape: [2, 3], [-2, -1, 0, 1, 2, 3])
    let z = try s * Tensor(4)
    XCTAssertEqual(z.shape, [])
    XCTAssertEqual(try z.item(), 12)
  }

  func testMismatchErrorsNameOpAndShapes() throws {
    let a = try Tensor.zeros([2, 3]), b = try Tensor.zeros([2])
    assertThrows("shape mismatch in +: [2, 3] and [2]", try a + b)
    assertThrows("shape mismatch in -: [2] and [2, 3]", try b - a)
    assertThrows("shape mismatch in *: [2, 3] and [2]", try a * b)
    assertThrows("shape mismatch in /: [2, 3] and [2]", try a / b)
    assertThrows("shape mismatch in ==: [2, 3] and [2]", try Tensor.binary(.eq, a, b))
    assertThrows("shape mismatch in maximum: [2, 3] and [2]", try Tensor.binary(.maximum, a, b))
    assertThrows("shape mismatch in +: [3, 4] and [4, 3]",
                 try Tensor.zeros([3, 4]) + Tensor.zeros([4, 3]))
    assertThrows("shape mismatch in +: [0] and [2]", try Tensor.zeros([0]) + Tensor.zeros([2]))
  }

  func testBroadcastToView() throws {
    let a = try tensor([1, 2, 3], [3, 1])
    let b = try a.broadcast(to: [2, 3, 4])
    XCTAssertEqual(b.shape, [2, 3, 4])
    XCTAssertEqual(b.toArray(), (0..<24).map { Double(unravel($0, [2, 3, 4])[1] + 1) })
    assertThrows("cannot broadcast [3, 1] to [4, 4]", try a.broadcast(to: [4, 4]))
    assertThrows("cannot broadcast [3, 1] to [3]", try a.broadcast(to: [3]))
  }

  func testNonContiguousOperands() throws {
    var rng = TestRNG(2)
    let av = rng.array(24), bv = rng.array(12)
    let a = try tensor(av, [2, 3, 4])
    let b = try tensor(bv, [4, 3])
    // a + b.T: b.T is a transposed view [3, 4].
    let r1 = try a + b.T
    let ref1 = (0..<24).map { i -> Double in
      let x = unravel(i, [2, 3, 4])
      return av[i] + bv[x[2] * 3 + x[1]]
    }
    assertTensor(r1, shape: [2, 3, 4], ref1, "a + b.T")
    // Stepped slices on both sides: a[:, ::2, 1::2] * b[::-2, :2] -> [2, 2, 2] vs [2, 2].
    let sa = try a.get([.all, .slice(start: nil, stop: nil, step: 2), .slice(start: 1, stop: nil, step: 2)])
    let sb = try b.get([.slice(start: nil, stop: nil, step: -2), .slice(start: nil, stop: 2, step: nil)])
    XCTAssertEqual(sa.shape, [2, 2, 2])
    XCTAssertEqual(sb.shape, [2, 2])
    let r2 = try sa * sb
    let ref2 = (0..<8).map { i -> Double in
      let x = unravel(i, [2, 2, 2])
      let va = av[ravel([x[0], 2 * x[1], 1 + 2 * x[2]], [2, 3, 4])]
      let vb = bv[ravel([3 - 2 * x[1], x[2]], [4, 3])]
      return va * vb
    }
    assertTensor(r2, shape: [2, 2, 2], ref2, "stepped slices")
    // Broadcast views with zero strides as inputs.
    let col = try tensor([1, 2, 3], [3, 1]).broadcast(to: [3, 4])
    let row = try tensor([10, 20, 30, 40], [4]).broadcast(to: [3, 4])
    let ref: [Double] = (0..<12).map { (i: Int) -> Double in Double(i / 4 + 1 + 10 * (i % 4 + 1)) }
    assertTensor(try col + row, shape: [3, 4], ref, "broadcast views")
    // A permuted view against a sliced one.
    let p = try a.permuted([2, 0, 1])  // [4, 2, 3]
    let r3 = try p - a.get([.at(1)]).T.unsqueezed(axis: 1)  // [4, 1, 3]
    let ref3 = (0..<24).map { i -> Double in
      let x = unravel(i, [4, 2, 3])
      return av[ravel([x[1], x[2], x[0]], [2, 3, 4])] - av[ravel([1, x[2], x[0]], [2, 3, 4])]
    }
    assertTensor(r3, shape: [4, 2, 3], ref3, "permuted - sliced")
  }

  func testLargeParallelBroadcast() throws {
    // Big enough to be split across threads; checks every element.
    let n = 300, m = 257
    let colv = (0..<n).map { Double($0) }, rowv = (0..<m).map { Double($0) * 1000 }
    let r = try tensor(colv, [n, 1]) + tensor(rowv, [m])
    XCTAssertEqual(r.shape, [n, m])
    let out = r.toArray()
    for i in 0..<n {
      for j in 0..<m where out[i * m + j] != Double(i) + Double(j) * 1000 {
        XCTFail("element [\(i), \(j)] is \(out[i * m + j])")
        return
      }
    }
    // The transposed result walks with non-unit strides.
    let t = try r.T * 1
    XCTAssertEqual(t.shape, [m, n])
    XCTAssertEqual(t.toArray()[5 * n + 7], 7 + 5000)
  }
}
