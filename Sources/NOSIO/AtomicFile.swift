// Atomic writes: a temporary file in the target's folder, renamed over the target when done.
import Foundation

/// Where the bytes of a file being written go (a temporary file until `AtomicFile` renames
/// it). Large buffers are written in chunks.
final class FileSink {
  private let fd: Int32
  let path: String
  private(set) var written = 0
  /// Test hook: a pause after each chunk, so a test can kill a writer mid-file. Safe: a test
  /// sets it before it starts the writer; nos itself never writes it.
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
  /// A process killed before the rename leaves the previous file as it was, and its
  /// temporary file (`.name.tmp-PID-…`) is removed by the next save of the same target or by
  /// `nos` starting in that folder (`StaleTemps`). A symlink is written through (the file it
  /// points to is replaced, as NumPy does), and an existing file keeps its permissions.
  /// The resolved target of `path`, its URL and its folder, which must exist.
  private static func target(_ path: String) throws -> (String, URL, String) {
    let real = resolved(path)
    let url = URL(fileURLWithPath: real)
    let dir = url.deletingLastPathComponent().path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
      throw IOError.save(path, "no such folder \"\(dir)\"")
    }
    return (real, url, dir)
  }

  static func write(_ path: String, _ body: (FileSink) throws -> Void) throws {
    let (real, url, dir) = try target(path)
    StaleTemps.remove(in: dir, target: url.lastPathComponent)
    let temp = dir + "/" + StaleTemps.prefix(url.lastPathComponent) + "\(getpid())-"
      + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    if fd < 0 { throw IOError.save(path, MappedFile.reason(errno)) }
    var closed = false
    do {
      var st = stat()
      if stat(real, &st) == 0 { _ = fchmod(fd, mode_t(st.st_mode & 0o7777)) }
      try body(FileSink(fd: fd, path: path))
      guard fsync(fd) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
      closed = true
      guard close(fd) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
      guard rename(temp, real) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
    } catch {
      if !closed { close(fd) }
      unlink(temp)
      throw error
    }
  }

  /// As `write`, for a library that creates the file by name (libhdf5): `body` writes a new
  /// file at the temporary path it is given, which is then flushed, given the old file's
  /// permissions and renamed over `path`; on any error it is removed.
  static func write(_ path: String, byName body: (String) throws -> Void) throws {
    let (real, url, dir) = try target(path)
    guard access(dir, W_OK) == 0 else { throw IOError.save(path, MappedFile.reason(EACCES)) }
    StaleTemps.remove(in: dir, target: url.lastPathComponent)
    let temp = dir + "/" + StaleTemps.prefix(url.lastPathComponent) + "\(getpid())-"
      + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    do {
      try body(temp)
      let fd = open(temp, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
      var st = stat()
      if stat(real, &st) == 0 { _ = fchmod(fd, mode_t(st.st_mode & 0o7777)) }
      let synced = fsync(fd) == 0
      let err = errno
      close(fd)
      guard synced else { throw IOError.save(path, MappedFile.reason(err)) }
      guard rename(temp, real) == 0 else { throw IOError.save(path, MappedFile.reason(errno)) }
    } catch {
      unlink(temp)
      throw error
    }
  }

  /// The path with a final symlink (or chain of them) followed; dangling links resolve to
  /// their target path, so saving creates the file the link names.
  static func resolved(_ path: String) -> String {
    var p = path
    for _ in 0..<40 {
      guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: p) else {
        return p
      }
      p = dest.hasPrefix("/") ? dest
        : URL(fileURLWithPath: p).deletingLastPathComponent().appendingPathComponent(dest).path
    }
    return p
  }
}

/// Temporary files of interrupted saves: `.NAME.tmp-PID-RANDOM` beside the target. One whose
/// PID is no longer a running process is stale and removed.
public enum StaleTemps {
  static func prefix(_ name: String) -> String { "." + name + ".tmp-" }

  /// Removes the stale temporary files of `target` in `dir`, or of every target when nil.
  public static func remove(in dir: String, target: String? = nil) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name.hasPrefix(".") {
      let stem: Substring
      if let target {
        guard name.hasPrefix(prefix(target)) else { continue }
        stem = name.dropFirst(prefix(target).count)
      } else {
        guard let r = name.range(of: ".tmp-", options: .backwards) else { continue }
        stem = name[r.upperBound...]
      }
      let parts = stem.split(separator: "-")
      guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, UInt32(parts[1], radix: 16) != nil
      else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(dir + "/" + name) }
    }
  }
}
