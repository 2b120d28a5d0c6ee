// Shared by the stdlib fuzz tests: a seeded generator and the loop that runs random programs
// in one session and fails on a crash-free but wrong outcome (an internal error, an empty
// message, an error of another type) or on a generator that makes almost nothing runnable.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest


/// Runs `NOS_FUZZ_COUNT` (default `defaultCount`, 3000) programs from `program`; at least
/// 1/`minimumRunFraction` of them must run without an error. `NOS_FUZZ_SHOW` prints every
/// error message.
func runStdlibFuzz(_ name: String, seed: UInt64, minimumRunFraction: Int,
                   defaultCount: Int = 3_000,
                   program: (inout TestRNG) -> String,
                   file: StaticString = #filePath, line: UInt = #line) {
  var rng = TestRNG(state: seed)
  let env = ProcessInfo.processInfo.environment
  let count = Int(env["NOS_FUZZ_COUNT"] ?? "") ?? defaultCount
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
