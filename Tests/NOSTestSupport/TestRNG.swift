// A seeded generator for test inputs (splitmix64), independent of the library's own stream.
import Numerics

/// splitmix64, written here so test inputs never depend on the library's generator; one
/// copy for every test target (the fuzz tests, random inputs, shuffles through
/// `RandomNumberGenerator`).
public struct TestRNG: RandomNumberGenerator {
  public var state: UInt64
  public init(_ seed: UInt64) { state = seed }
  public init(state: UInt64) { self.state = state }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [lo, hi).
  public mutating func uniform(_ lo: Double = -1, _ hi: Double = 1) -> Double {
    lo + (hi - lo) * Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform in lo...hi.
  public mutating func int(_ lo: Int, _ hi: Int) -> Int {
    lo + Int(next() % UInt64(hi - lo + 1))
  }

  /// Uniform in 0..<n (0 when n ≤ 0).
  public mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

  /// One of `xs` (not empty).
  public mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

  public mutating func array(_ n: Int, _ lo: Double = -1, _ hi: Double = 1) -> [Double] {
    (0..<n).map { _ in uniform(lo, hi) }
  }

  public mutating func complexArray(_ n: Int) -> [Complex<Double>] {
    (0..<n).map { _ in Complex(uniform(), uniform()) }
  }
}
