// Differentiable shape changes and indexing: reshape, permute, get, set, concat, where.
import NOSTensor

public func reshape(_ x: Variable, _ shape: [Int]) throws -> Variable {
  if x.shape == shape { return x }
  return .record(try x.value.reshaped(shape), [x]) { g, _, _, ins in let x = ins[0]; return [try reshape(g, x.shape)] }
}

public func permute(_ x: Variable, _ order: [Int]) throws -> Variable {
  let out = try x.value.permuted(order)
  let axes = order.map { $0 < 0 ? $0 + x.value.ndim : $0 }
  var inverse = [Int](repeating: 0, count: axes.count)
  for (i, a) in axes.enumerated() { inverse[a] = i }
  return .record(out, [x]) { g, _, _, _ in [try permute(g, inverse)] }
}

/// Swaps the last two axes (matrix transpose of a batch).
public func transposeLast(_ x: Variable) throws -> Variable {
  var order = Array(0..<x.value.ndim)
  order.swapAt(order.count - 1, order.count - 2)
  return try permute(x, order)
}

/// `x[indices]`; the gradient adds `g` back into a zero tensor at the same places.
public func getIndex(_ x: Variable, _ indices: [TensorIndex]) throws -> Variable {
  let out = try x.value.get(indices)
  return .record(out, [x]) { g, _, _, ins in let x = ins[0]; return [try scatterAdd(g, into: x.shape, at: indices)] }
}

/// A zero tensor of `shape` with `g` added at `indices` (repeated gather indices add up).
public func scatterAdd(_ g: Variable, into shape: [Int], at indices: [TensorIndex]) throws -> Variable {
  var base = try Tensor.zeros(shape, dtype: g.dtype)
  try base.add(indices, g.value)
  return .record(base, [g]) { h, _, _, _ in [try getIndex(h, indices)] }
}

/// `x` with `x[indices] = v`: gradients go to `v` where it landed and to `x` elsewhere.
public func setIndex(_ x: Variable, _ indices: [TensorIndex], _ v: Variable) throws -> Variable {
  var out = x.value
  try out.set(indices, v.value)
  return .record(out, [x, v]) { g, _, needs, ins in
    let v = ins[1]
    var gx: Variable?, gv: Variable?
    if needs[0] { gx = try setIndex(g, indices, Variable(Tensor(0, dtype: g.dtype))) }
    if needs[1] {
      let part = try getIndex(g, indices)
      gv = try sumTo(part, like: v)
    }
    return [gx, gv]
  }
}

public func concat(_ xs: [Variable], axis: Int) throws -> Variable {
  let out = try Tensor.concat(xs.map(\.value), axis: axis)
  let a = axis < 0 ? axis + out.ndim : axis
  return .record(out, xs) { g, _, needs, ins in
    let xs = ins
    var start = 0
    return try xs.enumerated().map { k, x in
      defer { start += x.shape[a] }
      guard needs[k] else { return nil }
      let window = Array(repeating: TensorIndex.all, count: a)
        + [.slice(start: start, stop: start + x.shape[a], step: 1)]
      return try sumTo(getIndex(g, window), like: x)
    }
  }
}

public func stack(_ xs: [Variable], axis: Int) throws -> Variable {
  guard let first = xs.first else { throw TensorError("stack: needs at least one tensor") }
  let a = axis < 0 ? axis + first.value.ndim + 1 : axis
  for x in xs where x.shape != first.shape {
    throw TensorError("shape mismatch in stack: \(shapeText(first.shape)) and \(shapeText(x.shape))")
  }
  return try concat(xs.map { try unsqueeze($0, axis: a) }, axis: a)
}

public func unsqueeze(_ x: Variable, axis: Int) throws -> Variable {
  try reshape(x, x.value.unsqueezed(axis: axis).shape)
}

public func squeeze(_ x: Variable, axis: Int?) throws -> Variable {
  try reshape(x, x.value.squeezed(axis: axis).shape)
}

/// `a` where `cond` is nonzero, else `b` (cond is a constant mask).
public func select(_ cond: Variable, _ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.where(cond.value, a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    let zero = Variable(Tensor(0, dtype: g.dtype))
    return [needs[0] ? try sumTo(select(cond, g, zero), like: a) : nil,
            needs[1] ? try sumTo(select(cond, zero, g), like: b) : nil]
  }
}

/// Zero-pads or truncates the last `sizes.count` axes (the n= / s= of the FFTs).
public func resizeLast(_ x: Variable, _ sizes: [Int]) throws -> Variable {
  let out = try x.value.resizedLast(sizes)
  if out.shape == x.shape { return x }
  let original = Array(x.shape.suffix(sizes.count))
  return .record(out, [x]) { g, _, _, _ in [try resizeLast(g, original)] }
}
