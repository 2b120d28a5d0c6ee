// Making tensors: zeros, ones, full, eye, linspace, arange, rand, randn.
import Foundation
import Numerics

extension Tensor {
  public static func zeros(_ shape: [Int], dtype: DType = .f64) throws -> Tensor {
    let n = try Shape.count(shape, op: "zeros")
    return Tensor(storage: try Storage(zeroed: n, dtype: dtype), dtype: dtype, shape: shape,
                  strides: Shape.contiguousStrides(shape))
  }

  public static func ones(_ shape: [Int], dtype: DType = .f64) throws -> Tensor {
    try full(shape, 1, dtype: dtype)
  }

  public static func full(_ shape: [Int], _ value: Double, dtype: DType = .f64) throws -> Tensor {
    _ = try Shape.count(shape, op: "full")
    return try Tensor(value, dtype: dtype).broadcast(to: shape).copied()
  }

  /// The n×n identity.
  public static func eye(_ n: Int, dtype: DType = .f64) throws -> Tensor {
    var t = try zeros([n, n], dtype: dtype)
    for i in 0..<max(n, 0) { t.setElement(i * n + i, 1) }
    return t
  }

  /// `n` evenly spaced values from `a` to `b` inclusive.
  public static func linspace(_ a: Double, _ b: Double, _ n: Int, dtype: DType = .f64) throws -> Tensor {
    guard n >= 0 else { throw TensorError("linspace: number of points must be ≥ 0, got \(n)") }
    var t = try Tensor(uninitialized: [n], dtype: dtype)
    let step = n > 1 ? (b - a) / Double(n - 1) : 0
    t.fill(count: n) { i in Complex(i == n - 1 && n > 1 ? b : a + Double(i) * step, 0) }
    return t
  }

  /// Values `a, a+step, …` up to but excluding `b`.
  public static func arange(_ a: Double, _ b: Double, step: Double = 1, dtype: DType = .f64) throws -> Tensor {
    guard step != 0, step.isFinite, a.isFinite, b.isFinite else {
      throw TensorError("arange: start, stop and step must be finite and step nonzero")
    }
    let steps = ((b - a) / step).rounded(.up)
    guard steps < 1e15 else { throw TensorError("arange: \(steps) elements is too many") }
    let n = steps > 0 ? Int(steps) : 0  // steps may be -inf: Int(-inf) would trap
    var t = try Tensor(uninitialized: [n], dtype: dtype)
    t.fill(count: n) { i in Complex(a + Double(i) * step, 0) }
    return t
  }

  /// Uniform on [0, 1) (complex: both parts uniform), drawn from `rng` (default: the current
  /// stream, the running session's inside a nos cell).
  public static func rand(_ shape: [Int], dtype: DType = .f64,
                          rng: RandomStream? = nil) throws -> Tensor {
    // Rounding to f32 would turn draws within 2^-25 of 1 into 1.0; keep [0, 1) half-open.
    let top = dtype.isDouble ? 1.0 : Double(Float(1).nextDown)
    return try random(shape, dtype: dtype, rng) { g in
      Complex(Swift.min(g.uniform(), top), dtype.isComplex ? Swift.min(g.uniform(), top) : 0)
    }
  }

  /// Standard normal (complex: real and imaginary parts each with variance 1/2, as PyTorch),
  /// drawn from `rng` (default: the current stream).
  public static func randn(_ shape: [Int], dtype: DType = .f64,
                           rng: RandomStream? = nil) throws -> Tensor {
    let h = 0.5.squareRoot()
    return try random(shape, dtype: dtype, rng) { g in
      dtype.isComplex ? Complex(g.normal() * h, g.normal() * h) : Complex(g.normal(), 0)
    }
  }

  private static func random(_ shape: [Int], dtype: DType, _ rng: RandomStream?,
                             _ draw: (inout Xoshiro256) -> Complex<Double>) throws -> Tensor {
    guard dtype != .bool else {
      throw TensorError("random numbers of dtype bool are not supported (compare: rand(n) < p)")
    }
    guard dtype != .i64 else {
      throw TensorError("random numbers of dtype i64 are not supported (random integers in "
        + "[0, k): i64(floor(rand(n) * k)))")
    }
    var t = try Tensor(uninitialized: shape, dtype: dtype)
    let n = t.count
    (rng ?? Random.current).with { g in t.fill(count: n) { _ in draw(&g) } }
    return t
  }

  /// Writes one element of a contiguous tensor this value owns.
  mutating func setElement(_ i: Int, _ v: Double) {
    switch dtype {
    case .f32: pointer(Float.self)[i] = Float(v)
    case .f64: pointer(Double.self)[i] = v
    case .c64: pointer(Complex<Float>.self)[i] = Complex(Float(v), 0)
    case .c128: pointer(Complex<Double>.self)[i] = Complex(v, 0)
    case .bool: pointer(UInt8.self)[i] = v != 0 ? 1 : 0
    case .i64: pointer(Int64.self)[i] = truncatedInt64(v)
    }
  }
}
