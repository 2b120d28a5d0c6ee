// Differentiable pooling and resampling: avg_pool, max_pool (1-D and 2-D) and interpolate
// (nearest, linear/bilinear), the latter as products with small interpolation matrices.
import NOSTensor

/// Average or max pooling over windows of the last one (3-D input [N, C, L]) or two (4-D
/// input [N, C, H, W]) axes, as PyTorch's avg_pool/max_pool: average pools count the zero
/// padding (count_include_pad), max pools pad with −inf. The gradient of a max goes to the
/// elements attaining it (shared equally between ties); C kernels (Tensor+Pool.swift).
public func pool(_ x: Variable, isMax: Bool, _ geometry: ConvGeometry) throws -> Variable {
  let op = isMax ? "max_pool" : "avg_pool"
  let nd = x.value.ndim
  guard nd == 3 || nd == 4, !x.dtype.isComplex, x.dtype != .bool else {
    throw TensorError("\(op): input must be a real [N, C, L] or [N, C, H, W] tensor, got "
      + "\(shapeText(x.shape)) \(x.dtype)")
  }
  let x4 = nd == 3 ? try unsqueeze(x, axis: 2) : x
  let (ph, pw) = geometry.padding
  guard 2 * ph <= geometry.kernel.0, 2 * pw <= geometry.kernel.1 else {
    throw TensorError("\(op): padding \(shapeText([ph, pw])) must be at most half the kernel "
      + "\(shapeText([geometry.kernel.0, geometry.kernel.1]))")
  }
  _ = try geometry.output(x4.shape[2], x4.shape[3], op: op)
  let y = try poolOp(x4, isMax: isMax, geometry)
  return nd == 3 ? try squeeze(y, axis: 2) : y
}

/// The pool as a recorded op; its gradient routes back through `poolScatterOp`.
func poolOp(_ x: Variable, isMax: Bool, _ g: ConvGeometry) throws -> Variable {
  let y = try Tensor.poolForward(x.value, isMax: isMax, g), xv = x.value
  return .record(y, [x]) { gr, out, _, _ in
    [try poolScatterOp(gr, x: xv, y: out.value, isMax: isMax, g)]
  }
}

/// The pool's gradient for `x` (output `y`), linear in `grad`; its own gradient is the
/// adjoint gather (the routing is constant almost everywhere in x).
func poolScatterOp(_ grad: Variable, x: Tensor, y: Tensor, isMax: Bool, _ g: ConvGeometry)
  throws -> Variable
{
  let v = try Tensor.poolScatter(grad.value, x: x, y: y, isMax: isMax, g)
  return .record(v, [grad]) { u, _, _, _ in
    [try poolGatherOp(u, x: x, y: y, isMax: isMax, g)]
  }
}

/// The adjoint of `poolScatterOp`; its gradient is the scatter again.
func poolGatherOp(_ u: Variable, x: Tensor, y: Tensor, isMax: Bool, _ g: ConvGeometry)
  throws -> Variable
{
  let v = try Tensor.poolGather(u.value, x: x, y: y, isMax: isMax, g)
  return .record(v, [u]) { w, _, _, _ in
    [try poolScatterOp(w, x: x, y: y, isMax: isMax, g)]
  }
}

/// Resampling modes of `interpolate`.
public enum InterpolationMode: String, Sendable {
  case nearest, linear, bilinear
}

/// Resizes the last one (3-D input) or two (4-D input) axes to `size`, as PyTorch's
/// interpolate: nearest takes source index ⌊i·in/out⌋; (bi)linear takes source coordinate
/// (i + ½)·in/out − ½ clamped at 0 (align_corners false) or i·(in − 1)/(out − 1) (true).
/// With `scaleFactor`, in/out is replaced by 1/factor, as PyTorch does. Each axis is a
/// product with an [out, in] matrix, so gradients are exact and nest.
public func interpolate(_ x: Variable, size: [Int], mode: InterpolationMode,
                        alignCorners: Bool, scaleFactor: Double? = nil) throws -> Variable {
  let nd = x.value.ndim
  guard nd == 3 || nd == 4, size.count == nd - 2, !x.dtype.isComplex, x.dtype != .bool
  else {
    throw TensorError("interpolate: input must be a real [N, C, L] or [N, C, H, W] tensor "
      + "with one size per spatial axis, got \(shapeText(x.shape)) and size \(shapeText(size))")
  }
  guard x.shape.suffix(nd - 2).allSatisfy({ $0 >= 1 }) else {
    throw TensorError("interpolate: input \(shapeText(x.shape)) has an empty spatial axis")
  }
  guard size.allSatisfy({ $0 >= 1 && $0 <= 1 << 24 }) else {
    throw TensorError("interpolate: output size must be positive, got \(shapeText(size))")
  }
  guard (mode == .linear) == (nd == 3) || mode == .nearest else {
    throw TensorError("interpolate: mode \"\(mode.rawValue)\" needs a "
      + "\(mode == .linear ? "3" : "4")-D input, got \(shapeText(x.shape))")
  }
  // Last axis: x @ Aᵀ; the axis before it (2-D): A @ x.
  let last = nd - 1
  let aw = try resampleMatrix(x.shape[last], size[size.count - 1], mode, alignCorners,
                              scaleFactor, dtype: x.dtype)
  var y = try matmul(x, transposeLast(aw))
  if nd == 4 {
    let ah = try resampleMatrix(x.shape[2], size[0], mode, alignCorners, scaleFactor,
                                dtype: x.dtype)
    y = try matmul(ah, y)
  }
  return y
}

/// The [out, in] matrix that resamples one axis.
func resampleMatrix(_ n: Int, _ m: Int, _ mode: InterpolationMode, _ align: Bool,
                    _ factor: Double?, dtype: DType) throws -> Variable {
  guard m <= (1 << 28) / max(n, 1) else {
    throw TensorError("interpolate: resampling \(n) points to \(m) is too large")
  }
  var a = [Double](repeating: 0, count: m * n)
  let scale = factor.map { 1 / $0 } ?? Double(n) / Double(m)
  for i in 0..<m {
    if mode == .nearest {
      a[i * n + min(Int((Double(i) * scale).rounded(.down)), n - 1)] = 1
      continue
    }
    var src = align ? (m > 1 ? Double(i) * Double(n - 1) / Double(m - 1) : 0)
      : (Double(i) + 0.5) * scale - 0.5
    src = max(src, 0)
    let i0 = min(Int(src.rounded(.down)), n - 1), i1 = min(i0 + 1, n - 1)
    let t = src - Double(i0)
    a[i * n + i0] += 1 - t
    a[i * n + i1] += t
  }
  return Variable(try Tensor(a, shape: [m, n], dtype: dtype))
}
