// A file mapped read-only into memory, so large files are paged in only where read.
import Foundation

/// The bytes of a file, memory-mapped (an empty file has an empty buffer).
final class MappedFile {
  let bytes: UnsafeRawBufferPointer
  private let base: UnsafeMutableRawPointer?
  private let length: Int

  /// Maps `path`; a missing or unreadable file is an error naming it.
  init(_ path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw IOError.load(path, Self.reason(errno)) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw IOError.load(path, Self.reason(errno)) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw IOError.load(path, "it is a folder") }
    let size = Int(st.st_size)
    length = size
    if size == 0 {
      base = nil
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let p, p != MAP_FAILED else { throw IOError.load(path, Self.reason(errno)) }
    base = p
    bytes = UnsafeRawBufferPointer(start: p, count: size)
  }

  deinit { if let base { munmap(base, length) } }

  static func reason(_ code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case EISDIR: return "it is a folder"
    default: return String(cString: strerror(code))
    }
  }
}

/// Bounds-checked little-endian reads from a byte buffer.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer
  var position = 0

  init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
    self.bytes = bytes
    self.position = position
  }

  var remaining: Int { max(0, bytes.count - position) }

  mutating func skip(_ n: Int) throws {
    guard n >= 0, n <= remaining else { throw Malformed("truncated file") }
    position += n
  }

  mutating func u16() throws -> Int { Int(try load(UInt16.self)) }
  mutating func u32() throws -> Int { Int(try load(UInt32.self)) }

  mutating func u64() throws -> Int {
    let v = try load(UInt64.self)
    guard let n = Int(exactly: v) else { throw Malformed("size field out of range") }
    return n
  }

  mutating func take(_ n: Int) throws -> UnsafeRawBufferPointer {
    guard n >= 0, n <= remaining, let base = bytes.baseAddress else {
      if n == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
      throw Malformed("truncated file")
    }
    defer { position += n }
    return UnsafeRawBufferPointer(start: base + position, count: n)
  }

  private mutating func load<T: FixedWidthInteger>(_: T.Type) throws -> T {
    let size = MemoryLayout<T>.size
    guard size <= remaining else { throw Malformed("truncated file") }
    defer { position += size }
    return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
  }
}
