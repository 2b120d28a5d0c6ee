// Differentiable broadcasting arithmetic: +, -, *, /, ^, %, maximum, minimum, and the
// broadcast/sum-to pair that moves gradients between shapes.
import NOSTensor

public func add(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.binary(.add, a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    return [needs[0] ? try sumTo(g, like: a) : nil, needs[1] ? try sumTo(g, like: b) : nil]
  }
}

public func sub(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.binary(.sub, a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    return [needs[0] ? try sumTo(g, like: a) : nil, needs[1] ? try sumTo(neg(g), like: b) : nil]
  }
}

public func mul(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.binary(.mul, a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    return [needs[0] ? try sumTo(mul(g, conjugate(b)), like: a) : nil,
     needs[1] ? try sumTo(mul(g, conjugate(a)), like: b) : nil]
  }
}

public func div(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.binary(.div, a.value, b.value)
  return .record(out, [a, b]) { g, out, needs, ins in
    let a = ins[0], b = ins[1]
    let gb = try div(g, conjugate(b))
    return [needs[0] ? try sumTo(gb, like: a) : nil,
            needs[1] ? try sumTo(neg(mul(gb, conjugate(out))), like: b) : nil]
  }
}

/// a^b. The gradient in b uses log(a) and is taken only where it is needed.
public func pow(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.binary(.pow, a.value, b.value)
  return .record(out, [a, b]) { g, out, needs, ins in
    let a = ins[0], b = ins[1]
    var ga: Variable?, gb: Variable?
    if needs[0] {
      // b·a^(b-1), written so that a = 0 with b ≥ 1 stays finite.
      let bm1 = try sub(b, constant(1, like: b))
      ga = try sumTo(mul(g, conjugate(mul(b, pow(a, bm1)))), like: a)
    }
    if needs[1] { gb = try sumTo(mul(g, conjugate(mul(out, unary(.log, a)))), like: b) }
    return [ga, gb]
  }
}

/// Python's remainder a - floor(a/b)·b (real tensors).
public func mod(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.binary(.mod, a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    let q = Variable(try Tensor.binary(.div, a.value, b.value).unary(.floor))
    return [needs[0] ? try sumTo(g, like: a) : nil, needs[1] ? try sumTo(neg(mul(g, q)), like: b) : nil]
  }
}

/// Elementwise larger (`isMax`) or smaller; ties send the gradient to `a`.
public func extremum(_ a: Variable, _ b: Variable, isMax: Bool) throws -> Variable {
  let out = try Tensor.binary(isMax ? .maximum : .minimum, a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    let pickA = Variable(try Tensor.binary(isMax ? .ge : .le, a.value, b.value).astype(g.dtype))
    let pickB = Variable(try Tensor.binary(.sub, 1, pickA.value))
    return [needs[0] ? try sumTo(mul(g, pickA), like: a) : nil,
            needs[1] ? try sumTo(mul(g, pickB), like: b) : nil]
  }
}

public func neg(_ a: Variable) throws -> Variable {
  .record(try a.value.unary(.neg), [a]) { g, _, _, _ in [try neg(g)] }
}

/// Comparisons are not differentiable: a constant 0/1 tensor.
public func compare(_ op: BinaryOp, _ a: Variable, _ b: Variable) throws -> Variable {
  Variable(try Tensor.binary(op, a.value, b.value))
}

/// `a` broadcast to `shape` (a copy); the gradient sums back.
public func broadcast(_ a: Variable, to shape: [Int]) throws -> Variable {
  if a.shape == shape { return a }
  let out = try a.value.broadcast(to: shape).copied()
  return .record(out, [a]) { g, _, _, ins in let a = ins[0]; return [try sumTo(g, like: a)] }
}

/// Sums `g` over the axes that broadcasting added or stretched, giving `shape`.
public func sumTo(_ g: Variable, _ shape: [Int]) throws -> Variable {
  if g.shape == shape { return g }
  let lead = g.shape.count - shape.count
  var axes = Array(0..<max(lead, 0))
  for (i, n) in shape.enumerated() where n == 1 && g.shape[lead + i] != 1 { axes.append(lead + i) }
  var s = g
  if !axes.isEmpty { s = try reduceSum(g, axes: axes, keepdims: true) }
  return try reshape(s, shape)
}

/// A gradient summed to `v`'s shape and cast to its dtype (the real part for a real `v`).
public func sumTo(_ g: Variable, like v: Variable) throws -> Variable {
  try cast(sumTo(g, v.shape), v.dtype)
}

/// `a` converted to `dtype` (complex → real keeps the real part); gradients convert back.
/// Integers and bools carry no gradient: a conversion to them is a constant.
public func cast(_ a: Variable, _ dtype: DType) throws -> Variable {
  if a.dtype == dtype { return a }
  if dtype.isDiscrete { return Variable(try a.value.astype(dtype)) }
  return .record(try a.value.astype(dtype), [a]) { g, _, _, ins in let a = ins[0]; return [try cast(g, a.dtype)] }
}

/// A constant number as a 0-d tensor of `like`'s dtype.
func constant(_ x: Double, like v: Variable) -> Variable { Variable(Tensor(x, dtype: v.dtype.arithmetic)) }

/// Complex conjugate; the identity (no op) for real tensors.
public func conjugate(_ a: Variable) throws -> Variable {
  guard a.dtype.isComplex else { return a }
  return .record(try a.value.unary(.conj), [a]) { g, _, _, _ in [try conjugate(g)] }
}
