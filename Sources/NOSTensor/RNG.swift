// nos's own seeded random numbers: xoshiro256** seeded by splitmix64, the same on every machine.
import Foundation
import Synchronization

public struct Xoshiro256: Sendable {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var z = seed
    func next() -> UInt64 {
      z &+= 0x9E37_79B9_7F4A_7C15
      var x = z
      x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
      x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
      return x ^ (x >> 31)
    }
    s = (next(), next(), next(), next())
  }

  /// The generator's four state words, to save a stream and continue it later
  /// (`init(state:)` restores them; fit's checkpoints keep the shuffle stream this way).
  public var state: [UInt64] { [s.0, s.1, s.2, s.3] }

  /// A generator continuing from `state` (four words from `state`); nil for another count or
  /// the all-zero state, from which xoshiro never leaves.
  public init?(state w: [UInt64]) {
    guard w.count == 4, w.contains(where: { $0 != 0 }) else { return nil }
    s = (w[0], w[1], w[2], w[3])
  }

  @inline(__always)
  public mutating func next() -> UInt64 {
    let result = rotl(s.1 &* 5, 7) &* 9
    let t = s.1 << 17
    s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
    s.2 ^= t
    s.3 = rotl(s.3, 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// Uniform on [0, 1) with 53 random bits.
  @inline(__always)
  public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Standard normal by Box–Muller (one draw per call; two uniforms each).
  @inline(__always)
  public mutating func normal() -> Double {
    let u1 = 1 - uniform()  // (0, 1]: log never sees 0
    let u2 = uniform()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }
}

/// One random stream: a generator behind a lock. Each nos session owns one (its `seed(n)`
/// restarts only that one); Swift callers without a session use `Random.process`.
public final class RandomStream: Sendable {
  /// The seed every stream starts from ("nos\0"), so a fresh session draws what nos always drew.
  public static let defaultSeed: UInt64 = 0x6E6F_7300
  private let state: Locked<Xoshiro256>

  public init(seed: UInt64 = RandomStream.defaultSeed) { state = Locked(Xoshiro256(seed: seed)) }

  /// Restarts the stream: after `seed(n)` every draw from it repeats itself.
  public func seed(_ n: UInt64) { state.withLock { $0 = Xoshiro256(seed: n) } }

  /// Runs `body` with exclusive use of the generator.
  public func with<R>(_ body: (inout Xoshiro256) throws -> R) rethrows -> R {
    try state.withLock { try body(&$0) }
  }

  /// A fresh generator split off this stream (for parallel or reproducible work).
  public func split() -> Xoshiro256 { with { Xoshiro256(seed: $0.next()) } }
}

/// The stream behind `rand`, `randn`, shuffles and initialisers: `Random.current`, which is
/// the running session's stream while a nos cell runs (bound by the session for the cell's
/// thread with `Random.using`) and `Random.process` elsewhere (Swift callers, benchmarks).
/// A task-local is the honest model: a session runs one cell at a time on one thread, and
/// two sessions on two threads each see their own stream.
public enum Random {
  /// The stream of code that runs outside any session.
  public static let process = RandomStream()

  /// The stream draws use now (see the type's comment).
  @TaskLocal public static var current: RandomStream = process

  /// Runs `body` with `stream` as the current stream on this thread/task.
  public static func using<R>(_ stream: RandomStream, _ body: () throws -> R) rethrows -> R {
    try $current.withValue(stream, operation: body)
  }

  /// Restarts the current stream (the session's inside a cell).
  public static func seed(_ n: UInt64) { current.seed(n) }

  /// Runs `body` with exclusive use of the current generator.
  public static func with<R>(_ body: (inout Xoshiro256) throws -> R) rethrows -> R {
    try current.with(body)
  }

  /// A fresh generator split off the current stream.
  public static func split() -> Xoshiro256 { current.split() }
}
