// zlib: raw deflate and inflate (the compression of zip members) and CRC-32.
import CZlib
import Foundation
import NOSTensor

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

  /// Inflates raw-deflate `input`, which must give exactly `size` bytes. The output grows
  /// with what the stream really produces (doubling, each step through the memory check), so
  /// a member that declares 30 GiB but inflates to a few bytes never reserves 30 GiB.
  static func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> GrowingBuffer {
    let out = try GrowingBuffer(capacity: min(size, max(1 << 20, input.count &* 4)))
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
      if outDone == out.capacity, outDone < size {
        try out.grow(to: min(size, out.capacity &* 2))
      }
      let room = min(step, out.capacity - outDone)
      s.next_out = (out.base + outDone).assumingMemoryBound(to: Bytef.self)
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
    return out
  }
}

/// Memory for inflated data that grows through the memory check (`MemoryGuard`).
final class GrowingBuffer {
  private(set) var base: UnsafeMutableRawPointer
  private(set) var capacity: Int

  init(capacity: Int) throws {
    self.capacity = max(capacity, 1)
    base = try MemoryGuard.allocate(self.capacity, what: "a zip member")
  }

  func grow(to bytes: Int) throws {
    guard bytes > capacity else { return }
    try MemoryGuard.check(bytes: bytes, what: "a zip member")
    guard let p = realloc(base, bytes) else {
      throw MemoryGuard.refusal(bytes, what: "a zip member")
    }
    base = p
    capacity = bytes
  }

  deinit { free(base) }
}
