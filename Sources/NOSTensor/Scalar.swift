// The scalar types behind the four dtypes, with the few operations kernels need on each.
import Numerics
import Foundation

/// A type that can be a tensor element: Float, Double, Complex<Float>, Complex<Double>.
public protocol TensorScalar: AlgebraicField, ElementaryFunctions, Sendable {
  associatedtype RealPart: RealScalar
  static var dtype: DType { get }
  init(re: Double, im: Double)
  var re: Double { get }
  var im: Double { get }
  /// |x| (Euclidean for complex) in the real type of the same precision.
  var modulus: RealPart { get }
  init(real: RealPart)
}

/// Float or Double.
public protocol RealScalar: TensorScalar, Real, BinaryFloatingPoint where RealPart == Self {
  /// C's pow: a negative base with an integral exponent is fine (unlike exp(y log x)).
  static func libmPow(_ x: Self, _ y: Self) -> Self
}

extension Float: RealScalar {
  public static var dtype: DType { .f32 }
  @inlinable public init(re: Double, im: Double) { self = Float(re) }
  @inlinable public var re: Double { Double(self) }
  @inlinable public var im: Double { 0 }
  @inlinable public init(real: Float) { self = real }
  @inlinable public var modulus: Float { Swift.abs(self) }
  @inlinable public static func libmPow(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
}

extension Double: RealScalar {
  public static var dtype: DType { .f64 }
  @inlinable public init(re: Double, im: Double) { self = re }
  @inlinable public var re: Double { self }
  @inlinable public var im: Double { 0 }
  @inlinable public init(real: Double) { self = real }
  @inlinable public var modulus: Double { Swift.abs(self) }
  @inlinable public static func libmPow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}

extension Complex: TensorScalar where RealType: RealScalar {
  public typealias RealPart = RealType
  public static var dtype: DType { RealType.dtype.complex }
  @inlinable public init(re: Double, im: Double) { self.init(RealType(re), RealType(im)) }
  @inlinable public var re: Double { Double(storedReal) }
  @inlinable public var im: Double { Double(storedImaginary) }
  @inlinable public init(real: RealType) { self.init(real, 0) }
  @inlinable public var modulus: RealType { length }
}

extension Complex {
  /// The stored real part, also for a non-finite number (swift-numerics' `real` and
  /// `imaginary` return NaN whenever either part is infinite or NaN, turning inf into nan).
  @usableFromInline var storedReal: RealType {
    withUnsafeBytes(of: self) { $0.load(as: RealType.self) }
  }
  /// The stored imaginary part, also for a non-finite number.
  @usableFromInline var storedImaginary: RealType {
    withUnsafeBytes(of: self) { $0.load(fromByteOffset: MemoryLayout<RealType>.stride, as: RealType.self) }
  }
}
