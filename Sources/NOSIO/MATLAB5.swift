// MATLAB v5 .mat files (what scipy.io.savemat writes): numeric arrays, strings, structs, cells.
import NOSTensor

/// A variable of a MATLAB v5 file.
public indirect enum MatValue {
  case tensor(Tensor)
  /// A char array: one string per row (a 1-row array is one string).
  case text([String])
  /// A cell array or a struct array: its elements in row-major order (scipy's `ravel()`).
  case list([MatValue])
  /// A 1×1 struct: its fields in file order.
  case record([(name: String, value: MatValue)])
}

/// Reads MATLAB level-5 MAT-files (MATLAB `-v6`/`-v7`, `scipy.io.savemat` with or without
/// `do_compression`): a 128-byte header, then one data element per variable, each either a
/// matrix or a zlib-compressed matrix. Arrays are column-major in the file and are returned
/// in C order with the same shape as `scipy.io.loadmat` (at least 2-D). Logical arrays load
/// as bool, single as f32, double and integer classes as f64 (complex as c64/c128).
public enum MATLAB5 {
  /// The variables of `path`, in file order.
  public static func read(path: String) throws -> [(name: String, value: MatValue)] {
    let file = try MappedFile(path)
    return try naming(path) { try decode(file.bytes) }
  }

  static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [(name: String, value: MatValue)]
  {
    guard bytes.count >= 128, HDF5.looksLikeMATLAB(bytes) else {
      throw Malformed("not a MATLAB file (no MATLAB header)")
    }
    guard bytes[126] == UInt8(ascii: "I"), bytes[127] == UInt8(ascii: "M") else {
      throw Malformed("a big-endian MATLAB file, which nos does not read")
    }
    var r = ByteReader(bytes, at: 128)
    var out: [(String, MatValue)] = []
    while r.remaining >= 8 {
      let e = try MatElement.next(&r)
      let (name, value) = try variable(e)
      if let value, !name.hasPrefix("__") { out.append((name, value)) }
    }
    guard r.remaining == 0 else { throw Malformed("truncated file (\(r.remaining) stray bytes)") }
    return out
  }

  /// One top-level element: a matrix, or a compressed matrix (inflated first). Names of
  /// variables nos cannot load (objects, function handles) come with a nil value only
  /// if MATLAB itself hid them (`__function_workspace__`); others are errors.
  static func variable(_ e: MatElement) throws -> (String, MatValue?) {
    switch e.type {
    case MatElement.matrix: return try matrix(e.data)
    case MatElement.compressed:
      // The inner tag (type, byte count) announces the inflated size.
      let inflated = try Zlib.inflate(e.data) { head in
        let n = head[4..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        return head[0] == 14 && n <= Int(UInt32.max) ? n + 8 : nil
      }
      return try inflated.withUnsafeBytes { b in
        var r = ByteReader(b)
        let inner = try MatElement.next(&r)
        guard inner.type == MatElement.matrix else {
          throw Malformed("corrupt compressed element (type \(inner.type), not a matrix)")
        }
        return try matrix(inner.data)
      }
    default: return ("", nil)
    }
  }

  /// Parses the body of a miMATRIX element into its name and value.
  static func matrix(_ body: UnsafeRawBufferPointer, depth: Int = 0) throws
    -> (String, MatValue?)
  {
    guard depth <= 64 else { throw Malformed("cells or structs nested more than 64 deep") }
    if body.isEmpty { return ("", .tensor(try Tensor(uninitialized: [0, 0]))) }
    var r = ByteReader(body)
    let flags = try MatElement.next(&r).uint32s()
    guard flags.count >= 1 else { throw Malformed("corrupt array flags") }
    let cls = flags[0] & 0xFF
    let complex = flags[0] & 0x800 != 0, logical = flags[0] & 0x200 != 0
    let dims = try MatElement.next(&r).int32s()
    let name = String(decoding: try MatElement.next(&r).data, as: UTF8.self)
    _ = try RawElement.count(dims)
    do {
      let value = try MatArray(cls: cls, complex: complex, logical: logical, dims: dims,
                               depth: depth).value(&r)
      return (name, value)
    } catch let m as Malformed {
      throw Malformed("variable \"\(name)\": " + m.problem)
    }
  }
}

/// One data element: its type number and its bytes (padding removed).
struct MatElement {
  static let matrix = 14, compressed = 15
  let type: Int
  let data: UnsafeRawBufferPointer

  /// Reads the element at the reader's position, in the long or the small (packed) form,
  /// and moves past its padding to the next 8-byte boundary.
  static func next(_ r: inout ByteReader) throws -> MatElement {
    let first = try r.u32()
    if first >> 16 != 0 {  // small element: size in the upper half, 4 bytes of data
      let n = first >> 16
      guard n <= 4 else { throw Malformed("corrupt small data element") }
      let d = try r.take(4)
      return MatElement(type: first & 0xFFFF, data: UnsafeRawBufferPointer(rebasing: d[0..<n]))
    }
    let n = try r.u32()
    guard n <= r.remaining else {
      throw Malformed("truncated data element (\(n) bytes promised, \(r.remaining) left)")
    }
    let d = try r.take(n)
    let pad = (8 - n % 8) % 8
    if first != compressed { try r.skip(min(pad, r.remaining)) }
    return MatElement(type: first, data: d)
  }

  /// The raw element type of a numeric element.
  var element: RawElement {
    get throws {
      switch type {
      case 1: return .signed(1)
      case 2: return .unsigned(1)
      case 3: return .signed(2)
      case 4: return .unsigned(2)
      case 5: return .signed(4)
      case 6: return .unsigned(4)
      case 7: return .f32
      case 9: return .f64
      case 12: return .signed(8)
      case 13: return .unsigned(8)
      default: throw Malformed("data element of type \(type) where numbers were expected")
      }
    }
  }

  /// The element's values as integers (flags, dimensions, indices).
  func ints() throws -> [Int] {
    let e = try element
    guard data.count % e.size == 0 else { throw Malformed("corrupt integer element") }
    let t = try e.tensor(data, shape: [data.count / e.size])
    return try t.toArray().map { d in
      guard let i = Int(exactly: d) else { throw Malformed("corrupt integer element") }
      return i
    }
  }

  func uint32s() throws -> [Int] { try ints() }
  func int32s() throws -> [Int] { try ints() }
}
