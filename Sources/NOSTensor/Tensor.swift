// The N-d array: a storage, a dtype, a shape, strides and an offset (views share storage).
import Numerics

/// Sendable by hand: every field is a value except the `Storage`, which is itself safe to
/// share (written only when fresh or after a copy).
public struct Tensor: @unchecked Sendable {
  public internal(set) var storage: Storage
  public internal(set) var dtype: DType
  public internal(set) var shape: [Int]
  /// In elements, not bytes; 0 for a broadcast axis.
  public internal(set) var strides: [Int]
  public internal(set) var offset: Int

  init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int = 0) {
    self.storage = storage
    self.dtype = dtype
    self.shape = shape
    self.strides = strides
    self.offset = offset
  }

  /// A fresh contiguous tensor with uninitialised elements.
  public init(uninitialized shape: [Int], dtype: DType = .f64) throws {
    let n = try Shape.count(shape)
    self.init(storage: try Storage(count: n, dtype: dtype), dtype: dtype, shape: shape,
              strides: Shape.contiguousStrides(shape))
  }

  /// A 0-d tensor holding one number.
  public init(_ value: Double, dtype: DType = .f64) {
    let s = Storage(validated: 1, dtype: dtype)
    self.init(storage: s, dtype: dtype, shape: [], strides: [])
    writeScalar(Complex(value, 0))
  }

  /// A 0-d complex tensor.
  public init(complex value: Complex<Double>, dtype: DType = .c128) {
    let s = Storage(validated: 1, dtype: dtype)
    self.init(storage: s, dtype: dtype, shape: [], strides: [])
    writeScalar(value)
  }

  /// A tensor with the given shape from row-major values.
  public init(_ values: [Double], shape: [Int], dtype: DType = .f64) throws {
    let n = try Shape.count(shape)
    guard n == values.count else {
      throw TensorError("tensor: \(values.count) values do not fill shape \(shapeText(shape))")
    }
    try self.init(uninitialized: shape, dtype: dtype)
    values.withUnsafeBufferPointer { v in
      self.fill(count: n) { (i: Int) in Complex(v[i], 0) }
    }
  }

  /// A 1-D tensor.
  public init(_ values: [Double], dtype: DType = .f64) {
    self.init(storage: Storage(validated: values.count, dtype: dtype), dtype: dtype,
              shape: [values.count], strides: [1])
    values.withUnsafeBufferPointer { v in self.fill(count: v.count) { (i: Int) in Complex(v[i], 0) } }
  }

  /// A complex tensor from row-major values.
  public init(complex values: [Complex<Double>], shape: [Int], dtype: DType = .c128) throws {
    let n = try Shape.count(shape)
    guard n == values.count else {
      throw TensorError("tensor: \(values.count) values do not fill shape \(shapeText(shape))")
    }
    try self.init(uninitialized: shape, dtype: dtype)
    values.withUnsafeBufferPointer { v in self.fill(count: n) { (i: Int) in v[i] } }
  }

  public var ndim: Int { shape.count }
  public var count: Int { shape.reduce(1, &*) }
  public var isScalar: Bool { shape.isEmpty }

  /// True when the elements are laid out row-major without gaps (offset may be nonzero).
  public var isContiguous: Bool {
    var expected = 1
    for i in stride(from: ndim - 1, through: 0, by: -1) where shape[i] != 1 {
      if strides[i] != expected { return false }
      expected &*= shape[i]
    }
    return true
  }

  /// Typed pointer to element 0 of this view (call only with the type matching `dtype`).
  @inline(__always)
  func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
    storage.raw.assumingMemoryBound(to: T.self) + offset
  }

  /// Element 0 of this view's memory seen as `T`: the dtype's own element type, or its real
  /// type for a complex tensor (interleaved re, im — as PyTorch's `view_as_real`). For the
  /// packages' kernels on fresh contiguous tensors; the one place raw memory is typed.
  @inline(__always)
  public func memory<T>(as _: T.Type) -> UnsafeMutablePointer<T> {
    rawPointer.assumingMemoryBound(to: T.self)
  }

  /// Address of element 0 of this view.
  var rawPointer: UnsafeMutableRawPointer { storage.raw + offset * dtype.size }

  /// Writes `f(i)` to each element of a fresh contiguous tensor, converting to its dtype.
  mutating func fill(count n: Int, _ f: (Int) -> Complex<Double>) {
    switch dtype {
    case .f32: let p = pointer(Float.self); for i in 0..<n { p[i] = Float(f(i).re) }
    case .f64: let p = pointer(Double.self); for i in 0..<n { p[i] = f(i).re }
    case .c64:
      let p = pointer(Complex<Float>.self)
      for i in 0..<n { let z = f(i); p[i] = Complex(Float(z.re), Float(z.im)) }
    case .c128: let p = pointer(Complex<Double>.self); for i in 0..<n { p[i] = f(i) }
    case .bool:
      let p = pointer(UInt8.self)
      for i in 0..<n { let z = f(i); p[i] = z.re != 0 || z.im != 0 ? 1 : 0 }
    case .i64: let p = pointer(Int64.self); for i in 0..<n { p[i] = truncatedInt64(f(i).re) }
    }
  }

  private mutating func writeScalar(_ z: Complex<Double>) { fill(count: 1) { _ in z } }
}
