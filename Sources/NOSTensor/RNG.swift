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

/// The process-wide generator behind `rand`, `randn`, shuffles and initialisers.
public enum Random {
  private static let state = Locked(Xoshiro256(seed: 0x6E6F_7300))

  /// Restarts the global stream: after `seed(n)` every random function repeats itself.
  public static func seed(_ n: UInt64) { state.withLock { $0 = Xoshiro256(seed: n) } }

  /// Runs `body` with exclusive use of the global generator.
  public static func with<R>(_ body: (inout Xoshiro256) throws -> R) rethrows -> R {
    try state.withLock { try body(&$0) }
  }

  /// A fresh generator split off the global stream (for parallel or reproducible work).
  public static func split() -> Xoshiro256 { with { Xoshiro256(seed: $0.next()) } }
}
