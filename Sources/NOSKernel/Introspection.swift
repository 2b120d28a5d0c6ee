// complete_request, inspect_request and is_complete_request, answered with the REPL's
// completer, `help` text and continuation rule.
import Foundation
import NOSLang
import NOSRepl
import NOSStdlib

enum Introspection {
  static let wordCharacters = Set("abcdefghijklmnopqrstuvwxyz"
    + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")

  /// The code as characters and the cursor clamped into it (Jupyter counts code points).
  static func text(_ c: JSON) -> ([Character], Int) {
    let chars = Array((c["code"] as? String ?? "").unicodeScalars.map(Character.init))
    return (chars, min(max(c["cursor_pos"] as? Int ?? chars.count, 0), chars.count))
  }

  /// Names, record fields and members extending the word before the cursor; inside a call
  /// of a builtin, its keyword arguments (`lr=`) too.
  static func complete(_ c: JSON, _ session: Session) -> JSON {
    let (chars, cursor) = text(c)
    var start = cursor
    while start > 0, wordCharacters.contains(chars[start - 1]) { start -= 1 }
    let word = String(chars[start..<cursor])
    var matches = Completer.candidates(word, session: session)
    if !word.contains("."), let callee = enclosingCall(chars, before: start),
       let b = session.interpreter.builtin(named: callee) {
      let named = b.params.map { $0.name + "=" }.filter { $0.hasPrefix(word) }
      matches = named + matches
    }
    return ["status": "ok", "matches": matches, "cursor_start": start, "cursor_end": cursor,
            "metadata": JSON()]
  }

  /// The name before the innermost unclosed `(` that precedes `index`.
  static func enclosingCall(_ chars: [Character], before index: Int) -> String? {
    var depth = 0, i = index - 1
    while i >= 0 {
      switch chars[i] {
      case ")", "]", "}": depth += 1
      case "(", "[", "{":
        if depth == 0 {
          guard chars[i] == "(" else { return nil }
          var s = i
          while s > 0, wordCharacters.contains(chars[s - 1]), chars[s - 1] != "." { s -= 1 }
          return s < i ? String(chars[s..<i]) : nil
        }
        depth -= 1
      default: break
      }
      i -= 1
    }
    return nil
  }

  /// `help` of the builtin under the cursor, `help(x)` of an object or record, or the type
  /// and value of another workspace name.
  static func inspect(_ c: JSON, _ session: Session) -> JSON {
    let (chars, cursor) = text(c)
    var start = cursor, end = cursor
    let ident = wordCharacters.subtracting(["."])
    while start > 0, ident.contains(chars[start - 1]) { start -= 1 }
    while end < chars.count, ident.contains(chars[end]) { end += 1 }
    var name = String(chars[start..<end])
    if name.isEmpty, let callee = enclosingCall(chars, before: cursor) { name = callee }
    var found: String?
    if let v = session.global(name) {
      if case .builtin(let b) = v {
        found = HelpBuiltin.text(b)
      } else if let d = HelpBuiltin.describe(v, session.interpreter) {
        found = d
      } else {
        found = "\(name): \(v.typeName)\n\(Display.string(v))\n"
      }
    } else if let b = session.interpreter.builtin(named: name) {
      found = HelpBuiltin.text(b)
    }
    guard let found else {
      return ["status": "ok", "found": false, "data": JSON(), "metadata": JSON()]
    }
    return ["status": "ok", "found": true, "data": ["text/plain": found], "metadata": JSON()]
  }

  /// The REPL's continuation rule: incomplete when the parse failed only at end of input.
  static func isComplete(_ c: JSON) -> JSON {
    let errors = Session.check(source: c["code"] as? String ?? "")
    if errors.isEmpty { return ["status": "complete"] }
    if errors.count == 1, errors[0].isAtEnd { return ["status": "incomplete", "indent": "  "] }
    return ["status": "invalid"]
  }
}
