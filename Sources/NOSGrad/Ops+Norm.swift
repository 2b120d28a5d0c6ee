// numpy.linalg.norm: vector norms of any order and the matrix norms, built from
// differentiable ops (abs, sums, max/min, powers, singular values).
import NOSTensor

/// The `ord=` of a norm: a number (including ±inf and 0), "fro" or "nuc".
public enum NormOrder: Equatable, Sendable {
  case p(Double)
  case fro
  case nuc

  var text: String {
    switch self {
    case .p(let x): x.isInfinite ? (x > 0 ? "inf" : "-inf") : x.formatted
    case .fro: "'fro'"
    case .nuc: "'nuc'"
    }
  }
}

private extension Double {
  var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

/// numpy.linalg.norm(x, ord, axis, keepdims): without `axes` and `ord` the 2-norm of all
/// elements; with one axis (or a 1-D x) a vector norm; with two axes (or a 2-D x) a matrix
/// norm over them.
public func norm(_ x: Variable, ord: NormOrder?, axes: [Int]?, keepdims: Bool) throws -> Variable {
  let nd = x.value.ndim
  if axes == nil && (ord == nil || ord == .fro && nd == 2) {
    return try norm(x, axes: nil, keepdims: keepdims)
  }
  var ax = axes ?? Array(0..<nd)
  if let ord, ax.count != 1 && ax.count != 2 {
    throw TensorError("norm: ord=\(ord.text) needs a 1-D or 2-D tensor or axis= with one or "
      + "two axes, got shape \(shapeText(x.shape))")
  }
  guard ax.count <= 2 else { throw TensorError("norm: axis= takes one or two axes") }
  for (i, a) in ax.enumerated() {
    guard a >= -nd && a < nd else {
      throw TensorError("norm: axis \(a) is out of range for a tensor with \(nd) dimensions")
    }
    ax[i] = a < 0 ? a + nd : a
  }
  if ax.count == 2 && ax[0] == ax[1] { throw TensorError("norm: duplicate axes \(ax[0])") }
  if let o = ord, pickFromEmpty(o, ax, x.shape) {
    throw TensorError("norm: ord=\(o.text) of an empty \(ax.count == 1 ? "vector" : "matrix") is "
      + "undefined (shape \(shapeText(x.shape)))")
  }
  var out = ax.count == 1 ? try vectorNorm(x, ord ?? .p(2), axis: ax[0])
    : try matrixNorm(x, ord ?? .fro, ax[0], ax[1])
  if keepdims {
    var shape = x.shape
    for a in ax { shape[a] = 1 }
    out = try reshape(out, shape)
  }
  return out
}

/// Whether the norm takes a max or min over an axis of length 0 (NumPy raises there too).
private func pickFromEmpty(_ ord: NormOrder, _ ax: [Int], _ shape: [Int]) -> Bool {
  guard case .p(let p) = ord else { return false }
  if ax.count == 1 { return p.isInfinite && shape[ax[0]] == 0 }
  if p.isInfinite { return shape[ax[0]] == 0 }
  if abs(p) == 1 { return shape[ax[1]] == 0 }
  return abs(p) == 2 && (shape[ax[0]] == 0 || shape[ax[1]] == 0)
}

/// (Σ|x|^p)^(1/p) along `axis`; inf/−inf are max/min |x|, 0 counts nonzeros.
private func vectorNorm(_ x: Variable, _ ord: NormOrder, axis: Int) throws -> Variable {
  guard case .p(let p) = ord else {
    throw TensorError("norm: ord=\(ord.text) is not a vector norm (use a number, inf or -inf)")
  }
  let a = try unary(.abs, x)
  switch p {
  case .infinity: return try reduceExtremum(a, isMax: true, axes: [axis])
  case -.infinity: return try reduceExtremum(a, isMax: false, axes: [axis])
  case 0:
    let nonzero = try Tensor.binary(.ne, a.value, 0)
    return Variable(try nonzero.reduce(.sum, axes: [axis]))
  case 1: return try reduceSum(a, axes: [axis])
  case 2: return try norm(x, axes: [axis], keepdims: false)
  default:
    guard p.isFinite else { throw TensorError("norm: ord must be a number, got nan") }
    let s = try reduceSum(pow(a, constant(p, like: a)), axes: [axis])
    return try pow(s, constant(1 / p, like: s))
  }
}

/// Frobenius, nuclear, max column sum (1), max row sum (inf), spectral (2) and their minima.
private func matrixNorm(_ x: Variable, _ ord: NormOrder, _ r: Int, _ c: Int) throws -> Variable {
  let a = try unary(.abs, x)
  switch ord {
  case .fro: return try norm(x, axes: [r, c], keepdims: false)
  case .nuc: return try reduceSum(singularValuesLast(x, r, c), axes: [x.value.ndim - 2])
  case .p(let p) where p == 2 || p == -2:
    return try reduceExtremum(singularValuesLast(x, r, c), isMax: p > 0, axes: [x.value.ndim - 2])
  case .p(let p) where p == 1 || p == -1 || p.isInfinite:
    let (sumAxis, pickAxis) = abs(p) == 1 ? (r, c) : (c, r)
    let sums = try reduceSum(a, axes: [sumAxis], keepdims: true)
    let picked = try reduceExtremum(sums, isMax: p > 0, axes: [pickAxis], keepdims: true)
    var shape = x.shape
    shape.remove(at: Swift.max(r, c))
    shape.remove(at: Swift.min(r, c))
    return try reshape(picked, shape)
  default:
    throw TensorError("norm: ord=\(ord.text) is not a matrix norm "
      + "(use 'fro', 'nuc', inf, -inf, 1, -1, 2 or -2)")
  }
}

/// Singular values of the matrices spanned by axes r (rows) and c (columns), on the last axis.
private func singularValuesLast(_ x: Variable, _ r: Int, _ c: Int) throws -> Variable {
  let nd = x.value.ndim
  let order = (0..<nd).filter { $0 != r && $0 != c } + [r, c]
  return try singularValues(permute(x, order))
}
