// Differentiable reductions: sum, mean, prod, max, min; var and std are built from them.
import NOSTensor

/// Normalised, sorted axes of a reduction (nil: all).
func reductionAxes(_ axes: [Int]?, _ ndim: Int) -> [Int] {
  guard let axes else { return Array(0..<ndim) }
  return Array(Set(axes.map { $0 < 0 ? $0 + ndim : $0 })).sorted()
}

/// The shape `x` has after reducing `axes` with keepdims.
func keptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
  shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
}

public func reduceSum(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
  let out = try x.value.reduce(.sum, axes: axes, keepdims: keepdims)
  let ax = reductionAxes(axes, x.value.ndim)
  return .record(out, [x]) { g, _, _, ins in
    let x = ins[0]
    return [try broadcast(reshape(g, keptShape(x.shape, ax)), to: x.shape)]
  }
}

public func reduceMean(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
  let ax = reductionAxes(axes, x.value.ndim)
  let n = ax.reduce(1) { $0 * x.shape[$1] }
  let s = try reduceSum(x, axes: axes, keepdims: keepdims)
  return try div(s, constant(Double(n), like: x))
}

/// Product; the gradient is out/x, so it is not defined where an element is 0.
public func reduceProd(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
  let out = try x.value.reduce(.prod, axes: axes, keepdims: keepdims)
  let ax = reductionAxes(axes, x.value.ndim)
  return .record(out, [x]) { g, y, _, ins in
    let x = ins[0]
    let yk = try reshape(y, keptShape(x.shape, ax)), gk = try reshape(g, keptShape(x.shape, ax))
    let zero = try Tensor.binary(.eq, x.value, 0)
    guard try zero.any() else {
      return [try mul(broadcast(gk, to: x.shape), conjugate(div(yk, x)))]
    }
    // A zero element's gradient is the product of the others, computed without division (a
    // constant of the graph); elsewhere y / x stays differentiable and is 0 in a row with a zero.
    let isZero = Variable(zero), one = Variable(Tensor(1, dtype: x.dtype))
    let others = Variable(try x.value.productOfOthers(axes: ax))
    let share = try select(isZero, others, div(yk, select(isZero, one, x)))
    return [try mul(broadcast(gk, to: x.shape), conjugate(share))]
  }
}

/// max or min; the gradient is shared equally by the elements that attain it.
public func reduceExtremum(_ x: Variable, isMax: Bool, axes: [Int]? = nil,
                           keepdims: Bool = false) throws -> Variable {
  let out = try x.value.reduce(isMax ? .max : .min, axes: axes, keepdims: keepdims)
  let ax = reductionAxes(axes, x.value.ndim)
  return .record(out, [x]) { g, y, _, ins in
    let x = ins[0]
    let yk = try y.value.reshaped(keptShape(x.shape, ax))
    let mask = try Tensor.binary(.eq, x.value, yk).astype(x.dtype)
    let count = try mask.reduce(.sum, axes: ax, keepdims: true)
    let share = Variable(try Tensor.binary(.div, mask, count))
    return [try mul(broadcast(reshape(g, keptShape(x.shape, ax)), to: x.shape), share)]
  }
}

/// Variance with n − ddof in the denominator (|x − mean|² for complex).
public func variance(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false, ddof: Int = 0) throws -> Variable {
  let ax = reductionAxes(axes, x.value.ndim)
  let n = ax.reduce(1) { $0 * x.shape[$1] }
  let d = try sub(x, reduceMean(x, axes: ax, keepdims: true))
  let sq = x.dtype.isComplex ? try cast(mul(d, conjugate(d)), x.dtype.real) : try mul(d, d)
  let s = try reduceSum(sq, axes: ax, keepdims: keepdims)
  // n − ddof ≤ 0 gives NaN or inf, as NumPy (never a negative variance).
  return try div(s, constant(Double(max(n - ddof, 0)), like: s))
}

public func standardDeviation(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false,
                              ddof: Int = 0) throws -> Variable {
  try unary(.sqrt, variance(x, axes: axes, keepdims: keepdims, ddof: ddof))
}

/// Euclidean norm over all elements or along `axes`.
public func norm(_ x: Variable, axes: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
  let a = try unary(.abs, x)
  return try unary(.sqrt, reduceSum(mul(a, a), axes: axes, keepdims: keepdims))
}

/// Running sum; its gradient is the reversed running sum: Σ g − cumsum(g) + g.
public func cumsum(_ x: Variable, axis: Int) throws -> Variable {
  let out = try x.value.cumsum(axis: axis)
  return .record(out, [x]) { g, _, _, _ in
    return [try add(sub(reduceSum(g, axes: [axis], keepdims: true), cumsum(g, axis: axis)), g)]
  }
}
