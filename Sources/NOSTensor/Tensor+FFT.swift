// Discrete Fourier transforms over the last one or two axes, with NumPy's "backward"
// normalisation (forward unscaled, inverse scaled by 1/n), through cached FFTW plans.
import CFFTW
import Numerics

extension Tensor {
  public func fft(n: Int? = nil) throws -> Tensor { try c2c(sizes: [n], forward: true, op: "fft") }
  public func ifft(n: Int? = nil) throws -> Tensor { try c2c(sizes: [n], forward: false, op: "ifft") }
  public func fft2(s: [Int]? = nil) throws -> Tensor {
    try c2c(sizes: sizes2(s, "fft2"), forward: true, op: "fft2")
  }
  public func ifft2(s: [Int]? = nil) throws -> Tensor {
    try c2c(sizes: sizes2(s, "ifft2"), forward: false, op: "ifft2")
  }
  public func rfft(n: Int? = nil) throws -> Tensor { try r2c(sizes: [n], op: "rfft") }
  public func rfft2(s: [Int]? = nil) throws -> Tensor { try r2c(sizes: sizes2(s, "rfft2"), op: "rfft2") }
  public func irfft(n: Int? = nil) throws -> Tensor { try c2r(sizes: [n], op: "irfft") }
  public func irfft2(s: [Int]? = nil) throws -> Tensor { try c2r(sizes: sizes2(s, "irfft2"), op: "irfft2") }

  /// The `s=` of a 2-D transform: exactly two sizes (an empty list used to index out of range).
  private func sizes2(_ s: [Int]?, _ op: String) throws -> [Int?] {
    guard let s else { return [nil, nil] }
    guard s.count == 2 else { throw TensorError("\(op): s must give 2 sizes, got \(shapeText(s))") }
    return s
  }

  /// Sizes of the transformed (last) axes, with `given` overriding; checks rank and values.
  private func transformSizes(_ given: [Int?], op: String, defaults: [Int]? = nil) throws -> [Int] {
    let r = given.count
    guard ndim >= r else {
      throw TensorError("\(op): needs a tensor with at least \(r) dimension(s), got shape \(shapeText(shape))")
    }
    let sizes = zip(given, defaults ?? Array(shape.suffix(r))).map { $0 ?? $1 }
    guard sizes.allSatisfy({ $0 >= 1 && $0 <= Int(Int32.max) }) else {
      throw TensorError("\(op): invalid transform size \(shapeText(sizes))")
    }
    return sizes
  }

  /// Zero-pads or truncates the last `sizes.count` axes to `sizes` (NumPy's n= / s=).
  public func resizedLast(_ sizes: [Int]) throws -> Tensor {
    let lead = ndim - sizes.count
    if Array(shape.suffix(sizes.count)) == sizes { return self }
    let out = try Tensor.zeros(Array(shape.prefix(lead)) + sizes, dtype: dtype)
    let common = zip(shape.suffix(sizes.count), sizes).map { Swift.min($0, $1) }
    let window = Array(repeating: TensorIndex.all, count: lead)
      + common.map { TensorIndex.slice(start: 0, stop: $0, step: 1) }
    try out.get(window).assign(get(window))
    return out
  }

  /// A contiguous copy FFTW may read (and destroy) whose alignment matches the plans'.
  private func fftInput(_ dt: DType, fresh: Bool) throws -> Tensor {
    let x = try astype(dt)
    let aligned = x.isContiguous && (Int(bitPattern: x.rawPointer) & 63) == 0
    return fresh || !aligned ? try x.copied() : x
  }

  private func c2c(sizes given: [Int?], forward: Bool, op: String) throws -> Tensor {
    let sizes = try transformSizes(given, op: op)
    let dt = dtype.complex
    let x = try astype(dt).resizedLast(sizes).fftInput(dt, fresh: false)
    let out = try Tensor(uninitialized: x.shape, dtype: dt)
    let batch = x.count / sizes.reduce(1, *)
    if out.count == 0 { return out }
    let plan = try FFTPlans.shared.plan(FFTKey(kind: forward ? .forward : .backward,
                                                double: dt.isDouble, dims: sizes, batch: batch))
    if dt.isDouble {
      fftw_execute_dft(plan, x.fftwPointer(fftw_complex.self), out.fftwPointer(fftw_complex.self))
    } else {
      fftwf_execute_dft(plan, x.fftwPointer(fftwf_complex.self), out.fftwPointer(fftwf_complex.self))
    }
    if !forward { out.scale(1 / Double(sizes.reduce(1, *))) }
    return out
  }

  private func r2c(sizes given: [Int?], op: String) throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).r2c(sizes: given, op: op) }
    guard !dtype.isComplex else { throw TensorError("\(op) needs a real tensor, got \(dtype)") }
    let sizes = try transformSizes(given, op: op)
    let x = try resizedLast(sizes).fftInput(dtype, fresh: false)
    var outShape = x.shape
    outShape[ndim - 1] = sizes[sizes.count - 1] / 2 + 1
    let out = try Tensor(uninitialized: outShape, dtype: dtype.complex)
    if out.count == 0 { return out }
    let batch = x.count / sizes.reduce(1, *)
    let plan = try FFTPlans.shared.plan(FFTKey(kind: .r2c, double: dtype.isDouble, dims: sizes, batch: batch))
    if dtype.isDouble {
      fftw_execute_dft_r2c(plan, x.pointer(Double.self), out.fftwPointer(fftw_complex.self))
    } else {
      fftwf_execute_dft_r2c(plan, x.pointer(Float.self), out.fftwPointer(fftwf_complex.self))
    }
    return out
  }

  /// `irfft(n:)` (one size) or `irfft2(s:)` (two) of a spectrum the caller built and will not
  /// read again: FFTW may overwrite it (no private copy when it is contiguous and aligned),
  /// and the result is multiplied by `scale` instead of 1/n (no pass when 1) — for kernels
  /// that fold the 1/n into the few modes they wrote. Saves a copy and a pass per call.
  public func irfftConsuming(sizes: [Int], scale: Double) throws -> Tensor {
    guard sizes.count == 1 || sizes.count == 2 else {
      throw TensorError("irfft: expected 1 or 2 sizes, got \(shapeText(sizes))")
    }
    return try c2r(sizes: sizes, op: sizes.count == 1 ? "irfft" : "irfft2", copy: false,
                   scale: scale)
  }

  private func c2r(sizes given: [Int?], op: String, copy: Bool = true,
                   scale: Double? = nil) throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).c2r(sizes: given, op: op) }
    let r = given.count
    guard ndim >= r else {
      throw TensorError("\(op): needs a tensor with at least \(r) dimension(s), got shape \(shapeText(shape))")
    }
    var defaults = Array(shape.suffix(r))
    defaults[r - 1] = 2 * (defaults[r - 1] - 1)
    let sizes = try transformSizes(given, op: op, defaults: defaults)
    var half = sizes
    half[r - 1] = sizes[r - 1] / 2 + 1
    let dt = dtype.complex
    // c2r transforms overwrite their input, so FFTW gets a private copy unless told not to.
    let x = try astype(dt).resizedLast(half).fftInput(dt, fresh: copy)
    let out = try Tensor(uninitialized: Array(shape.dropLast(r)) + sizes, dtype: dt.real)
    if out.count == 0 { return out }
    let batch = out.count / sizes.reduce(1, *)
    let plan = try FFTPlans.shared.plan(FFTKey(kind: .c2r, double: dt.isDouble, dims: sizes, batch: batch))
    if dt.isDouble {
      fftw_execute_dft_c2r(plan, x.fftwPointer(fftw_complex.self), out.pointer(Double.self))
    } else {
      fftwf_execute_dft_c2r(plan, x.fftwPointer(fftwf_complex.self), out.pointer(Float.self))
    }
    let factor = scale ?? 1 / Double(sizes.reduce(1, *))
    if factor != 1 { out.scale(factor) }
    return out
  }

  private func fftwPointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
    rawPointer.assumingMemoryBound(to: T.self)
  }

  /// Multiplies a fresh contiguous tensor by `s` in place.
  func scale(_ s: Double) {
    let n = dtype.isComplex ? 2 * count : count
    if dtype.isDouble {
      let p = rawPointer.assumingMemoryBound(to: Double.self)
      Parallel.forRanges(n) { r in for i in r { p[i] *= s } }
    } else {
      let p = rawPointer.assumingMemoryBound(to: Float.self)
      let f = Float(s)
      Parallel.forRanges(n) { r in for i in r { p[i] *= f } }
    }
  }
}
