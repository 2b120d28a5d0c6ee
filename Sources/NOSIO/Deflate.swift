// zlib: raw deflate and inflate (the compression of zip members) and CRC-32.
import CZlib

enum Deflate {
  /// zlib takes at most this many bytes per call (its counters are 32-bit).
  static let step = 1 << 30

  /// CRC-32 of several buffers in sequence, as zip records it.
  static func crc32(_ parts: [UnsafeRawBufferPointer]) -> UInt32 {
    var crc: uLong = CZlib.crc32(0, nil, 0)
    for p in parts {
      guard let base = p.baseAddress?.assumingMemoryBound(to: Bytef.self) else { continue }
      var done = 0
      while done < p.count {
        let n = min(step, p.count - done)
        crc = CZlib.crc32(crc, base + done, uInt(n))
        done += n
      }
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  /// Raw-deflates the buffers one after another into a new byte array.
  static func compress(_ parts: [UnsafeRawBufferPointer], level: Int32 = 6) throws -> [UInt8] {
    var s = z_stream()
    guard deflateInit2_(&s, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                        Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw Malformed("zlib could not start compressing")
    }
    defer { deflateEnd(&s) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    func drain(_ flush: Int32) throws {
      repeat {
        let status: Int32 = chunk.withUnsafeMutableBufferPointer { c in
          s.next_out = c.baseAddress
          s.avail_out = uInt(c.count)
          return deflate(&s, flush)
        }
        guard status != Z_STREAM_ERROR else { throw Malformed("zlib compression failed") }
        out += chunk[0..<(chunk.count - Int(s.avail_out))]
      } while s.avail_out == 0
    }
    for p in parts {
      guard let base = p.baseAddress else { continue }
      var done = 0
      while done < p.count {
        let n = min(step, p.count - done)
        s.next_in = UnsafeMutablePointer(
          mutating: (base + done).assumingMemoryBound(to: Bytef.self))
        s.avail_in = uInt(n)
        try drain(Z_NO_FLUSH)
        done += n
      }
    }
    s.next_in = nil
    s.avail_in = 0
    try drain(Z_FINISH)
    return out
  }

  /// Inflates raw-deflate `input` into exactly `size` bytes at `output`.
  static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer,
                         size: Int) throws {
    var s = z_stream()
    guard inflateInit2_(&s, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw Malformed("zlib could not start decompressing")
    }
    defer { inflateEnd(&s) }
    var inDone = 0, outDone = 0
    var status = Z_OK
    while status == Z_OK {
      if s.avail_in == 0, inDone < input.count, let base = input.baseAddress {
        let n = min(step, input.count - inDone)
        s.next_in = UnsafeMutablePointer(
          mutating: (base + inDone).assumingMemoryBound(to: Bytef.self))
        s.avail_in = uInt(n)
        inDone += n
      }
      let room = min(step, size - outDone)
      s.next_out = (output + outDone).assumingMemoryBound(to: Bytef.self)
      s.avail_out = uInt(room)
      let inBefore = s.avail_in
      status = inflate(&s, Z_NO_FLUSH)
      let produced = room - Int(s.avail_out)
      outDone += produced
      if status == Z_BUF_ERROR || (status == Z_OK && produced == 0 && inBefore == s.avail_in) {
        if outDone == size { throw Malformed("corrupt compressed data (longer than declared)") }
        throw Malformed("corrupt compressed data (ends early)")
      }
    }
    guard status == Z_STREAM_END else { throw Malformed("corrupt compressed data") }
    guard outDone == size else {
      throw Malformed("corrupt compressed data (\(outDone) bytes, \(size) declared)")
    }
  }
}
