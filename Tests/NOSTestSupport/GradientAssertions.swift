// Test assertions over NOSGrad's gradient checker: reverse mode against central differences.
import NOSGrad
import NOSTensor
import XCTest

/// Fails unless Autodiff's gradient of the real scalar `f(inputs)` agrees with central
/// differences to relative error `tol` (over the first `limit` elements of each input).
public func assertGradient(
  _ what: String = "", at inputs: [Tensor], tol: Double = 1e-6, limit: Int? = nil,
  file: StaticString = #filePath, line: UInt = #line, _ f: ([Variable]) throws -> Variable
) throws {
  let worst = try GradientCheck.worstError(f, at: inputs, limit: limit)
  XCTAssertLessThan(worst, tol, "\(what): gradient relative error \(worst)", file: file,
                    line: line)
}
