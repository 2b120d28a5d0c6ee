// How a tensor reads on screen: a `tensor f64 [2, 3]` header and NumPy-style nested rows with
// one number format for all elements, summarised with `...` past 1000 elements.
import Foundation
import Numerics

extension Tensor {
  /// Elements shown before a tensor is summarised (first and last 3 along each axis).
  public static let summaryThreshold = 1000

  /// The display form: a 0-d tensor reads like a number; others get a header line.
  public func formatted() -> String {
    let style = NumberStyle(self)
    if ndim == 0 { return cell(0, style) }
    return "tensor \(dtype) \(shapeText(shape))\n" + body(style)
  }

  /// What `print` writes (NumPy's `str`): a 0-d tensor as a number, others as the nested rows
  /// without the header.
  public func formattedValues() -> String {
    let style = NumberStyle(self)
    if ndim == 0 { return cell(0, style) }
    return body(style)
  }

  /// Element `i` as text: i64 exactly (no f64 rounding past 2^53), others in `style`.
  private func cell(_ i: Int, _ style: NumberStyle) -> String {
    dtype == .i64 ? String(intElement(i)) : style.format(element(i))
  }

  /// The nested rows without the header, e.g. `[[1, 2],\n [3, 4]]`.
  func body(_ style: NumberStyle) -> String {
    // An empty tensor has no rows to visit, however long its other axes (zeros(1e11, 0)).
    if shape.contains(0) { return "[]" }
    let summarise = count > Tensor.summaryThreshold
    var cells: [String] = []
    var positions: [[Int]] = []
    // Collect the visible elements first so every column shares one width.
    func visible(_ n: Int) -> [Int?] {
      summarise && n > 6 ? [0, 1, 2, nil, n - 3, n - 2, n - 1] : (0..<n).map { $0 }
    }
    func collect(_ prefix: [Int]) {
      if prefix.count == ndim { positions.append(prefix); return }
      for i in visible(shape[prefix.count]) { if let i { collect(prefix + [i]) } }
    }
    collect([])
    let strides = Shape.contiguousStrides(shape)
    for p in positions { cells.append(cell(zip(p, strides).map(*).reduce(0, +), style)) }
    if style.kind == .fixed && !style.complex { cells = alignDecimalPoints(cells) }
    if style.kind == .scientific && !style.complex { cells = padMantissas(cells) }
    // Bools are not padded to a common width: `[true, false]`, as the SPEC shows them.
    let width = style.kind == .boolean ? 0 : cells.map(\.count).max() ?? 1
    var next = 0
    func render(_ depth: Int) -> String {
      if depth == ndim - 1 {
        let items = visible(shape[depth]).map { i -> String in
          guard i != nil else { return "..." }
          defer { next += 1 }
          let c = cells[next]
          return String(repeating: " ", count: max(0, width - c.count)) + c
        }
        return "[" + items.joined(separator: ", ") + "]"
      }
      let indent = String(repeating: " ", count: depth + 1)
      let sep = "," + String(repeating: "\n", count: ndim - depth - 1) + indent
      let rows = visible(shape[depth]).map { $0 == nil ? "..." : render(depth + 1) }
      return "[" + rows.joined(separator: sep) + "]"
    }
    return render(0)
  }
}

/// NumPy's fixed-point column layout: integer parts right-aligned, fractions left-aligned,
/// integral values written `1.` (`[0.  , 0.25, 1.5 ]`).
func alignDecimalPoints(_ cells: [String]) -> [String] {
  let split = cells.map { c -> (String, String) in
    guard c.first?.isNumber == true || c.first == "-", !c.contains("n") else { return (c, "") }
    let parts = c.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
  }
  let fracWidth = split.map(\.1.count).max() ?? 0
  return split.map { whole, frac in
    if whole.contains("n") { return whole }  // nan, inf: right-aligned like NumPy
    return whole + "." + frac.padding(toLength: fracWidth, withPad: " ", startingAt: 0)
  }
}

/// NumPy's scientific column layout: mantissas padded with zeros to one number of decimals
/// (`[1.5e-05, 1.0e+00]`); when no mantissa needs decimals they stay bare (`[1e-05, 1e+00]`).
func padMantissas(_ cells: [String]) -> [String] {
  let split = cells.map { c -> (String, String, String)? in
    guard let e = c.firstIndex(of: "e") else { return nil }
    let parts = c[..<e].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "", String(c[e...]))
  }
  let fracWidth = split.map { $0?.1.count ?? 0 }.max() ?? 0
  guard fracWidth > 0 else { return cells }
  return zip(cells, split).map { cell, parts in
    guard let (whole, frac, exp) = parts else { return cell }
    return whole + "." + frac.padding(toLength: fracWidth, withPad: "0", startingAt: 0) + exp
  }
}

/// One number format for a whole tensor, chosen from its values as NumPy does: integers
/// when all are integral, fixed point with up to 8 decimals, or scientific for wide ranges.
struct NumberStyle {
  enum Kind { case integer, fixed, scientific, boolean }
  let kind: Kind
  let complex: Bool
  /// f32 and c64 elements show the digits of their own precision, as NumPy does (0.1 in
  /// f32 is `0.1`, not the f64 expansion `0.10000000149`).
  let single: Bool

  init(_ t: Tensor) {
    complex = t.dtype.isComplex
    single = !t.dtype.isDouble
    if t.dtype == .bool { kind = .boolean; return }
    if t.dtype == .i64 { kind = .integer; return }
    var maxAbs = 0.0, minAbs = Double.infinity, integral = true
    for i in 0..<min(t.count, 100_000) {
      let z = t.element(i)
      for v in complex ? [z.re, z.im] : [z.re] where v.isFinite {
        let a = abs(v)
        maxAbs = max(maxAbs, a)
        if a > 0 { minAbs = min(minAbs, a) }
        if v.rounded() != v { integral = false }
      }
    }
    if integral && maxAbs < 1e16 { kind = .integer } else if maxAbs >= 1e8 || minAbs < 1e-4
      || (minAbs > 0 && maxAbs / minAbs > 1e6 && !t.dtype.isComplex && minAbs < 1e-3) {
      kind = .scientific
    } else {
      kind = .fixed
    }
  }

  func format(_ z: Complex<Double>) -> String {
    if !complex { return real(z.re) }
    let im = real(abs(z.im))
    let sign = z.im < 0 || (z.im == 0 && z.im.sign == .minus) ? "-" : "+"
    return real(z.re) + sign + im + "j"
  }

  func real(_ v: Double) -> String {
    if kind == .boolean { return v != 0 ? "true" : "false" }
    if v.isNaN { return "nan" }
    if v.isInfinite { return v < 0 ? "-inf" : "inf" }
    switch kind {
    case .boolean: return v != 0 ? "true" : "false"
    case .integer: return v == 0 && v.sign == .minus ? "-0" : String(format: "%.0f", v)
    case .fixed:
      let d = single ? float32Digits(v) : (count: 8, point: 0)
      return trimZeros(String(format: "%.\(min(8, max(0, d.count - d.point)))f", v))
    case .scientific:
      let decimals = single ? min(8, max(0, float32Digits(v).count - 1)) : 8
      let s = String(format: "%.\(decimals)e", v)
      guard let e = s.firstIndex(of: "e") else { return s }
      return trimZeros(String(s[..<e])) + String(s[e...])
    }
  }

  /// The shortest digits that read back to the same Float, as (count, point) with
  /// v = 0.d1d2…dcount × 10^point: `0.6666667` → (7, 0), `1e-05` → (1, -4).
  private func float32Digits(_ v: Double) -> (count: Int, point: Int) {
    let text = Float(v).magnitude.description
    var mantissa = Substring(text), exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    var digits = Array(parts[0] + (parts.count > 1 ? parts[1] : ""))
    var point = parts[0].count + exponent
    while digits.first == "0" { digits.removeFirst(); point -= 1 }
    while digits.last == "0" { digits.removeLast() }
    return (digits.count, point)
  }

  private func trimZeros(_ s: String) -> String {
    guard s.contains(".") else { return s }
    var t = Substring(s)
    while t.hasSuffix("0") { t = t.dropLast() }
    if t.hasSuffix(".") { t = t.dropLast() }
    return String(t)
  }
}
