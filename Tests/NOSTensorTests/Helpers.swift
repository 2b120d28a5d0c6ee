// Test helpers: naive index arithmetic, tensor asserts, naive DFT and matmul references.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor
@_exported import NOSTestSupport

/// Values rounded to what an f32 tensor stores (so references see the same inputs).
func asFloat(_ v: [Double]) -> [Double] { v.map { Double(Float($0)) } }

func asFloat(_ v: [Complex<Double>]) -> [Complex<Double>] {
  v.map { Complex(Double(Float($0.real)), Double(Float($0.imaginary))) }
}

func product(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// Row-major multi-index of flat position `i`.
func unravel(_ i: Int, _ shape: [Int]) -> [Int] {
  var r = i
  var idx = [Int](repeating: 0, count: shape.count)
  for d in stride(from: shape.count - 1, through: 0, by: -1) {
    idx[d] = r % shape[d]
    r /= shape[d]
  }
  return idx
}

/// Row-major flat position of a multi-index.
func ravel(_ idx: [Int], _ shape: [Int]) -> Int {
  var f = 0
  for d in 0..<shape.count { f = f * shape[d] + idx[d] }
  return f
}

/// A real tensor of `shape` with the given values (test shorthand).
func tensor(_ values: [Double], _ shape: [Int], _ dt: DType = .f64) throws -> Tensor {
  try Tensor(values, shape: shape, dtype: dt)
}

func ctensor(_ values: [Complex<Double>], _ shape: [Int], _ dt: DType = .c128) throws -> Tensor {
  try Tensor(complex: values, shape: shape, dtype: dt)
}

/// Relative-plus-absolute tolerance suited to a dtype.
func tol(_ dt: DType) -> Double { dt.isDouble ? 1e-12 : 2e-5 }

/// Checks shape, dtype and values of a tensor.
func assertTensor(_ t: Tensor, shape: [Int], dtype: DType? = nil, _ values: [Double],
                  tol: Double = 1e-12, _ what: String = "",
                  file: StaticString = #filePath, line: UInt = #line) {
  XCTAssertEqual(t.shape, shape, "\(what): shape", file: file, line: line)
  if let dtype { XCTAssertEqual(t.dtype, dtype, "\(what): dtype", file: file, line: line) }
  assertClose(t.toArray(), values, tol: tol, what, file: file, line: line)
}

/// Asserts that `body` throws a TensorError whose message contains `fragment`.
func assertThrows<R>(_ fragment: String = "", _ body: @autoclosure () throws -> R,
                     file: StaticString = #filePath, line: UInt = #line) {
  do {
    _ = try body()
    XCTFail("expected an error containing \"\(fragment)\"", file: file, line: line)
  } catch let e as TensorError {
    if !fragment.isEmpty && !e.message.contains(fragment) {
      XCTFail("error \"\(e.message)\" does not contain \"\(fragment)\"", file: file, line: line)
    }
  } catch {
    XCTFail("unexpected error type \(error)", file: file, line: line)
  }
}

/// Naive O(n²) DFT with NumPy's sign convention (forward: e^{-2πi jk/n}, no scaling).
func naiveDFT(_ x: [Complex<Double>], inverse: Bool = false) -> [Complex<Double>] {
  let n = x.count
  let sign = inverse ? 1.0 : -1.0
  return (0..<n).map { k in
    var acc = Complex<Double>.zero
    for j in 0..<n {
      let theta = sign * 2 * Double.pi * Double((j * k) % n) / Double(n)
      acc = acc + x[j] * Complex(cos(theta), sin(theta))
    }
    return inverse ? acc / Complex(Double(n), 0) : acc
  }
}

/// NumPy's n= semantics: truncate or zero-pad to n.
func resized(_ x: [Complex<Double>], _ n: Int) -> [Complex<Double>] {
  n <= x.count ? Array(x[..<n]) : x + Array(repeating: .zero, count: n - x.count)
}

/// Naive matrix product of row-major complex matrices [m, k] × [k, n].
func naiveMatmul(_ a: [Complex<Double>], _ b: [Complex<Double>], _ m: Int, _ k: Int,
                 _ n: Int) -> [Complex<Double>] {
  var c = [Complex<Double>](repeating: .zero, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      var s = Complex<Double>.zero
      for p in 0..<k { s = s + a[i * k + p] * b[p * n + j] }
      c[i * n + j] = s
    }
  }
  return c
}

func real(_ v: [Double]) -> [Complex<Double>] { v.map { Complex($0, 0) } }
