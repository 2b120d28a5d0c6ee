// NumPy .npy files: decoding bytes into tensors and writing tensors as NumPy writes them.
import NOSTensor

/// Reads and writes NumPy's `.npy` format (versions 1.0, 2.0 and 3.0).
///
/// Reading keeps f8, f4, c16, c8 and b1 (bool) arrays in their dtype and loads integers
/// (i1–i8, u1–u8) as i64 (a u8 value beyond i64's range is an error); both byte orders
/// and Fortran order are accepted. Writing
/// produces little-endian, C-order arrays that `numpy.load` reads.
public enum NPY {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// Loads the array in `path` (a range of `rows` along the first axis when given).
  public static func read(path: String, rows: Range<Int>? = nil) throws -> Tensor {
    let file = try MappedFile(path)
    return try naming(path) { try decode(file.bytes, rows: rows) }
  }

  /// Writes `tensor` to `path` atomically.
  public static func write(_ tensor: Tensor, path: String) throws {
    let t = try tensor.contiguous()
    let header = NPY.header(for: t)
    try AtomicFile.write(path) { sink in
      try sink.write(header)
      try withBytes(t) { try sink.write($0) }
    }
  }

  /// The magic, version, length and padded header for a contiguous tensor.
  static func header(for t: Tensor) -> [UInt8] {
    let dict = NPYHeader(descr: NPYElement(dtype: t.dtype).descr, fortranOrder: false,
                         shape: t.shape).text
    var body = Array(dict.utf8)
    // Version 1.0 has a 2-byte length; pad so the data starts on a 64-byte boundary.
    let wide = body.count + 12 + 64 > 65535
    let preamble = wide ? 12 : 10
    let total = (preamble + body.count + 1 + 63) / 64 * 64
    body += [UInt8](repeating: 0x20, count: total - preamble - body.count - 1) + [0x0A]
    var out = magic + [wide ? 2 : 1, 0]
    let n = body.count
    out += wide ? [UInt8(n & 255), UInt8(n >> 8 & 255), UInt8(n >> 16 & 255), UInt8(n >> 24)]
      : [UInt8(n & 255), UInt8(n >> 8)]
    return out + body
  }

  /// The raw bytes of a contiguous tensor (little-endian hosts only).
  static func withBytes<R>(_ t: Tensor, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows
    -> R
  {
    let start = t.storage.raw + t.offset * t.dtype.size
    return try withExtendedLifetime(t.storage) {
      try body(UnsafeRawBufferPointer(start: start, count: t.count * t.dtype.size))
    }
  }

  /// Decodes a whole .npy file held in `bytes`.
  static func decode(_ bytes: UnsafeRawBufferPointer, rows: Range<Int>? = nil) throws -> Tensor {
    var r = ByteReader(bytes)
    let m = try? r.take(6)
    guard let m, m.elementsEqual(magic) else { throw Malformed("not a .npy file (wrong magic)") }
    let major = try r.take(2).first ?? 0
    let length: Int
    switch major {
    case 1: length = try r.u16()
    case 2, 3: length = try r.u32()
    default: throw Malformed("unsupported .npy version \(major)")
    }
    guard length <= r.remaining else { throw Malformed("truncated header") }
    let text = String(decoding: try r.take(length), as: UTF8.self)
    let header = try NPYHeader(parsing: text)
    let element = try NPYElement(descr: header.descr)
    return try elements(header: header, element: element, data: try r.take(r.remaining),
                        rows: rows)
  }

  /// Builds the tensor from the data after the header.
  static func elements(header: NPYHeader, element: NPYElement, data: UnsafeRawBufferPointer,
                       rows: Range<Int>?) throws -> Tensor {
    var shape = header.shape
    var count = 1
    for d in shape {
      let (c, o) = count.multipliedReportingOverflow(by: d)
      guard !o else { throw Malformed("absurd shape \(shape)") }
      count = c
    }
    let (bytes, o) = count.multipliedReportingOverflow(by: element.size)
    guard !o else { throw Malformed("absurd shape \(shape)") }
    guard bytes <= data.count else {
      throw Malformed("truncated data (the header promises \(bytes) bytes, the file has "
        + "\(data.count))")
    }
    var start = 0
    if rows != nil && shape.isEmpty { throw Malformed("rows= needs an array with axes") }
    if let rows, !header.fortranOrder, let first = shape.first {
      let lo = min(rows.lowerBound, first), hi = min(rows.upperBound, first)
      let rowElements = first == 0 ? 0 : count / first
      start = lo * rowElements * element.size
      shape[0] = hi - lo
      count = (hi - lo) * rowElements
    }
    let dims = header.fortranOrder ? Array(shape.reversed()) : shape
    var t = try Tensor(uninitialized: dims, dtype: element.dtype)
    if let src = data.baseAddress { try convert(src + start, count, element, into: t) }
    if header.fortranOrder {
      t = try t.permuted(Array((0..<dims.count).reversed())).copied()
      if let rows, let first = shape.first {
        let lo = min(rows.lowerBound, first), hi = min(rows.upperBound, first)
        t = try t.get([.slice(start: lo, stop: hi, step: 1)]).copied()
      }
    }
    return t
  }

  /// Copies `n` elements into the fresh tensor `t`, swapping bytes and widening as needed.
  static func convert(_ src: UnsafeRawPointer, _ n: Int, _ e: NPYElement, into t: Tensor) throws {
    let dst = t.storage.raw + t.offset * t.dtype.size
    let swap = e.bigEndian
    switch e.kind {
    case .float, .complex:
      let parts = e.kind == .complex ? 2 : 1
      if !swap {
        dst.copyMemory(from: src, byteCount: n * e.size)
      } else if e.size / parts == 4 {
        let d = dst.assumingMemoryBound(to: UInt32.self)
        for i in 0..<n * parts {
          d[i] = src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).byteSwapped
        }
      } else {
        let d = dst.assumingMemoryBound(to: UInt64.self)
        for i in 0..<n * parts {
          d[i] = src.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).byteSwapped
        }
      }
    case .bool:
      let d = dst.assumingMemoryBound(to: UInt8.self)
      for i in 0..<n { d[i] = src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
    case .signed:
      switch e.size {
      case 1: widen(src, n, swap, Int8.self, dst)
      case 2: widen(src, n, swap, Int16.self, dst)
      case 4: widen(src, n, swap, Int32.self, dst)
      default: widen(src, n, swap, Int64.self, dst)
      }
    case .unsigned:
      switch e.size {
      case 1: widen(src, n, swap, UInt8.self, dst)
      case 2: widen(src, n, swap, UInt16.self, dst)
      case 4: widen(src, n, swap, UInt32.self, dst)
      default:
        widen(src, n, swap, UInt64.self, dst)
        let d = dst.assumingMemoryBound(to: Int64.self)
        for i in 0..<n where d[i] < 0 {
          throw Malformed("the uint64 value \(UInt64(bitPattern: d[i])) is beyond i64's range "
            + "(integers load as i64)")
        }
      }
    }
  }

  private static func widen<T: FixedWidthInteger>(
    _ src: UnsafeRawPointer, _ n: Int, _ swap: Bool, _: T.Type, _ dst: UnsafeMutableRawPointer
  ) {
    let d = dst.assumingMemoryBound(to: Int64.self)
    let size = MemoryLayout<T>.size
    for i in 0..<n {
      let v = src.loadUnaligned(fromByteOffset: size * i, as: T.self)
      d[i] = Int64(truncatingIfNeeded: swap ? v.byteSwapped : v)  // u64 past 2^63: checked after
    }
  }
}
