// Random calls of the MPI builtins' single-process fallbacks (and distributed= generators)
// with hostile arguments: every failure is a clear error, never a crash.
import NOSTestSupport
import XCTest

final class CollectiveFuzzTests: XCTestCase {
  static func value(_ r: inout TestRNG) -> String {
    r.pick(["nil", "\"x\"", "[]", "true", "-1", "2.5", "1e300", "nan", "zeros(0, 3)",
            "randn(2, 3)", "tensor([1, 2], dtype=\"f32\")", "tensor([1], dtype=c128)",
            "randn(2) > 0", "[1, [2]]", "{a: 1}"])
  }

  static func program(_ r: inout TestRNG) -> String {
    let x = value(&r), root = r.pick(["0", "1", "-1", "nil", "2^70", "0.5", "\"0\""])
    let op = r.pick(["\"sum\"", "\"max\"", "\"min\"", "\"prod\"", "\"mean\"", "1", "nil"])
    switch r.int(6) {
    case 0: return "allreduce(\(x), op=\(op))"
    case 1: return "broadcast(\(x), root=\(root))"
    case 2: return "gather(\(x), root=\(root))"
    case 3: return "rank() + nranks() + len([barrier()])"
    case 4:
      let n = r.pick(["0", "1", "3", "-2", "2^62", "1.5"])
      return "burgers(\(n), res=8, solve_res=16, distributed=\(r.pick(["true", "false", "1"])),"
        + " root=\(root))"
    default:
      return "fit(mlp([1, 2, 1]), {x: ones(3, 1), y: ones(3, 1)}, epochs=1, batch=2, "
        + "verbose=0, distributed=\(r.pick(["true", "false", "nil", "\"yes\""])))"
    }
  }

  func testCollectiveFuzz() {
    runStdlibFuzz("collectives", seed: 0xC011EC7, minimumRunFraction: 6, program: Self.program)
  }
}
