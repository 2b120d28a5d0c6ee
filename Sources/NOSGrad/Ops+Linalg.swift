// Differentiable products and solves: matmul, einsum, solve, inv, det.
import NOSTensor

/// `a @ b` with numpy.matmul's rules (1-D operands act as vectors).
public func matmul(_ a: Variable, _ b: Variable) throws -> Variable {
  guard a.value.ndim > 0, b.value.ndim > 0 else {
    _ = try Tensor.matmul(a.value, b.value)  // throws the standard message
    return a
  }
  let ka = a.shape[a.value.ndim - 1], kb = b.shape[max(b.value.ndim - 2, 0)]
  guard ka == kb else {
    throw TensorError("shape mismatch in @: \(shapeText(a.shape)) and \(shapeText(b.shape))")
  }
  // The column axis goes first: for 1-D @ 1-D the row axis is then still there to drop.
  if b.value.ndim == 1 { return try squeeze(matmul(a, unsqueeze(b, axis: 1)), axis: -1) }
  if a.value.ndim == 1 { return try squeeze(matmul(unsqueeze(a, axis: 0), b), axis: -2) }
  let out = try Tensor.matmul(a.value, b.value)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    return [needs[0] ? try sumTo(matmul(g, conjugate(transposeLast(b))), like: a) : nil,
     needs[1] ? try sumTo(matmul(conjugate(transposeLast(a)), g), like: b) : nil]
  }
}

/// Einstein summation over one or two operands; each operand's gradient is another einsum
/// (then broadcast along letters that were summed away inside that operand alone).
public func einsum(_ spec: String, _ xs: [Variable]) throws -> Variable {
  let out = try Tensor.einsum(spec, xs.map(\.value))
  let (inputs, output) = try einsumLetters(spec, xs)
  return .record(out, xs) { g, _, needs, ins in
    let xs = ins
    return try xs.indices.map { k -> Variable? in
      guard needs[k] else { return nil }
      let mine = inputs[k]
      guard Set(mine).count == mine.count else {
        throw TensorError("einsum: the gradient of an operand with repeated indices ('\(String(mine))') is not supported")
      }
      let others = xs.indices.filter { $0 != k }
      let available = Set(output + others.flatMap { inputs[$0] })
      let kept = mine.filter { available.contains($0) }
      let terms = [String(output)] + others.map { String(inputs[$0]) }
      var operands = [g] + others.map { xs[$0] }
      if others.count == 1 { operands[1] = try conjugate(operands[1]) }
      var part = try einsum(terms.joined(separator: ",") + "->" + String(kept), operands)
      // Letters summed inside this operand alone come back by broadcasting.
      for (axis, c) in mine.enumerated() where !available.contains(c) {
        part = try unsqueeze(part, axis: axis)
      }
      return try sumTo(broadcast(part, to: xs[k].shape), like: xs[k])
    }
  }
}

private func einsumLetters(_ spec: String, _ xs: [Variable]) throws -> ([[Character]], [Character]) {
  let s = spec.filter { !$0.isWhitespace }
  let parts = s.components(separatedBy: "->")
  let inputs = parts[0].split(separator: ",", omittingEmptySubsequences: false).map(Array.init)
  if parts.count == 2 { return (inputs, Array(parts[1])) }
  let all = inputs.joined()
  return (inputs, Set(all).filter { c in all.filter { $0 == c }.count == 1 }.sorted())
}

/// Solves A x = b; gradients: gb = solve(Aᴴ, g), gA = −gb xᴴ.
public func solve(_ a: Variable, _ b: Variable) throws -> Variable {
  let out = try Tensor.solve(a.value, b.value)
  return .record(out, [a, b]) { g, x, needs, ins in
    let a = ins[0], b = ins[1]
    let vector = b.value.ndim == 1
    let gb = try solve(conjugate(transposeLast(a)), g)
    var ga: Variable?
    if needs[0] {
      let gbm = vector ? try unsqueeze(gb, axis: -1) : gb
      let xm = vector ? try unsqueeze(x, axis: -1) : x
      ga = try sumTo(neg(matmul(gbm, conjugate(transposeLast(xm)))), like: a)
    }
    return [ga, needs[1] ? try sumTo(gb, like: b) : nil]
  }
}

/// Inverse; gradient −Yᴴ g Yᴴ with Y = A⁻¹.
public func inverse(_ a: Variable) throws -> Variable {
  let out = try a.value.inv()
  return .record(out, [a]) { g, y, _, _ in
    let yh = try conjugate(transposeLast(y))
    return [try neg(matmul(matmul(yh, g), yh))]
  }
}

/// Determinant; gradient g · conj(det) · A⁻ᴴ.
public func determinant(_ a: Variable) throws -> Variable {
  let out = try a.value.det()
  return .record(out, [a]) { g, d, _, ins in
    let a = ins[0]
    let scale = try unsqueeze(unsqueeze(mul(g, conjugate(d)), axis: -1), axis: -1)
    return [try mul(scale, conjugate(transposeLast(inverse(a))))]
  }
}
