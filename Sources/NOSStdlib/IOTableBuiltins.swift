// Builtins for listing files and for CSV tables: exists, h5ls, readcsv, writecsv.
import Foundation
import NOSIO
import NOSLang
import NOSTensor

extension IOBuiltins {
  /// A cached data file is made once and loaded afterwards: `if exists(f) { load(f) } else
  /// ...` (Python's os.path.exists; true for a folder too).
  static let exists = Builtin("exists", [Param("path")], doc: """
    True when a file or folder exists at the path (Python's os.path.exists): `d = if
    exists(f) { load(f) } else { ... }` caches data made once.
    """
  ) { a in
    .bool(FileManager.default.fileExists(atPath: try a.string(0)))
  }

  static let h5ls = Builtin("h5ls", [Param("path")], doc: """
    Lists the groups and datasets of an HDF5 (or MATLAB v7.3) file with each dataset's type
    in the file and its shape as load returns it.
    """
  ) { a in
    let path = try a.string(0)
    let entries = try io { try HDF5.list(path: path) }
    let width = entries.map { $0.path.count + ($0.isGroup ? 1 : 0) }.max() ?? 0
    let typeWidth = max(5, entries.map(\.dtype.count).max() ?? 0)
    var text = ""
    for e in entries {
      let name = e.isGroup ? e.path + "/" : e.path
      let pad = String(repeating: " ", count: width - name.count + 2)
      if e.isGroup {
        text += name + pad + "group\n"
      } else {
        let tpad = String(repeating: " ", count: typeWidth - e.dtype.count + 2)
        text += name + pad + e.dtype + tpad + "[" + e.shape.map(String.init)
          .joined(separator: ", ") + "]\n"
      }
    }
    a.interpreter.output.write(text)
    return .nil
  }

  static let readcsv = Builtin(
    "readcsv", [Param("path"), Param("header", default: true), Param("delimiter", default: ",")],
    doc: """
      Reads a CSV file into a record of columns: numeric columns become 1-D f64 tensors
      (empty cells NaN), others lists of strings. header=false names the columns c0, c1, ...
      """
  ) { a in
    let path = try a.string(0)
    let delimiter = try delimiterArgument(a, 2)
    let interp = a.interpreter
    let columns = try io {
      try CSV.read(path: path, header: try a.bool(1), delimiter: delimiter) {
        try interp.checkInterrupt()
      }
    }
    // The names are distinct (CSV.read checks), so the record is built in one pass.
    return .record(RecordBox(distinct: columns.map { name, c in
      switch c {
      case .numbers(let x): return (name, wrap(Tensor(x)))
      case .strings(let s): return (name, .list(s.map { .string($0) }))
      }
    }))
  }

  static let writecsv = Builtin(
    "writecsv", [Param("path"), Param("record"), Param("delimiter", default: ",")], doc: """
      Writes a record of columns (1-D tensors, lists of numbers or strings, single numbers) as
      a CSV file with a header row; atomic like save.
      """
  ) { a in
    let path = try a.string(0)
    let r = try a.record(1)
    let delimiter = try delimiterArgument(a, 2)
    let columns = try zip(r.keys, r.values).map { name, v in (name, try column(name, v)) }
    try io { try CSV.write(path: path, columns: columns, delimiter: delimiter) }
    return .nil
  }

  private static func delimiterArgument(_ a: Arguments, _ i: Int) throws -> Character {
    let s = try a.string(i)
    guard s.count == 1, let c = s.first, c != "\"", c != "\n" else {
      throw a.error(i, "delimiter must be one character")
    }
    return c
  }

  private static func column(_ name: String, _ v: Value) throws -> CSV.Column {
    switch v {
    case .number(let x): return .numbers([x])
    case .string(let s): return .strings([s])
    case .host(let h as TensorValue):
      guard !h.tensor.dtype.isComplex else {
        throw RuntimeError("writecsv: column \"\(name)\" is complex; write real(x) and imag(x)")
      }
      guard h.tensor.ndim <= 1 else {
        throw RuntimeError("writecsv: column \"\(name)\" has shape "
          + "\(h.tensor.shape); columns must be 1-D")
      }
      return .numbers(h.tensor.toArray())
    case .list(let l):
      if l.items.allSatisfy({ $0.asNumber != nil }) {
        return .numbers(l.items.compactMap(\.asNumber))
      }
      return .strings(try l.items.map { item -> String in
        switch item {
        case .string(let s): return s
        case .number(let x): return Display.number(x)
        default:
          throw RuntimeError("writecsv: column \"\(name)\" holds \(item.typeName) values")
        }
      })
    default:
      let what = v.typeName == "nil" ? "nil" : "a " + v.typeName
      throw RuntimeError("writecsv: column \"\(name)\" is \(what); use tensors, lists or numbers")
    }
  }
}
