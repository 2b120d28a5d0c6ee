// Order statistics: median and quantile with NumPy's linear interpolation, differentiable.
import NOSGrad
import NOSLang
import NOSTensor

extension TensorSortBuiltins {
  static var median: Builtin {
    Builtin("median", [Param("x"), Param("axis", default: .nil),
                       Param("keepdims", default: false)], doc: """
      The median over all elements or along `axis` (NumPy: the mean of the two middle values \
      for an even count). Differentiable.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("median(x * x, axis=1) + median(x)"),
      ]) { a in
      wrap(try quantile(try a.variable(0), 0.5, axis: try a.optionalInt(1),
                        keepdims: try a.flag(2), op: "median"))
    }
  }

  static var quantile: Builtin {
    Builtin("quantile", [Param("x"), Param("q"), Param("axis", default: .nil),
                         Param("keepdims", default: false)], doc: """
      The q-th quantile (q in [0, 1], or a list of them: a leading axis per q) over all \
      elements or along `axis`, NumPy's default "linear" method. Differentiable.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("quantile(x, [0.3, 0.9], axis=0) * x[0:2]"),
      ]) { a in
      let x = try a.variable(0)
      let axis = try a.optionalInt(2), keep = try a.flag(3)
      if case .number(let q) = a[1] {
        return wrap(try quantile(x, q, axis: axis, keepdims: keep, op: "quantile"))
      }
      let qs = try a.tensor(1)
      guard qs.ndim <= 1, !qs.dtype.isComplex else { throw a.bad(1, expected: "number or 1-D q") }
      if qs.ndim == 0 {
        return wrap(try quantile(x, try qs.item(), axis: axis, keepdims: keep, op: "quantile"))
      }
      let parts = try qs.toArray().map {
        try quantile(x, $0, axis: axis, keepdims: keep, op: "quantile")
      }
      return wrap(try stack(parts, axis: 0))
    }
  }

  /// NumPy's linear quantile: sorted values v, position q·(n − 1), v[lo] + (v[hi] − v[lo])·frac.
  static func quantile(_ x: Variable, _ q: Double, axis: Int?, keepdims: Bool,
                       op: String) throws -> Variable {
    guard q >= 0 && q <= 1 else { throw RuntimeError("\(op): q must be in [0, 1], got \(q)") }
    let flat = axis == nil
    let base = flat ? try reshape(x, [x.value.count]) : x
    guard base.value.ndim > 0 else { throw RuntimeError("\(op) needs at least one dimension") }
    let (m, _) = try moveLast(base, axis ?? 0, op: op)
    let n = m.value.shape.last ?? 0
    guard n > 0 else { throw RuntimeError("\(op) of an empty tensor") }
    let sorted = try takeLast(m, try m.value.argsortLast(op: op))
    let pos = q * Double(n - 1)
    let lo = Int(pos.rounded(.down)), hi = min(lo + 1, n - 1)
    let frac = pos - Double(lo)
    let nd = sorted.value.ndim
    let vlo = try getIndex(sorted, onLast(nd, .at(lo)))
    var out = vlo
    if frac > 0 {
      let vhi = try getIndex(sorted, onLast(nd, .at(hi)))
      let f = Variable(Tensor(frac, dtype: vlo.value.dtype.arithmetic))
      out = try add(vlo, try mul(try sub(vhi, vlo), f))
    }
    guard keepdims else { return out }
    if flat { return try reshape(out, Array(repeating: 1, count: x.value.ndim)) }
    return try unsqueeze(out, axis: try Tensor.axis(axis ?? 0, ndim: x.value.ndim, op: op))
  }
}
