// Errors of every phase (lex, parse, resolve, runtime) and the one formatter that shows them.

/// The phase that produced a diagnostic.
public enum Phase: String, Sendable {
  case lex, parse, resolve, runtime
}

/// One entry of a runtime call stack: a nos function and where it was executing.
public struct TraceFrame: Sendable, Equatable {
  public var function: String
  public var file: String
  public var span: Span?
}

/// A located message from any phase; `formatted()` renders SPEC §12's layout.
/// Sendable by hand: values, and spans whose `SourceFile` is immutable.
public struct Diagnostic: Error, CustomStringConvertible, @unchecked Sendable {
  public var phase: Phase
  public var message: String
  public var span: Span?
  public var file: SourceFile?
  /// True when a parse failed because the input ended (unclosed bracket, dangling operator):
  /// the REPL asks for a continuation line only then.
  public var isAtEnd: Bool
  /// Runtime call stack, innermost first.
  public var trace: [TraceFrame]
  /// True when `message` already starts with the place in a `run` file where it arose, so an
  /// enclosing `run` does not prefix its own place again (deep `run` chains stay short).
  public var placed = false

  public init(
    phase: Phase, message: String, span: Span?, file: SourceFile?,
    isAtEnd: Bool = false, trace: [TraceFrame] = []
  ) {
    self.phase = phase
    self.message = message
    self.span = span
    self.file = file
    self.isAtEnd = isAtEnd
    self.trace = trace
  }

  public var description: String { formatted() }

  /// `error: msg`, ` --> file:line:col`, the source line with a caret under the span,
  /// then `  in f at file:line:col` for each nos function on the call stack.
  public func formatted() -> String {
    var out = "error: \(message)"
    if let span = span, span.line > 0 {
      let name = file?.name ?? "<input>"
      let digits = String(span.line).count
      let gutter = String(repeating: " ", count: digits)
      let arrow = String(repeating: " ", count: max(1, digits - 1))
      out += "\n\(arrow)--> \(name):\(span.line):\(span.column)"
      if let text = file?.line(span.line) {
        out += "\n\(gutter) |\n\(span.line) | \(text)\n\(gutter) | "
        out += Diagnostic.caretLine(text: text, span: span)
      }
    }
    for frame in trace {
      out += "\n  in \(frame.function)"
      if let s = frame.span, s.line > 0 { out += " at \(frame.file):\(s.line):\(s.column)" }
    }
    return out
  }

  /// Spaces (tabs kept) up to the span's column, then `^` for its length.
  static func caretLine(text: String, span: Span) -> String {
    var pad = ""
    var column = 1
    for scalar in text.unicodeScalars {
      if column >= span.column { break }
      pad.append(scalar == "\t" ? "\t" : " ")
      column += 1
    }
    if column < span.column { pad += String(repeating: " ", count: span.column - column) }
    let visible = max(1, min(span.length, text.unicodeScalars.count - span.column + 1))
    return pad + String(repeating: "^", count: visible)
  }
}

/// What `Session` throws: one or more diagnostics (several when a parse recovered).
/// Sendable by hand: values, and spans whose `SourceFile` is immutable.
public struct NOSError: Error, CustomStringConvertible, @unchecked Sendable {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

  /// True when the only problem is that the input ended too early.
  public var isAtEnd: Bool { diagnostics.count == 1 && diagnostics[0].isAtEnd }
  public var message: String { diagnostics.first?.message ?? "error" }
  public var description: String {
    diagnostics.map { $0.formatted() }.joined(separator: "\n")
  }
}

/// An error raised while running: a message, and where (filled in as it propagates).
/// Builtins throw `RuntimeError("...")` without a span; the interpreter adds the span of
/// the call or operator. Any other `Error` thrown by host code is wrapped the same way.
/// Sendable by hand: values, and spans whose `SourceFile` is immutable.
public struct RuntimeError: Error, CustomStringConvertible, @unchecked Sendable {
  public var message: String
  public var span: Span?
  public var file: SourceFile?
  public var trace: [TraceFrame] = []
  /// Where the frame currently being unwound was executing (its call site).
  var current: Span?
  var located = false
  /// Frames left out of `trace` (only the innermost are kept).
  var omitted = 0
  static let maxTrace = 12
  /// See `Diagnostic.placed`.
  public var placed = false
  /// The keyword argument the error is about, when the caller gave it by name: the call
  /// site then points at `name=` rather than at the callee.
  public var argument: String?

  public init(_ message: String, span: Span? = nil) {
    self.message = message
    self.span = span
    self.current = span
  }

  public var description: String { message }

  /// Records that the error left function `name` (defined in `file`), called at `callSite`.
  mutating func leave(function name: String, file: SourceFile, callSite: Span?) {
    if !located {
      self.file = file
      located = true
    }
    if trace.count < RuntimeError.maxTrace {
      trace.append(TraceFrame(function: name, file: file.name, span: current))
    } else {
      omitted += 1
    }
    current = callSite
  }

  /// Finishes locating an error that reached the top level of `file`.
  mutating func finish(in file: SourceFile) {
    if !located {
      self.file = file
      located = true
    }
    if omitted > 0 {
      trace.append(TraceFrame(function: "... (\(omitted) more)", file: file.name, span: nil))
      omitted = 0
    }
    if !trace.isEmpty {
      trace.append(TraceFrame(function: "<top level>", file: file.name, span: current))
    }
  }

  public var diagnostic: Diagnostic {
    var d = Diagnostic(phase: .runtime, message: message, span: span, file: file, trace: trace)
    d.placed = placed
    return d
  }
}
