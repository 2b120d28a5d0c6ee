// The C tanh kernel against libm: relative error within a few ulp everywhere, exact
// special values (±0, ±inf, NaN, saturation).
import Foundation
import NOSTensor
import XCTest

final class FastMathTests: XCTestCase {
  func testTanhMatchesLibmF64() throws {
    var xs: [Double] = []
    for i in 0...200_000 { xs.append(-30 + 60 * Double(i) / 200_000) }
    for i in 0...200_000 { xs.append(-1 + 2 * Double(i) / 200_000) }
    for i in 0...2_000 { xs.append(-1e-6 + 2e-6 * Double(i) / 2_000) }
    xs += [0.624999999, 0.625, 0.625000001, 21.999, 22, 22.5, 700, -700, 1e-300, 5e-324]
    let y = try Tensor(xs).unary(.tanh).toArray()
    var worst = 0.0
    for (x, v) in zip(xs, y) {
      let ref = Foundation.tanh(x)
      let ulp = max(ref.ulp, Double.leastNormalMagnitude)
      worst = max(worst, abs(v - ref) / ulp)
    }
    XCTAssertLessThanOrEqual(worst, 4, "tanh differs from libm by \(worst) ulp")
  }

  func testTanhSpecialValues() throws {
    let y = try Tensor([0, -0.0, .infinity, -.infinity, .nan, 1e308, -1e308]).unary(.tanh).toArray()
    XCTAssertEqual(y[0], 0)
    XCTAssertEqual(y[1].sign, .minus)
    XCTAssertEqual(y[2], 1)
    XCTAssertEqual(y[3], -1)
    XCTAssertTrue(y[4].isNaN)
    XCTAssertEqual(y[5], 1)
    XCTAssertEqual(y[6], -1)
  }

  func testTanhF32MatchesLibm() throws {
    let xs = (0...100_000).map { -12 + 24 * Double($0) / 100_000 }
    let y = try Tensor(xs, dtype: .f32).unary(.tanh).toArray()
    for (x, v) in zip(xs, y) {
      let ref = Foundation.tanhf(Float(x))
      XCTAssertLessThanOrEqual(abs(Float(v) - ref), 2 * ref.ulp, "tanh(\(x))")
    }
  }
}
