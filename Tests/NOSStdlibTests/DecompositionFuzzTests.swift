// Robustness of the linear-algebra builtins: random calls of svd, eigh, eig, qr, cholesky,
// lstsq, pinv, matrix_rank and norm (and their gradients) with odd shapes, dtypes, values
// and options must give results or clear errors, never a crash or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class DecompositionFuzzTests: XCTestCase {
  static let operands = [
    "eye(3)", "zeros(0, 3)", "zeros(3, 0)", "zeros(2, 0, 0)", "randn(4, 3)", "randn(2, 3, 5)",
    "randn(3)", "5", "[[1, 2], [2, 4]]", "[[nan, 1], [1, inf]]", "randn(3, 3, dtype=\"c64\")",
    "f32(randn(2, 2))", "\"s\"", "nil", "[]", "ones(1, 1)", "full(3, 3, 1e308)", "-eye(2)",
    "randn(2, 2, 2, 2)", "zeros(3, 3)", "c128(randn(4, 2))", "tensor(7)", "{a: 1}",
  ]
  /// Options each builtin takes, odd values included; any builtin sometimes gets another's.
  static let options: [String: [String]] = [
    "svd": [", full_matrices=false", ", full_matrices=true", ", full_matrices=1"],
    "eigh": [", UPLO=\"U\"", ", UPLO=\"L\"", ", UPLO=1", ", UPLO=\"x\""],
    "eig": [""],
    "qr": [", mode=\"complete\"", ", mode=\"r\"", ", mode=\"reduced\"", ", mode=\"x\""],
    "cholesky": [""],
    "lstsq": [", rcond=0", ", rcond=1e300", ", rcond=-1", ", rcond=nan", ", rcond=nil"],
    "pinv": [", rcond=0", ", rcond=1e300", ", rcond=-1", ", rcond=nan", ", rcond=0.5"],
    "matrix_rank": [", tol=-1", ", tol=nil", ", tol=1e300", ", tol=nan", ", tol=0.5"],
    "norm": [", ord=\"nuc\"", ", ord=-2", ", ord=2", ", ord=0", ", ord=inf", ", ord=-inf",
             ", ord=1", ", ord=-1", ", ord=0.5", ", ord=-3", ", ord=\"fro\"", ", ord=nan",
             ", ord=\"x\"", ", axis=[0, 1]", ", axis=[1, 1]", ", axis=5", ", axis=-1",
             ", axis=[0, 1, 2]", ", axis=[-1, 0]", ", keepdims=true", ", axis=1.5"],
  ]

  static let names = ["svd", "eigh", "eig", "qr", "cholesky", "lstsq", "pinv", "matrix_rank",
                      "norm"]

  static func option(_ f: String, _ rng: inout TestRNG) -> String {
    let own = options[f] ?? [""]
    if rng.int(6) > 0 { return rng.pick(own) }
    let any = rng.pick(Array(options.values).sorted { $0[0] < $1[0] })
    return rng.pick(any) + rng.pick(["", ", nope=1"])
  }

  static func program(_ rng: inout TestRNG) -> String {
    let f = rng.pick(names), a = rng.pick(operands)
    var call = "\(f)(\(a)"
    if f == "lstsq" || rng.int(6) == 0 { call += ", \(rng.pick(operands))" }
    for _ in 0..<rng.int(3) { call += option(f, &rng) }
    call += ")"
    switch rng.int(4) {
    case 0: return "y = \(call)\nprint(y)"
    case 1:
      // A differentiable path: a gradient of something real built from the result.
      return "fn first(v) = if typeof(v) == \"list\" { v[0] } else { v }\n"
        + "print(grad(x -> real(sum(abs(first(\(f)(x\(option(f, &rng))))))), \(a)))"
      default: return "y = \(call)"
    }
  }

  func testLinalgBuiltinsNeverCrash() {
    runStdlibFuzz("linalg", seed: 20_261_206, minimumRunFraction: 20,
                  program: DecompositionFuzzTests.program)
  }
}
