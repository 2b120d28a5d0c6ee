// Display forms of values: numbers like Python's repr, strings, lists, records, cycles.

public enum Display {
  /// Deeper nesting than this is shown as `...` (protects the stack).
  static let maxDepth = 200

  /// The shortest form that reads back to the same double, as Python's `repr`, but with
  /// integral values shown without `.0`: `12`, `0.1`, `1e-05`, `1e+16`, `-0`, `inf`, `nan`.
  public static func number(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    let (negative, digits, point) = decompose(x)
    var out = negative ? "-" : ""
    let n = digits.count
    if point > -4 && point <= 16 {
      if point <= 0 {
        out += "0." + String(repeating: "0", count: -point) + digits
      } else if point >= n {
        out += digits + String(repeating: "0", count: point - n)
      } else {
        let cut = digits.index(digits.startIndex, offsetBy: point)
        out += digits[..<cut] + "." + digits[cut...]
      }
    } else {
      let first = digits.prefix(1)
      let rest = digits.dropFirst()
      out += first + (rest.isEmpty ? "" : "." + rest)
      let e = point - 1
      out += (e < 0 ? "e-" : "e+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
    }
    return out
  }

  /// Shortest round-trip digits (no leading/trailing zeros) and the decimal point position:
  /// x = 0.d1d2...dn × 10^point.
  static func decompose(_ x: Double) -> (Bool, String, Int) {
    let text = x.magnitude.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var intPart = mantissa
    var fracPart: Substring = ""
    if let dot = mantissa.firstIndex(of: ".") {
      intPart = mantissa[..<dot]
      fracPart = mantissa[mantissa.index(after: dot)...]
    }
    var digits = String(intPart) + fracPart
    var point = intPart.count + exponent
    while digits.hasPrefix("0") {
      digits.removeFirst()
      point -= 1
    }
    while digits.hasSuffix("0") { digits.removeLast() }
    return (x.sign == .minus, digits, point)
  }

  /// The display form (what `print` writes): strings raw, everything else as `repr`.
  public static func string(_ v: Value) -> String {
    if case .string(let s) = v { return s }
    var out = ""
    var seen: [ObjectIdentifier] = []
    write(v, nested: false, into: &out, seen: &seen)
    return out
  }

  /// What `print`, `str` and f-strings write: the display form, except that a tensor shows
  /// its values only (NumPy's `str`), without the `tensor f64 [2]` header the REPL shows.
  public static func text(_ v: Value) -> String {
    if case .host(let h) = v { return h.text() }
    return string(v)
  }

  /// The form inside containers: strings quoted.
  public static func repr(_ v: Value) -> String {
    var out = ""
    var seen: [ObjectIdentifier] = []
    write(v, nested: true, into: &out, seen: &seen)
    return out
  }

  public static func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if u.value < 0x20 || u.value == 0x7F {
          out += "\\u{" + String(u.value, radix: 16) + "}"
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }

  private static func write(_ v: Value, nested: Bool, into out: inout String,
                            seen: inout [ObjectIdentifier]) {
    switch v {
    case .nil: out += "nil"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += number(x)
    case .string(let s): out += nested ? quoted(s) : s
    case .range(let r): out += number(r.start) + (r.inclusive ? "..=" : "..") + number(r.end)
    case .function(let f): out += "<fn \(f.name)>"
    case .builtin(let b): out += "<builtin \(b.name)>"
    case .host(let h): out += h.display(nested: nested)
    case .list(let box):
      let id = ObjectIdentifier(box)
      if seen.contains(id) || seen.count >= maxDepth {
        out += "[...]"
        return
      }
      seen.append(id)
      out += "["
      for (i, item) in box.items.enumerated() {
        if i > 0 { out += ", " }
        write(item, nested: true, into: &out, seen: &seen)
      }
      out += "]"
      seen.removeLast()
    case .record(let box):
      let id = ObjectIdentifier(box)
      if seen.contains(id) || seen.count >= maxDepth {
        out += "{...}"
        return
      }
      seen.append(id)
      out += "{"
      for (i, key) in box.keys.enumerated() {
        if i > 0 { out += ", " }
        out += isPlainName(key) ? key : quoted(key)
        out += ": "
        write(box.values[i], nested: true, into: &out, seen: &seen)
      }
      out += "}"
      seen.removeLast()
    }
  }

  static func isPlainName(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return s.unicodeScalars.allSatisfy {
      $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
        || ("0"..."9").contains($0) || ($0.value >= 0x80 && $0.properties.isAlphabetic)
    }
  }
}

/// "a number", "an optimizer": a type name with its indefinite article, for messages.
public func withArticle(_ noun: String) -> String {
  (noun.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + noun
}
