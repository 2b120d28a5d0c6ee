// Refuses allocations the process cannot hold, whatever the limit: RAM, cgroup, address space.
import Foundation

/// Refuses allocations the machine cannot hold, so a typo like `zeros(1e6, 1e6)` or a file
/// that declares 30 GiB is an error, never an abort. Every buffer whose size comes from user
/// arguments or file contents goes through `check` (and `alignedAlloc`, which fails softly).
public enum MemoryGuard {
  /// Throws "cannot allocate N GiB for WHAT: only M GiB available" when `bytes` exceed what
  /// is available (small requests pass unchecked; their allocation may still fail softly).
  public static func check(bytes: Int, what: String = "a tensor") throws {
    guard bytes > 256 << 20 else { return }
    let available = availableBytes()
    if bytes > available {
      BufferPool.shared.drain()
      if bytes > availableBytes() { throw refusal(bytes, what: what, available: available) }
    }
  }

  /// Checks a buffer of `dims` elements of `elementSize` bytes (an overflowing product is
  /// refused too) and returns the element count.
  @discardableResult
  public static func check(elements dims: [Int], elementSize: Int, what: String) throws -> Int {
    var count = 1, overflow = false
    for d in dims {
      guard d >= 0 else { throw TensorError("\(what): negative size \(d)") }
      (count, overflow) = count.multipliedReportingOverflow(by: d)
      if overflow { throw TensorError("\(what): \(shapeText(dims)) has too many elements") }
    }
    let (bytes, o) = count.multipliedReportingOverflow(by: elementSize)
    if o { throw TensorError("\(what): \(shapeText(dims)) has too many elements") }
    try check(bytes: bytes, what: what)
    return count
  }

  /// The error for a refused allocation of `bytes`.
  public static func refusal(_ bytes: Int, what: String, available: Int? = nil) -> TensorError {
    let free = available ?? availableBytes()
    return TensorError(
      "cannot allocate \(gib(bytes)) GiB for \(what): only \(gib(free)) GiB available")
  }

  static func gib(_ b: Int) -> String { String(format: "%.1f", Double(b) / Double(1 << 30)) }

  /// 64-byte-aligned memory, or nil when the system refuses it (never a trap). Free it with
  /// `free` or `deallocate()` (both release `posix_memalign` memory).
  public static func alignedAlloc(_ bytes: Int) -> UnsafeMutableRawPointer? {
    var p: UnsafeMutableRawPointer?
    guard posix_memalign(&p, 64, max(bytes, 1)) == 0 else { return nil }
    return p
  }

  /// Checked `alignedAlloc`: the memory check, then the allocation, each failure the
  /// "cannot allocate" error naming `what`.
  public static func allocate(_ bytes: Int, what: String) throws -> UnsafeMutableRawPointer {
    try check(bytes: bytes, what: what)
    if let p = alignedAlloc(bytes) { return p }
    BufferPool.shared.drain()
    if let p = alignedAlloc(bytes) { return p }
    throw refusal(bytes, what: what)
  }

  /// The least of: MemAvailable (physical memory where /proc is missing), the cgroup's
  /// memory.max − memory.current, and RLIMIT_AS − the current address space.
  public static func availableBytes() -> Int {
    var best = memAvailable()
    if let c = cgroupRoom() { best = min(best, c) }
    if let a = addressSpaceRoom() { best = min(best, a) }
    return max(best, 0)
  }

  private static func memAvailable() -> Int {
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) {
      for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
        let kb = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kb * 1024
      }
    }
    return Int(clamping: ProcessInfo.processInfo.physicalMemory)
  }

  /// Room left under a cgroup v2 memory limit (nil when there is none).
  private static func cgroupRoom() -> Int? {
    func read(_ name: String) -> Int? {
      guard let t = try? String(contentsOfFile: "/sys/fs/cgroup/" + name, encoding: .utf8)
      else { return nil }
      return Int(t.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard let limit = read("memory.max") else { return nil }  // "max" reads as nil
    return limit - (read("memory.current") ?? 0)
  }

  /// Room left under `ulimit -v` / `prlimit --as` (nil when unlimited).
  public static func addressSpaceRoom() -> Int? {
    var lim = rlimit()
    guard getrlimit(Int32(RLIMIT_AS.rawValue), &lim) == 0, lim.rlim_cur < UInt64(Int.max)
    else { return nil }  // RLIM_INFINITY is all ones
    var used = 0
    if let t = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
      let pages = t.split(separator: " ").first.flatMap({ Int($0) })
    {
      used = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
    return Int(lim.rlim_cur) - used
  }
}
