// Shared by the stdlib fuzz tests: a seeded generator and the loop that runs random programs
// in one session and fails on a crash-free but wrong outcome (an internal error, an empty
// message, an error of another type) or on a generator that makes almost nothing runnable.
import Foundation
import NOSLang
import NOSStdlib
import XCTest

/// SplitMix64, as in NOSLangTests' fuzz test.
struct FuzzRNG {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
  mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
}

/// Runs `NOS_FUZZ_COUNT` (default 3000) programs from `program`; at least 1/`minimumRunFraction`
/// of them must run without an error. `NOS_FUZZ_SHOW` prints every error message.
func runStdlibFuzz(_ name: String, seed: UInt64, minimumRunFraction: Int,
                   program: (inout FuzzRNG) -> String,
                   file: StaticString = #filePath, line: UInt = #line) {
  var rng = FuzzRNG(state: seed)
  let env = ProcessInfo.processInfo.environment
  let count = Int(env["NOS_FUZZ_COUNT"] ?? "") ?? 3_000
  var ran = 0, failed = 0
  let session = Stdlib.session(output: BufferOutput())
  for _ in 0..<count {
    let source = program(&rng)
    do {
      try session.run(source: source, file: "fuzz.nos")
      ran += 1
    } catch let e as NOSError {
      failed += 1
      XCTAssertFalse(e.message.isEmpty, file: file, line: line)
      if env["NOS_FUZZ_SHOW"] != nil { print("FUZZMSG \(e.message)") }
      XCTAssertFalse(e.message.hasPrefix("internal"), "\(source): \(e.description)",
                     file: file, line: line)
    } catch {
      XCTFail("unexpected error type for \(source): \(error)", file: file, line: line)
    }
  }
  print("\(name) fuzz: \(count) programs (\(ran) ran, \(failed) errors)")
  XCTAssertGreaterThan(ran, count / minimumRunFraction,
                       "almost nothing ran: the generator is broken", file: file, line: line)
}
