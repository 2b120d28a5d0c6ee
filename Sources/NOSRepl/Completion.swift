// Tab completion: workspace names, builtins, keywords, record fields and, after a dot, only
// the members that apply to the value (a tensor's properties and tensor methods, a model's).
import NOSLang
import NOSStdlib

public enum Completer {
  static let keywords = ["fn", "return", "if", "else", "for", "in", "while", "break", "continue",
                         "true", "false", "nil", "and", "or", "not"]

  /// Candidates extending `text`: `na` → names, `cfg.l` → `cfg.lr`, `:he` → `:help`.
  public static func candidates(_ text: String, session: Session) -> [String] {
    if text.hasPrefix(":") {
      return Repl.commands.map { String($0.0.split(separator: " ")[0]) }.filter { $0.hasPrefix(text) }
    }
    if let dot = text.lastIndex(of: ".") {
      let base = String(text[..<dot]), prefix = String(text[text.index(after: dot)...])
      guard let value = lookup(base, session) else { return [] }
      return Stdlib.memberNames(of: value, interpreter: session.interpreter)
        .filter { $0.hasPrefix(prefix) }.map { base + "." + $0 }
    }
    let names = session.allGlobalNames + keywords
    return Array(Set(names.filter { $0.hasPrefix(text) })).sorted()
  }

  /// The value of `a` or `a.b.c` when each step is a plain field.
  private static func lookup(_ path: String, _ session: Session) -> Value? {
    let parts = path.split(separator: ".").map(String.init)
    guard let first = parts.first, var v = session.global(first) else { return nil }
    for p in parts.dropFirst() {
      switch v {
      case .record(let r): guard let next = r[p] else { return nil }; v = next
      case .host(let h): guard let next = try? h.field(p) else { return nil }; v = next
      default: return nil
      }
    }
    return v
  }
}
