// f-string format specs: Python's `[[fill]align][sign][0][width][,][.prec][type]`.

import Foundation

struct FormatSpec {
  var fill: Character = " "
  var align: Character?
  var sign: Character = "-"
  var zeroPad = false
  var width = 0
  var grouping = false
  var precision: Int?
  var type: Character?

  static let maxWidth = 10_000
  static let maxPrecision = 500

  init(_ text: String) throws {
    var chars = Array(text)
    var i = 0
    func bad() -> RuntimeError { RuntimeError("invalid format spec '\(text)'") }
    let aligns: Set<Character> = ["<", ">", "^", "="]
    if chars.count >= 2, aligns.contains(chars[1]) {
      fill = chars[0]
      align = chars[1]
      i = 2
    } else if let c = chars.first, aligns.contains(c) {
      align = c
      i = 1
    }
    if i < chars.count, "+- ".contains(chars[i]) {
      sign = chars[i]
      i += 1
    }
    if i < chars.count, chars[i] == "0" {
      zeroPad = true
      i += 1
    }
    width = try FormatSpec.digits(&chars, &i, limit: FormatSpec.maxWidth, bad()) ?? 0
    if i < chars.count, chars[i] == "," || chars[i] == "_" {
      grouping = true
      i += 1
    }
    if i < chars.count, chars[i] == "." {
      i += 1
      guard let p = try FormatSpec.digits(&chars, &i, limit: FormatSpec.maxPrecision, bad())
      else { throw bad() }
      precision = p
    }
    if i < chars.count {
      guard "fFeEgGd%s".contains(chars[i]) else { throw bad() }
      type = chars[i]
      i += 1
    }
    guard i == chars.count else { throw bad() }
    chars = []
  }

  private static func digits(_ chars: inout [Character], _ i: inout Int, limit: Int,
                             _ error: RuntimeError) throws -> Int? {
    var n: Int?
    while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
      n = (n ?? 0) * 10 + d
      if n ?? 0 > limit { throw RuntimeError("format width or precision too large") }
      i += 1
    }
    return n
  }

  /// Formats a value: numbers by the type letter, anything else by its print form. A 0-d or
  /// one-element real tensor is a number when the spec has a number type or a precision
  /// (`f"{loss:.3e}"`, as PyTorch's `format` of a one-element tensor).
  func format(_ v: Value) throws -> String {
    if case .number(let x) = v { return try formatNumber(x) }
    let numeric = type.map { $0 != "s" } ?? (precision != nil)
    if numeric, case .host(let h) = v, let x = h.numberValue { return try formatNumber(x) }
    if let t = type, t != "s" {
      if case .host(let h) = v, h.typeName == "tensor" {
        throw RuntimeError("format '\(t)' needs a number, got a tensor with more than one "
          + "element (or a complex one); format x.item() or each element")
      }
      throw RuntimeError("format '\(t)' needs a number, got \(v.typeName)")
    }
    var s = Display.text(v)
    if let p = precision, case .string = v { s = String(s.prefix(p)) }
    return pad(s, defaultAlign: "<")
  }

  private func formatNumber(_ x: Double) throws -> String {
    var body: String
    switch type {
    case nil:
      body = precision == nil ? Display.number(x) : cFormat(x, "g", precision ?? 6)
    case "d":
      guard x.rounded() == x || !x.isFinite else {
        throw RuntimeError("format 'd' needs an integral number, got \(Display.number(x))")
      }
      body = x.isFinite ? cFormat(x, "f", 0) : Display.number(x)
    case "%":
      body = cFormat(x * 100, "f", precision ?? 6) + "%"
    case "s":
      throw RuntimeError("format 's' needs a string, got number")
    case let t?:
      body = cFormat(x, String(t), precision ?? 6)
    }
    if grouping { body = group(body) }
    if sign != "-", !body.hasPrefix("-") { body = String(sign) + body }
    if zeroPad && align == nil {
      let signPart = body.first.map { "+- ".contains($0) } == true ? String(body.prefix(1)) : ""
      let digits = body.dropFirst(signPart.count)
      let count = width - body.count
      return count > 0 ? signPart + String(repeating: "0", count: count) + digits : body
    }
    return pad(body, defaultAlign: ">")
  }

  private func cFormat(_ x: Double, _ letter: String, _ precision: Int) -> String {
    String(format: "%.\(precision)\(letter)", x)
  }

  private func group(_ s: String) -> String {
    var sign = ""
    var rest = Substring(s)
    if rest.hasPrefix("-") {
      sign = "-"
      rest = rest.dropFirst()
    }
    let intEnd = rest.firstIndex(where: { !$0.isNumber }) ?? rest.endIndex
    let intPart = Array(rest[..<intEnd])
    var out = ""
    for (i, c) in intPart.enumerated() {
      if i > 0 && (intPart.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return sign + out + rest[intEnd...]
  }

  private func pad(_ s: String, defaultAlign: Character) -> String {
    let count = width - s.count
    guard count > 0 else { return s }
    let fillText = { (n: Int) in String(repeating: String(self.fill), count: n) }
    switch align ?? defaultAlign {
    case "<": return s + fillText(count)
    case "^": return fillText(count / 2) + s + fillText(count - count / 2)
    case "=":
      if let f = s.first, "+- ".contains(f) { return String(f) + fillText(count) + s.dropFirst() }
      return fillText(count) + s
    default: return fillText(count) + s
    }
  }
}
