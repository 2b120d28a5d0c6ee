// The .npy header: its Python-dict text (`{'descr': '<f8', 'fortran_order': False,
// 'shape': (2, 3), }`) parsed and written, and the element type a `descr` names.
import NOSTensor

/// How the elements of a .npy array are stored.
struct NPYElement: Equatable {
  enum Kind: Equatable { case float, complex, signed, unsigned, bool }
  var kind: Kind
  /// Bytes per element (a complex element counts both parts).
  var size: Int
  var bigEndian: Bool

  /// The tensor dtype it loads as: floats, complex and booleans keep their type, integers
  /// become i64 (a uint64 beyond i64's range is an error when read).
  var dtype: DType {
    switch (kind, size) {
    case (.bool, _): return .bool
    case (.signed, _), (.unsigned, _): return .i64
    case (.float, 4): return .f32
    case (.complex, 8): return .c64
    case (.complex, 16): return .c128
    default: return .f64
    }
  }

  /// Parses a NumPy type string such as `<f8`, `>i4`, `|u1`, `|b1`.
  init(descr: String) throws {
    var s = Substring(descr)
    var big = false
    if let c = s.first, "<>|=".contains(c) {
      big = c == ">"
      s = s.dropFirst()
    }
    guard let k = s.first, let size = Int(s.dropFirst()) else {
      throw Malformed("unknown dtype '\(descr)'")
    }
    let kinds: [Character: (Kind, Set<Int>)] = [
      "f": (.float, [4, 8]), "c": (.complex, [8, 16]), "i": (.signed, [1, 2, 4, 8]),
      "u": (.unsigned, [1, 2, 4, 8]), "b": (.bool, [1]),
    ]
    guard let (kind, sizes) = kinds[k], sizes.contains(size) else {
      throw Malformed("unsupported dtype '\(descr)' (nos reads f8, f4, c16, c8, integers "
        + "and booleans)")
    }
    self.kind = kind
    self.size = size
    bigEndian = big
  }

  init(dtype: DType) {
    switch dtype {
    case .f32: self.init(kind: .float, size: 4)
    case .f64: self.init(kind: .float, size: 8)
    case .c64: self.init(kind: .complex, size: 8)
    case .c128: self.init(kind: .complex, size: 16)
    case .bool: self.init(kind: .bool, size: 1)
    case .i64: self.init(kind: .signed, size: 8)
    }
  }

  private init(kind: Kind, size: Int) {
    self.kind = kind
    self.size = size
    bigEndian = false
  }

  /// The little-endian type string nos writes.
  var descr: String {
    let k: String
    switch kind {
    case .float: k = "f"
    case .complex: k = "c"
    case .signed: k = "i"
    case .unsigned: k = "u"
    case .bool: k = "b"
    }
    return (size == 1 ? "|" : "<") + k + String(size)
  }
}

/// The parsed header dictionary.
struct NPYHeader {
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]

  /// Largest number of axes accepted (NumPy's limit is 64).
  static let maxAxes = 64

  /// The dictionary text, without padding.
  var text: String {
    let dims = shape.map(String.init)
    let tuple = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
    return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), "
      + "'shape': \(tuple), }"
  }

  /// Parses the dictionary literal NumPy writes (either quote style, trailing commas).
  init(parsing text: String) throws {
    var p = DictParser(chars: Array(text.utf8))
    let fields = try p.dictionary()
    guard case .string(let d)? = fields["descr"] else {
      if case .list? = fields["descr"] {
        throw Malformed("unsupported dtype (structured arrays are not supported)")
      }
      throw Malformed("bad header (no 'descr')")
    }
    guard case .bool(let f)? = fields["fortran_order"] else {
      throw Malformed("bad header (no 'fortran_order')")
    }
    guard case .tuple(let s)? = fields["shape"] else { throw Malformed("bad header (no 'shape')") }
    guard s.count <= NPYHeader.maxAxes else { throw Malformed("absurd shape (\(s.count) axes)") }
    descr = d
    fortranOrder = f
    shape = s
  }

  init(descr: String, fortranOrder: Bool, shape: [Int]) {
    self.descr = descr
    self.fortranOrder = fortranOrder
    self.shape = shape
  }
}

/// A parser for the small subset of Python literals a .npy header uses.
private struct DictParser {
  enum Item { case string(String), bool(Bool), tuple([Int]), list }
  let chars: [UInt8]
  var i = 0

  mutating func dictionary() throws -> [String: Item] {
    try expect(UInt8(ascii: "{"))
    var out: [String: Item] = [:]
    while true {
      skipSpace()
      if peek == UInt8(ascii: "}") { i += 1; return out }
      let key = try string()
      try expect(UInt8(ascii: ":"))
      out[key] = try item()
      skipSpace()
      if peek == UInt8(ascii: ",") { i += 1 } else { try expect(UInt8(ascii: "}")); return out }
    }
  }

  private var peek: UInt8? { i < chars.count ? chars[i] : nil }

  private mutating func skipSpace() {
    while let c = peek, c == 32 || c == 9 || c == 10 || c == 13 { i += 1 }
  }

  private mutating func expect(_ c: UInt8) throws {
    skipSpace()
    guard peek == c else {
      throw Malformed("bad header (expected '\(Character(UnicodeScalar(c)))')")
    }
    i += 1
  }

  private mutating func string() throws -> String {
    skipSpace()
    guard let q = peek, q == UInt8(ascii: "'") || q == UInt8(ascii: "\"") else {
      throw Malformed("bad header (expected a quoted key)")
    }
    i += 1
    let start = i
    while let c = peek, c != q { i += 1 }
    guard peek == q else { throw Malformed("bad header (unterminated string)") }
    defer { i += 1 }
    return String(decoding: chars[start..<i], as: UTF8.self)
  }

  private mutating func item() throws -> Item {
    skipSpace()
    switch peek {
    case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "("): return .tuple(try tuple())
    case UInt8(ascii: "["): return .list
    default:
      let word = identifier()
      if word == "True" { return .bool(true) }
      if word == "False" { return .bool(false) }
      throw Malformed("bad header (unexpected '\(word)')")
    }
  }

  private mutating func identifier() -> String {
    let start = i
    while let c = peek, (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { i += 1 }
    return String(decoding: chars[start..<i], as: UTF8.self)
  }

  private mutating func tuple() throws -> [Int] {
    i += 1
    var dims: [Int] = []
    while true {
      skipSpace()
      if peek == UInt8(ascii: ")") { i += 1; return dims }
      let start = i
      while let c = peek, c >= 48 && c <= 57 { i += 1 }
      guard i > start else { throw Malformed("bad header (shape must hold sizes)") }
      let digits = String(decoding: chars[start..<i], as: UTF8.self)
      guard i - start <= 18, let n = Int(digits) else {
        throw Malformed("absurd shape (a size has \(i - start) digits)")
      }
      dims.append(n)
      if peek == UInt8(ascii: "L") { i += 1 }
      skipSpace()
      if peek == UInt8(ascii: ",") { i += 1 } else if peek != UInt8(ascii: ")") {
        throw Malformed("bad header (bad shape tuple)")
      }
    }
  }
}
