// Speed measurements, skipped unless NOS_BENCH=1 (run with `swift test -c release`).

import Foundation
import XCTest
import NOSLang

final class BenchTests: XCTestCase {
  static let fib = """
    fn fib(n) { if n < 2 { return n }; fib(n - 1) + fib(n - 2) }
    fib(27)
    """
  static let loop = """
    i = 0
    s = 0
    while i < 5000000 {
      s = s + i * 0.5
      i = i + 1
    }
    s
    """

  func time(_ source: String) throws -> (Double, String) {
    let session = Session(output: BufferOutput(), interrupt: Interrupt())
    let start = Date()
    let v = try session.run(source: source)
    return (Date().timeIntervalSince(start), v.map(Display.string) ?? "nil")
  }

  func testBenchmarks() throws {
    guard ProcessInfo.processInfo.environment["NOS_BENCH"] == "1" else {
      throw XCTSkip("set NOS_BENCH=1 to measure")
    }
    let only = ProcessInfo.processInfo.environment["NOS_BENCH_ONLY"]
    for (name, src) in [("fib(27)", BenchTests.fib), ("while 5M", BenchTests.loop)]
    where only == nil || name.hasPrefix(only ?? "") {
      var best = Double.infinity
      var value = ""
      let reps = ProcessInfo.processInfo.environment["NOS_BENCH_REPS"].flatMap { Int($0) } ?? 3
      for _ in 0..<reps {
        let (t, v) = try time(src)
        best = min(best, t)
        value = v
      }
      print(String(format: "BENCH %@: %.3f s (= %@)", name, best, value))
    }
  }
}
