// Differentiable discrete cosine transforms (types II and III, any axes, optional orthonormal
// scaling) as scipy.fft.dct / idct; each type's gradient is the other type, rescaled.
import NOSTensor

/// The unnormalised DCT along the last axis. With C the DCT-II matrix and D the DCT-III
/// one, Cᵀ = D·diag(2, 1, …, 1) and Dᵀ = diag(½, 1, …, 1)·C: the backward passes.
func dctRaw(_ x: Variable, _ type: DCTType) throws -> Variable {
  let out = try x.value.dctLast(type)
  return .record(out, [x]) { g, _, _, _ in
    let n = g.shape[g.value.ndim - 1]
    if type == .two {
      return [try dctRaw(mul(g, firstScaled(n, 2, like: g)), .three)]
    }
    return [try mul(dctRaw(g, .two), firstScaled(n, 0.5, like: g))]
  }
}

/// The vector (first, 1, 1, …, 1) of length n (a constant).
func firstScaled(_ n: Int, _ first: Double, like v: Variable, rest: Double = 1) throws
  -> Variable
{
  var s = [Double](repeating: rest, count: n)
  if n > 0 { s[0] = first }
  return Variable(try Tensor(s, shape: [n], dtype: v.dtype))
}

/// The DCT (or, with `inverse`, the inverse DCT) of `type` along each of `axes`, as
/// scipy.fft.dct/idct (dctn/idctn for several axes). `ortho` scales to the orthonormal
/// transform; otherwise type II is 2 Σ x_n cos(πk(2n + 1)/2N) and idct undoes it
/// (idct(dct(x)) = x for either normalisation).
public func dct(_ x: Variable, type: DCTType, axes: [Int], ortho: Bool, inverse: Bool) throws
  -> Variable
{
  let op = inverse ? "idct" : "dct"
  guard x.value.ndim >= 1, !x.dtype.isComplex else {
    throw TensorError("\(op): needs a real tensor with at least one dimension, got "
      + "\(shapeText(x.shape)) \(x.dtype)")
  }
  var y = x.dtype == .f32 ? x : try cast(x, .f64)
  let nd = x.value.ndim
  for a0 in axes {
    guard a0 >= -nd, a0 < nd else {
      throw TensorError("\(op): axis \(a0) is out of range for shape \(shapeText(x.shape))")
    }
    let a = a0 < 0 ? a0 + nd : a0
    var order = Array(0..<nd)
    order.swapAt(a, nd - 1)
    y = try permute(dctLastAxis(permute(y, order), type: type, ortho: ortho,
                                inverse: inverse), order)
  }
  return y
}

/// One axis (the last) of `dct`.
func dctLastAxis(_ x: Variable, type: DCTType, ortho: Bool, inverse: Bool) throws -> Variable {
  let n = x.shape[x.value.ndim - 1]
  guard n > 0 else { return x }
  // The forward transform actually applied: idct of type II is a type III, and vice versa.
  let applied: DCTType = inverse ? (type == .two ? .three : .two) : type
  if !ortho {
    let y = try dctRaw(x, applied)
    return inverse ? try div(y, constant(Double(2 * n), like: y)) : y
  }
  let r = 1 / Double(2 * n).squareRoot()
  if applied == .two {
    return try mul(dctRaw(x, .two), firstScaled(n, 1 / Double(4 * n).squareRoot(), like: x,
                                                rest: r))
  }
  return try dctRaw(mul(x, firstScaled(n, 1 / Double(n).squareRoot(), like: x, rest: r)),
                    .three)
}
