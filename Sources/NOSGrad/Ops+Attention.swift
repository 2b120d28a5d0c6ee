// Differentiable softmax, scaled dot-product multi-head attention, layer_norm and group_norm,
// composed from other ops so that second derivatives work.
import NOSTensor

/// exp(x) / Σ exp(x) along `axis`, shifted by the (constant) maximum so it never overflows.
/// f32 and f64 run one fused kernel each way (`SoftmaxKernel`); the backward pass,
/// y·(g − Σ g·y), is composed from ops when it is itself recorded (higher derivatives).
public func softmax(_ x: Variable, axis: Int) throws -> Variable {
  guard x.dtype == .f32 || x.dtype == .f64 else { return try composedSoftmax(x, axis: axis) }
  let ax = try Tensor.axis(axis, ndim: x.value.ndim, op: "softmax")
  let y = try SoftmaxKernel.forward(x.value, axis: ax)
  return .record(y, [x]) { g, y, _, _ in [try softmaxBackward(g, y, axis: ax)] }
}

/// The input's gradient y·(g − Σ g·y) given the output y and its gradient g.
func softmaxBackward(_ g: Variable, _ y: Variable, axis: Int) throws -> Variable {
  if GradMode.isRecording, g.requiresGrad || y.requiresGrad {
    let dot = try reduceSum(mul(g, y), axes: [axis], keepdims: true)
    return try mul(y, sub(g, dot))
  }
  return Variable(try SoftmaxKernel.backward(g.value, y.value, axis: axis))
}

/// The composed form, for the other dtypes.
func composedSoftmax(_ x: Variable, axis: Int) throws -> Variable {
  let m = try x.value.reduce(.max, axes: [axis], keepdims: true)
  let finite = try Tensor(m.toArray().map { $0.isFinite ? $0 : 0 }, shape: m.shape)
    .astype(m.dtype)
  let e = try unary(.exp, sub(x, Variable(finite)))
  return try div(e, reduceSum(e, axes: [axis], keepdims: true))
}

/// Multi-head scaled dot-product attention, softmax(q kᵀ / √d) v per head: `q` [..., Lq, D],
/// `k` [..., Lk, D], `v` [..., Lk, Dv] (leading axes broadcast); D and Dv are split into
/// `heads` equal parts (d = D / heads) and the heads' outputs are joined → [..., Lq, Dv].
/// No projections: those are the caller's linear layers.
public func attention(_ q: Variable, _ k: Variable, _ v: Variable, heads: Int) throws
  -> Variable
{
  let shapes = "q \(shapeText(q.shape)), k \(shapeText(k.shape)), v \(shapeText(v.shape))"
  guard q.value.ndim >= 2, k.value.ndim >= 2, v.value.ndim >= 2 else {
    throw TensorError("attention: q, k and v need at least 2 dimensions, got \(shapes)")
  }
  let d = q.shape[q.value.ndim - 1], dv = v.shape[v.value.ndim - 1]
  let lk = k.shape[k.value.ndim - 2]
  guard k.shape[k.value.ndim - 1] == d, v.shape[v.value.ndim - 2] == lk else {
    throw TensorError("attention: k must be [..., Lk, D] and v [..., Lk, Dv] for q "
      + "[..., Lq, D], got \(shapes)")
  }
  guard heads >= 1, d % heads == 0, dv % heads == 0 else {
    throw TensorError("attention: heads=\(heads) must divide the feature sizes \(d) and \(dv)")
  }
  for t in [q, k, v] where t.dtype.isComplex || t.dtype == .bool {
    throw TensorError("attention: needs real tensors, got \(t.dtype)")
  }
  let qh = try splitHeads(q, heads), kh = try splitHeads(k, heads)
  let vh = try splitHeads(v, heads)
  let scale = constant(1 / Double(d / heads).squareRoot(), like: qh)
  // Scale whichever is smaller, the queries [Lq, d] or the scores [Lq, Lk].
  let scores = d / heads < lk ? try matmul(mul(qh, scale), transposeLast(kh))
    : try mul(matmul(qh, transposeLast(kh)), scale)
  let out = try matmul(softmax(scores, axis: -1), vh)
  return heads == 1 ? out : try joinHeads(out)
}

/// [..., L, D] → [..., heads, L, D / heads].
func splitHeads(_ x: Variable, _ heads: Int) throws -> Variable {
  if heads == 1 { return x }
  let nd = x.value.ndim
  let lead = Array(x.shape.prefix(nd - 1))
  let y = try reshape(x, lead + [heads, x.shape[nd - 1] / heads])
  var order = Array(0..<(nd + 1))
  order.swapAt(nd - 2, nd - 1)
  return try permute(y, order)
}

/// [..., heads, L, d] → [..., L, heads · d] (the inverse of `splitHeads`).
func joinHeads(_ x: Variable) throws -> Variable {
  let nd = x.value.ndim
  var order = Array(0..<nd)
  order.swapAt(nd - 3, nd - 2)
  let y = try permute(x, order)
  return try reshape(y, Array(y.shape.prefix(nd - 2)) + [x.shape[nd - 3] * x.shape[nd - 1]])
}

/// (x − mean) / √(var + eps) over the last `axes` axes (biased variance, as PyTorch's
/// layer_norm), then · weight + bias (shaped like those axes) when given.
public func layerNorm(_ x: Variable, axes count: Int, weight: Variable?, bias: Variable?,
                      eps: Double) throws -> Variable {
  let nd = x.value.ndim
  guard count >= 1, count <= nd else {
    throw TensorError("layer_norm: normalized shape of \(count) axes does not fit input "
      + "\(shapeText(x.shape))")
  }
  let tail = Array(x.shape.suffix(count))
  for p in [weight, bias].compactMap({ $0 }) where p.shape != tail {
    throw TensorError("layer_norm: weight and bias must be \(shapeText(tail)), got "
      + "\(shapeText(p.shape))")
  }
  var y = try standardize(x, axes: Array((nd - count)..<nd), eps: eps)
  if let weight { y = try mul(y, weight) }
  if let bias { y = try add(y, bias) }
  return y
}

/// Group normalisation (Wu & He 2018) as PyTorch's group_norm: `x` [N, C, ...], channels
/// split into `groups`, each group standardised over its channels and positions, then
/// per-channel weight and bias [C].
public func groupNorm(_ x: Variable, groups: Int, weight: Variable?, bias: Variable?,
                      eps: Double) throws -> Variable {
  let nd = x.value.ndim
  guard nd >= 2, groups >= 1, groups <= max(x.shape[1], 1), x.shape[1] % groups == 0 else {
    throw TensorError("group_norm: input \(shapeText(x.shape)) must be [N, C, ...] with C "
      + "divisible by groups=\(groups)")
  }
  let c = x.shape[1]
  for p in [weight, bias].compactMap({ $0 }) where p.shape != [c] {
    throw TensorError("group_norm: weight and bias must be [\(c)], got \(shapeText(p.shape))")
  }
  let fusable = (x.dtype == .f32 || x.dtype == .f64) && x.value.count > 0
    && [weight, bias].allSatisfy { $0 == nil || $0?.dtype == x.dtype }
  guard fusable else { return try composedGroupNorm(x, groups, weight, bias, eps) }
  let k = GroupNormKernel(x.shape, groups: groups, eps: eps)
  let (y, xhat, rstd) = try k.forward(x.value, weight?.value, bias?.value)
  let (hasW, hasB) = (weight != nil, bias != nil)
  return .record(y, [x] + [weight, bias].compactMap { $0 }) { g, _, needs, ins in
    if GradMode.isRecording {  // higher derivatives: through the composed ops
      let leaves = ins.map { Variable.leaf($0) }
      let y = try composedGroupNorm(leaves[0], groups, hasW ? leaves[1] : nil,
                                    hasB ? leaves[leaves.count - 1] : nil, eps)
      return try Autodiff.gradients(of: reduceSum(mul(y, g)), wrt: leaves, createGraph: true)
    }
    let (gx, gw, gb) = try k.backward(g.value, xhat, rstd, hasW ? ins[1].value : nil)
    var out: [Variable?] = [needs[0] ? Variable(gx) : nil]
    if hasW { out.append(needs[1] ? Variable(gw) : nil) }
    if hasB { out.append(needs[out.count] ? Variable(gb) : nil) }
    return out
  }
}

/// Group normalisation composed from differentiable ops (other dtypes, higher derivatives).
func composedGroupNorm(_ x: Variable, _ groups: Int, _ weight: Variable?, _ bias: Variable?,
                       _ eps: Double) throws -> Variable {
  let (nd, c) = (x.value.ndim, x.shape[1])
  let grouped = try reshape(x, [x.shape[0], groups, x.value.count / max(x.shape[0] * groups, 1)])
  var y = try reshape(standardize(grouped, axes: [2], eps: eps), x.shape)
  let perChannel = [1, c] + Array(repeating: 1, count: nd - 2)
  if let weight { y = try mul(y, reshape(weight, perChannel)) }
  if let bias { y = try add(y, reshape(bias, perChannel)) }
  return y
}

/// (x − mean) / √(var + eps) over `axes`.
func standardize(_ x: Variable, axes: [Int], eps: Double) throws -> Variable {
  guard !x.dtype.isComplex, x.dtype != .bool else {
    throw TensorError("normalization needs a real floating-point tensor, got \(x.dtype)")
  }
  let mean = try reduceMean(x, axes: axes, keepdims: true)
  let v = try variance(x, axes: axes, keepdims: true)
  let centered = try sub(x, mean)
  return try div(centered, unary(.sqrt, add(v, constant(eps, like: x))))
}
