// The pointwise (1×1) channel layer y[b] = wᵀ·x[b] + bias as one primitive with BLAS kernels.
import CBLAS
import NOSGrad
import NOSTensor

/// `y[b, o, n] = Σ_i w[i, o]·x[b, i, n] + bias[o]` for x `[B, ci, N]`, w `[ci, co]`, bias
/// `[co]`, plus `base` (`[B, co, N]`) when given: the FNO's skip path added onto the spectral
/// path without a separate pass. One GEMM per batch element writes onto base + bias (no bias
/// pass, no transposed copies); the backward pass is three kernels (gx = w·g,
/// gw = Σ_b x·gᵀ, gbias = Σ g; base gets g). Inside a recorded backward pass (higher
/// derivatives) the gradients are built from differentiable ops instead, so every order
/// still works.
func pointwise(_ x: Variable, _ w: Variable, _ bias: Variable,
               onto base: Variable? = nil) throws -> Variable {
  let dt = x.dtype
  guard x.value.ndim == 3, w.value.ndim == 2, bias.value.ndim == 1, x.shape[1] == w.shape[0],
        bias.shape[0] == w.shape[1] else {
    throw TensorError("pointwise layer: input \(x.shape), weight \(w.shape) and bias "
      + "\(bias.shape) do not fit")
  }
  let outShape = [x.shape[0], w.shape[1], x.shape[2]]
  if let base, base.shape != outShape {
    throw TensorError("pointwise layer: cannot add \(base.shape) onto \(outShape)")
  }
  let limit = Int(Int32.max), sizes = [x.shape[0] * w.shape[1], x.shape[2]] + w.shape
  guard dt == .f32 || dt == .f64, w.dtype == dt, bias.dtype == dt, base?.dtype ?? dt == dt,
        sizes.allSatisfy({ $0 <= limit }) else {
    // Mixed or complex dtypes (or sizes BLAS cannot count): the general ops, which promote
    // as everywhere else.
    let y = try add(matmul(transposeLast(w), x), reshape(bias, [w.shape[1], 1]))
    return try base.map { try add($0, y) } ?? y
  }
  let out = try PointwiseKernel.forward(x.value, w.value, bias.value, base: base?.value)
  return .record(out, [x, w, bias] + (base.map { [$0] } ?? [])) { g, _, needs, ins in
    let x = ins[0], w = ins[1], bias = ins[2]
    let gBase: [Variable?] = needs.count > 3 && needs[3] ? [g] : [nil]
    if GradMode.isRecording {
      return [needs[0] ? try matmul(w, g) : nil,
              needs[1] ? try sumTo(matmul(x, transposeLast(g)), like: w) : nil,
              needs[2] ? try reshape(sumTo(g, [bias.shape[0], 1]), bias.shape) : nil] + gBase
    }
    let gc = try g.value.astype(x.dtype).contiguous()
    return [needs[0] ? Variable(try PointwiseKernel.inputGrad(gc, w.value)) : nil,
            needs[1] ? Variable(try PointwiseKernel.weightGrad(x.value, gc)) : nil,
            needs[2] ? Variable(try PointwiseKernel.biasGrad(gc)) : nil] + gBase
  }
}

/// The BLAS kernels behind `pointwise`, on contiguous f32/f64 tensors of one dtype; batch
/// elements run side by side on nos's worker threads (BLAS itself single-threaded).
enum PointwiseKernel {
  /// `out[b] = base[b] + bias + wᵀ·x[b]` (base + bias written first, GEMM with β = 1).
  static func forward(_ x: Tensor, _ w: Tensor, _ bias: Tensor, base: Tensor?) throws -> Tensor {
    let nb = x.shape[0], ci = x.shape[1], n = x.shape[2], co = w.shape[1]
    let out = try Tensor(uninitialized: [nb, co, n], dtype: x.dtype)
    let xc = try x.contiguous(), wc = try w.contiguous(), bc = try bias.contiguous()
    let basec = try base?.contiguous()
    func run<R: RealGEMM>(_: R.Type) {
      let px = xc.memory(as: R.self), pw = wc.memory(as: R.self)
      let pb = bc.memory(as: R.self), po = out.memory(as: R.self)
      let ps = basec?.memory(as: R.self)
      batches(nb, cost: ci * co * n) { b in
        let o = po + b * co * n
        for r in 0..<co {
          let row = o + r * n, v = pb[r]
          if let ps {
            let src = ps + b * co * n + r * n
            for j in 0..<n { row[j] = src[j] + v }
          } else {
            row.update(repeating: v, count: n)
          }
        }
        R.gemm(CblasTrans, CblasNoTrans, co, n, ci, pw, co, px + b * ci * n, n, 1, o, n)
      }
    }
    if out.count > 0 { x.dtype == .f32 ? run(Float.self) : run(Double.self) }
    return out
  }

  /// `gx[b] = w·g[b]`: `[ci, co] × [co, N]`.
  static func inputGrad(_ g: Tensor, _ w: Tensor) throws -> Tensor {
    let nb = g.shape[0], co = g.shape[1], n = g.shape[2], ci = w.shape[0]
    // BLAS writes every element (β = 0) unless there is nothing to sum over.
    let out = co > 0 ? try Tensor(uninitialized: [nb, ci, n], dtype: g.dtype)
      : try Tensor.zeros([nb, ci, n], dtype: g.dtype)
    let wc = try w.contiguous()
    func run<R: RealGEMM>(_: R.Type) {
      let pg = g.memory(as: R.self), pw = wc.memory(as: R.self), po = out.memory(as: R.self)
      batches(nb, cost: ci * co * n) { b in
        R.gemm(CblasNoTrans, CblasNoTrans, ci, n, co, pw, co, pg + b * co * n, n, 0,
               po + b * ci * n, n)
      }
    }
    if out.count > 0 && co > 0 { g.dtype == .f32 ? run(Float.self) : run(Double.self) }
    return out
  }

  /// `gw = Σ_b x[b]·g[b]ᵀ`: one `[ci, co]` product per batch element, summed in batch order
  /// (the same result whatever the thread count).
  static func weightGrad(_ x: Tensor, _ g: Tensor) throws -> Tensor {
    let nb = x.shape[0], ci = x.shape[1], n = x.shape[2], co = g.shape[1]
    let shape = [max(nb, 1), ci, co]
    let parts = nb > 0 && n > 0 ? try Tensor(uninitialized: shape, dtype: g.dtype)
      : try Tensor.zeros(shape, dtype: g.dtype)
    let xc = try x.contiguous()
    func run<R: RealGEMM>(_: R.Type) {
      let px = xc.memory(as: R.self), pg = g.memory(as: R.self), pp = parts.memory(as: R.self)
      batches(nb, cost: ci * co * n) { b in
        R.gemm(CblasNoTrans, CblasTrans, ci, co, n, px + b * ci * n, n, pg + b * co * n, n, 0,
               pp + b * ci * co, co)
      }
      for b in 1..<max(nb, 1) {
        let src = pp + b * ci * co
        for j in 0..<(ci * co) { pp[j] += src[j] }
      }
    }
    if n > 0 && ci * co > 0 { g.dtype == .f32 ? run(Float.self) : run(Double.self) }
    return try parts.get([.at(0)]).contiguous()
  }

  /// `gbias[o] = Σ_b Σ_n g[b, o, n]`: row sums by GEMV with a ones vector, then over b.
  static func biasGrad(_ g: Tensor) throws -> Tensor {
    let nb = g.shape[0], co = g.shape[1], n = g.shape[2]
    let rows = try Tensor.zeros([nb * co], dtype: g.dtype)
    let out = try Tensor.zeros([co], dtype: g.dtype)
    let ones = try Tensor.full([n], 1, dtype: g.dtype)
    func run<R: RealGEMM>(_: R.Type) {
      let pr = rows.memory(as: R.self), po = out.memory(as: R.self)
      R.gemv(nb * co, n, g.memory(as: R.self), ones.memory(as: R.self), pr)
      for b in 0..<nb {
        for o in 0..<co { po[o] += pr[b * co + o] }
      }
    }
    if n > 0 && nb * co > 0 { g.dtype == .f32 ? run(Float.self) : run(Double.self) }
    return out
  }

  /// Runs `body(b)` for every batch element, side by side when the work pays for it.
  private static func batches(_ nb: Int, cost: Int, _ body: (Int) -> Void) {
    singleThreadedBLAS()
    Parallel.forRanges(nb, cost: cost / 4) { r in for b in r { body(b) } }
  }
}

/// Real GEMM (row-major, α = 1) and row-sum GEMV for the two precisions.
protocol RealGEMM: BinaryFloatingPoint {
  static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
                   _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
  /// `y = A·x` for a row-major `[m, n]` A.
  static func gemv(_ m: Int, _ n: Int, _ a: UnsafePointer<Self>, _ x: UnsafePointer<Self>,
                   _ y: UnsafeMutablePointer<Self>)
}

extension Float: RealGEMM {
  static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                   _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b,
                Int32(ldb), beta, c, Int32(ldc))
  }

  static func gemv(_ m: Int, _ n: Int, _ a: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                   _ y: UnsafeMutablePointer<Float>) {
    cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(n), x, 1, 0, y, 1)
  }
}

extension Double: RealGEMM {
  static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>,
                   _ ldb: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
    cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b,
                Int32(ldb), beta, c, Int32(ldc))
  }

  static func gemv(_ m: Int, _ n: Int, _ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                   _ y: UnsafeMutablePointer<Double>) {
    cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(m), Int32(n), 1, a, Int32(n), x, 1, 0, y, 1)
  }
}
