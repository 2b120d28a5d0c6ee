// Atomic writes: a temporary file in the target's folder, renamed over the target when done.
import Foundation

/// Where the bytes of a file being written go (a temporary file until `AtomicFile` renames
/// it). Large buffers are written in chunks.
final class FileSink {
  private let fd: Int32
  let path: String
  private(set) var written = 0
  /// Test hook: a pause after each chunk, so a test can kill a writer mid-file.
  nonisolated(unsafe) static var chunkDelayMicroseconds: UInt32 = 0
  static let chunk = 4 << 20

  init(fd: Int32, path: String) {
    self.fd = fd
    self.path = path
  }

  func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  func write(_ buffer: UnsafeRawBufferPointer) throws {
    guard let base = buffer.baseAddress else { return }
    var done = 0
    while done < buffer.count {
      let n = Swift.min(FileSink.chunk, buffer.count - done)
      let r = Glibc.write(fd, base + done, n)
      if r < 0 {
        if errno == EINTR { continue }
        throw IOError.save(path, MappedFile.reason(errno))
      }
      done += r
      written += r
      if FileSink.chunkDelayMicroseconds > 0 { usleep(FileSink.chunkDelayMicroseconds) }
    }
  }
}

enum AtomicFile {
  /// Writes `path` through `body`: the bytes go to a temporary file next to it, which is
  /// flushed to disk and renamed over `path` only when `body` finished without error.
  /// A process killed before the rename leaves the previous file as it was.
  static func write(_ path: String, _ body: (FileSink) throws -> Void) throws {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
      throw IOError.save(path, "no such folder \"\(dir)\"")
    }
    let temp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-"
      + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if fd < 0 { throw IOError.save(path, MappedFile.reason(errno)) }
    var closed = false
    do {
      try body(FileSink(fd: fd, path: path))
      guard fsync(fd) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
      closed = true
      guard close(fd) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
      guard rename(temp, path) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
    } catch {
      if !closed { close(fd) }
      unlink(temp)
      throw error
    }
  }
}
