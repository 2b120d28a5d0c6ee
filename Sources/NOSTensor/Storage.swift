// A tensor's memory: one 64-byte-aligned buffer, recycled through a pool when freed.
import Foundation
import Synchronization

/// The elements behind one or more tensors (views share it; writes copy it first when shared).
public final class Storage: @unchecked Sendable {
  public let raw: UnsafeMutableRawPointer
  public let byteCount: Int

  /// Allocates uninitialised memory for `count` elements of `dtype` (throws if too large).
  init(count: Int, dtype: DType) throws {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
    if overflow || count < 0 { throw TensorError("tensor too large: \(count) elements") }
    try MemoryGuard.check(bytes: bytes)
    byteCount = bytes
    raw = BufferPool.shared.take(bytes)
  }

  /// Memory for a count already known to be valid and small (a scalar, a copy of a view).
  init(validated count: Int, dtype: DType) {
    byteCount = count * dtype.size
    raw = BufferPool.shared.take(byteCount)
  }

  /// Zero-filled memory for `count` elements.
  convenience init(zeroed count: Int, dtype: DType) throws {
    try self.init(count: count, dtype: dtype)
    memset(raw, 0, byteCount)
  }

  deinit { BufferPool.shared.give(raw, byteCount) }
}

/// Keeps freed buffers by size so training loops that allocate the same shapes every step
/// reuse warm pages instead of faulting in fresh ones (glibc returns big blocks to the OS).
final class BufferPool: Sendable {
  static let shared = BufferPool()
  private struct State {
    var free: [Int: [UnsafeMutableRawPointer]] = [:]
    /// Small buffers by size class (multiples of 8 bytes): an array index instead of a
    /// hashed lookup, and no aligned malloc for each scalar or short vector.
    var small: [[UnsafeMutableRawPointer]] = Array(repeating: [], count: smallBytes / 8 + 1)
    var held = 0
  }
  private let state = Mutex(State())
  /// Buffers up to this size live in size classes, at most `smallKept` idle per class.
  static var smallBytes: Int { 256 }
  static var smallKept: Int { 1024 }
  /// Upper bound on idle bytes kept.
  private let limit = 2 << 30

  func take(_ bytes: Int) -> UnsafeMutableRawPointer {
    let size = max(bytes, 1)
    if size <= BufferPool.smallBytes {
      let c = (size + 7) / 8
      if let p = state.withLock({ $0.small[c].popLast() }) { return p }
      return UnsafeMutableRawPointer.allocate(byteCount: c * 8, alignment: 64)
    }
    if let p = state.withLock({ s -> UnsafeMutableRawPointer? in
      guard let p = s.free[size]?.popLast() else { return nil }
      s.held -= size
      return p
    }) { return p }
    return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
  }

  func give(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
    let size = max(bytes, 1)
    if size <= BufferPool.smallBytes {
      let c = (size + 7) / 8
      let kept = state.withLock { s -> Bool in
        guard s.small[c].count < BufferPool.smallKept else { return false }
        s.small[c].append(p)
        return true
      }
      if !kept { p.deallocate() }
      return
    }
    let kept = state.withLock { s -> Bool in
      guard s.held + size <= limit else { return false }
      s.free[size, default: []].append(p)
      s.held += size
      return true
    }
    if !kept { p.deallocate() }
  }

  /// Frees every idle buffer (used when memory is tight).
  func drain() {
    let all = state.withLock { s -> [UnsafeMutableRawPointer] in
      let ps = s.free.values.flatMap { $0 } + s.small.flatMap { $0 }
      s.free = [:]
      s.small = Array(repeating: [], count: s.small.count)
      s.held = 0
      return ps
    }
    for p in all { p.deallocate() }
  }
}

/// Refuses allocations the machine cannot hold, so a typo like `zeros(1e6, 1e6)` is an error.
enum MemoryGuard {
  static func check(bytes: Int) throws {
    guard bytes > 256 << 20 else { return }
    let available = availableBytes()
    if bytes > available {
      BufferPool.shared.drain()
      if bytes > availableBytes() {
        throw TensorError(
          "cannot allocate \(gib(bytes)) GiB for a tensor: only \(gib(available)) GiB available")
      }
    }
  }

  static func gib(_ b: Int) -> String { String(format: "%.1f", Double(b) / Double(1 << 30)) }

  /// MemAvailable from /proc/meminfo, or physical memory where that is missing.
  static func availableBytes() -> Int {
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
      for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kb * 1024
      }
    }
    return Int(clamping: ProcessInfo.processInfo.physicalMemory)
  }
}
