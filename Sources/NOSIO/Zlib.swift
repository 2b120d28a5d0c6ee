// zlib streams (with their 2-byte header), as MATLAB's compressed elements hold them.
import CZlib
import NOSTensor

enum Zlib {
  /// Inflates a whole zlib stream of unknown size; the output grows through the memory
  /// check, and a stream that ends early or has trailing garbage is corrupt.
  static func inflate(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
    var s = z_stream()
    guard inflateInit_(&s, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw Malformed("zlib could not start decompressing")
    }
    defer { inflateEnd(&s) }
    guard let base = input.baseAddress, input.count < Int(UInt32.max) else {
      throw Malformed("corrupt compressed element (empty or over 4 GiB)")
    }
    s.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
    s.avail_in = uInt(input.count)
    var out = [UInt8](repeating: 0, count: max(1024, input.count * 4))
    var done = 0
    while true {
      if done == out.count {
        try MemoryGuard.check(bytes: out.count * 2, what: "a compressed MATLAB variable")
        out += [UInt8](repeating: 0, count: out.count)
      }
      let room = min(out.count - done, 1 << 30)
      let status: Int32 = out.withUnsafeMutableBytes { o in
        s.next_out = (o.baseAddress! + done).assumingMemoryBound(to: Bytef.self)
        s.avail_out = uInt(room)
        return CZlib.inflate(&s, Z_NO_FLUSH)
      }
      done += room - Int(s.avail_out)
      if status == Z_STREAM_END { break }
      guard status == Z_OK || (status == Z_BUF_ERROR && s.avail_out == 0) else {
        throw Malformed("corrupt compressed element (zlib status \(status))")
      }
      if status == Z_OK, s.avail_in == 0, s.avail_out > 0 {
        throw Malformed("corrupt compressed element (ends early)")
      }
    }
    out.removeLast(out.count - done)
    return out
  }
}
