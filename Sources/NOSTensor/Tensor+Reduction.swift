// Reductions over one axis, several axes, or everything: sum, mean, prod, max, min, argmax,
// argmin, var, std. The reduced axes are moved last so each output element reduces one row.
import CKernels
import Numerics

public enum ReduceOp: String, Sendable, CaseIterable {
  case sum, mean, prod, max, min, argmax, argmin, `var`, std
}

extension Tensor {
  /// Reduces over `axes` (nil: all axes). `ddof` applies to var and std (NumPy's default 0).
  public func reduce(_ op: ReduceOp, axes: [Int]? = nil, keepdims: Bool = false,
                     ddof: Int = 0) throws -> Tensor {
    // Bools reduce as 0/1 numbers: `sum(mask)` counts, `mean(mask)` is the fraction true.
    if dtype == .bool { return try astype(.f64).reduce(op, axes: axes, keepdims: keepdims, ddof: ddof) }
    // i64 keeps sum, prod, max, min exact (NumPy); mean, var and std compute in f64.
    if dtype == .i64, [.mean, .var, .std].contains(op) {
      return try astype(.f64).reduce(op, axes: axes, keepdims: keepdims, ddof: ddof)
    }
    let name = op.rawValue
    if dtype.isComplex, [.max, .min, .argmax, .argmin].contains(op) {
      throw TensorError("\(name) is not defined for complex tensors")
    }
    let given = axes
    var axes = try (axes ?? Array(0..<ndim)).map { try Shape.axis($0, ndim, op: name) }
    axes = Array(Set(axes)).sorted()
    // No axis means the flattened tensor (NumPy's flat index); several given axes are refused.
    if (op == .argmax || op == .argmin) && given != nil && axes.count > 1 {
      throw TensorError("\(name): give one axis or none")
    }
    if let fast = try sumLeadingAxes(op, axes, keepdims) { return fast }
    let kept = (0..<ndim).filter { !axes.contains($0) }
    let rowLen = axes.reduce(1) { $0 * shape[$1] }
    if rowLen == 0, [.max, .min, .argmax, .argmin].contains(op) {
      throw TensorError("\(name) of an empty tensor (shape \(shapeText(shape)))")
    }
    // Rows to reduce, laid out contiguously: [kept..., reduced...].
    let rows = try permuted(kept + axes).contiguous()
    var outShape = kept.map { shape[$0] }
    let outDtype: DType = (op == .argmax || op == .argmin) ? .i64
      : (op == .var || op == .std) ? dtype.real : dtype
    var out = try Tensor(uninitialized: outShape, dtype: outDtype)
    let n = out.count
    switch dtype {
    case .f32: reduceRows(op, Float.self, rows, &out, n, rowLen, ddof)
    case .f64: reduceRows(op, Double.self, rows, &out, n, rowLen, ddof)
    case .c64: reduceRowsComplex(op, Float.self, rows, &out, n, rowLen, ddof)
    case .c128: reduceRowsComplex(op, Double.self, rows, &out, n, rowLen, ddof)
    case .i64: reduceRowsInteger(op, rows, out, n, rowLen)
    case .bool: break  // converted above
    }
    if keepdims {
      outShape = (0..<ndim).map { axes.contains($0) ? 1 : shape[$0] }
      out = try out.reshaped(outShape)
    }
    return out
  }

  /// Sum or mean over leading axes of a contiguous real tensor (a bias gradient over a
  /// batch): rows are added in place of transposing them first.
  private func sumLeadingAxes(_ op: ReduceOp, _ axes: [Int], _ keepdims: Bool) throws -> Tensor? {
    guard op == .sum || op == .mean, dtype == .f32 || dtype == .f64, isContiguous, !axes.isEmpty,
          axes.count < ndim, axes == Array(0..<axes.count) else { return nil }
    let rows = axes.reduce(1) { $0 * shape[$1] }
    let rest = Array(shape[axes.count...])
    let n = rest.reduce(1, *)
    guard rows > 1, n > 0 else { return nil }
    var out = try Tensor(uninitialized: rest, dtype: dtype)
    let scratch = try Tensor(uninitialized: [max(1, n * pairwiseLevels(rows))], dtype: dtype)
    if dtype == .f64 {
      sumRowsPairwise(pointer(Double.self), out.pointer(Double.self), scratch.pointer(Double.self),
                      rows: rows, n: n, block: nos_sum_rows_f64,
                      add: { nos_binary_f64(0, $0, 1, $1, 1, $0, $2) })
    } else {
      sumRowsPairwise(pointer(Float.self), out.pointer(Float.self), scratch.pointer(Float.self),
                      rows: rows, n: n, block: nos_sum_rows_f32,
                      add: { nos_binary_f32(0, $0, 1, $1, 1, $0, $2) })
    }
    if op == .mean { out = try Tensor.binary(.div, out, Double(rows)) }
    return keepdims ? try out.reshaped(Array(repeating: 1, count: axes.count) + rest) : out
  }

  public func sum(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.sum, axes: axis.map { [$0] }, keepdims: keepdims)
  }
  public func mean(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    try reduce(.mean, axes: axis.map { [$0] }, keepdims: keepdims)
  }
}

private func reduceRows<T: RealScalar>(_ op: ReduceOp, _: T.Type, _ x: Tensor, _ out: inout Tensor,
                                       _ n: Int, _ m: Int, _ ddof: Int) {
  let src = UnsafePointer(x.pointer(T.self))
  if op == .argmax || op == .argmin {
    let o = out.pointer(Int64.self)
    let isMax = op == .argmax
    Parallel.forRanges(n, cost: m) { r in
      for i in r {
        let row = src + i * m
        var best = 0
        for k in 1..<max(m, 1) {
          let v = row[k], b = row[best]
          if b.isNaN { break }
          if v.isNaN || (isMax ? v > b : v < b) { best = k }
        }
        o[i] = Int64(best)
      }
    }
    return
  }
  let o = out.pointer(T.self)
  let fm = T(m)
  Parallel.forRanges(n, cost: m) { r in
    for i in r {
      let row = src + i * m
      switch op {
      case .sum: o[i] = pairwiseSum(row, m)
      case .mean: o[i] = pairwiseSum(row, m) / fm
      case .prod: var p: T = 1; for k in 0..<m { p *= row[k] }; o[i] = p
      case .max, .min:
        var b = row[0]
        for k in 1..<m {
          let v = row[k]
          if v.isNaN { b = v; break }
          if op == .max ? v > b : v < b { b = v }
        }
        o[i] = b
      default:
        let mu = pairwiseSum(row, m) / fm
        let acc = pairwiseSum(SquaredDeviations(p: row, mu: mu), 0, m)
        let v = acc / (T(m) - T(ddof))  // no Int overflow for any ddof
        o[i] = op == .std ? v.squareRoot() : v
      }
    }
  }
}

private func reduceRowsComplex<R: RealScalar>(_ op: ReduceOp, _: R.Type, _ x: Tensor,
                                              _ out: inout Tensor, _ n: Int, _ m: Int, _ ddof: Int) {
  typealias C = Complex<R>
  let src = UnsafePointer(x.pointer(C.self))
  let fm = R(m)
  if op == .var || op == .std {
    let o = out.pointer(R.self)
    for i in 0..<n {
      let row = src + i * m
      let mu = pairwiseSum(row, m).divided(by: fm)
      let acc = pairwiseSum(ComplexSquaredDeviations(p: row, mu: mu), 0, m)
      let v = acc / (R(m) - R(ddof))
      o[i] = op == .std ? v.squareRoot() : v
    }
    return
  }
  let o = out.pointer(C.self)
  for i in 0..<n {
    let row = src + i * m
    switch op {
    case .sum: o[i] = pairwiseSum(row, m)
    case .mean: o[i] = pairwiseSum(row, m).divided(by: fm)
    default: var p = C.one; for k in 0..<m { p *= row[k] }; o[i] = p
    }
  }
}

/// sum, prod (wrapping, as NumPy's int64), max, min, argmax, argmin of contiguous i64 rows.
private func reduceRowsInteger(_ op: ReduceOp, _ x: Tensor, _ out: Tensor, _ n: Int, _ m: Int) {
  let src = UnsafePointer(x.pointer(Int64.self)), o = out.pointer(Int64.self)
  Parallel.forRanges(n, cost: m) { r in
    for i in r {
      let row = src + i * m
      switch op {
      case .sum: var s: Int64 = 0; for k in 0..<m { s = s &+ row[k] }; o[i] = s
      case .prod: var p: Int64 = 1; for k in 0..<m { p = p &* row[k] }; o[i] = p
      case .max: o[i] = UnsafeBufferPointer(start: row, count: m).max() ?? 0
      case .min: o[i] = UnsafeBufferPointer(start: row, count: m).min() ?? 0
      case .argmax, .argmin:
        var best = 0
        for k in 1..<max(m, 1) where op == .argmax ? row[k] > row[best] : row[k] < row[best] {
          best = k
        }
        o[i] = Int64(best)
      default: break  // mean, var, std convert to f64 first
      }
    }
  }
}
