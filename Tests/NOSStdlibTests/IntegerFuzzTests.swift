// Robustness of i64 tensors: random operations on integer tensors (with Int64.min, Int64.max,
// zeros and negatives), mixed with bool, f32, f64 and complex tensors and plain numbers, must
// give results or clear errors — never a trap (overflow, division by zero) or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class IntegerFuzzTests: XCTestCase {
  static let sources = [
    "arange(6)", "arange(-3, 3).reshape(2, 3)",
    "tensor([-2^63, 2^63 - 1024, 0, -1], dtype=\"i64\")",
    "zeros(0, 2, dtype=\"i64\")", "argmax(randn(3, 4), axis=1)", "tensor(7, dtype=\"i64\")",
    "i64(randn(2, 3) * 1e6)", "argsort(randn(4))", "ones(1, 4, dtype=\"int\")",
  ]
  static let others = [
    "0", "-1", "2", "2.5", "-2^63", "2^63", "nan", "inf", "x", "x > 0", "f32(x)", "c64(x)",
    "[1, 2, 3]", "arange(3)", "tensor([0, -1], dtype=\"i64\")", "true",
  ]
  static let binary = ["+", "-", "*", "/", "//", "%", "^", "**", "==", "<", ">=", "@"]
  static let calls = [
    "sum(x)", "prod(x, axis=0)", "max(x)", "min(x, axis=-1)", "argmax(x)", "argmin(x, axis=0)",
    "mean(x)", "std(x)", "cumsum(x)", "sort(x)", "argsort(x)", "unique(x)", "abs(x)", "-x",
    "sign(x)", "sqrt(x)", "exp(x)", "clip(x, -2, 2)", "clip(x, 0.5, nil)", "where(x > 0, x, y)",
    "maximum(x, y)", "concat([x, x])", "stack([x, x])", "x.T", "x.reshape(-1)", "item(x)",
    "int(x)", "i64(x)", "astype(x, \"f32\")", "x[argmax(x)]", "x[argsort(x)]", "topk(x, 1)",
    "nonzero(x)", "argwhere(x)", "fft(x)", "norm(x)", "softmax(x)", "x.dtype", "show(x)",
    "grad(v -> sum(v * x), f64(x))", "grad(v -> sum(v), x)", "y[x]", "x[y]", "diff(x)",
    "allclose(x, y)", "isnan(x)", "round(x)", "x // y", "x % y", "matmul(x, x.T)",
  ]

  static func program(_ rng: inout TestRNG) -> String {
    var s = "x = \(rng.pick(sources))\ny = \(rng.pick(others))\n"
    for _ in 0..<(1 + rng.int(3)) {
      if rng.int(2) == 0 {
        s += "print(\(rng.pick(["x", "y"])) \(rng.pick(binary)) \(rng.pick(others)))\n"
      } else {
        s += "print(\(rng.pick(calls)))\n"
      }
    }
    return s
  }

  func testIntegerTensorsNeverTrap() {
    runStdlibFuzz("int64", seed: 64_064_064, minimumRunFraction: 10,
                  program: IntegerFuzzTests.program)
  }
}
