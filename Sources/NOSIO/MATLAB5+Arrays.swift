// The array classes of a MATLAB v5 matrix element: numeric, logical, char, cell, struct, sparse.
import NOSTensor

/// The header of one MATLAB array (class, flags, dimensions) and how to read its body.
struct MatArray {
  let cls: Int
  let complex: Bool
  let logical: Bool
  let dims: [Int]
  /// How deep this array sits inside cells and structs (bounded, so a hostile file cannot
  /// recurse the parser off the stack).
  let depth: Int

  /// Reads the sub-elements after the name and builds the value.
  func value(_ r: inout ByteReader) throws -> MatValue {
    switch cls {
    case 6...15: return .tensor(try numeric(&r))
    case 4: return .text(try chars(&r))
    case 1: return .list(try rowMajor(try cells(&r)))
    case 2: return try structure(&r)
    case 5: return .tensor(try sparse(&r))
    default:
      let kinds = [3: "an object", 16: "a function handle or opaque object",
                   17: "an opaque object"]
      throw Malformed("\(kinds[cls] ?? "an array of class \(cls)"), which nos cannot load")
    }
  }

  /// The dtype a numeric class loads as.
  var dtype: DType {
    if logical { return .bool }
    if cls == 7 { return complex ? .c64 : .f32 }
    if (8...15).contains(cls) { return complex ? .c128 : .i64 }  // int8 … uint64 classes
    return complex ? .c128 : .f64
  }

  /// A column-major buffer of `dims` as a C-order tensor with the same shape.
  func fromColumnMajor(_ t: Tensor) throws -> Tensor {
    let f = try t.reshaped(dims.reversed())
    guard f.ndim > 1 else { return f }
    return try f.permuted(Array((0..<f.ndim).reversed())).copied()
  }

  private func numeric(_ r: inout ByteReader) throws -> Tensor {
    let count = try RawElement.count(dims)
    let re = try part(&r, count)
    guard complex else { return try fromColumnMajor(try re.astype(dtype)) }
    let im = try part(&r, count).toArray()
    var pairs = [Double](repeating: 0, count: 2 * count)
    for (i, x) in re.toArray().enumerated() { pairs[2 * i] = x }
    for (i, y) in im.enumerated() { pairs[2 * i + 1] = y }
    let z = try pairs.withUnsafeBytes { try RawElement.c128.tensor($0, shape: [count]) }
    return try fromColumnMajor(try z.astype(dtype))
  }

  /// The real or imaginary part: `count` numbers of whatever type the file chose.
  private func part(_ r: inout ByteReader, _ count: Int) throws -> Tensor {
    let e = try MatElement.next(&r)
    let element = try e.element
    let (bytes, o) = count.multipliedReportingOverflow(by: element.size)
    guard !o, e.data.count == bytes else {
      throw Malformed("\(e.data.count) data bytes for shape \(dims) (\(count) elements)")
    }
    return try element.tensor(e.data, shape: [count])
  }

  private func chars(_ r: inout ByteReader) throws -> [String] {
    let e = try MatElement.next(&r)
    let codes: [UInt32]
    switch e.type {
    case 16: codes = String(decoding: e.data, as: UTF8.self).unicodeScalars.map(\.value)
    case 4, 17:
      let units = (0..<e.data.count / 2).map { e.data.loadUnaligned(fromByteOffset: 2 * $0,
                                                                   as: UInt16.self) }
      codes = String(decoding: units, as: UTF16.self).unicodeScalars.map(\.value)
    default: codes = try e.ints().map { UInt32(truncatingIfNeeded: $0) }
    }
    let rows = dims.first ?? 0
    guard rows > 0, codes.count % rows == 0 else { return codes.isEmpty ? [""] : [] }
    let cols = codes.count / rows
    return (0..<rows).map { i in
      String(String.UnicodeScalarView((0..<cols).compactMap {
        Unicode.Scalar(codes[$0 * rows + i])
      }))
    }
  }

  /// The cells in column-major (file) order.
  private func cells(_ r: inout ByteReader) throws -> [MatValue] {
    let count = try RawElement.count(dims)
    return try (0..<count).map { _ in try child(&r) }
  }

  private func child(_ r: inout ByteReader) throws -> MatValue {
    let e = try MatElement.next(&r)
    guard e.type == MatElement.matrix else { throw Malformed("corrupt cell (type \(e.type))") }
    return try MATLAB5.matrix(e.data, depth: depth + 1).1 ?? .list([])
  }

  private func structure(_ r: inout ByteReader) throws -> MatValue {
    let width = try MatElement.next(&r).ints().first ?? 0
    let raw = try MatElement.next(&r).data
    guard width > 0, raw.count % width == 0 else {
      throw Malformed("corrupt struct field names")
    }
    let names = (0..<raw.count / width).map { i in
      String(decoding: raw[i * width..<(i + 1) * width].prefix { $0 != 0 }, as: UTF8.self)
    }
    let count = try RawElement.count(dims)
    var items: [MatValue] = []
    for _ in 0..<count {
      items.append(.record(try names.map { ($0, try child(&r)) }))
    }
    if count == 1, let one = items.first { return one }
    return .list(try rowMajor(items))
  }

  /// Reorders column-major elements into row-major order.
  func rowMajor(_ items: [MatValue]) throws -> [MatValue] {
    let n = items.count
    guard dims.filter({ $0 > 1 }).count > 1 else { return items }
    let order = try fromColumnMajor(try Tensor((0..<n).map(Double.init), shape: [n]))
    return order.toArray().map { items[Int($0)] }
  }

  /// A sparse matrix (row indices, column starts, values) as a dense matrix.
  private func sparse(_ r: inout ByteReader) throws -> Tensor {
    guard dims.count == 2, !complex else {
      throw Malformed("a complex or non-2-D sparse matrix, which nos cannot load")
    }
    let rows = try MatElement.next(&r).ints(), starts = try MatElement.next(&r).ints()
    let values = try MatElement.next(&r)
    let v = try values.element.tensor(values.data, shape: [values.data.count
      / (try values.element.size)]).toArray()
    let (m, n) = (dims[0], dims[1])
    let (cells, o1) = m.multipliedReportingOverflow(by: n)
    let (bytes, o2) = cells.multipliedReportingOverflow(by: 8)
    guard !o1, !o2 else { throw Malformed("absurd sparse matrix shape \(dims)") }
    try MemoryGuard.check(bytes: bytes, what: "a sparse matrix made dense")
    var dense = [Double](repeating: 0, count: m * n)
    guard starts.count == n + 1 else { throw Malformed("corrupt sparse matrix") }
    for j in 0..<n {
      guard starts[j] >= 0, starts[j] <= starts[j + 1], starts[j + 1] <= min(rows.count,
                                                                          v.count) else {
        throw Malformed("corrupt sparse matrix")
      }
      for k in starts[j]..<starts[j + 1] {
        guard rows[k] >= 0, rows[k] < m else { throw Malformed("corrupt sparse matrix") }
        dense[rows[k] * n + j] = v[k]
      }
    }
    let t = try Tensor(dense, shape: [m, n])
    return logical ? try t.astype(.bool) : t
  }
}
