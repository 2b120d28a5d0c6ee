// CSV files: reading columns (numbers or text) and writing them, RFC 4180 quoting.
import Foundation

/// Reads and writes comma-separated tables column by column.
public enum CSV {
  /// One column: numbers when every non-empty cell is a number (empty cells are NaN),
  /// otherwise text.
  public enum Column: Equatable {
    case numbers([Double])
    case strings([String])

    public var count: Int {
      switch self {
      case .numbers(let x): return x.count
      case .strings(let s): return s.count
      }
    }
  }

  /// Reads `path`. With `header` the first row names the columns; without it (or for an
  /// empty name) column `i` is called `c<i>`.
  /// `check` is polled every few thousand rows and columns (the language passes its Ctrl-C
  /// check); the work is linear in the number of cells.
  public static func read(path: String, header: Bool = true, delimiter: Character = ",",
                          check: () throws -> Void = {})
    throws -> [(name: String, column: Column)]
  {
    let file = try MappedFile(path)
    var rows = try naming(path) { try parse(file.bytes, delimiter, check: check) }
    guard !rows.isEmpty else { return [] }
    let width = rows[0].count
    var names = (0..<width).map { "c\($0)" }
    if header {
      for (i, n) in rows.removeFirst().enumerated() where !n.isEmpty { names[i] = n }
      var seen = Set<String>()
      for n in names where !seen.insert(n).inserted {
        throw IOError.load(path, "column name \"\(n)\" appears twice")
      }
    }
    for (i, r) in rows.enumerated() where r.count != width {
      throw IOError.load(path, "row \(i + (header ? 2 : 1)) has \(r.count) fields, "
        + "expected \(width)")
    }
    return try names.enumerated().map { j, name in
      if j & 255 == 255 { try check() }
      let cells = rows.map { $0[j] }
      let numbers = cells.map { $0.isEmpty ? Double.nan : number($0) }
      if numbers.allSatisfy({ $0 != nil }) { return (name, .numbers(numbers.map { $0 ?? .nan })) }
      return (name, .strings(cells))
    }
  }

  /// Writes `columns` (of equal length) with a header row, atomically.
  public static func write(path: String, columns: [(name: String, column: Column)],
                           delimiter: Character = ",") throws {
    let n = columns.first?.column.count ?? 0
    if let bad = columns.first(where: { $0.column.count != n }) {
      throw IOError.save(path, "column \"\(bad.name)\" has \(bad.column.count) values, "
        + "column \"\(columns[0].name)\" has \(n)")
    }
    let d = String(delimiter)
    var out = columns.map { quote($0.name, d) }.joined(separator: d) + "\n"
    for i in 0..<n {
      out += columns.map { c -> String in
        switch c.column {
        case .numbers(let x): return format(x[i])
        case .strings(let s): return quote(s[i], d)
        }
      }.joined(separator: d) + "\n"
    }
    try AtomicFile.write(path) { try $0.write(Array(out.utf8)) }
  }

  /// A number in the shortest form that reads back the same (integers without `.0`).
  static func format(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return "\(x)"
  }

  /// A cell as a number (spaces around it allowed; `nan`, `inf` in any case), else nil.
  static func number(_ s: String) -> Double? {
    if let x = Double(s) { return x }
    let t = s.trimmingCharacters(in: .whitespaces)
    return t.count < s.count ? Double(t) : nil
  }

  private static func quote(_ s: String, _ d: String) -> String {
    guard s.contains(d) || s.contains("\"") || s.contains("\n") || s.contains("\r") else {
      return s
    }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Splits text into rows of fields (quoted fields may hold delimiters, quotes, newlines).
  static func parse(_ text: String, delimiter: Character) throws -> [[String]] {
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBytes { try parse(UnsafeRawBufferPointer($0), delimiter) }
  }

  /// The same over UTF-8 bytes (the delimiter must be ASCII).
  static func parse(_ b: UnsafeRawBufferPointer, _ delimiter: Character,
                    check: () throws -> Void = {}) throws -> [[String]] {
    guard let d = delimiter.asciiValue else { throw Malformed("the delimiter must be ASCII") }
    let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    var rows: [[String]] = [], row: [String] = []
    var i = 0, line = 1
    let n = b.count
    func endRow() {
      if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
      row = []
    }
    while i < n {
      if b[i] == quote {
        // A quoted field: "" is a quote; runs until the closing quote.
        let start = line
        var field: [UInt8] = []
        i += 1
        while true {
          guard i < n else { throw Malformed("unterminated quote starting on line \(start)") }
          if b[i] == quote {
            if i + 1 < n, b[i + 1] == quote { field.append(quote); i += 2; continue }
            i += 1
            break
          }
          if b[i] == lf { line += 1 }
          field.append(b[i])
          i += 1
        }
        row.append(String(decoding: field, as: UTF8.self))
        // Text after the closing quote (up to the delimiter) is kept, as Python's csv does.
        let rest = i
        while i < n, b[i] != d, b[i] != lf, b[i] != cr { i += 1 }
        if i > rest { row[row.count - 1] += String(decoding: b[rest..<i], as: UTF8.self) }
      } else {
        let start = i
        while i < n, b[i] != d, b[i] != lf, b[i] != cr { i += 1 }
        row.append(String(decoding: b[start..<i], as: UTF8.self))
      }
      if i >= n { break }
      if row.count & 4095 == 0 { try check() }
      if b[i] == d {
        i += 1
        if i == n { row.append("") }
        continue
      }
      // End of line: \n, \r\n or \r.
      if b[i] == cr, i + 1 < n, b[i + 1] == lf { i += 1 }
      i += 1
      line += 1
      endRow()
      if rows.count & 4095 == 0 { try check() }
    }
    if !row.isEmpty { endRow() }
    return rows
  }
}
