// The derivatives of tanh, relu, sigmoid and GELU applied to an incoming gradient as
// primitives of their own (one fused pass each, Tensor+ActivationGrad.swift), with rules
// of their own so second and higher derivatives still come out right.
import NOSTensor

/// g·(1 − y²), the derivative of y = tanh(x) applied to g (a training step runs it once
/// per layer and per level of differentiation). Real tensors.
public func tanhBackward(_ g: Variable, _ y: Variable) throws -> Variable {
  let out = try Tensor.tanhBackward(g.value, y.value)
  return .record(out, [g, y]) { h, _, needs, ins in
    let g = ins[0], y = ins[1]
    // ∂/∂g = 1 − y², ∂/∂y = −2 y g.
    let gg = needs[0] ? try sumTo(tanhBackward(h, y), like: g) : nil
    let gy = needs[1] ? try sumTo(product3(h, g, y, scale: -2), like: y) : nil
    return [gg, gy]
  }
}

/// g·[x > 0], relu's derivative at its input x applied to g; zero derivative in x.
public func reluBackward(_ g: Variable, _ x: Variable) throws -> Variable {
  let out = try Tensor.reluBackward(g.value, x.value)
  return .record(out, [g, x]) { h, _, needs, ins in
    [needs[0] ? try sumTo(reluBackward(h, ins[1]), like: ins[0]) : nil, nil]
  }
}

/// g·y(1 − y), the derivative of y = sigmoid(x) applied to g.
public func sigmoidBackward(_ g: Variable, _ y: Variable) throws -> Variable {
  let out = try Tensor.sigmoidBackward(g.value, y.value)
  return .record(out, [g, y]) { h, _, needs, ins in
    let g = ins[0], y = ins[1]
    // ∂/∂g = y(1 − y), ∂/∂y = g(1 − 2y).
    let one = constant(1, like: y), two = constant(2, like: y)
    let gg = needs[0] ? try sumTo(sigmoidBackward(h, y), like: g) : nil
    let gy = needs[1] ? try sumTo(mul(mul(h, g), sub(one, mul(two, y))), like: y) : nil
    return [gg, gy]
  }
}

/// g·(Φ(x) + x·φ(x)), the derivative of GELU(x) = x·Φ(x) applied to g (Φ the standard
/// normal distribution, φ = Φ' its density). Real tensors.
public func geluBackward(_ g: Variable, _ x: Variable) throws -> Variable {
  let out = try Tensor.geluBackward(g.value, x.value)
  return .record(out, [g, x]) { h, _, needs, ins in
    let g = ins[0], x = ins[1]
    // ∂/∂g = Φ + xφ; ∂/∂x = g·φ·(2 − x²) (φ' = −xφ).
    let gg = needs[0] ? try sumTo(geluBackward(h, x), like: g) : nil
    var gx: Variable? = nil
    if needs[1] {
      let c = { (v: Double) in constant(v, like: x) }
      let density = try mul(unary(.exp, mul(c(-0.5), mul(x, x))), c(1 / (2 * Double.pi).squareRoot()))
      gx = try sumTo(mul(mul(h, g), mul(density, sub(c(2), mul(x, x)))), like: x)
    }
    return [gg, gx]
  }
}

/// scale·a·b·c in one pass (the second-derivative term of tanh); same-shape real tensors,
/// otherwise composed from multiplications.
public func product3(_ a: Variable, _ b: Variable, _ c: Variable, scale: Double) throws -> Variable {
  guard a.shape == b.shape, b.shape == c.shape, a.dtype == b.dtype, b.dtype == c.dtype,
        !a.dtype.isComplex else {
    return try mul(mul(mul(a, b), c), constant(scale, like: a))
  }
  let out = try Tensor.product3(a.value, b.value, c.value, scale: scale)
  return .record(out, [a, b, c]) { h, _, needs, ins in
    let (a, b, c) = (ins[0], ins[1], ins[2])
    return [needs[0] ? try product3(h, b, c, scale: scale) : nil,
            needs[1] ? try product3(h, a, c, scale: scale) : nil,
            needs[2] ? try product3(h, a, b, scale: scale) : nil]
  }
}
