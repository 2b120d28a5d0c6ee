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
  public static func read(path: String, header: Bool = true, delimiter: Character = ",")
    throws -> [(name: String, column: Column)]
  {
    let file = try MappedFile(path)
    let text = String(decoding: file.bytes, as: UTF8.self)
    var rows = try naming(path) { try parse(text, delimiter: delimiter) }
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
    return names.enumerated().map { j, name in
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

  static func number(_ s: String) -> Double? {
    let t = s.trimmingCharacters(in: .whitespaces)
    switch t.lowercased() {
    case "nan": return .nan
    case "inf", "+inf", "infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default:
      guard let first = t.first, first.isNumber || "+-.".contains(first) else { return nil }
      return Double(t)
    }
  }

  private static func quote(_ s: String, _ d: String) -> String {
    guard s.contains(d) || s.contains("\"") || s.contains("\n") || s.contains("\r") else {
      return s
    }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Splits text into rows of fields (quoted fields may hold delimiters, quotes, newlines).
  static func parse(_ text: String, delimiter: Character) throws -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, wasQuoted = false, line = 1, quoteLine = 1
    var it = text.makeIterator()
    while let c = it.next() {
      if quoted {
        if c == "\"" {
          var look = it
          if look.next() == "\"" { field.append("\""); it = look } else { quoted = false }
        } else {
          if c == "\n" || c == "\r\n" { line += 1 }
          field.append(c)
        }
      } else if c == "\"" && field.isEmpty && !wasQuoted {
        quoted = true
        wasQuoted = true
        quoteLine = line
      } else if c == delimiter {
        row.append(field)
        field = ""
        wasQuoted = false
      } else if c == "\n" || c == "\r\n" || c == "\r" {
        row.append(field)
        if !(row.count == 1 && row[0].isEmpty && !wasQuoted) { rows.append(row) }
        row = []
        field = ""
        wasQuoted = false
        line += 1
      } else {
        field.append(c)
      }
    }
    if quoted { throw Malformed("unterminated quote starting on line \(quoteLine)") }
    if !field.isEmpty || !row.isEmpty || wasQuoted { row.append(field); rows.append(row) }
    return rows
  }
}
