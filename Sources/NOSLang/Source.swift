// Source text and positions: a named file split into lines, and spans into it.

/// A position in source text: 1-based line and column (in Unicode scalars) and a length.
public struct Span: Equatable, Hashable, Sendable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var length: Int

  public init(line: Int, column: Int, length: Int = 1) {
    self.line = line
    self.column = column
    self.length = max(1, length)
  }

  /// A span for code that has no position (host calls, synthesized nodes).
  public static let none = Span(line: 0, column: 0, length: 1)

  public var description: String { "\(line):\(column)" }

  /// The span from the start of `self` to the end of `other` when both are on one line.
  func through(_ other: Span) -> Span {
    guard other.line == line, other.column + other.length > column else { return self }
    return Span(line: line, column: column, length: other.column + other.length - column)
  }
}

/// One piece of program text (a file or a REPL cell) with its name, kept for diagnostics.
/// Sendable by hand: immutable after init.
public final class SourceFile: @unchecked Sendable {
  public let name: String
  public let text: String
  private let lines: [Substring]

  public init(name: String, text: String) {
    self.name = name
    self.text = text
    self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
  }

  /// The text of a 1-based line without its line ending, or nil when out of range.
  public func line(_ number: Int) -> String? {
    guard number >= 1, number <= lines.count else { return nil }
    var s = lines[number - 1]
    if s.hasSuffix("\r") { s = s.dropLast() }
    return String(s)
  }
}
