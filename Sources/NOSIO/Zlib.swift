// zlib streams (with their 2-byte header), as MATLAB's compressed elements hold them.
import CZlib
import NOSTensor

enum Zlib {
  /// Inflates a whole zlib stream of unknown size; the output grows through the memory
  /// check, and a stream that ends early is corrupt. `size`, given the first 8 inflated
  /// bytes, may announce the total (a MATLAB element's tag does), so a large variable is
  /// inflated into one buffer of the right size instead of a doubling one.
  static func inflate(_ input: UnsafeRawBufferPointer,
                      size: (([UInt8]) -> Int?)? = nil) throws -> [UInt8] {
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
    var out = [UInt8](repeating: 0, count: size == nil ? max(1024, input.count * 4) : 8)
    var done = 0, announced = size == nil, exact = false
    while true {
      if !announced, done == 8, let n = size?(out), n > 8 {
        // Deflate expands at most about 1032:1: a larger announcement is corrupt, and must
        // not make a small file reserve gigabytes.
        let (bound, o) = input.count.multipliedReportingOverflow(by: 1032)
        guard !o, n <= bound + 64 else {
          throw Malformed("corrupt compressed element (announces \(n) bytes)")
        }
        try MemoryGuard.check(bytes: n, what: "a compressed MATLAB variable")
        out.reserveCapacity(n)
        out.append(contentsOf: repeatElement(0, count: n - 8))
        announced = true
        exact = true
      } else if done == out.count {
        // A full exact buffer still needs a call to read the stream's end (and any excess).
        let more = exact ? 64 : out.count
        announced = true
        try MemoryGuard.check(bytes: out.count + more, what: "a compressed MATLAB variable")
        out.append(contentsOf: repeatElement(0, count: more))
      }
      let room = min(out.count - done, 1 << 30)
      let status: Int32 = out.withUnsafeMutableBytes { o in
        guard let b = o.baseAddress else { return Z_MEM_ERROR }
        s.next_out = (b + done).assumingMemoryBound(to: Bytef.self)
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
