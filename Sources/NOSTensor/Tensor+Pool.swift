// 2-D max and average pooling in C, with the scatter/gather pair their gradients use.
import CKernels

extension Tensor {
  /// Max (or average) pooling of x [N, C, H, W] → [N, C, Ho, Wo] with the window `g`:
  /// padding never wins a max and counts as zero in an average (count_include_pad).
  public static func poolForward(_ x: Tensor, isMax: Bool, _ g: ConvGeometry) throws -> Tensor {
    let (xc, d) = try poolOperand(x, g)
    if !isMax { return try poolRoute(xc, xc, xc, d, g, isMax: false, scatter: false) }
    let out = try Tensor(uninitialized: [d.0, d.1, d.2.0, d.2.1], dtype: x.dtype)
    if isPlain2x2(g) { return halve(xc, out, d, scatter: nil) }
    let win = window(x.shape, d.2, g), per = x.shape[2] * x.shape[3], oper = d.2.0 * d.2.1
    Parallel.forRanges(d.0 * d.1, cost: oper * g.kernel.0 * g.kernel.1) { r in
      withUnsafePointer(to: win) { w in
        if x.dtype == .f32 {
          nos_maxpool_f32(xc.pointer(Float.self) + r.lowerBound * per,
                          out.pointer(Float.self) + r.lowerBound * oper, r.count, w)
        } else {
          nos_maxpool_f64(xc.pointer(Double.self) + r.lowerBound * per,
                          out.pointer(Double.self) + r.lowerBound * oper, r.count, w)
        }
      }
    }
    return out
  }

  /// The pool's gradient: `grad` [N, C, Ho, Wo] routed back to x's shape (each window's
  /// value to its maxima, shared by ties, or to all its elements over kh·kw). `y` is the
  /// pool's output at x.
  public static func poolScatter(_ grad: Tensor, x: Tensor, y: Tensor, isMax: Bool,
                                 _ g: ConvGeometry) throws -> Tensor {
    let (xc, d) = try poolOperand(x, g)
    guard grad.shape == [d.0, d.1, d.2.0, d.2.1], y.shape == grad.shape,
          grad.dtype == x.dtype, y.dtype == x.dtype else {
      throw TensorError("pool gradient: \(shapeText(grad.shape)) does not match the pool of "
        + "\(shapeText(x.shape))")
    }
    if isMax && isPlain2x2(g) {
      let out = try Tensor(uninitialized: xc.shape, dtype: x.dtype)
      return halve(xc, out, d, scatter: (try y.contiguous(), try grad.contiguous()))
    }
    return try poolRoute(xc, y.contiguous(), grad.contiguous(), d, g, isMax: isMax,
                         scatter: true)
  }

  /// A 2×2 window with stride 2, no padding and no dilation (U-Net's max pool).
  private static func isPlain2x2(_ g: ConvGeometry) -> Bool {
    g == ConvGeometry(kernel: (2, 2), stride: (2, 2))
  }

  /// The 2×2 stride-2 max pool of x into `out` (scatter nil), or its gradient scatter of
  /// (y, g) into `out` of x's shape (every element written), by the C kernels for that case.
  private static func halve(_ x: Tensor, _ out: Tensor, _ d: (Int, Int, (Int, Int)),
                            scatter: (Tensor, Tensor)?) -> Tensor {
    let (h, w) = (x.shape[2], x.shape[3]), per = h * w, oper = d.2.0 * d.2.1
    Parallel.forRanges(d.0 * d.1, cost: 4 * oper) { r in
      let (xo, yo) = (r.lowerBound * per, r.lowerBound * oper)
      if x.dtype == .f32 {
        let xp = x.pointer(Float.self) + xo, op = out.pointer(Float.self)
        if let (y, g) = scatter {
          nos_maxpool2_scatter_f32(xp, y.pointer(Float.self) + yo, g.pointer(Float.self) + yo,
                                   op + xo, r.count, h, w)
        } else {
          nos_maxpool2_f32(xp, op + yo, r.count, h, w)
        }
      } else {
        let xp = x.pointer(Double.self) + xo, op = out.pointer(Double.self)
        if let (y, g) = scatter {
          nos_maxpool2_scatter_f64(xp, y.pointer(Double.self) + yo,
                                   g.pointer(Double.self) + yo, op + xo, r.count, h, w)
        } else {
          nos_maxpool2_f64(xp, op + yo, r.count, h, w)
        }
      }
    }
    return out
  }

  /// The adjoint of `poolScatter` (the gradient of a pool's gradient): u of x's shape →
  /// [N, C, Ho, Wo], each window's routed elements of u summed over their count.
  public static func poolGather(_ u: Tensor, x: Tensor, y: Tensor, isMax: Bool,
                                _ g: ConvGeometry) throws -> Tensor {
    let (xc, d) = try poolOperand(x, g)
    guard u.shape == x.shape, y.shape == [d.0, d.1, d.2.0, d.2.1], u.dtype == x.dtype,
          y.dtype == x.dtype else {
      throw TensorError("pool gradient: \(shapeText(u.shape)) does not match the pool of "
        + "\(shapeText(x.shape))")
    }
    return try poolRoute(xc, y.contiguous(), u.contiguous(), d, g, isMax: isMax,
                         scatter: false)
  }

  /// x made contiguous, with (N, C, (Ho, Wo)); throws for a non-real or non-4-D x.
  private static func poolOperand(_ x: Tensor, _ g: ConvGeometry) throws
    -> (Tensor, (Int, Int, (Int, Int)))
  {
    guard x.ndim == 4, x.dtype == .f32 || x.dtype == .f64 else {
      throw TensorError("pool: needs a real f32/f64 [N, C, H, W] tensor, got "
        + "\(shapeText(x.shape)) \(x.dtype)")
    }
    let o = try g.output(x.shape[2], x.shape[3], op: "pool")
    return (try x.contiguous(), (x.shape[0], x.shape[1], o))
  }

  private static func window(_ s: [Int], _ o: (Int, Int), _ g: ConvGeometry) -> nos_window {
    nos_window(h: s[2], w: s[3], oh: o.0, ow: o.1, kh: g.kernel.0, kw: g.kernel.1,
               sh: g.stride.0, sw: g.stride.1, ph: g.padding.0, pw: g.padding.1,
               dh: g.dilation.0, dw: g.dilation.1)
  }

  /// scatter: a [N, C, Ho, Wo] → [N, C, H, W]; gather: a [N, C, H, W] → [N, C, Ho, Wo].
  private static func poolRoute(_ x: Tensor, _ y: Tensor, _ a: Tensor,
                                _ d: (Int, Int, (Int, Int)), _ g: ConvGeometry,
                                isMax: Bool, scatter: Bool) throws -> Tensor {
    let big = [d.0, d.1, x.shape[2], x.shape[3]], small = [d.0, d.1, d.2.0, d.2.1]
    let out = scatter ? try Tensor.zeros(big, dtype: x.dtype)
      : try Tensor(uninitialized: small, dtype: x.dtype)
    let win = window(x.shape, d.2, g), per = big[2] * big[3], oper = small[2] * small[3]
    let m: Int32 = isMax ? 1 : 0
    Parallel.forRanges(d.0 * d.1, cost: 2 * oper * g.kernel.0 * g.kernel.1) { r in
      let (xo, yo) = (r.lowerBound * per, r.lowerBound * oper)
      let (ao, oo) = scatter ? (yo, xo) : (xo, yo)
      withUnsafePointer(to: win) { w in
        if x.dtype == .f32 {
          let (xp, yp) = (x.pointer(Float.self) + xo, y.pointer(Float.self) + yo)
          let (ap, op) = (a.pointer(Float.self) + ao, out.pointer(Float.self) + oo)
          if scatter { nos_pool_scatter_f32(xp, yp, ap, op, r.count, w, m) }
          else { nos_pool_gather_f32(xp, yp, ap, op, r.count, w, m) }
        } else {
          let (xp, yp) = (x.pointer(Double.self) + xo, y.pointer(Double.self) + yo)
          let (ap, op) = (a.pointer(Double.self) + ao, out.pointer(Double.self) + oo)
          if scatter { nos_pool_scatter_f64(xp, yp, ap, op, r.count, w, m) }
          else { nos_pool_gather_f64(xp, yp, ap, op, r.count, w, m) }
        }
      }
    }
    return out
  }
}
