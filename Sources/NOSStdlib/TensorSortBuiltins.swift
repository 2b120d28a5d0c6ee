// Sorting and order statistics: sort, argsort, topk, median, quantile, unique, flip, roll.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorSortBuiltins {
  static var all: [Builtin] { [sort, argsort, topk, median, quantile, unique, flip, roll] }

  /// `x` with `axis` moved last, and the permutation that moves it back.
  static func moveLast(_ x: Variable, _ axis: Int, op: String) throws -> (Variable, [Int]) {
    let ax = try Tensor.axis(axis, ndim: x.value.ndim, op: op)
    var order = Array(0..<x.value.ndim)
    order.remove(at: ax)
    order.append(ax)
    var inverse = [Int](repeating: 0, count: order.count)
    for (i, o) in order.enumerated() { inverse[o] = i }
    return (try permute(x, order), inverse)
  }

  /// NumPy's `take_along_axis` on the last axis: `idx` [..., k] picks from `x` [..., n].
  static func takeLast(_ x: Variable, _ idx: Tensor) throws -> Variable {
    let lead = Array(x.value.shape.dropLast())
    let n = x.value.shape.last ?? 1, k = idx.shape.last ?? 1
    let rows = lead.reduce(1, *)
    let flat = try reshape(x, [rows, n])
    let rowIdx = try Tensor.arange(0, Double(rows)).reshaped([rows, 1])
    let picked = try getIndex(flat, [.gather(rowIdx), .gather(try idx.reshaped([rows, k]))])
    return try reshape(picked, lead + [k])
  }

  /// Full slices for the leading axes, then `last` on the final one.
  static func onLast(_ ndim: Int, _ last: TensorIndex) -> [TensorIndex] {
    Array(repeating: .slice(start: nil, stop: nil, step: nil), count: ndim - 1) + [last]
  }

  static var sort: Builtin {
    Builtin("sort", [Param("x"), Param("axis", default: -1), Param("descending", default: false)],
            doc: """
      The values sorted along `axis` (default the last), ascending unless descending=true; \
      stable, NaN last (NumPy). Differentiable (the gradient goes back to each value's place).
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("sort(x, axis=0) * reshape(arange(12), 3, 4)"),
      ]) { a in
      let x = try a.variable(0)
      guard x.value.ndim > 0 else { return wrap(x) }
      let (m, inverse) = try moveLast(x, try a.int(1), op: "sort")
      let idx = try m.value.argsortLast(descending: try a.flag(2), op: "sort")
      return wrap(try permute(try takeLast(m, idx), inverse))
    }
  }

  static var argsort: Builtin {
    Builtin("argsort", [Param("x"), Param("axis", default: -1),
                        Param("descending", default: false)], doc: """
      Indices (i64) that sort x along `axis` (stable, NaN last), so x[argsort(x)] is sort(x) \
      for 1-D x.
      """, receiver: "tensor") { a in
      let x = try a.variable(0)
      guard x.value.ndim > 0 else { return wrap(Tensor(0, dtype: .i64)) }
      let (m, inverse) = try moveLast(x, try a.int(1), op: "argsort")
      let idx = try m.value.argsortLast(descending: try a.flag(2), op: "argsort")
      return wrap(try permute(Variable(idx), inverse))
    }
  }

  static var topk: Builtin {
    Builtin("topk", [Param("x"), Param("k"), Param("axis", default: -1),
                     Param("largest", default: true)], doc: """
      `[values, indices]` of the k largest (largest=false: smallest) elements along `axis`, \
      sorted, as torch.topk (indices i64). The values are differentiable.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("topk(x, 2)[0] * x[:, 0:2]"),
      ]) { a in
      let x = try a.variable(0)
      let k = try a.int(1)
      guard x.value.ndim > 0 else { throw a.error(0, "topk needs at least one dimension") }
      let (m, inverse) = try moveLast(x, try a.int(2), op: "topk")
      let n = m.value.shape.last ?? 0
      guard k >= 0 && k <= n else {
        throw a.error(1, "k = \(k) is out of range for an axis of length \(n)")
      }
      let all = try m.value.argsortLast(descending: try a.bool(3), op: "topk")
      let idx = try getIndex(Variable(all), onLast(all.ndim, .slice(start: 0, stop: k, step: 1)))
      let values = try permute(try takeLast(m, idx.value), inverse)
      return .list([wrap(values), wrap(try permute(idx, inverse))])
    }
  }

  static var unique: Builtin {
    Builtin("unique", [Param("x"), Param("return_inverse", default: false),
                       Param("return_counts", default: false)], doc: """
      The sorted distinct values of all elements, 1-D (numpy.unique; NaN once, last). With \
      return_inverse=true and/or return_counts=true, a list [values, inverse, counts] (those \
      asked for, in NumPy's order): inverse (i64, x's shape) holds each element's position \
      in values, so values[inverse] rebuilds x; counts (i64) how often each value occurs.
      """, receiver: "tensor") { a in
      let t = try a.tensor(0)
      let (values, inverse) = try t.uniqueInverse()
      let wantInverse = try a.flag(1), wantCounts = try a.flag(2)
      guard wantInverse || wantCounts else { return wrap(values) }
      var out = [wrap(values)]
      if wantInverse { out.append(wrap(try Tensor(indices: inverse).reshaped(t.shape))) }
      if wantCounts {
        var counts = [Int](repeating: 0, count: values.count)
        for i in inverse { counts[i] += 1 }
        out.append(wrap(Tensor(indices: counts)))
      }
      return .list(out)
    }
  }

  static var flip: Builtin {
    Builtin("flip", [Param("x"), Param("axis", default: .nil)], doc: """
      Reverses the order of elements along `axis` (an axis or list; all axes when nil, as \
      numpy.flip). Differentiable.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("flip(x, axis=1) * x"),
      ]) { a in
      let x = try a.variable(0)
      let nd = x.value.ndim
      let axes = try (try a.axes(1) ?? Array(0..<nd)).map {
        try Tensor.axis($0, ndim: nd, op: "flip")
      }
      let items = (0..<nd).map { i -> TensorIndex in
        .slice(start: nil, stop: nil, step: axes.contains(i) ? -1 : nil)
      }
      return nd == 0 ? wrap(x) : wrap(try getIndex(x, items))
    }
  }

  static var roll: Builtin {
    Builtin("roll", [Param("x"), Param("shift"), Param("axis", default: .nil)], doc: """
      Shifts elements along `axis` by `shift`, wrapping around (numpy.roll): roll([1, 2, 3], 1) \
      is [3, 1, 2]. Without axis the flattened tensor rolls and keeps its shape. Shift and \
      axis may be lists of equal length. Differentiable.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("roll(x, [1, -1], axis=[0, 1]) * x"),
      ]) { a in
      let x = try a.variable(0)
      guard let axes = try a.axes(2) else {
        let flat = try reshape(x, [x.value.count])
        let n = max(1, x.value.count)
        let shift = (try a.axes(1) ?? []).reduce(0) { ($0 + $1 % n) % n }
        return wrap(try reshape(try rolled(flat, shift, 0), x.value.shape))
      }
      guard let shifts = try a.axes(1), shifts.count == axes.count else {
        throw a.error(1, "roll needs one shift per axis")
      }
      var out = x
      for (s, ax) in zip(shifts, axes) {
        out = try rolled(out, s, try Tensor.axis(ax, ndim: x.value.ndim, op: "roll"))
      }
      return wrap(out)
    }
  }

  /// `x` rolled by `shift` along axis `ax` (a gather with indices (i - shift) mod n).
  static func rolled(_ x: Variable, _ shift: Int, _ ax: Int) throws -> Variable {
    let n = x.value.shape[ax]
    guard n > 0 else { return x }
    let s = ((shift % n) + n) % n
    let idx = Tensor((0..<n).map { Double(($0 - s + n) % n) })
    let items = Array(repeating: TensorIndex.slice(start: nil, stop: nil, step: nil), count: ax)
    return try getIndex(x, items + [.gather(idx)])
  }
}
