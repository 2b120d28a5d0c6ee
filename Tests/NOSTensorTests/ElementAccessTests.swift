// The scalar paths' element access: layouts of views, per-axis indices, short vectors, and
// the small-buffer pool (aligned, reused).
import XCTest
@testable import NOSTensor

final class ElementAccessTests: XCTestCase {
  func testVectorLayoutOfAStridedView() throws {
    let m = try Tensor([1.0, 2, 3, 4, 5, 6], shape: [3, 2])
    let column = try m.get([.slice(start: nil, stop: nil, step: nil), .at(1)])
    let reversed = try column.get([.slice(start: nil, stop: nil, step: -1)])
    for v in [column, reversed] {
      let (base, count, stride) = try XCTUnwrap(v.f64VectorLayout)
      XCTAssertEqual((0..<count).map { base[$0 * stride] }, v.toArray())
    }
    XCTAssertNil(m.f64VectorLayout)
    XCTAssertNil(try m.astype(.f32).get([.at(0)]).f64VectorLayout)
  }

  func testElementAtIndicesCountsFromTheEndAndRefusesOutOfRange() throws {
    let m = try Tensor([1.0, 2, 3, 4, 5, 6], shape: [2, 3])
    let at = { (i: [Int]) in m.f64Element(at: { i[$0] }, count: i.count) }
    XCTAssertEqual(at([1, 2]), 6)
    XCTAssertEqual(at([-1, -3]), 4)
    XCTAssertNil(at([2, 0]))
    XCTAssertNil(at([0, -4]))
    XCTAssertNil(at([0]))
    XCTAssertEqual(Tensor(2.5).f64Scalar, 2.5)
    XCTAssertNil(Tensor([2.5]).f64Scalar)
  }

  func testShortAndLongVectors() {
    for n in [0, 3, 15, 16, 40] {
      let v = Tensor.f64Vector(count: n) { Double($0) * 0.5 }
      XCTAssertEqual(v.shape, [n])
      XCTAssertEqual(v.strides, [1])
      XCTAssertEqual(v.toArray(), (0..<n).map { Double($0) * 0.5 })
    }
  }

  func testSmallBuffersAreAlignedAndReused() throws {
    let pool = BufferPool()
    let a = try pool.take(24)
    XCTAssertEqual(Int(bitPattern: a) & 63, 0)
    pool.give(a, 24)
    // Same size class (17...24 bytes): the freed buffer comes back.
    let b = try pool.take(20)
    XCTAssertEqual(b, a)
    pool.give(b, 20)
    pool.drain()
    let c = try pool.take(300)
    XCTAssertEqual(Int(bitPattern: c) & 63, 0)
    pool.give(c, 300)
  }
}
