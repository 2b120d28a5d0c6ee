// Differentiable convolutions: unfold/fold (each the other's gradient), conv1d, conv2d,
// conv_transpose2d, and circular and constant padding.
import NOSTensor

/// im2col of `x` [B, C, H, W] → [B, C·kh·kw, Ho·Wo]; its gradient is `fold`.
public func unfold(_ x: Variable, _ g: ConvGeometry) throws -> Variable {
  let out = try x.value.unfold2d(g)
  let (h, w) = (x.shape[2], x.shape[3])
  return .record(out, [x]) { gr, _, _, _ in [try fold(gr, height: h, width: w, g)] }
}

/// col2im: the adjoint of `unfold` (overlapping windows add); its gradient is `unfold`.
public func fold(_ cols: Variable, height: Int, width: Int, _ g: ConvGeometry) throws
  -> Variable
{
  let out = try cols.value.fold2d(height: height, width: width, g)
  return .record(out, [cols]) { gr, _, _, _ in [try unfold(gr, g)] }
}

/// Circular (periodic) padding of the last two axes by (ph, pw) on each side, built from
/// slices and concat so it differentiates (and nests) for free.
public func circularPad(_ x: Variable, _ ph: Int, _ pw: Int, op: String) throws -> Variable {
  var y = x
  for (axis, p) in [(x.value.ndim - 2, ph), (x.value.ndim - 1, pw)] where p > 0 {
    let n = y.shape[axis]
    guard p <= n else {
      throw TensorError("\(op): circular padding \(p) is larger than the input size \(n) "
        + "of shape \(shapeText(x.shape))")
    }
    let lead = Array(repeating: TensorIndex.all, count: axis)
    let tail = try getIndex(y, lead + [.slice(start: n - p, stop: n, step: 1)])
    let head = try getIndex(y, lead + [.slice(start: 0, stop: p, step: 1)])
    y = try concat([tail, y, head], axis: axis)
  }
  return y
}

/// Pads the last two axes with the constant `value` (max pooling pads with −inf).
public func constantPad(_ x: Variable, _ ph: Int, _ pw: Int, value: Double) throws -> Variable {
  var y = x
  for (axis, p) in [(x.value.ndim - 2, ph), (x.value.ndim - 1, pw)] where p > 0 {
    var side = y.shape
    side[axis] = p
    let c = Variable(try Tensor.full(side, value, dtype: y.dtype))
    y = try concat([c, y, c], axis: axis)
  }
  return y
}

/// Options shared by the convolutions.
public struct ConvOptions {
  public var stride: (Int, Int) = (1, 1)
  public var padding: (Int, Int) = (0, 0)
  public var dilation: (Int, Int) = (1, 1)
  public var groups = 1
  /// Circular padding (periodic boundary) instead of zeros.
  public var circular = false
  public init() {}
}

/// 2-D cross-correlation as PyTorch's conv2d: `x` [N, C, H, W], `w` [O, C/groups, kh, kw],
/// optional `bias` [O] → [N, O, Ho, Wo]. Per image im2col, then one GEMM per group
/// (Ops+ConvGEMM.swift).
public func conv2d(_ x: Variable, _ w: Variable, bias: Variable?, _ o: ConvOptions,
                   op: String = "conv2d") throws -> Variable {
  try checkConv(x, w, bias, o, op: op)
  let (kh, kw) = (w.shape[2], w.shape[3])
  var input = x, pad = o.padding
  if o.circular {
    input = try circularPad(x, o.padding.0, o.padding.1, op: op)
    pad = (0, 0)
  }
  let g = ConvGeometry(kernel: (kh, kw), stride: o.stride, padding: pad, dilation: o.dilation)
  _ = try g.output(input.shape[2], input.shape[3], op: op)
  return try convForwardOp(input, w, bias: bias, ConvSpec(geometry: g, groups: o.groups))
}

/// Shapes and dtypes a convolution accepts, with messages naming the argument.
func checkConv(_ x: Variable, _ w: Variable, _ bias: Variable?, _ o: ConvOptions,
               op: String, transposed: Bool = false) throws {
  guard x.value.ndim == 4, w.value.ndim == 4 else {
    throw TensorError("\(op): input must be [N, C, H, W] and weight 4-D, got "
      + "\(shapeText(x.shape)) and \(shapeText(w.shape))")
  }
  for v in [x, w] + (bias.map { [$0] } ?? []) where v.dtype.isComplex || v.dtype == .bool {
    throw TensorError("\(op): needs real floating-point tensors, got \(v.dtype)")
  }
  guard x.dtype == w.dtype, bias.map({ $0.dtype == x.dtype }) ?? true else {
    throw TensorError("\(op): input, weight and bias must have one dtype, got \(x.dtype) "
      + "and \(w.dtype)")
  }
  let g = o.groups, c = x.shape[1]
  guard g >= 1, g <= max(c, 1) else {
    throw TensorError("\(op): groups must be between 1 and the \(c) input channels, got \(g)")
  }
  let (wIn, wOut) = transposed ? (w.shape[0], w.shape[1] * g) : (w.shape[1] * g, w.shape[0])
  guard g >= 1, c % g == 0, wOut % g == 0, wIn == c else {
    throw TensorError("\(op): input has \(c) channels but weight \(shapeText(w.shape)) with "
      + "groups=\(g) expects \(wIn) (channels and out_channels must divide by groups)")
  }
  if let bias, bias.shape != [wOut] {
    throw TensorError("\(op): bias must be [\(wOut)], got \(shapeText(bias.shape))")
  }
}

/// 1-D convolution: `x` [N, C, L], `w` [O, C/groups, k] — conv2d over a height of 1.
public func conv1d(_ x: Variable, _ w: Variable, bias: Variable?, _ o: ConvOptions) throws
  -> Variable
{
  guard x.value.ndim == 3, w.value.ndim == 3 else {
    throw TensorError("conv1d: input must be [N, C, L] and weight [O, C, k], got "
      + "\(shapeText(x.shape)) and \(shapeText(w.shape))")
  }
  var o2 = o
  o2.stride = (1, o.stride.1)
  o2.padding = (0, o.padding.1)
  o2.dilation = (1, o.dilation.1)
  let y = try conv2d(unsqueeze(x, axis: 2), unsqueeze(w, axis: 2), bias: bias, o2,
                     op: "conv1d")
  return try squeeze(y, axis: 2)
}

/// The transposed convolution (gradient of conv2d with respect to its input), as PyTorch's
/// conv_transpose2d: `x` [N, Cin, H, W], `w` [Cin, Cout/groups, kh, kw] → [N, Cout, Ho, Wo]
/// with Ho = (H − 1)·s − 2p + d·(kh − 1) + output_padding + 1. Zero padding only.
public func convTranspose2d(_ x: Variable, _ w: Variable, bias: Variable?, _ o: ConvOptions,
                            outputPadding: (Int, Int)) throws -> Variable {
  let op = "conv_transpose2d"
  try checkConv(x, w, bias, o, op: op, transposed: true)
  guard !o.circular else { throw TensorError("\(op): only zero padding is supported") }
  let (h, wd) = (x.shape[2], x.shape[3])
  let (kh, kw) = (w.shape[2], w.shape[3]), cout = w.shape[1] * o.groups
  let (s, p, d) = (o.stride, o.padding, o.dilation)
  guard outputPadding.0 >= 0, outputPadding.1 >= 0,
        outputPadding.0 < max(s.0, d.0), outputPadding.1 < max(s.1, d.1) else {
    throw TensorError("\(op): output_padding must be smaller than stride or dilation, got "
      + "\(shapeText([outputPadding.0, outputPadding.1]))")
  }
  let oh = (h - 1) * s.0 - 2 * p.0 + d.0 * (kh - 1) + outputPadding.0 + 1
  let ow = (wd - 1) * s.1 - 2 * p.1 + d.1 * (kw - 1) + outputPadding.1 + 1
  guard oh >= 1, ow >= 1 else {
    throw TensorError("\(op): padding \(shapeText([p.0, p.1])) leaves no output for input "
      + "\(shapeText(x.shape))")
  }
  let g = ConvGeometry(kernel: (kh, kw), stride: s, padding: p, dilation: d)
  var y = try convInputGradOp(x, w, height: oh, width: ow, ConvSpec(geometry: g, groups: o.groups))
  if let bias { y = try add(y, reshape(bias, [1, cout, 1, 1])) }
  return y
}
