// load/save for other frameworks' files: MATLAB v5 .mat, .safetensors, PyTorch .pt.
import NOSIO
import NOSLang
import NOSTensor

/// The part of `load` and `save` that reads and writes other frameworks' formats; the
/// values become nos records, lists, strings and tensors.
enum ForeignFiles {
  /// Loads `path` of `kind` (`.matlab5`, `.safetensors` or `.torch`): the whole file as a
  /// record, or one top-level entry `name`; `rows` then slices that tensor's first axis.
  static func load(_ kind: FileKind, path: String, name: String?, rows: Range<Int>?) throws
    -> Value
  {
    let whole: [(String, Value)]
    switch kind {
    case .matlab5: whole = try MATLAB5.read(path: path).map { ($0.name, value($0.value)) }
    case .safetensors: whole = try Safetensors.read(path: path).map { ($0.name, wrap($0.tensor)) }
    default:
      let v = try TorchFile.read(path: path)
      guard let name else {
        if rows != nil { throw RuntimeError("load: rows= needs a name for \"\(path)\"") }
        return try value(v, path: path)
      }
      guard case .dict(let d) = v else {
        throw RuntimeError("load: \"\(path)\" holds \(v.kind), not a dict with \"\(name)\"")
      }
      whole = try d.entries.map { (try key($0.key, path: path), try value($0.value, path: path)) }
    }
    guard let name else {
      if rows != nil { throw RuntimeError("load: rows= needs a name for \"\(path)\"") }
      let r = RecordBox()
      for (k, v) in whole { r[k] = v }
      return .record(r)
    }
    guard let v = whole.first(where: { $0.0 == name })?.1 else {
      let names = whole.prefix(12).map { "\"\($0.0)\"" }.joined(separator: ", ")
      throw RuntimeError("load: no \"\(name)\" in \"\(path)\" (it holds: \(names))")
    }
    guard let rows else { return v }
    guard case .host(let h as TensorValue) = v, let first = h.tensor.shape.first else {
      throw RuntimeError("load: rows= needs a tensor with axes; \"\(name)\" is not one")
    }
    let lo = min(rows.lowerBound, first), hi = min(rows.upperBound, first)
    return wrap(try h.tensor.get([.slice(start: lo, stop: hi, step: 1)]).copied())
  }

  /// A MATLAB value: tensors, strings (a list of rows for a multi-row char array), lists
  /// for cells and struct arrays, records for structs.
  static func value(_ m: MatValue) -> Value {
    switch m {
    case .tensor(let t): return .host(TensorValue(t))
    case .text(let rows): return rows.count == 1 ? .string(rows[0])
      : .list(ListBox(rows.map { .string($0) }))
    case .list(let items): return .list(ListBox(items.map(value)))
    case .record(let fields):
      let r = RecordBox()
      for (k, v) in fields { r[k] = value(v) }
      return .record(r)
    }
  }

  /// A pickled value: dicts become records, lists and tuples lists, tensors tensors; a class
  /// or function the pickle only names becomes its dotted name as a string.
  static func value(_ p: PickleValue, path: String, depth: Int = 0) throws -> Value {
    guard depth <= 256 else {
      throw RuntimeError("load: \"\(path)\" nests containers more than 256 deep (or in a cycle)")
    }
    func inner(_ v: PickleValue) throws -> Value { try value(v, path: path, depth: depth + 1) }
    switch p {
    case .none: return .nil
    case .bool(let b): return .bool(b)
    case .int(let i): return .number(Double(i))
    case .float(let x): return .number(x)
    case .string(let s): return .string(s)
    case .bytes(let b): return .list(ListBox(b.map { .number(Double($0)) }))
    case .tuple(let items): return .list(ListBox(try items.map(inner)))
    case .list(let l): return .list(ListBox(try l.items.map(inner)))
    case .dict(let d):
      let r = RecordBox()
      for (k, v) in d.entries { r[try key(k, path: path)] = try inner(v) }
      return .record(r)
    case .global(let m, let n): return .string(m + "." + n)
    case .tensor(let t): return .host(TensorValue(t))
    case .storage: throw RuntimeError("load: \"\(path)\" holds a bare storage, not a tensor")
    }
  }

  private static func key(_ k: PickleValue, path: String) throws -> String {
    switch k {
    case .string(let s): return s
    case .int(let i): return String(i)
    default: throw RuntimeError("load: \"\(path)\" has a dict key that is \(k.kind)")
    }
  }

  /// Writes a record of tensors as `.safetensors` or PyTorch `.pt`/`.pth` (`ext`).
  static func save(_ ext: String, path: String, arrays: [(name: String, tensor: Tensor)]) throws {
    if ext == "safetensors" {
      try Safetensors.write(path: path, arrays: arrays)
    } else {
      try TorchFile.write(path: path, arrays: arrays)
    }
  }
}
