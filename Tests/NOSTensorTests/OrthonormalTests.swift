// Random orthonormal columns: orthonormal to rounding, and unbiased (Haar) in sign.
import NOSTensor
import XCTest

final class OrthonormalTests: XCTestCase {
  func testColumnsAreOrthonormal() throws {
    Random.seed(5)
    for (n, k) in [(64, 23), (16, 6), (7, 7), (3, 1)] {
      let q = try Tensor.randomOrthonormal(n, k)
      XCTAssertEqual(q.shape, [n, k])
      let v = q.toArray()
      for a in 0..<k {
        for b in 0..<k {
          let dot = (0..<n).reduce(0.0) { $0 + v[$1 * k + a] * v[$1 * k + b] }
          XCTAssertEqual(dot, a == b ? 1 : 0, accuracy: 1e-12, "\(n)x\(k) columns \(a), \(b)")
        }
      }
    }
    let c = try Tensor.randomOrthonormal(8, 3, dtype: .c64)
    XCTAssertEqual(c.dtype, .c64)
    XCTAssertTrue(c.toComplexArray().allSatisfy { $0.im == 0 })
  }

  /// Householder QR leaves R's diagonal with one sign, so Q without the sign fix has
  /// Q[0][0] of one sign every time; a Haar draw has mean 0 for every entry.
  func testDrawsAreUnbiased() throws {
    Random.seed(11)
    var corner = 0.0, differ = false
    let first = try Tensor.randomOrthonormal(4, 4).toArray()
    for _ in 0..<400 {
      let q = try Tensor.randomOrthonormal(4, 4).toArray()
      corner += q[0]
      if q != first { differ = true }
    }
    XCTAssertTrue(differ)
    // Q[0][0] has variance 1/4; the mean of 400 draws has standard deviation 0.025.
    XCTAssertEqual(corner / 400, 0, accuracy: 0.1)
  }

  func testBadShapesThrow() {
    XCTAssertThrowsError(try Tensor.randomOrthonormal(3, 4))
    XCTAssertThrowsError(try Tensor.randomOrthonormal(0, 0))
  }
}
