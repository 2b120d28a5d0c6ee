// Help text layout: paragraphs wrapped at word boundaries to the terminal's width, code spans
// and indented examples kept whole.
import Foundation
import NOSLang

public enum HelpText {
  /// The width help wraps to: the terminal's columns (ioctl, else $COLUMNS) when `output`
  /// is standard output on a terminal; 80 otherwise (files, pipes, notebooks, tests).
  public static func width(for output: TextOutput) -> Int {
    guard output is StandardOutput, isatty(STDOUT_FILENO) == 1 else { return 80 }
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
      return Int(size.ws_col)
    }
    if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c >= 20 {
      return min(c, 1000)
    }
    return 80
  }

  /// `text` wrapped to `width` columns: each line starts with `indent` (the first with
  /// `first` when given). Words break only at spaces, never inside a `code span`; a word
  /// longer than the line stands alone. Lines of the text that begin with four spaces
  /// (examples) and empty lines are kept as they are.
  public static func wrap(_ text: String, width: Int, indent: String = "",
                          first: String? = nil) -> String {
    var out: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let lead = out.isEmpty ? (first ?? indent) : indent
      if line.isEmpty || line.hasPrefix("    ") {
        out.append(line.isEmpty ? "" : lead + line)
        continue
      }
      out += fill(words(String(line)), width: width, first: lead, rest: indent)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// Greedy filling of `words` into lines of at most `width` columns.
  static func fill(_ words: [String], width: Int, first: String, rest: String) -> [String] {
    var lines: [String] = [], current = first, empty = true
    for w in words {
      let fits = current.count + (empty ? 0 : 1) + w.count <= width
      if !empty && !fits {
        lines.append(current)
        current = rest
        empty = true
      }
      current += (empty ? "" : " ") + w
      empty = false
    }
    lines.append(current)
    return lines
  }

  /// The words of a line: runs between spaces, except that a `code span` with spaces in
  /// it stays one word (with whatever is glued to it: "`zeros(2, 3)`,").
  static func words(_ line: String) -> [String] {
    var words: [String] = [], current = "", inCode = false
    for ch in line {
      if ch == "`" { inCode.toggle() }
      if ch == " " && !inCode {
        if !current.isEmpty { words.append(current) }
        current = ""
      } else {
        current.append(ch)
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }
}
