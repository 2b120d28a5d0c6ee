// NOSPhysics plumbing: raw buffers of fresh tensors, argument checks, parallel samples, progress.
import Dispatch
import Foundation
import NOSTensor
import Numerics

extension Tensor {
  /// A fresh contiguous f64 copy of a real tensor (complex input is an error naming `op`).
  func realCopy(_ op: String) throws -> Tensor {
    guard !dtype.isComplex else { throw TensorError("\(op): needs a real tensor, got \(dtype)") }
    return try astype(.f64).copied()
  }

  /// The values as [Double] (a fast path for contiguous f64).
  func doubles() throws -> [Double] {
    let t = try astype(.f64).contiguous()
    let p = t.memory(as: Double.self)
    return Array(UnsafeBufferPointer(start: p, count: t.count))
  }

  /// A tensor of the given shape holding `values`.
  static func from(_ values: [Double], shape: [Int]) throws -> Tensor {
    let t = try Tensor(uninitialized: shape, dtype: .f64)
    guard t.count == values.count else {
      throw TensorError("internal: \(values.count) values for shape \(shape)")
    }
    let p = t.memory(as: Double.self)
    for i in values.indices { p[i] = values[i] }
    return t
  }
}

/// Checks shared by the solvers; every message names the builtin.
enum Check {
  static func positive(_ v: Double, _ name: String, _ op: String) throws {
    guard v > 0, v.isFinite else {
      throw TensorError("\(op): \(name) must be positive, got \(num(v))")
    }
  }

  static func nonNegative(_ v: Double, _ name: String, _ op: String) throws {
    guard v >= 0, v.isFinite else {
      throw TensorError("\(op): \(name) must be non-negative, got \(num(v))")
    }
  }

  static func finite(_ v: Double, _ name: String, _ op: String) throws {
    guard v.isFinite else { throw TensorError("\(op): \(name) must be finite, got \(num(v))") }
  }

  /// A count argument within 1...limit.
  static func count(_ n: Int, _ name: String, _ op: String, min: Int = 1,
                    limit: Int = 1 << 24) throws {
    guard n >= min, n <= limit else {
      throw TensorError("\(op): \(name) must be between \(min) and \(limit), got \(n)")
    }
  }

  /// Refuses results with more than 2^28 elements (2 GiB of doubles) before allocating.
  static func total(_ sizes: [Int], _ op: String) throws {
    var n = 1
    for s in sizes {
      let (p, overflow) = n.multipliedReportingOverflow(by: max(s, 0))
      guard !overflow, p <= 1 << 28 else {
        throw TensorError("\(op): the result would hold more than 2^28 numbers; ask for fewer "
                          + "samples or a smaller resolution")
      }
      n = p
    }
  }

  /// Throws when any value of the solution went NaN or infinite.
  static func allFinite(_ p: UnsafePointer<Double>, _ n: Int, _ op: String) throws {
    for i in 0..<n where !p[i].isFinite {
      throw TensorError("\(op): the solution blew up (non-finite values); reduce the time "
                        + "step or the amplitude of the initial data")
    }
  }
}

/// The samples i in `part` (default all of 0..<n), checked to lie in 0..<n.
public func checkedPart(_ part: Range<Int>?, _ n: Int, _ op: String) throws -> Range<Int> {
  guard let part else { return 0..<n }
  guard part.lowerBound >= 0, part.upperBound <= n else {
    throw TensorError("\(op): samples \(part) are not within 0..<\(n)")
  }
  return part
}

/// Runs independent samples on all cores. Each sample gets its own random stream split off
/// the global one beforehand, so results do not depend on the thread count.
public enum Samples {
  /// The interrupt check polled between samples and steps: the running session's while the
  /// language runs a physics builtin (bound with `checking` for that call on that thread, so
  /// two sessions never see each other's), nil elsewhere. Parallel runs read it on the
  /// caller's thread and hand it to their workers.
  @TaskLocal public static var interruptCheck: (@Sendable () throws -> Void)?

  /// Runs `body` with `check` as the interrupt check.
  public static func checking<R>(_ check: (@Sendable () throws -> Void)?,
                                 _ body: () throws -> R) rethrows -> R {
    try $interruptCheck.withValue(check, operation: body)
  }

  /// The random stream of a non-parallel sampler: from `seed`, else split off the global one.
  public static func stream(seed: UInt64?) -> Xoshiro256 {
    seed.map { Xoshiro256(seed: $0) } ?? Random.split()
  }

  /// Calls `body(i, &rng)` for i in 0..<n in parallel and returns the results in order.
  /// With `seed`, the streams come from that seed instead (the global stream is untouched).
  /// With `part`, only the samples i in part run (their streams are those of the full run,
  /// so the ranks of a distributed call together make exactly the serial samples).
  static func run<T>(_ n: Int, label: String, seed: UInt64? = nil, part: Range<Int>? = nil,
                     _ body: (Int, inout Xoshiro256) throws -> T) throws -> [T] {
    var root = seed.map { Xoshiro256(seed: $0) }
    // Read-only once built: each worker copies its sample's stream (mutating the shared
    // array from several threads was a data race).
    let rngs = (0..<n).map { _ in
      if root != nil, let s = root?.next() { return Xoshiro256(seed: s) }
      return Random.split()
    }
    let part = part ?? 0..<n
    return try runEach(part.count, label: label) { k in
      var rng = rngs[part.lowerBound + k]
      return try body(part.lowerBound + k, &rng)
    }
  }

  /// Calls `body(i)` for i in 0..<n in parallel (no random numbers), results in order.
  static func runEach<T>(_ n: Int, label: String, _ body: (Int) throws -> T) throws -> [T] {
    let results = Results<T>(n)
    let progress = Progress(label: label, total: n)
    let threads = max(1, min(Parallel.threads, n))
    let next = Counter()
    let interruptCheck = interruptCheck  // task-locals do not reach the worker threads
    try withoutActuallyEscaping(body) { body in
      // Safe: every sampler's body reads shared inputs only and builds its own sample (its
      // own stream, its own buffers); results go through the locked `Results`.
      nonisolated(unsafe) let body = body
      DispatchQueue.concurrentPerform(iterations: threads) { _ in
        while let i = next.take(below: n), !results.failed {
          do {
            try interruptCheck?()
            results.set(i, try body(i))
            progress.tick()
          } catch { results.fail(error) }
        }
      }
    }
    progress.finish()
    if let e = results.error { throw e }
    return try results.values()
  }
}

/// A shared next-index counter.
/// Sendable by hand: every mutable field is read and written under `lock`.
private final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  func take(below n: Int) -> Int? {
    lock.lock(); defer { lock.unlock() }
    guard value < n else { return nil }
    value += 1
    return value - 1
  }
}

/// Per-index results written from several threads, and the first error.
/// Sendable by hand: every mutable field is read and written under `lock`.
private final class Results<T>: @unchecked Sendable {
  private var slots: [T?]
  private(set) var error: Error?
  private let lock = NSLock()
  init(_ n: Int) { slots = Array(repeating: nil, count: n) }
  var failed: Bool { lock.lock(); defer { lock.unlock() }; return error != nil }
  func set(_ i: Int, _ v: T) { lock.lock(); slots[i] = v; lock.unlock() }
  func fail(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
  func values() throws -> [T] {
    try slots.map { v in
      guard let v else { throw TensorError("internal: a sample was not computed") }
      return v
    }
  }
}

/// A progress line on stderr for runs longer than a second, only when stderr is a terminal.
/// Sendable by hand: every mutable field is read and written under `lock`.
private final class Progress: @unchecked Sendable {
  private let label: String, total: Int
  private var done = 0, shown = false
  private let start = Date()
  private let lock = NSLock()
  private let enabled: Bool

  init(label: String, total: Int) {
    self.label = label
    self.total = total
    enabled = isatty(2) != 0 && total > 1
  }

  func tick() {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    done += 1
    let elapsed = Date().timeIntervalSince(start)
    guard elapsed > 1 else { return }
    let width = 30, filled = width * done / max(total, 1)
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    let eta = elapsed / Double(done) * Double(total - done)
    let line = String(format: "\r%@ [%@] %d/%d  %.1f s left ", label, bar, done, total, eta)
    try? FileHandle.standardError.write(contentsOf: Data(line.utf8))
    shown = true
  }

  func finish() {
    guard shown else { return }
    try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
  }
}

/// A number as messages show it: integral values without ".0", others to 6 significant digits.
func num(_ v: Double) -> String {
  if v.isFinite && v.rounded() == v && abs(v) < 1e15 { return String(Int(v)) }
  return String(format: "%.6g", v)
}
