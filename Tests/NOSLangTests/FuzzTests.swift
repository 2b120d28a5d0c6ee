// Robustness: random and mutated programs must never crash or hang the process.

import Foundation
import NOSTestSupport
import XCTest
@testable import NOSLang

final class FuzzTests: XCTestCase {
  static let seeds = [
    "fn fib(n) { if n < 2 { return n }; fib(n - 1) + fib(n - 2) }\nfib(10)",
    "fn counter() { c = 0; () -> { c += 1; c } }\nk = counter(); k(); k()",
    "xs = [1, 2, 3]\nfor x in xs { push(xs, x) }\nxs[1:-1]",
    "r = {lr: 1e-3, epochs: 100}\nr.lr = r.lr * 2\nprint(f\"lr {r.lr:.3e} {r}\")",
    "a, b = [1, 2]\nwhile a < 100 { a = a * 2 + b }\na",
    "y = if 1 < 2 { \"a\" } else { \"b\" }\ny * 3",
    "f = (a, b=2) -> a ^ b\nf(3) + f(2, b=3)",
    "s = 0\nfor i in 0..=10 { if i % 3 == 0 { continue }; s += i }\ns",
    "x = []\nfor i in 0..5 { x = [x, i] }\nstr(x)",
    "fn g(x, k=x) = x * k\ng(k=2, x=3)",
    "keys({a: 1, b: [1, {c: nil}]})",
    "assert(len(\"héllo\") == 5, \"len\")\nerror(\"x\")",
    "z = -2^2 * (3 % 2) / 0",
    "not true or false and nil",
    "a = 7 // 2 ** 2\nb = 1 < 2 & 3 > 2 | ~false\nnot b & a > 0",
  ]

  static let fragments = [
    "(", ")", "[", "]", "{", "}", ",", ":", ";", "\n", " ", "=", "+=", "-", "^", "@", "..",
    "..=", ".", "->", "fn", "if", "else", "for", "in", "while", "break", "continue", "return",
    "x", "f", "print", "len", "push", "1", "0", "-1", "1e308", "nan", "inf", "\"s\"",
    "f\"{x:5.2f}\"", "f\"{", "}", "[]", "{}", "and", "or", "not", "nil", "true", "x[0]",
    "x.y", "x()", "0..3", "# c", "\"", "\\", "'", "é", "🙂", "**", "//", "&", "|", "~",
    "&&", "||", "~~", "not in", " in ",
  ]

  static func mutate(_ src: String, _ rng: inout TestRNG) -> [UInt8] {
    var bytes = Array(src.utf8)
    for _ in 0..<(1 + rng.int(2)) {
      let at = rng.int(bytes.count + 1)
      switch rng.int(6) {
      case 0 where !bytes.isEmpty:
        let n = min(bytes.count - min(at, bytes.count), 1 + rng.int(6))
        if at < bytes.count { bytes.removeSubrange(at..<(at + n)) }
      case 1: bytes.insert(contentsOf: Array(rng.pick(fragments).utf8), at: at)
      case 2 where !bytes.isEmpty:
        let start = rng.int(bytes.count)
        let end = min(bytes.count, start + rng.int(20))
        bytes.insert(contentsOf: bytes[start..<end], at: min(at, bytes.count))
      case 3: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
      case 4: bytes = Array(bytes.prefix(at))
      default: bytes.insert(contentsOf: Array(rng.pick(fragments).utf8), at: at)
      }
    }
    return bytes
  }

  static func soup(_ rng: inout TestRNG) -> [UInt8] {
    var s = ""
    for _ in 0..<(1 + rng.int(30)) { s += rng.pick(fragments) + (rng.int(3) == 0 ? " " : "") }
    return Array(s.utf8)
  }

  static let prelude = "a = 1; b = 2.5; xs = [1, 2, 3]; r = {k: 1, s: \"t\"}\n"
    + "fn f(x) = x + 1\nfn g(x, y=2) { return x * y }\n"

  /// A random, mostly well-formed program over the prelude's names.
  static func program(_ rng: inout TestRNG) -> [UInt8] {
    var s = prelude
    for _ in 0..<(1 + rng.int(6)) { s += stmt(&rng, 0) + "\n" }
    return Array(s.utf8)
  }

  static func stmt(_ rng: inout TestRNG, _ d: Int) -> String {
    let target = rng.pick(["a", "b", "xs", "r", "c", "xs[0]", "r.k", "r.n", "xs[-1]"])
    switch rng.int(9) {
    case 0: return "\(target) = \(expr(&rng, d + 1))"
    case 1: return "\(target) \(rng.pick(["+=", "-=", "*=", "/="])) \(expr(&rng, d + 1))"
    case 2: return "for i in \(expr(&rng, d + 1)) { \(stmt(&rng, d + 1)) }"
    case 3: return "while \(expr(&rng, d + 1)) { \(stmt(&rng, d + 1)); break }"
    case 4: return "fn h(x, y=\(expr(&rng, d + 1))) { \(stmt(&rng, d + 1)); \(expr(&rng, d + 1)) }"
    case 5: return "if \(expr(&rng, d + 1)) { \(stmt(&rng, d + 1)) } else { \(stmt(&rng, d + 1)) }"
    case 6: return "a, b = \(expr(&rng, d + 1))"
    case 7: return "push(xs, \(expr(&rng, d + 1)))"
    default: return "print(\(expr(&rng, d + 1)))"
    }
  }

  static func expr(_ rng: inout TestRNG, _ d: Int) -> String {
    if d > 4 { return rng.pick(["a", "b", "xs", "r", "1", "0", "-2.5", "nil", "\"q\"", "nan"]) }
    let e = { (rng: inout TestRNG) in expr(&rng, d + 1) }
    switch rng.int(16) {
    case 0:
      let op = rng.pick(["+", "-", "*", "/", "%", "^", "@", "==", "<", ">=", "and", "or"])
      return "\(e(&rng)) \(op) \(e(&rng))"
    case 1: return "\(rng.pick(["-", "not ", "+"]))\(e(&rng))"
    case 2: return "\(rng.pick(["f", "len", "str", "typeof", "g", "h", "keys"]))(\(e(&rng)))"
    case 3: return "g(\(e(&rng)), y=\(e(&rng)))"
    case 4: return "[\(e(&rng)), \(e(&rng))]"
    case 5: return "{k: \(e(&rng)), m: \(e(&rng))}"
    case 6: return "\(e(&rng))[\(e(&rng))]"
    case 7: return "xs[\(rng.pick(["1:", ":-1", "::2", "::-1", "0:1:0"]))]"
    case 8: return "\(e(&rng)).\(rng.pick(["k", "s", "len()", "push(1)", "zz"]))"
    case 9: return "if \(e(&rng)) { \(e(&rng)) } else { \(e(&rng)) }"
    case 10: return "(x -> \(e(&rng)))(\(e(&rng)))"
    case 11: return "\(rng.int(5))..\(rng.pick(["", "="]))\(rng.int(8))"
    case 12: return "f\"{ \(e(&rng)):\(rng.pick(["", "5.2f", ".3e", "d", ">8", ",", "%"]))}\""
    case 13: return "(\(e(&rng)))"
    default: return rng.pick(["a", "b", "xs", "r", "1", "0", "1e300", "\"s\"", "true", "c"])
    }
  }

  func testRandomAndMutatedProgramsNeverCrash() {
    var rng = TestRNG(state: 20_251_123)
    let count = Int(ProcessInfo.processInfo.environment["NOS_FUZZ_COUNT"] ?? "") ?? 20_000
    // CPU time, not wall time: a hang or a slow path shows in both, a loaded machine only in
    // the wall clock.
    let start = FuzzTests.cpuSeconds()
    var ran = 0
    var failed = 0
    var session = Session(output: BufferOutput(), interrupt: Interrupt())
    for i in 0..<count {
      if i % 500 == 0 {
        session = Session(output: BufferOutput(), interrupt: Interrupt())
        session.stepLimit = 3_000
        session.interpreter.maxCollection = 1 << 14
      }
      let program: [UInt8]
      switch rng.int(8) {
      case 0: program = FuzzTests.soup(&rng)
      case 1, 2, 3: program = FuzzTests.mutate(rng.pick(FuzzTests.seeds), &rng)
      case 4: program = FuzzTests.mutate(String(decoding: FuzzTests.program(&rng), as: UTF8.self),
                                         &rng)
      default: program = FuzzTests.program(&rng)
      }
      _ = Session.check(bytes: program)
      do {
        try session.run(bytes: program, file: "fuzz.nos")
        ran += 1
      } catch let e as NOSError {
        failed += 1
        XCTAssertFalse(e.description.isEmpty)
        XCTAssertFalse(e.message.hasPrefix("internal"), e.description)
        if ProcessInfo.processInfo.environment["NOS_FUZZ_SHOW"] != nil {
          print("FUZZMSG \(e.diagnostics[0].phase) \(e.message)")
        }
      } catch {
        XCTFail("unexpected error type: \(error)")
      }
    }
    let seconds = FuzzTests.cpuSeconds() - start
    print("fuzz: \(count) programs (\(ran) ran, \(failed) errors) in \(seconds) s CPU")
    XCTAssertLessThan(seconds, 60)
  }

  /// This process's user + system CPU time in seconds.
  static func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    let t = [u.ru_utime, u.ru_stime]
    return t.reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
  }
}
