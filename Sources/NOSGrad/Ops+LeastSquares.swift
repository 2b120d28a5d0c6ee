// Pseudo-inverse, least squares and numerical rank, through the SVD (as numpy.linalg).
import NOSTensor

/// Moore–Penrose pseudo-inverse `[..., n, m]` of `[..., m, n]`: singular values at most
/// `rcond`·max(S) count as zero (NumPy's rule). The backward is the Golub–Pereyra formula
/// gA = −Xᴴ G Xᴴ + (I − A X) Gᴴ X Xᴴ + Xᴴ X Gᴴ (I − X A), valid where the rank is constant
/// near A (e.g. full rank), which is where PyTorch's gradient is defined too.
public func pinv(_ a: Variable, rcond: Double) throws -> Variable {
  // i64 and bool compute in f64 (casting 1/s back to an integer dtype would truncate it).
  if a.dtype.isDiscrete { return try pinv(cast(a, .f64), rcond: rcond) }
  let (u, s, vh) = try a.value.svd(fullMatrices: false)
  let m = a.shape[a.value.ndim - 2], n = a.shape[a.value.ndim - 1]
  var x: Tensor
  if s.count == 0 {
    x = try Tensor.zeros(Array(a.shape.dropLast(2)) + [n, m], dtype: a.dtype)
  } else {
    let top = try s.reduce(.max, axes: [s.ndim - 1], keepdims: true)
    let keep = try Tensor.binary(.gt, s, top * rcond)
    let sinv = try Tensor.where(keep, Tensor.binary(.div, 1, s), Tensor(0, dtype: s.dtype))
    let scaled = try mul(mH(Variable(vh)), rowVector(cast(Variable(sinv), a.dtype)))
    x = try matmul(scaled, mH(Variable(u))).value
  }
  return .record(x, [a]) { g, x, _, ins in
    let a = ins[0], xh = try mH(x), gh = try mH(g)
    let im = Variable(try Tensor.eye(m, dtype: a.dtype))
    let inn = Variable(try Tensor.eye(n, dtype: a.dtype))
    let first = try neg(matmul(matmul(xh, g), xh))
    let second = try matmul(matmul(sub(im, matmul(a, x)), gh), matmul(x, xh))
    let third = try matmul(matmul(matmul(xh, x), gh), sub(inn, matmul(x, a)))
    return [try add(add(first, second), third)]
  }
}

/// numpy.linalg.lstsq for 2-D `a [m, n]` and `b [m]` or `[m, k]`: the minimum-norm
/// least-squares solution x = pinv(a, rcond) b (differentiable in a and b), the squared
/// residual norms per column (empty unless rank = n < m; shape [1] for a vector b), the rank
/// and the singular values. `rcond` nil is NumPy's default, machine ε · max(m, n).
public func leastSquares(_ a: Variable, _ b: Variable, rcond: Double?)
  throws -> (x: Variable, residuals: Variable, rank: Int, s: Tensor) {
  guard a.value.ndim == 2, b.value.ndim == 1 || b.value.ndim == 2, b.shape[0] == a.shape[0] else {
    throw TensorError("lstsq: needs a [m, n] and b [m] or [m, k], got shapes "
      + "\(shapeText(a.shape)) and \(shapeText(b.shape))")
  }
  let dt = DType.promote(a.dtype, b.dtype).arithmetic  // i64 and bool solve in f64
  let a = try cast(a, dt), b = try cast(b, dt)
  let m = a.shape[0], n = a.shape[1]
  let cutoff = rcond ?? machineEpsilon(dt) * Double(Swift.max(m, n))
  let s = try a.value.svdvals(op: "lstsq")
  let top = s.count == 0 ? 0 : try s.reduce(.max).item()
  let rank = try s.toArray().filter { $0 > cutoff * top }.count
  let x = try matmul(pinv(a, rcond: cutoff), b)
  var residuals = Variable(try Tensor.zeros([0], dtype: dt.real))
  if rank == n && m > n {
    let r = try sub(b, matmul(a, x))
    let sq = try reduceSum(mul(unary(.abs, r), unary(.abs, r)), axes: [0])
    residuals = try reshape(sq, b.value.ndim == 1 ? [1] : [b.shape[1]])
  }
  return (x, residuals, rank, s)
}

/// Number of singular values above `tol` (default NumPy's: max(S) · max(m, n) · ε), per
/// matrix of `[..., m, n]`; a 1-D or 0-d tensor has rank 1 unless it is all zeros.
public func matrixRank(_ a: Tensor, tol: Double?) throws -> Tensor {
  guard a.ndim >= 2 else { return Tensor(try a.any() ? 1 : 0) }
  let m = a.shape[a.ndim - 2], n = a.shape[a.ndim - 1]
  let s = try a.svdvals(op: "matrix_rank").astype(.f64)
  let batch = Array(a.shape.dropLast(2))
  guard s.count > 0 else { return try Tensor.zeros(batch) }
  let bound: Tensor
  if let tol {
    bound = Tensor(tol)
  } else {
    let top = try s.reduce(.max, axes: [s.ndim - 1], keepdims: true)
    bound = try top * (Double(Swift.max(m, n)) * machineEpsilon(a.dtype))
  }
  return try Tensor.binary(.gt, s, bound).reduce(.sum, axes: [s.ndim - 1])
}

/// The spacing of floating-point numbers at 1 for a dtype's precision.
public func machineEpsilon(_ dt: DType) -> Double {
  dt == .f32 || dt == .c64 ? Double(Float.ulpOfOne) : Double.ulpOfOne
}
