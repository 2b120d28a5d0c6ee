// Robustness of indexing and booleans: random index expressions (integers, slices, index
// tensors and lists, masks of right and wrong shapes, empty ones) read, assigned and
// differentiated, and random logic on bool tensors, must give results or clear errors —
// never a crash or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class IndexFuzzTests: XCTestCase {
  static let sources = [
    "arange(24).reshape(2, 3, 4)", "zeros(3, 4)", "randn(5)", "zeros(0, 3)", "ones(2, 2) > 0",
    "f32(randn(3, 2))", "c128(randn(2, 3))", "tensor(7)", "zeros(1, 0, 2)",
  ]
  static let items = [
    "0", "-1", "1", "5", "-9", ":", "1:", "::-1", ":0", "[0, 1]", "[[0], [1]]", "[]", "[-1, 0]",
    "[0, 9]", "[1.5]", "[true, false]", "[true, false, true]", "x > 0", "x[0] > 0", "x < -9",
    "true", "nan", "[0, 1] > 0", "(x > 0)[0]", "[[true], [false]]", "0..2", "arange(2)",
    "zeros(2, 2)", "\"a\"", "nil",
  ]
  static let values = ["0", "1.5", "[1, 2]", "x", "x * 2", "true", "[]", "\"s\"", "nan"]
  static let logic = [
    "logical_and(x > 0, x < 2)", "logical_or(x, 0)", "logical_not(x)", "logical_xor(x, [1])",
    "isnan(x)", "isinf(x / 0)", "all(x, axis=0)", "any(x, axis=-1, keepdims=true)",
    "sum(x > 0)", "mean(x > 0)", "where(x > 0, x, 1)", "(x > 0) + (x < 1)", "(x > 0) * 2.5",
    "nonzero(x)", "ix([0, 1], [1])", "maximum(x, 0.5)", "prod(x > 0)", "f32(x > 0)",
    "tensor(x, dtype=\"bool\")", "all(x, axis=7)",
  ]

  static func program(_ rng: inout TestRNG) -> String {
    let x = "x = \(rng.pick(sources))\n"
    var index: [String] = []
    for _ in 0..<(1 + rng.int(3)) { index.append(rng.pick(items)) }
    let i = index.joined(separator: ", ")
    switch rng.int(5) {
    case 0: return x + "print(x[\(i)])"
    case 1: return x + "x[\(i)] = \(rng.pick(values))\nprint(x)"
    case 2: return x + "print(grad(x -> sum(f64(x[\(i)]) ^ 2), f64(x)))"
    case 3: return x + "print(\(rng.pick(logic)))"
    default: return x + "m = \(rng.pick(logic))\nprint(x[m])"
    }
  }

  func testIndexingAndLogicNeverCrash() {
    runStdlibFuzz("index", seed: 18_180_018, minimumRunFraction: 10,
                  program: IndexFuzzTests.program)
  }
}
