// Sorting kernels: stable argsort with NaN last (checked against a plain Swift sort of
// (value, index) pairs), per row of a 2-D tensor, and unique values.
import XCTest
@testable import NOSTensor

final class SortTests: XCTestCase {
  func testArgsortIsStableWithNaNLast() throws {
    let t = Tensor([2, .nan, 1, 2, -1, .nan, 1])
    XCTAssertEqual(try t.argsortLast().toArray(), [4, 2, 6, 0, 3, 1, 5])
    XCTAssertEqual(try t.argsortLast(descending: true).toArray(), [0, 3, 2, 6, 4, 1, 5])
  }

  func testRowsSortIndependentlyAgainstReference() throws {
    var rng = SystemRandomNumberGenerator()
    let values = (0..<60).map { _ in Double(Int.random(in: 0..<7, using: &rng)) }
    let t = try Tensor(values, shape: [6, 10])
    let idx = try t.argsortLast().toArray()
    for r in 0..<6 {
      let row = Array(values[(r * 10)..<(r * 10 + 10)])
      // Reference: sort (value, index) pairs lexicographically, which is a stable sort.
      let expected = row.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
        .map { Double($0.offset) }
      XCTAssertEqual(Array(idx[(r * 10)..<(r * 10 + 10)]), expected)
    }
  }

  func testUniqueAndComplexRefusal() throws {
    XCTAssertEqual(try Tensor([3, 1, .nan, 3, -0.0, 0]).uniqueValues().dropLast(), [-0.0, 1, 3])
    let u = try Tensor([3, .nan, .nan]).uniqueValues()
    XCTAssertEqual(u.count, 2)
    XCTAssertTrue(u[1].isNaN)
    XCTAssertThrowsError(try Tensor([1, 2]).astype(.c128).argsortLast())
  }
}
