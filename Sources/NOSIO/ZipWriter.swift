// Writing zip archives: local headers, data, central directory, zip64 records when needed.

/// Writes members one after another to a sink, then the central directory (`finish`).
struct ZipWriter {
  private let sink: FileSink
  /// Writes zip64 fields even for small members (tests use it to check the zip64 path).
  private let forceZip64: Bool
  private var central: [UInt8] = []
  private var count = 0
  static let limit = 0xFFFF_FFFF

  init(sink: FileSink, forceZip64: Bool = false) {
    self.sink = sink
    self.forceZip64 = forceZip64
  }

  /// Adds a member whose content is `parts` in sequence, deflated when `compress`.
  mutating func add(name: String, parts: [UnsafeRawBufferPointer], compress: Bool) throws {
    let crc = Deflate.crc32(parts)
    let size = parts.reduce(0) { $0 + $1.count }
    let packed: [UInt8]? = compress ? try Deflate.compress(parts) : nil
    let compressed = packed?.count ?? size
    let offset = sink.written
    let big = forceZip64 || size >= ZipWriter.limit || compressed >= ZipWriter.limit
    let nameBytes = Array(name.utf8)
    var local = Bytes()
    local.u32(0x0403_4B50)
    local.u16(big ? 45 : 20)
    local.u16(0x0800)  // UTF-8 names
    local.u16(compress ? 8 : 0)
    local.u16(0)
    local.u16(0x21)  // 1980-01-01
    local.u32(Int(crc))
    local.u32(big ? ZipWriter.limit : compressed)
    local.u32(big ? ZipWriter.limit : size)
    local.u16(nameBytes.count)
    local.u16(big ? 20 : 0)
    local.bytes += nameBytes
    if big {
      local.u16(1)
      local.u16(16)
      local.u64(size)
      local.u64(compressed)
    }
    try sink.write(local.bytes)
    if let packed { try sink.write(packed) } else { for p in parts { try sink.write(p) } }
    appendCentral(nameBytes, crc: crc, size: size, compressed: compressed, offset: offset,
                  method: compress ? 8 : 0)
  }

  private mutating func appendCentral(_ name: [UInt8], crc: UInt32, size: Int, compressed: Int,
                                      offset: Int, method: Int) {
    // Only the fields that overflow go into the zip64 extra field, in this order.
    var extra = Bytes()
    let force = forceZip64
    func over(_ v: Int) -> Bool { force || v >= ZipWriter.limit }
    if over(size) { extra.u64(size) }
    if over(compressed) { extra.u64(compressed) }
    if over(offset) { extra.u64(offset) }
    var e = Bytes()
    e.u32(0x0201_4B50)
    e.u16(extra.bytes.isEmpty ? 20 : 45)
    e.u16(extra.bytes.isEmpty ? 20 : 45)
    e.u16(0x0800)
    e.u16(method)
    e.u16(0)
    e.u16(0x21)
    e.u32(Int(crc))
    e.u32(over(compressed) ? ZipWriter.limit : compressed)
    e.u32(over(size) ? ZipWriter.limit : size)
    e.u16(name.count)
    e.u16(extra.bytes.isEmpty ? 0 : extra.bytes.count + 4)
    e.u16(0)
    e.u16(0)
    e.u16(0)
    e.u32(0o100644 << 16)
    e.u32(over(offset) ? ZipWriter.limit : offset)
    e.bytes += name
    if !extra.bytes.isEmpty {
      e.u16(1)
      e.u16(extra.bytes.count)
      e.bytes += extra.bytes
    }
    central += e.bytes
    count += 1
  }

  /// Writes the central directory and the end records.
  mutating func finish() throws {
    let cdOffset = sink.written
    try sink.write(central)
    let cdSize = central.count
    var end = Bytes()
    let big = forceZip64 || count >= 0xFFFF || cdOffset >= ZipWriter.limit
      || cdSize >= ZipWriter.limit
    if big {
      let record = sink.written
      end.u32(0x0606_4B50)
      end.u64(44)
      end.u16(45)
      end.u16(45)
      end.u32(0)
      end.u32(0)
      end.u64(count)
      end.u64(count)
      end.u64(cdSize)
      end.u64(cdOffset)
      end.u32(0x0706_4B50)
      end.u32(0)
      end.u64(record)
      end.u32(1)
    }
    end.u32(0x0605_4B50)
    end.u16(0)
    end.u16(0)
    end.u16(big ? 0xFFFF : count)
    end.u16(big ? 0xFFFF : count)
    end.u32(big ? ZipWriter.limit : cdSize)
    end.u32(big ? ZipWriter.limit : cdOffset)
    end.u16(0)
    try sink.write(end.bytes)
  }
}

/// Little-endian byte building.
struct Bytes {
  var bytes: [UInt8] = []
  mutating func u16(_ v: Int) { put(v, 2) }
  mutating func u32(_ v: Int) { put(v, 4) }
  mutating func u64(_ v: Int) { put(v, 8) }
  private mutating func put(_ v: Int, _ n: Int) {
    for i in 0..<n { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * i))) }
  }
}
