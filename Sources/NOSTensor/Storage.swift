// A tensor's memory: one 64-byte-aligned buffer, recycled through a pool when freed.
import Foundation
import Synchronization

/// The elements behind one or more tensors (views share it; writes copy it first when shared).
/// Sendable by hand: the pointer and size never change; parallel kernels write disjoint
/// ranges of a fresh buffer, and a shared buffer is copied before any write.
public final class Storage: @unchecked Sendable {
  public let raw: UnsafeMutableRawPointer
  public let byteCount: Int

  /// Allocates uninitialised memory for `count` elements of `dtype` (throws if too large).
  init(count: Int, dtype: DType) throws {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
    if overflow || count < 0 { throw TensorError("tensor too large: \(count) elements") }
    try MemoryGuard.check(bytes: bytes)
    byteCount = bytes
    raw = try BufferPool.shared.take(bytes)
  }

  /// Memory for a count already known to be valid and small (a scalar, a copy of a view).
  init(validated count: Int, dtype: DType) {
    byteCount = count * dtype.size
    raw = BufferPool.shared.takeSmall(byteCount)
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
  private let state = Locked(State())
  /// Buffers up to this size live in size classes, at most `smallKept` idle per class.
  static var smallBytes: Int { 256 }
  static var smallKept: Int { 1024 }
  /// Upper bound on idle bytes kept.
  private let limit = 2 << 30

  /// A buffer of `bytes`; an allocation the system refuses (an address-space limit, a full
  /// cgroup) is the "cannot allocate" error after the idle buffers were given back.
  func take(_ bytes: Int) throws -> UnsafeMutableRawPointer {
    if let p = reuse(bytes) { return p }
    if let p = MemoryGuard.alignedAlloc(BufferPool.rounded(bytes)) { return p }
    drain()
    if let p = MemoryGuard.alignedAlloc(BufferPool.rounded(bytes)) { return p }
    throw MemoryGuard.refusal(bytes, what: "a tensor")
  }

  /// A small buffer (a scalar, a copy of an existing view): a refusal here would be the
  /// system's last pages, where trapping is all that is left.
  func takeSmall(_ bytes: Int) -> UnsafeMutableRawPointer {
    if let p = reuse(bytes) { return p }
    return UnsafeMutableRawPointer.allocate(byteCount: BufferPool.rounded(bytes), alignment: 64)
  }

  /// Small sizes round up to their class (a multiple of 8 bytes), so any buffer of a class
  /// can serve any request of it.
  private static func rounded(_ bytes: Int) -> Int {
    let size = max(bytes, 1)
    return size <= smallBytes ? (size + 7) / 8 * 8 : size
  }

  private func reuse(_ bytes: Int) -> UnsafeMutableRawPointer? {
    let size = max(bytes, 1)
    if size <= BufferPool.smallBytes {
      let c = (size + 7) / 8
      return state.withLock { $0.small[c].popLast() }
    }
    return state.withLock { s -> UnsafeMutableRawPointer? in
      guard let p = s.free[size]?.popLast() else { return nil }
      s.held -= size
      return p
    }
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
