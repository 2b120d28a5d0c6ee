// Closeness checks with a relative-plus-absolute tolerance, for real and complex values.
import Numerics
import XCTest

/// |a − b| ≤ tol·max(1, |b|); two nans are close, a nan and a number are not.
public func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a == b { return true }
  return abs(a - b) <= tol * Swift.max(1, abs(b))
}

/// Fails at the first element of `a` not close to `b` (or on a count mismatch).
public func assertClose(_ a: [Double], _ b: [Double], tol: Double = 1e-12, _ what: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
  guard a.count == b.count else {
    XCTFail("\(what): \(a.count) values, expected \(b.count)", file: file, line: line)
    return
  }
  for i in a.indices where !close(a[i], b[i], tol) {
    XCTFail("\(what): element \(i) is \(a[i]), expected \(b[i])", file: file, line: line)
    return
  }
}

/// The complex form: real and imaginary parts each close.
public func assertClose(_ a: [Complex<Double>], _ b: [Complex<Double>], tol: Double = 1e-12,
                        _ what: String = "", file: StaticString = #filePath,
                        line: UInt = #line) {
  guard a.count == b.count else {
    XCTFail("\(what): \(a.count) values, expected \(b.count)", file: file, line: line)
    return
  }
  for i in a.indices
  where !(close(a[i].real, b[i].real, tol) && close(a[i].imaginary, b[i].imaginary, tol)) {
    XCTFail("\(what): element \(i) is \(a[i]), expected \(b[i])", file: file, line: line)
    return
  }
}
