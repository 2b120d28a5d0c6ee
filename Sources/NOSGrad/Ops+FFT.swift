// Differentiable Fourier transforms. Each adjoint is another transform, so FFT layers nest.
// Sizes given with n= / s= go through resizeLast (zero-pad or truncate) first.
import NOSTensor

public enum FFTOp { case fft, ifft, rfft, irfft, fft2, ifft2, rfft2, irfft2 }

/// Applies a transform over the last axis (or last two for the 2-D ones).
public func fourier(_ op: FFTOp, _ x: Variable, sizes: [Int]? = nil) throws -> Variable {
  switch op {
  case .fft, .ifft, .fft2, .ifft2:
    let z = try cast(x, x.dtype.complex)
    let rank = (op == .fft || op == .ifft) ? 1 : 2
    return try c2c(op, sizes.map { try resizeLast(z, $0) } ?? z, rank: rank)
  case .rfft, .rfft2:
    guard !x.dtype.isComplex else { throw TensorError("\(op) needs a real tensor, got \(x.dtype)") }
    return try r2c(sizes.map { try resizeLast(x, $0) } ?? x, rank: op == .rfft ? 1 : 2)
  case .irfft, .irfft2:
    return try c2r(cast(x, x.dtype.complex), rank: op == .irfft ? 1 : 2, sizes: sizes)
  }
}

private func c2c(_ op: FFTOp, _ z: Variable, rank: Int) throws -> Variable {
  guard z.value.ndim >= rank else {
    throw TensorError("\(op): needs a tensor with at least \(rank) dimension(s), got shape \(shapeText(z.shape))")
  }
  let forward = op == .fft || op == .fft2
  let out = try rank == 1 ? (forward ? z.value.fft() : z.value.ifft())
    : (forward ? z.value.fft2() : z.value.ifft2())
  let n = Double(z.shape.suffix(rank).reduce(1, *))
  return .record(out, [z]) { g, _, _, _ in
    // Fᴴ = n·F⁻¹ and (F⁻¹)ᴴ = F/n.
    let back = try c2c(forward ? (rank == 1 ? .ifft : .ifft2) : (rank == 1 ? .fft : .fft2), g, rank: rank)
    return [try mul(back, constant(forward ? n : 1 / n, like: g))]
  }
}

/// Real → half spectrum. Adjoint: n·irfft of g with the bins that stand for two
/// frequencies (all but DC and, for even n, Nyquist) halved.
private func r2c(_ x: Variable, rank: Int) throws -> Variable {
  guard x.value.ndim >= rank else {
    throw TensorError("rfft: needs a tensor with at least \(rank) dimension(s), got shape \(shapeText(x.shape))")
  }
  let out = try rank == 1 ? x.value.rfft() : x.value.rfft2()
  let sizes = Array(x.shape.suffix(rank))
  let total = Double(sizes.reduce(1, *))
  return .record(out, [x]) { g, _, _, ins in
    let x = ins[0]
    let w = try binWeights(length: out.shape[out.ndim - 1], n: sizes[rank - 1], double: 0.5, dtype: g.dtype)
    let back = try c2r(mul(g, w), rank: rank, sizes: sizes)
    return [try cast(mul(back, constant(total, like: back)), x.dtype)]
  }
}

/// Half spectrum → real signal of `sizes` (default 2(m−1) along the last axis).
/// Adjoint: rfft(g)/n with the doubled bins weighted 2.
private func c2r(_ z: Variable, rank: Int, sizes: [Int]?) throws -> Variable {
  guard z.value.ndim >= rank else {
    throw TensorError("irfft: needs a tensor with at least \(rank) dimension(s), got shape \(shapeText(z.shape))")
  }
  let out = try rank == 1 ? z.value.irfft(n: sizes?.first) : z.value.irfft2(s: sizes)
  let outSizes = Array(out.shape.suffix(rank))
  let total = Double(outSizes.reduce(1, *))
  let m = z.shape[z.value.ndim - 1]
  return .record(out, [z]) { g, _, _, ins in
    let z = ins[0]
    var spec = try r2c(g, rank: rank)
    // The input's last axis may have been longer or shorter than n/2+1.
    var target = Array(z.shape.suffix(rank))
    target[rank - 1] = m
    spec = try resizeLast(spec, target)
    let w = try binWeights(length: m, n: outSizes[rank - 1], double: 2, dtype: spec.dtype)
    return [try mul(mul(spec, w), constant(1 / total, like: spec))]
  }
}

/// Weights along the last axis of a half spectrum of length `length` for a signal of
/// length `n`: `double` for bins that stand for ±k, 1 for DC and the Nyquist bin.
private func binWeights(length: Int, n: Int, double: Double, dtype: DType) throws -> Variable {
  let values = (0..<length).map { k -> Double in
    (k == 0 || (n % 2 == 0 && k == n / 2) || k > n / 2) ? (k > n / 2 ? 0 : 1) : double
  }
  return Variable(try Tensor(values, shape: [length], dtype: dtype.real).astype(dtype))
}
