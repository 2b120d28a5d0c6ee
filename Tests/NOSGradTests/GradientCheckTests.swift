// NOSGrad's GradientCheck: central differences against known derivatives, and it catches a
// wrong gradient.
import Numerics
import NOSGrad
import NOSTensor
import XCTest

final class GradCheckHelperTests: XCTestCase {
  /// f(x) = Σ x³ has gradient 3x²; central differences with h = 1e-4 are off by h² = 1e-8
  /// per element (the third derivative is 6, times h²/6).
  func testNumericGradientOfACubic() throws {
    let x = try Tensor([0.5, -1, 2], shape: [3])
    let g = try GradientCheck.numericGradient(of: { t in t.toArray().map { $0 * $0 * $0 }
      .reduce(0, +) }, at: x, step: 1e-4)
    for (got, want) in zip(g.toArray(), [0.75, 3, 12]) {
      XCTAssertEqual(got, want, accuracy: 2e-8)
    }
  }

  /// f(z) = Σ |z|² has PyTorch's gradient ∂f/∂Re + i ∂f/∂Im = 2z.
  func testComplexInputsUseBothParts() throws {
    let z = try Tensor(complex: [Complex(1, 2), Complex(-0.5, 0.25)], shape: [2])
    let g = try GradientCheck.numericGradient(of: { t in
      t.toComplexArray().map { $0.lengthSquared }.reduce(0, +)
    }, at: z)
    let got = g.toComplexArray()
    XCTAssertEqual(got[0].real, 2, accuracy: 1e-8)
    XCTAssertEqual(got[0].imaginary, 4, accuracy: 1e-8)
    XCTAssertEqual(got[1].real, -1, accuracy: 1e-8)
    XCTAssertEqual(got[1].imaginary, 0.5, accuracy: 1e-8)
  }

  func testAutodiffPassesAndAWrongGradientFails() throws {
    let x = try Tensor([0.3, -0.7, 1.1], shape: [3])
    let good = try GradientCheck.worstError({ v in try reduceSum(unary(.sin, mul(v[0], v[0]))) },
                                        at: [x])
    XCTAssertLessThan(good, 1e-8)
    // cos(x²) without the chain rule's 2x: wrong, and the check must say so.
    let wrong = try x.unary(.square).unary(.cos)
    let bad = try GradientCheck.worstError(analytic: wrong, of: { t in
      try t.unary(.square).unary(.sin).toArray().reduce(0, +)
    }, at: x)
    XCTAssertGreaterThan(bad, 0.1)
    XCTAssertThrowsError(try GradientCheck.worstError(analytic: Tensor(1.0), of: { _ in 0 }, at: x))
  }
}
