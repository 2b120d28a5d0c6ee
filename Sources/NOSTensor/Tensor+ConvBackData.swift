// The input gradient of a stride-1 convolution as a forward convolution of the output
// gradient with the flipped, transposed kernel: one well-shaped GEMM straight into the result.
import CKernels

extension Tensor {
  /// dx = conv(gy, flip(W)ᵀ) with padding d·(k − 1) − p, when the convolution has stride 1,
  /// a window larger than 1×1 and p ≤ d·(k − 1); nil otherwise (the col2im path then runs).
  /// Against Wᵀ·gy into columns and col2im, the GEMM's inner size is o·kh·kw instead of o,
  /// and the 9×-sized column buffer is neither zeroed, written by BLAS nor folded back.
  static func convInputGradAsForward(_ d: ConvDims, _ gy: Tensor, _ weight: Tensor) throws
    -> Tensor?
  {
    let g = d.g
    let pad = (g.dilation.0 * (g.kernel.0 - 1) - g.padding.0,
               g.dilation.1 * (g.kernel.1 - 1) - g.padding.1)
    guard g.stride == (1, 1), !d.pointwise, g.kernel.0 * g.kernel.1 > 1, pad.0 >= 0,
          pad.1 >= 0, d.og > 0, d.c > 0 else { return nil }
    let flipped = try flippedKernel(weight.contiguous(), d)
    let geometry = ConvGeometry(kernel: g.kernel, padding: pad, dilation: g.dilation)
    let y = try convForward(gy, flipped, bias: nil, geometry, groups: d.groups)
    guard y.shape == [d.n, d.c, d.h, d.w] else {
      throw TensorError("conv_transpose2d: internal size mismatch \(shapeText(y.shape)) for "
        + "[\(d.n), \(d.c), \(d.h), \(d.w)]")
    }
    return y
  }

  /// W [o, c/groups, kh, kw] → Wf [c, o/groups, kh, kw] with, per group,
  /// Wf[ci, oi, i, j] = W[oi, ci, kh − 1 − i, kw − 1 − j].
  private static func flippedKernel(_ w: Tensor, _ d: ConvDims) throws -> Tensor {
    let (kh, kw) = d.g.kernel
    let cg = d.c / d.groups
    let out = try Tensor(uninitialized: [d.c, d.og, kh, kw], dtype: w.dtype)
    // Split between threads by output rows (input channels): the weights of a U-Net's deep
    // levels are megabytes, flipped every backward pass.
    let k = kh * kw
    if w.dtype == .f32 {
      let src = w.pointer(Float.self), dst = out.pointer(Float.self)
      Parallel.forRanges(d.c, cost: d.og * k) { rows in
        nos_flip_kernel_f32(src, dst, d.og, cg, k, rows.lowerBound, rows.upperBound)
      }
      return out
    }
    let src = w.pointer(Double.self), dst = out.pointer(Double.self)
    Parallel.forRanges(d.c, cost: d.og * k) { rows in
      for row in rows {
        let (gi, ci) = (row / cg, row % cg)
        for oi in 0..<d.og {
          let s = src + ((gi * d.og + oi) * cg + ci) * k
          let t = dst + (row * d.og + oi) * k
          for e in 0..<k { t[e] = s[k - 1 - e] }
        }
      }
    }
    return out
  }
}
