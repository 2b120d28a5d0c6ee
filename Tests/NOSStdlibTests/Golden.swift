// Golden script tests: each Tests/Scripts/**/*.nos file states its expected output in
// `# expect: line`, `# expect~: number tolerance` and `# expect error: message` comments.
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
  let errors: [String]

  init(path: String) throws {
    self.path = path
    source = try String(contentsOfFile: path, encoding: .utf8)
    var expected: [Expectation] = [], errors: [String] = []
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
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
        errors.append(String(rest.dropFirst(8)))
      }
    }
    self.expected = expected
    self.errors = errors
  }

  /// Compares a run's stdout lines and error messages with the expectations; returns the
  /// problems found (empty when the case passes).
  func check(stdout: String, errorMessages: [String]) -> [String] {
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
    if errors != errorMessages {
      problems.append("errors: expected \(errors), got \(errorMessages)")
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

  /// The messages of an error report: the text after `error: ` on each diagnostic's first line.
  static func messages(_ report: String) -> [String] {
    report.split(separator: "\n").compactMap { line in
      line.hasPrefix("error: ") ? String(line.dropFirst(7)) : nil
    }
  }
}
