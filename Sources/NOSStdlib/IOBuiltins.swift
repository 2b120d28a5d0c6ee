// Builtins for files: save/load (.npy, .npz, HDF5, .mat, .safetensors, .pt), exists, h5ls, CSV.
import NOSIO
import NOSLang
import NOSTensor

enum IOBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] {
    [save, load, exists, h5ls, readcsv, writecsv]
  }


  static let save = Builtin(
    "save", [Param("path"), Param("value"), Param("compressed", default: false)], doc: """
      Writes NumPy files that numpy.load reads: save("x.npy", t) one tensor, save("d.npz",
      record) a record of tensors (each field one array; compressed=true deflates like
      numpy.savez_compressed); save("w.safetensors", record) and save("w.pt", record) write
      the same record for safetensors and torch.load; save("d.h5", record) an HDF5 file that
      h5py reads (fields as datasets, nested records as groups). The write is atomic: a
      temporary file
      renamed when complete.
      """
  ) { a in
    let path = try a.string(0)
    let compressed = try a.bool(2)
    try io {
      switch fileExtension(path) {
      case "npy":
        if compressed { throw a.error(2, "compressed= applies to .npz files") }
        try NPY.write(try a.tensor(1), path: path)
      case "npz":
        try NPZ.write(path: path, arrays: try npzArrays(a, 1), compressed: compressed)
      case "safetensors", "pt", "pth":
        if compressed { throw a.error(2, "compressed= applies to .npz files") }
        try ForeignFiles.save(fileExtension(path), path: path, arrays: try npzArrays(a, 1))
      case "h5", "hdf5":
        if compressed { throw a.error(2, "compressed= applies to .npz files") }
        try HDF5.write(path: path, root: try h5Root(a, 1))
      default:
        throw RuntimeError("save: unknown file type \"\(path)\" (use .npy for a tensor; .npz, "
          + ".h5, .safetensors or .pt for a record of tensors; writecsv writes .csv)")
      }
    }
    return .nil
  }

  /// The arrays `save` writes to an .npz: a record's fields, a list's items (arr_0, ...)
  /// or one tensor (arr_0), as numpy.savez names positional arrays.
  static func npzArrays(_ a: Arguments, _ i: Int) throws -> [(name: String, tensor: Tensor)] {
    let fields: [(String, Value)]
    switch a[i] {
    case .record(let r): fields = Array(zip(r.keys, r.values))
    case .list(let l) where (try? a.tensor(i)) == nil:
      fields = l.items.enumerated().map { ("arr_\($0.offset)", $0.element) }
    default: fields = [("arr_0", .host(TensorValue(try a.tensor(i))))]
    }
    return try fields.map { name, v in
      switch v {
      case .number, .bool, .host(is TensorValue), .list: break
      default:
        throw a.error(i, "field \"\(name)\" is \(v.typeName == "nil" ? "nil" : "a " + v.typeName)"
          + "; an .npz holds tensors")
      }
      return (name, try toTensor(v, what: "save: field \"\(name)\""))
    }
  }

  static let load = Builtin(
    "load", [Param("path"), Param("name", default: .nil), Param("rows", default: .nil)],
    doc: """
      Reads a file by its contents: .npy gives a tensor; .npz, .safetensors, MATLAB v5 .mat
      and PyTorch .pt files a record (or one entry: load("d.npz", "u")); HDF5 and MATLAB
      v7.3 .mat files one dataset:
      load("data.h5", "group/u") (MATLAB arrays transposed to C order, as SciPy gives them).
      rows=a..b reads only those rows of the first axis (rows=i one row), so a large
      dataset is never read whole. Integer arrays load as i64, boolean ones as bool.
      """
  ) { a in
    let path = try a.string(0)
    let name: String? = a[1].isNil ? nil : try a.string(1)
    let (rows, single) = try rowRange(a, 2)
    return try io {
      let value: Value
      let kind = try FileKind.detect(path: path)
      switch kind {
      case .npy:
        if let name {
          throw a.error(1, "\"\(path)\" is a .npy file holding one array, not \"\(name)\"")
        }
        value = wrap(try NPY.read(path: path, rows: rows))
      case .npz:
        if let name { value = wrap(try NPZ.read(path: path, array: name, rows: rows)) } else {
          if rows != nil { throw a.error(2, "rows= needs an array name for an .npz file") }
          value = try npzRecord(path)
        }
      case .hdf5:
        guard let name else {
          let sets = try HDF5.list(path: path).filter { !$0.isGroup }.prefix(8)
            .map { "\"\($0.path.dropFirst())\"" }.joined(separator: ", ")
          throw RuntimeError("load: \"\(path)\" is an HDF5 file; name a dataset, e.g. "
            + "load(\"\(path)\", \(sets.split(separator: ",").first ?? "\"u\""))"
            + (sets.isEmpty ? "" : " (datasets: \(sets))"))
        }
        value = wrap(try HDF5.read(path: path, dataset: name, rows: rows))
      case .matlab5, .safetensors, .torch:
        value = try ForeignFiles.load(kind, path: path, name: name, rows: rows)
      case .unknown:
        let hint = fileExtension(path) == "csv" ? " (use readcsv for .csv files)" : ""
        throw IOError.load(path, "not a .npy, .npz, HDF5, MATLAB, .safetensors or PyTorch file"
          + hint)
      }
      return try single ? dropRow(value, path: path) : value
    }
  }

  static func npzRecord(_ path: String) throws -> Value {
    let contents = try NPZ.read(path: path)
    let r = RecordBox()
    for (name, t) in contents.arrays { r[name] = wrap(t) }
    for (name, text) in contents.texts { r[name] = .string(text) }
    return .record(r)
  }

  /// `rows=`: a range `a..b` / `a..=b` or one row index (then the axis is dropped).
  static func rowRange(_ a: Arguments, _ i: Int) throws -> (Range<Int>?, Bool) {
    switch a[i] {
    case .nil: return (nil, false)
    case .range(let r):
      let end = r.inclusive ? r.end + 1 : r.end
      guard let lo = Int(exactly: r.start), let hi = Int(exactly: end), lo >= 0 else {
        throw a.error(i, "rows must be a range of non-negative row numbers")
      }
      return (lo..<max(lo, hi), false)
    default:
      guard let x = a[i].asNumber else { throw a.bad(i, expected: "range such as 0..100") }
      guard let n = Int(exactly: x), n >= 0, n < Int.max else {
        throw a.error(i, "rows must be a non-negative integer or a range such as 0..100")
      }
      return (n..<n + 1, true)
    }
  }

  private static func dropRow(_ v: Value, path: String) throws -> Value {
    guard case .host(let h as TensorValue) = v else { return v }
    guard h.tensor.shape.first == 1 else {
      throw RuntimeError("load: row out of range in \"\(path)\"")
    }
    return wrap(try h.tensor.get([.at(0)]))
  }

  static func fileExtension(_ path: String) -> String {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
    return path[path.index(after: dot)...].lowercased()
  }

  /// Runs `body`, turning NOSIO's errors into runtime errors with the same message.
  static func io<R>(_ body: () throws -> R) throws -> R {
    do { return try body() } catch let e as IOError { throw RuntimeError(e.message) }
  }
}
