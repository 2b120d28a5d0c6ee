// Where REPL input comes from: GNU readline on a terminal, plain stdin otherwise.
#if canImport(Glibc)
@preconcurrency import Glibc  // C globals (`stdout`) are only passed to fflush
#endif
@preconcurrency import CReadline
import Foundation
import Synchronization

/// The result of asking for one line.
public enum LineInput: Equatable {
  case line(String)
  /// Ctrl-C at the prompt: the half-typed line was dropped.
  case cancelled
  /// Ctrl-D or end of input.
  case end
}

public protocol LineReader: AnyObject {
  func read(prompt: String) -> LineInput
  func addHistory(_ line: String)
  var history: [String] { get }
}

/// Reads from a non-terminal stdin without echoing prompts.
public final class PlainLineReader: LineReader {
  public private(set) var history: [String] = []
  public init() {}
  public func read(prompt: String) -> LineInput {
    guard let line = Swift.readLine(strippingNewline: true) else { return .end }
    return .line(line)
  }
  public func addHistory(_ line: String) { history.append(line) }
}

/// GNU readline with history kept in a file and Tab completion from a provider.
public final class ReadlineReader: LineReader {
  private let historyFile: String
  public private(set) var history: [String] = []

  /// `complete(text)` returns candidates that extend `text` (a name or `record.field` prefix).
  public init(historyFile: String, complete: @escaping @Sendable (String) -> [String]) {
    self.historyFile = historyFile
    Completion.provider.withLock { $0 = complete }
    rl_readline_name = UnsafePointer(strdup("nos"))
    // Keep '.' inside words so `cfg.l<Tab>` completes fields.
    rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(,[+-*/%^"))
    rl_attempted_completion_function = { text, _, _ in
      rl_attempted_completion_over = 1
      return rl_completion_matches(text) { text, state in Completion.next(text, state) }
    }
    rl_variable_bind("enable-bracketed-paste", "off")
    // nos owns SIGINT: readline's handler would re-raise it and discard typed-ahead input.
    rl_catch_signals = 0
    // readline's own getc retries a read interrupted by a signal, so Ctrl-C at the prompt
    // would be noticed only after the next key; this one answers at once with Enter.
    rl_getc_function = { stream in
      while true {
        var c: UInt8 = 0
        let r = Glibc.read(stream.map { fileno($0) } ?? 0, &c, 1)
        if r == 1 { return Int32(c) }
        if r < 0 && errno == EINTR {
          guard PromptInterrupt.flag.exchange(false, ordering: .relaxed) else { continue }
          PromptInterrupt.cancelled.store(true, ordering: .relaxed)
          fputs("^C", rl_outstream ?? stdout)
          return 10
        }
        return EOF
      }
    }
    using_history()
    // A multi-line cell is one history entry, in the file too: entries are written after a
    // timestamp line, and lines up to the next timestamp are read back as one entry.
    // (readline writes a timestamp only when the comment character is set.)
    history_comment_char = CChar(UInt8(ascii: "#"))
    history_write_timestamps = 1
    history_multiline_entries = 1
    read_history(historyFile)
  }

  public func read(prompt: String) -> LineInput {
    PromptInterrupt.cancelled.store(false, ordering: .relaxed)
    guard let p = readline(prompt) else { return .end }
    defer { free(p) }
    if PromptInterrupt.cancelled.exchange(false, ordering: .relaxed) { return .cancelled }
    return .line(String(cString: p))
  }

  public func addHistory(_ line: String) {
    guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
    history.append(line)
    add_history(line)
    write_history(historyFile)
    history_truncate_file(historyFile, 5000)
  }
}

/// Set by the SIGINT handler while readline waits, so the prompt can drop its line.
public enum PromptInterrupt {
  public static let flag = Atomic<Bool>(false)
  static let cancelled = Atomic<Bool>(false)
}

/// readline's completion callbacks are C functions, so the provider and matches live here.
private enum Completion {
  static let provider = Mutex<(@Sendable (String) -> [String])?>(nil)
  static let matches = Mutex<[String]>([])

  static func next(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 {
      let prefix = text.map { String(cString: $0) } ?? ""
      let found = provider.withLock { $0?(prefix) } ?? []
      matches.withLock { $0 = found.reversed() }
    }
    guard let m = matches.withLock({ $0.popLast() }) else { return nil }
    return strdup(m)
  }
}
