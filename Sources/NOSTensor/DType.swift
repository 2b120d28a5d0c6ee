// The element types a tensor can hold and how they combine in mixed arithmetic.

public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
  case f32, f64, c64, c128
  /// Truth values, one byte each (0 or 1): what comparisons and masks hold (NumPy's bool_).
  case bool
  /// 64-bit signed integers (NumPy's int64): indices, counts, `arange` of integers.
  case i64

  public var description: String { rawValue }

  /// The floating-point dtypes (real and complex: every dtype but bool and i64).
  public static let numeric: [DType] = [.f32, .f64, .c64, .c128]

  /// Bytes per element (a complex element is two reals side by side).
  public var size: Int {
    switch self {
    case .bool: 1
    case .f32: 4
    case .f64, .c64, .i64: 8
    case .c128: 16
    }
  }

  public var isComplex: Bool { self == .c64 || self == .c128 }
  public var isDouble: Bool { self == .f64 || self == .c128 }
  public var isBool: Bool { self == .bool }
  public var isInteger: Bool { self == .i64 }
  /// Bool or i64: stored exactly, and computed in f64 by every op that does not keep
  /// integers (sin, /, mean, matmul, FFT, LAPACK, …).
  public var isDiscrete: Bool { self == .bool || self == .i64 }

  /// The real type of the same precision: c64 → f32, c128 → f64 (a real dtype is its own).
  public var real: DType {
    switch self {
    case .c64: .f32
    case .c128: .f64
    default: self
    }
  }
  /// The complex type of the same precision: f32 → c64, f64, i64 and bool → c128.
  public var complex: DType { self == .f32 || self == .c64 ? .c64 : .c128 }
  /// The dtype floating-point arithmetic runs in: bool and i64 count as f64 (ops that keep
  /// integers — `+ - * // %`, sums, sorting, indexing — check for i64 before asking this).
  public var arithmetic: DType { isDiscrete ? .f64 : self }

  /// NumPy 2's promotion (NEP 50): bool gives way to any number type; i64 with f32 or f64
  /// gives f64 and with a complex type c128 (an int64 does not fit a float32); otherwise the
  /// wider precision wins and complex wins over real.
  public static func promote(_ a: DType, _ b: DType) -> DType {
    if a == b { return a }
    if a == .bool { return b }
    if b == .bool { return a }
    let double = a.isDouble || b.isDouble || a == .i64 || b == .i64
    if a.isComplex || b.isComplex { return double ? .c128 : .c64 }
    return double ? .f64 : .f32
  }

  public init?(name: String) {
    switch name {
    case "f32", "float32", "float": self = .f32
    case "f64", "float64", "double": self = .f64
    case "c64", "complex64": self = .c64
    case "c128", "complex128", "complex": self = .c128
    case "bool", "b1": self = .bool
    case "i64", "int64", "int", "long": self = .i64
    default: return nil
    }
  }
}
