// Golden script tests: each Tests/Scripts/**/*.nos file states its expected output in
// `# expect: line`, `# expect~: number tolerance` and `# expect error: message` comments.
// An error expectation belongs to a line: the code line it trails, or for a comment line of
// its own the nearest code line above it; the error must be reported there (its own place
// or a call site on its stack).
import Foundation
import NOSLang
import NOSStdlib

struct GoldenCase {
  enum Expectation: Equatable {
    case line(String)
    case approx(Double, Double)
  }
  let path: String
  let source: String
  let expected: [Expectation]
  let errors: [ExpectedError]
  /// An error at the end of the input is reported past the last line; it belongs to this one.
  let lastCodeLine: Int

  /// An error message and the script line it belongs to.
  struct ExpectedError: Equatable, CustomStringConvertible {
    let message: String
    let line: Int
    var description: String { "line \(line): \(message)" }
  }

  /// A reported error: its message and the script lines it names (where it arose, then the
  /// call sites on its stack).
  struct ReportedError {
    let message: String
    let lines: [Int]
  }

  init(path: String) throws {
    self.init(path: path, source: try String(contentsOfFile: path, encoding: .utf8))
  }

  init(path: String, source: String) {
    self.path = path
    self.source = source
    var expected: [Expectation] = [], errors: [ExpectedError] = []
    var codeLine = 0
    for (i, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let code = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
      if !code.isEmpty { codeLine = i + 1 }
      guard let r = line.range(of: "# expect") else { continue }
      let rest = line[r.upperBound...]
      if rest.hasPrefix(": ") {
        expected.append(.line(String(rest.dropFirst(2))))
      } else if rest.hasPrefix("~: ") {
        let parts = rest.dropFirst(3).split(separator: " ")
        if parts.count == 2, let v = Double(parts[0]), let tol = Double(parts[1]) {
          expected.append(.approx(v, tol))
        } else {
          expected.append(.line("<bad expect~ line: \(line)>"))
        }
      } else if rest.hasPrefix(" error: ") {
        errors.append(ExpectedError(message: String(rest.dropFirst(8)), line: codeLine))
      }
    }
    self.expected = expected
    self.errors = errors
    lastCodeLine = codeLine
  }

  /// Compares a run's stdout lines and error messages with the expectations; returns the
  /// problems found (empty when the case passes).
  func check(stdout: String, errors reported: [ReportedError]) -> [String] {
    var problems: [String] = []
    var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    for (i, e) in expected.enumerated() {
      guard i < lines.count else {
        problems.append("missing output line \(i + 1): expected \(e)")
        break
      }
      switch e {
      case .line(let s) where s != lines[i]:
        problems.append("line \(i + 1): expected '\(s)', got '\(lines[i])'")
      case .approx(let v, let tol):
        let got = Double(lines[i].trimmingCharacters(in: .whitespaces))
        if got == nil || abs(got! - v) > tol {
          problems.append("line \(i + 1): expected \(v) ± \(tol), got '\(lines[i])'")
        }
      default: break
      }
    }
    if lines.count > expected.count {
      problems.append("unexpected output line \(expected.count + 1): '\(lines[expected.count])'")
    }
    let messages = reported.map(\.message)
    if errors.map(\.message) != messages {
      problems.append("errors: expected \(errors), got \(messages)")
      return problems
    }
    for (e, r) in zip(errors, reported) where !r.lines.map({ min($0, lastCodeLine) })
      .contains(e.line) {
      problems.append("error '\(e.message)' expected at line \(e.line), reported at lines "
        + "\(r.lines)")
    }
    return problems
  }

  /// All cases under Tests/Scripts.
  static func all() throws -> [GoldenCase] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Scripts").path
    let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
    return try files.filter { $0.hasSuffix(".nos") }.sorted().map {
      try GoldenCase(path: root + "/" + $0)
    }
  }

  /// The errors of a run in-process: each diagnostic's line, then its stack's lines.
  static func reported(_ e: NOSError) -> [ReportedError] {
    e.diagnostics.map { d in
      let here = d.span.map { [$0.line] } ?? []
      return ReportedError(message: d.message, lines: here + d.trace.compactMap { $0.span?.line })
    }
  }

  /// The errors of a report on stderr: the text after `error: ` on each diagnostic's first
  /// line, with the lines of its ` --> file:line:col` and `  in f at file:line:col` lines.
  static func reported(_ report: String) -> [ReportedError] {
    var out: [ReportedError] = []
    for line in report.split(separator: "\n") {
      if line.hasPrefix("error: ") {
        out.append(ReportedError(message: String(line.dropFirst(7)), lines: []))
      } else if let last = out.last, let n = placeLine(line) {
        out[out.count - 1] = ReportedError(message: last.message, lines: last.lines + [n])
      }
    }
    return out
  }

  /// N in ` --> file:N:col` or `  in f at file:N:col`.
  private static func placeLine(_ line: Substring) -> Int? {
    let t = line.trimmingCharacters(in: .whitespaces)
    guard t.hasPrefix("--> ") || t.hasPrefix("in ") else { return nil }
    let parts = t.split(separator: ":")
    guard parts.count >= 3 else { return nil }
    return Int(parts[parts.count - 2])
  }
}
