// Combining and scanning tensors: concat, stack, where, clip, cumsum, diff.
import Numerics

extension Tensor {
  /// Joins tensors along an existing axis (dtypes promote; other sizes must agree).
  public static func concat(_ xs: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = xs.first else { throw TensorError("concat: needs at least one tensor") }
    guard first.ndim > 0 else { throw TensorError("concat: cannot join 0-d tensors; use stack") }
    let a = try Shape.axis(axis, first.ndim, op: "concat")
    var dt = first.dtype, total = 0
    for x in xs {
      guard x.ndim == first.ndim,
            (0..<x.ndim).allSatisfy({ $0 == a || x.shape[$0] == first.shape[$0] }) else {
        throw TensorError("shape mismatch in concat: \(shapeText(first.shape)) and \(shapeText(x.shape))")
      }
      dt = DType.promote(dt, x.dtype)
      total += x.shape[a]
    }
    var shape = first.shape
    shape[a] = total
    let out = try Tensor(uninitialized: shape, dtype: dt)
    var start = 0
    for x in xs {
      let n = x.shape[a]
      let part = try out.get(Array(repeating: .all, count: a) + [.slice(start: start, stop: start + n, step: 1)])
      try part.assign(x.astype(dt))
      start += n
    }
    return out
  }

  /// Joins tensors of one shape along a new axis.
  public static func stack(_ xs: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = xs.first else { throw TensorError("stack: needs at least one tensor") }
    let a = try Shape.axis(axis, first.ndim + 1, op: "stack")
    for x in xs where x.shape != first.shape {
      throw TensorError("shape mismatch in stack: \(shapeText(first.shape)) and \(shapeText(x.shape))")
    }
    return try concat(xs.map { try $0.unsqueezed(axis: a) }, axis: a)
  }

  /// Elements of `a` where `cond` is nonzero, else of `b` (all three broadcast).
  public static func `where`(_ cond: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let shape = try Shape.broadcast(Shape.broadcast(cond.shape, a.shape, op: "where"), b.shape,
                                    op: "where")
    let dt = DType.promote(a.dtype, b.dtype)
    let mask = try Tensor.binary(.ne, cond, 0).astype(.f64).broadcast(to: shape)
    let x = try a.astype(dt).broadcast(to: shape), y = try b.astype(dt).broadcast(to: shape)
    let out = try Tensor(uninitialized: shape, dtype: dt)
    switch dt {
    case .f32: select3(Float.self, mask, x, y, out)
    case .f64, .c64, .i64: select3(Double.self, mask, x, y, out)
    case .c128: select3(Complex16.self, mask, x, y, out)
    case .bool: select3(UInt8.self, mask, x, y, out)
    }
    return out
  }

  /// Limits values to [lo, hi] (either bound may be nil). Real tensors only.
  public func clip(_ lo: Double?, _ hi: Double?) throws -> Tensor {
    guard !dtype.isComplex else { throw TensorError("clip is not defined for complex tensors") }
    var out = self
    if let lo { out = try Tensor.binary(.maximum, out, lo) }
    if let hi { out = try Tensor.binary(.minimum, out, hi) }
    return lo == nil && hi == nil ? try copied() : out
  }

  /// Running sum along `axis` (nil: over the flattened tensor).
  public func cumsum(axis: Int? = nil) throws -> Tensor {
    if dtype == .bool { return try astype(.f64).cumsum(axis: axis) }
    guard let axis else { return try flattened().cumsum(axis: 0) }
    let a = try Shape.axis(axis, ndim, op: "cumsum")
    // Move the axis last so each row is scanned in place, then move it back.
    var order = Array(0..<ndim)
    order.remove(at: a)
    order.append(a)
    var rows = try permuted(order).copied()
    let m = shape[a], n = m == 0 ? 0 : rows.count / m
    switch dtype {
    case .f32: scanRows(rows.pointer(Float.self), n, m)
    case .f64: scanRows(rows.pointer(Double.self), n, m)
    case .c64: scanRows(rows.pointer(Complex<Float>.self), n, m)
    case .c128: scanRows(rows.pointer(Complex<Double>.self), n, m)
    case .i64:  // exact, wrapping on overflow as NumPy
      let p = rows.pointer(Int64.self)
      for r in 0..<n { for k in 1..<max(m, 1) { p[r * m + k] = p[r * m + k] &+ p[r * m + k - 1] } }
    case .bool: break  // converted above
    }
    var back = Array(0..<(ndim - 1))
    back.insert(ndim - 1, at: a)
    rows = try rows.permuted(back)
    return rows
  }

  /// `n`-th forward difference along `axis` (default the last): `x[1:] - x[:-1]`.
  public func diff(n: Int = 1, axis: Int = -1) throws -> Tensor {
    guard n >= 0 else { throw TensorError("diff: order must be ≥ 0, got \(n)") }
    let a = try Shape.axis(axis, ndim, op: "diff")
    var out = self
    for _ in 0..<n {
      let pre = Array(repeating: TensorIndex.all, count: a)
      out = try Tensor.binary(.sub, out.get(pre + [.slice(start: 1, stop: nil, step: 1)]),
                              out.get(pre + [.slice(start: nil, stop: -1, step: 1)]))
      if out.shape[a] == 0 { break }
    }
    return out
  }
}

private func select3<T>(_: T.Type, _ m: Tensor, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
  let pm = m.pointer(Double.self), pa = a.pointer(T.self), pb = b.pointer(T.self)
  let po = out.pointer(T.self)
  let w = RowWalker(shape: out.shape, m.strides, a.strides, b.strides)
  let (sm, sa, sb) = w.innerStrides
  Parallel.forRanges(out.count) { range in
    w.forRuns(range) { i, n, o in
      for k in 0..<n {
        po[i + k] = pm[o.0 + k * sm] != 0 ? pa[o.1 + k * sa] : pb[o.2 + k * sb]
      }
    }
  }
}

private func scanRows<T: AlgebraicField>(_ p: UnsafeMutablePointer<T>, _ n: Int, _ m: Int) {
  for r in 0..<n {
    let row = p + r * m
    for k in 1..<max(m, 1) { row[k] += row[k - 1] }
  }
}
