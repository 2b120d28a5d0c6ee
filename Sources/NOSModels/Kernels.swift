// Fused optimizer kernels: one pass per parameter over contiguous buffers seen as reals.
import CKernels
import Dispatch
import NOSTensor

extension Tensor {
  /// Element 0 of a contiguous tensor seen as reals: Float for f32 and c64, Double for f64
  /// and c128 (a complex element is its real part followed by its imaginary part, which is
  /// how PyTorch's `view_as_real` lets optimizers treat complex parameters).
  func reals<T>(_: T.Type) -> UnsafeMutablePointer<T> { memory(as: T.self) }

  /// How many reals `reals(_:)` covers.
  var realCount: Int { count * (dtype.isComplex ? 2 : 1) }
}

/// Per-parameter optimizer state (a momentum buffer, Adam's moments): zeroed reals of the
/// parameter's precision. The tensor is never shared, so kernels update it in place.
func stateBuffer(like dtype: DType, reals: Int) throws -> Tensor {
  try Tensor.zeros([reals], dtype: dtype.real)
}

enum Kernels {
  /// Calls `body` on disjoint ranges covering 0..<n, on several threads when n is large.
  static func forRanges(_ n: Int, _ body: (Range<Int>) -> Void) {
    let threads = Parallel.threads
    guard threads > 1, n >= 1 << 16 else { return body(0..<n) }
    let chunks = threads * 2
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let body = body  // safe: the ranges are disjoint, callers' writes too
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = n * c / chunks, hi = n * (c + 1) / chunks
        if lo < hi { body(lo..<hi) }
      }
    }
  }

  /// SGD with momentum, dampening, Nesterov and L2 weight decay, as torch.optim.SGD:
  /// d = g + wd·p; buf = d on the first step, else μ·buf + (1 − τ)·d;
  /// d = d + μ·buf (Nesterov) or buf; p' = p − lr·d.
  static func sgd<T: BinaryFloatingPoint>(
    _: T.Type, p: Tensor, g: Tensor, out: Tensor, buffer: Tensor?, first: Bool,
    lr: Double, momentum: Double, dampening: Double, weightDecay: Double, nesterov: Bool
  ) {
    let pp = p.reals(T.self), gp = g.reals(T.self), op = out.reals(T.self)
    let bp = buffer?.reals(T.self)
    let lr = T(lr), mu = T(momentum), keep = T(1 - dampening), wd = T(weightDecay)
    let decay = weightDecay != 0
    forRanges(p.realCount) { range in
      for i in range {
        var d = gp[i]
        if decay { d += wd * pp[i] }
        if let bp {
          let b = first ? d : mu * bp[i] + keep * d
          bp[i] = b
          d = nesterov ? d + mu * b : b
        }
        op[i] = pp[i] - lr * d
      }
    }
  }

  /// The coefficients of one Adam or AdamW step.
  struct AdamStep {
    var stepSize: Double      // lr / (1 − β1^t)
    var beta1: Double
    var beta2: Double
    var bc2Sqrt: Double       // √(1 − β2^t)
    var eps: Double
    var l2: Double            // Adam: added to the gradient as l2·p
    var decay: Double         // AdamW: p is first scaled by 1 − lr·wd
  }

  /// Adam/AdamW as torch.optim.Adam(W): g += l2·p; m += (1 − β1)(g − m);
  /// v = β2·v + (1 − β2)·g²; p' = decay·p − stepSize·m / (√v / √(1 − β2^t) + ε).
  /// Double-precision parameters (f64, c128) run nos_adam_f64, the others nos_adam_f32.
  static func adam(p: Tensor, g: Tensor, out: Tensor, m: Tensor, v: Tensor, _ c: AdamStep) {
    // The C loops (vectorised; the same operations in the same order as the Swift loop they
    // replaced, which compiled to scalar code: 5% of a U-Net training step).
    let (step, w1, b2, w2) = (c.stepSize, 1 - c.beta1, c.beta2, 1 - c.beta2)
    if !p.dtype.isDouble {
      let (pp, gp, op) = (p.reals(Float.self), g.reals(Float.self), out.reals(Float.self))
      let (mp, vp) = (m.reals(Float.self), v.reals(Float.self))
      forRanges(p.realCount) { r in
        let k = r.lowerBound
        nos_adam_f32(pp + k, gp + k, op + k, mp + k, vp + k, r.count, Float(step), Float(w1),
                     Float(b2), Float(w2), Float(c.bc2Sqrt), Float(c.eps), Float(c.l2),
                     Float(c.decay))
      }
    } else {
      let (pp, gp, op) = (p.reals(Double.self), g.reals(Double.self), out.reals(Double.self))
      let (mp, vp) = (m.reals(Double.self), v.reals(Double.self))
      forRanges(p.realCount) { r in
        let k = r.lowerBound
        nos_adam_f64(pp + k, gp + k, op + k, mp + k, vp + k, r.count, step, w1, b2, w2,
                     c.bc2Sqrt, c.eps, c.l2, c.decay)
      }
    }
  }

  /// All parameters as one vector of doubles (complex elements as two reals).
  static func flatten(_ tensors: [Tensor]) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(tensors.reduce(0) { $0 + $1.realCount })
    for t in tensors {
      let n = t.realCount
      if t.dtype.isDouble {
        out.append(contentsOf: UnsafeBufferPointer(start: t.reals(Double.self), count: n))
      } else {
        let p = t.reals(Float.self)
        for i in 0..<n { out.append(Double(p[i])) }
      }
    }
    return out
  }

  /// A flat vector split back into fresh tensors of `layout`'s shapes and dtypes.
  static func unflatten(_ flat: [Double], _ layout: ParameterLayout) throws -> [Tensor] {
    var k = 0
    return try zip(layout.shapes, layout.dtypes).map { shape, dtype in
      let out = try Tensor(uninitialized: shape, dtype: dtype)
      let n = out.realCount
      flat.withUnsafeBufferPointer { f in
        guard n > 0, k + n <= f.count, let base = f.baseAddress else { return }
        if dtype.isDouble {
          out.reals(Double.self).update(from: base + k, count: n)
        } else {
          let p = out.reals(Float.self)
          for i in 0..<n { p[i] = Float(f[k + i]) }
        }
      }
      k += n
      return out
    }
  }
}
