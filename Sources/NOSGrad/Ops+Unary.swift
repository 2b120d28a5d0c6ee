// Differentiable elementwise functions. Each backward is written with differentiable ops,
// so second and higher derivatives come out of the same rules.
import NOSTensor

/// Applies `op`; its derivative rule is below.
public func unary(_ op: UnaryOp, _ x: Variable) throws -> Variable {
  let out = try x.value.unary(op)
  return .record(out, [x]) { g, y, _, ins in let x = ins[0]; return [try unaryBackward(op, x, y, g)] }
}

/// d op(x) · g for the real case; complex inputs use the conjugate of the derivative
/// (PyTorch's convention: gradient = ∂L/∂conj(z)).
private func unaryBackward(_ op: UnaryOp, _ x: Variable, _ y: Variable, _ g: Variable) throws -> Variable {
  func times(_ d: Variable) throws -> Variable { try mul(g, conjugate(d)) }
  func c(_ v: Double) -> Variable { constant(v, like: x) }
  switch op {
  case .neg: return try neg(g)
  case .exp: return try times(y)
  case .log: return try div(g, conjugate(x))
  case .sqrt: return try div(g, conjugate(mul(c(2), y)))
  case .sin: return try times(unary(.cos, x))
  case .cos: return try times(neg(unary(.sin, x)))
  case .tan: return try times(add(c(1), mul(y, y)))
  case .tanh: return x.dtype.isComplex ? try times(sub(c(1), mul(y, y))) : try tanhBackward(g, y)
  case .sinh: return try times(unary(.cosh, x))
  case .cosh: return try times(unary(.sinh, x))
  case .asin: return try div(g, unary(.sqrt, sub(c(1), mul(x, x))))
  case .acos: return try neg(div(g, unary(.sqrt, sub(c(1), mul(x, x)))))
  case .atan: return try div(g, add(c(1), mul(x, x)))
  case .log1p: return try div(g, add(c(1), x))
  case .expm1: return try times(add(y, c(1)))
  case .erf: return try times(mul(c(2 / Double.pi.squareRoot()), unary(.exp, neg(mul(x, x)))))
  case .square: return try times(mul(c(2), x))
  case .reciprocal: return try times(neg(mul(y, y)))
  case .relu: return try reluBackward(g, x)
  case .sigmoid: return try sigmoidBackward(g, y)
  case .softplus: return try times(unary(.sigmoid, x))
  case .gelu: return try geluBackward(g, x)
  case .abs:
    // x/|x| (0 at 0); for complex z the gradient of |z| is g·z/|z|.
    if x.dtype.isComplex {
      // z/|z| from differentiable ops so second derivatives are right; 0 where z = 0.
      let zero = Variable(try Tensor.binary(.eq, y.value, 0))
      let safe = try select(zero, Variable(Tensor(1, dtype: y.dtype)), y)
      return try div(mul(cast(g, x.dtype), x), cast(safe, x.dtype))
    }
    return try mul(g, Variable(try x.value.unary(.sign)))
  case .sign, .floor, .ceil, .round: return Variable(try Tensor.zeros(x.shape, dtype: x.dtype))
  case .conj: return try conjugate(g)
  case .real: return try cast(g, x.dtype)
  case .imag:
    // imag(z) = Re(-i z): the gradient is i·g.
    if !x.dtype.isComplex { return Variable(try Tensor.zeros(x.shape, dtype: x.dtype)) }
    return try mul(cast(g, x.dtype), Variable(Tensor(complex: .init(0, 1), dtype: x.dtype)))
  case .angle:
    // angle(z) = atan2(y, x): gradient g·i·z/|z|² (PyTorch's rule); 0 for reals.
    if !x.dtype.isComplex { return Variable(try Tensor.zeros(x.shape, dtype: x.dtype)) }
    let i = Variable(Tensor(complex: .init(0, 1), dtype: x.dtype))
    let r2 = try cast(mul(unary(.abs, x), unary(.abs, x)), x.dtype)
    return try div(mul(mul(cast(g, x.dtype), i), x), r2)
  }
}
