// The three differentiable convolution primitives behind conv2d and conv_transpose2d: the
// forward pass F(x, w), its input gradient Bx(g, w) and its weight gradient Bw(x, g). Each
// one's gradients are the other two, so gradients of gradients stay exact.
import NOSTensor

/// A convolution's window and groups (zero padding; circular padding is applied before).
struct ConvSpec {
  let geometry: ConvGeometry
  let groups: Int
}

/// F(x, w) + bias: x [N, C, H, W], w [O, C/groups, kh, kw] → [N, O, Ho, Wo]. Gradients:
/// x ← Bx(g, w), w ← Bw(x, g), bias ← Σ g over N, Ho, Wo.
func convForwardOp(_ x: Variable, _ w: Variable, bias: Variable?, _ s: ConvSpec) throws
  -> Variable
{
  let y = try Tensor.convForward(x.value, w.value, bias: bias?.value, s.geometry,
                                 groups: s.groups)
  let (h, wd) = (x.shape[2], x.shape[3])
  return .record(y, [x, w] + (bias.map { [$0] } ?? [])) { g, _, needs, ins in
    [needs[0] ? try convInputGradOp(g, ins[1], height: h, width: wd, s) : nil,
     needs[1] ? try convWeightGradOp(ins[0], g, s) : nil]
      + (needs.count > 2 && needs[2] ? [try reduceSum(g, axes: [0, 2, 3])] : [nil])
  }
}

/// Bx(g, w): the input gradient of F (the transposed convolution), [N, C, height, width].
/// ⟨u, Bx(g, w)⟩ = ⟨F(u, w), g⟩ = ⟨w, Bw(u, g)⟩, so g ← F(u, w) and w ← Bw(u, g).
func convInputGradOp(_ g: Variable, _ w: Variable, height: Int, width: Int, _ s: ConvSpec)
  throws -> Variable
{
  let y = try Tensor.convInputGrad(g.value, w.value, height: height, width: width,
                                   s.geometry, groups: s.groups)
  return .record(y, [g, w]) { u, _, needs, ins in
    [needs[0] ? try convForwardOp(u, ins[1], bias: nil, s) : nil,
     needs[1] ? try convWeightGradOp(u, ins[0], s) : nil]
  }
}

/// Bw(x, g): the weight gradient of F, [O, C/groups, kh, kw].
/// ⟨v, Bw(x, g)⟩ = ⟨F(x, v), g⟩, so x ← Bx(g, v) and g ← F(x, v).
func convWeightGradOp(_ x: Variable, _ g: Variable, _ s: ConvSpec) throws -> Variable {
  let y = try Tensor.convWeightGrad(x.value, g.value, s.geometry, groups: s.groups)
  let (h, wd) = (x.shape[2], x.shape[3])
  return .record(y, [x, g]) { v, _, needs, ins in
    [needs[0] ? try convInputGradOp(ins[1], v, height: h, width: wd, s) : nil,
     needs[1] ? try convForwardOp(ins[0], v, bias: nil, s) : nil]
  }
}
