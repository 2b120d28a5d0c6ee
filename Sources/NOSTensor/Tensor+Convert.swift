// Changing dtype among f32, f64, c64, c128, bool and i64 (complex → real keeps the real part).
import Numerics

extension Tensor {
  /// This tensor's values as `dtype` in a fresh contiguous tensor (itself when already so).
  public func astype(_ target: DType) throws -> Tensor {
    if target == dtype { return self }
    if target == .i64 { return try toInt64() }
    var out = try Tensor(uninitialized: shape, dtype: target)
    if target == .bool { return try truthValues(into: out) }
    switch dtype {
    case .bool: fromInteger(UInt8.self, into: &out)
    case .i64: fromInteger(Int64.self, into: &out)
    case .f32: convert(from: Float.self, into: &out)
    case .f64: convert(from: Double.self, into: &out)
    case .c64: convert(from: Complex<Float>.self, into: &out)
    case .c128: convert(from: Complex<Double>.self, into: &out)
    }
    return out
  }

  private func convert<S: TensorScalar>(from: S.Type, into out: inout Tensor) {
    switch out.dtype {
    case .f32: convert(S.self, Float.self, into: &out)
    case .f64: convert(S.self, Double.self, into: &out)
    case .c64: convert(S.self, Complex<Float>.self, into: &out)
    case .c128: convert(S.self, Complex<Double>.self, into: &out)
    case .bool, .i64: break  // astype handles conversion to bool and i64
    }
  }

  /// The values of a bool (0/1 bytes) or i64 tensor in a float dtype (i64 rounded to
  /// nearest past 2^53, as NumPy).
  private func fromInteger<I: BinaryInteger>(_: I.Type, into out: inout Tensor) {
    func run<D: TensorScalar>(_: D.Type) {
      let src = pointer(I.self), dst = out.pointer(D.self)
      let walk = RowWalker(shape: shape, strides)
      let s = walk.innerStrides.0
      Parallel.forRanges(count) { range in
        walk.forRuns(range) { i, n, o in
          let a = src + o.0
          for k in 0..<n { dst[i + k] = D(re: Double(a[k * s]), im: 0) }
        }
      }
    }
    switch out.dtype {
    case .f32: run(Float.self)
    case .f64: run(Double.self)
    case .c64: run(Complex<Float>.self)
    case .c128: run(Complex<Double>.self)
    case .bool, .i64: break
    }
  }

  /// Nonzero elements as true (a complex number is true when either part is nonzero).
  private func truthValues(into out: Tensor) throws -> Tensor {
    let dst = out.pointer(UInt8.self)
    let walk = RowWalker(shape: shape, strides)
    let s = walk.innerStrides.0
    func run<T: TensorScalar>(_: T.Type) {
      let src = pointer(T.self)
      Parallel.forRanges(count) { range in
        walk.forRuns(range) { i, n, o in
          let a = src + o.0
          for k in 0..<n { dst[i + k] = a[k * s] != .zero ? 1 : 0 }
        }
      }
    }
    switch dtype {
    case .f32: run(Float.self)
    case .f64: run(Double.self)
    case .c64: run(Complex<Float>.self)
    case .c128: run(Complex<Double>.self)
    case .bool: return self
    case .i64:
      let src = pointer(Int64.self)
      Parallel.forRanges(count) { range in
        walk.forRuns(range) { i, n, o in
          let a = src + o.0
          for k in 0..<n { dst[i + k] = a[k * s] != 0 ? 1 : 0 }
        }
      }
    }
    return out
  }

  private func convert<S: TensorScalar, D: TensorScalar>(_: S.Type, _: D.Type, into out: inout Tensor) {
    let src = pointer(S.self), dst = out.pointer(D.self)
    let walk = RowWalker(shape: shape, strides)
    let s = walk.innerStrides.0
    Parallel.forRanges(count) { range in
      walk.forRuns(range) { i, n, o in
        let a = src + o.0
        for k in 0..<n { let x = a[k * s]; dst[i + k] = D(re: x.re, im: x.im) }
      }
    }
  }

  /// The value of a one-element tensor as a real number (the real part if complex).
  public func item() throws -> Double {
    guard count == 1 else {
      throw TensorError("item: tensor of shape \(shapeText(shape)) has \(count) elements, not 1")
    }
    return element(0).re
  }

  /// The value of a one-element tensor as a complex number.
  public func complexItem() throws -> Complex<Double> {
    guard count == 1 else {
      throw TensorError("item: tensor of shape \(shapeText(shape)) has \(count) elements, not 1")
    }
    return element(0)
  }

  /// The element at row-major position `i` of this view (caller guarantees `i < count`).
  public func element(_ i: Int) -> Complex<Double> {
    var rest = i, off = offset
    for d in stride(from: ndim - 1, through: 0, by: -1) where shape[d] > 0 {
      off += (rest % shape[d]) * strides[d]
      rest /= shape[d]
    }
    let raw = storage.raw
    switch dtype {
    case .f32: return Complex(Double(raw.assumingMemoryBound(to: Float.self)[off]), 0)
    case .f64: return Complex(raw.assumingMemoryBound(to: Double.self)[off], 0)
    case .c64:
      let z = raw.assumingMemoryBound(to: Complex<Float>.self)[off]
      return Complex(z.re, z.im)
    case .c128: return raw.assumingMemoryBound(to: Complex<Double>.self)[off]
    case .bool: return Complex(Double(raw.assumingMemoryBound(to: UInt8.self)[off]), 0)
    case .i64: return Complex(Double(raw.assumingMemoryBound(to: Int64.self)[off]), 0)
    }
  }

  /// All elements in row-major order as reals (real parts for complex tensors).
  public func toArray() -> [Double] { (0..<count).map { element($0).re } }
  /// All elements in row-major order as complex numbers.
  public func toComplexArray() -> [Complex<Double>] { (0..<count).map { element($0) } }
}
