// Reading zip archives (the container of .npz files): central directory, zip64, members.

/// One member of a zip archive, as its central directory describes it.
struct ZipEntry {
  var name: String
  var method: Int
  var crc: UInt32
  var compressedSize: Int
  var size: Int
  var localOffset: Int
}

enum ZipReader {
  /// The members listed in the central directory of the archive in `bytes`.
  static func entries(_ bytes: UnsafeRawBufferPointer) throws -> [ZipEntry] {
    let eocd = try findEnd(bytes)
    var r = ByteReader(bytes, at: eocd + 10)
    var count = try r.u16()
    var cdSize = try r.u32()
    var cdOffset = try r.u32()
    if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
      (count, cdSize, cdOffset) = try zip64End(bytes, eocd: eocd)
    }
    guard cdOffset <= bytes.count, cdSize <= bytes.count - cdOffset else {
      throw Malformed("corrupt zip (central directory outside the file)")
    }
    // Each entry takes at least 46 bytes, which bounds an absurd count.
    guard count <= cdSize / 46 else { throw Malformed("corrupt zip (bad member count)") }
    var c = ByteReader(bytes, at: cdOffset)
    var out: [ZipEntry] = []
    for _ in 0..<count { out.append(try entry(&c)) }
    return out
  }

  private static func findEnd(_ bytes: UnsafeRawBufferPointer) throws -> Int {
    let n = bytes.count
    guard n >= 22 else { throw Malformed("not a zip archive (too short)") }
    var i = n - 22
    let lowest = max(0, n - 22 - 65535)
    while i >= lowest {
      if bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self) == 0x0605_4B50 { return i }
      i -= 1
    }
    throw Malformed("not a zip archive (no end of central directory)")
  }

  private static func zip64End(_ bytes: UnsafeRawBufferPointer, eocd: Int) throws
    -> (Int, Int, Int)
  {
    guard eocd >= 20 else { throw Malformed("corrupt zip64 (no locator)") }
    var l = ByteReader(bytes, at: eocd - 20)
    guard try l.u32() == 0x0706_4B50 else { throw Malformed("corrupt zip64 (no locator)") }
    try l.skip(4)
    var r = ByteReader(bytes, at: try l.u64())
    guard try r.u32() == 0x0606_4B50 else { throw Malformed("corrupt zip64 end record") }
    try r.skip(28)
    let count = try r.u64()
    let size = try r.u64()
    let offset = try r.u64()
    return (count, size, offset)
  }

  private static func entry(_ c: inout ByteReader) throws -> ZipEntry {
    guard try c.u32() == 0x0201_4B50 else { throw Malformed("corrupt zip (bad central entry)") }
    try c.skip(4)
    let flags = try c.u16()
    let method = try c.u16()
    try c.skip(4)
    let crc = UInt32(try c.u32())
    var compressed = try c.u32()
    var size = try c.u32()
    let nameLength = try c.u16(), extraLength = try c.u16(), commentLength = try c.u16()
    try c.skip(8)
    var offset = try c.u32()
    let name = String(decoding: try c.take(nameLength), as: UTF8.self)
    var extra = ByteReader(try c.take(extraLength))
    try c.skip(commentLength)
    guard flags & 1 == 0 else { throw Malformed("member \"\(name)\" is encrypted") }
    // The zip64 extra field holds, in order, the sizes and offset that overflowed.
    while extra.remaining >= 4 {
      let id = try extra.u16(), length = try extra.u16()
      var field = ByteReader(try extra.take(length))
      guard id == 1 else { continue }
      if size == 0xFFFF_FFFF { size = try field.u64() }
      if compressed == 0xFFFF_FFFF { compressed = try field.u64() }
      if offset == 0xFFFF_FFFF { offset = try field.u64() }
    }
    return ZipEntry(name: name, method: method, crc: crc, compressedSize: compressed,
                    size: size, localOffset: offset)
  }

  /// The stored bytes of `e` (still compressed when its method is deflate).
  static func rawData(_ e: ZipEntry, in bytes: UnsafeRawBufferPointer) throws
    -> UnsafeRawBufferPointer
  {
    var r = ByteReader(bytes, at: e.localOffset)
    guard e.localOffset <= bytes.count, try r.u32() == 0x0403_4B50 else {
      throw Malformed("member \"\(e.name)\": bad local header")
    }
    try r.skip(22)
    let nameLength = try r.u16(), extraLength = try r.u16()
    try r.skip(nameLength + extraLength)
    guard e.compressedSize <= r.remaining else {
      throw Malformed("member \"\(e.name)\": truncated data")
    }
    return try r.take(e.compressedSize)
  }

  /// Calls `body` with the uncompressed bytes of `e`, checking its CRC.
  static func withData<R>(_ e: ZipEntry, in bytes: UnsafeRawBufferPointer,
                          _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
    let raw = try rawData(e, in: bytes)
    switch e.method {
    case 0:
      guard raw.count == e.size else { throw Malformed("member \"\(e.name)\": sizes disagree") }
      try check(e, raw)
      return try body(raw)
    case 8:
      // Deflate expands at most about 1032:1; a larger claim is corrupt.
      let (bound, o) = raw.count.multipliedReportingOverflow(by: 1032)
      guard !o, e.size <= bound + 64 else {
        throw Malformed("member \"\(e.name)\": corrupt sizes")
      }
      let out: GrowingBuffer
      do { out = try Deflate.decompress(raw, size: e.size) } catch let m as Malformed {
        throw Malformed("member \"\(e.name)\": " + m.problem)
      }
      let data = UnsafeRawBufferPointer(start: out.base, count: e.size)
      defer { withExtendedLifetime(out) {} }
      try check(e, data)
      return try body(data)
    default:
      throw Malformed("member \"\(e.name)\" uses compression method \(e.method) "
        + "(only stored and deflate are supported)")
    }
  }

  private static func check(_ e: ZipEntry, _ data: UnsafeRawBufferPointer) throws {
    guard Deflate.crc32([data]) == e.crc else {
      throw Malformed("member \"\(e.name)\": CRC mismatch (corrupt data)")
    }
  }
}
