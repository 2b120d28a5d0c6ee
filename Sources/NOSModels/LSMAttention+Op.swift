// The differentiable op around LSM's fused spectral-block kernels (LSMAttention.swift).
import NOSGrad
import NOSTensor
import Numerics

enum LSMAttention {
  /// The spectral block's attention without its 1×1 projections and residual: `kv`
  /// [B, 2C, H, W] and `q` [B, C, H, W] (the projections of the block's input), `latent`
  /// [heads, T, dh], `w` [C, 2K] → [B, C, H, W], as `LSMBlock.composed` computes it, patch
  /// by patch with no permuted copies. First derivatives come from the fused backward
  /// kernel; when the backward pass is itself recorded (higher derivatives), from the
  /// composed ops instead.
  static func apply(_ kv: Variable, _ q: Variable, _ latent: Variable, _ w: Variable,
                    patches: [Int]) throws -> Variable {
    let s = try sizes(kv, q, latent, w, patches)
    let values = try [kv, q, latent, w].map { try $0.value.contiguous() }
    let tracked = GradMode.isRecording && [kv, q, latent, w].contains { $0.requiresGrad }
    let (out, saved) = try forward(s, values, keep: tracked)
    return .record(out, [kv, q, latent, w]) { g, _, needs, ins in
      if GradMode.isRecording {
        let leaves = ins.map { Variable.leaf($0) }
        let y = try LSMBlock.composed(leaves[0], leaves[1], leaves[2], leaves[3],
                                      patches: patches)
        return try Autodiff.gradients(of: reduceSum(mul(y, g)), wrt: leaves, createGraph: true)
      }
      let gs = try backward(s, try ins.map { try $0.value.contiguous() }, g.value.contiguous(),
                            saved)
      return zip(gs, needs).map { $1 ? Variable($0) : nil }
    }
  }

  private static func sizes(_ kv: Variable, _ q: Variable, _ latent: Variable, _ w: Variable,
                            _ patches: [Int]) throws -> LSMSizes {
    let heads = LSMBlock.heads
    guard q.value.ndim == 4, patches.count == 2, patches[0] >= 1, patches[1] >= 1 else {
      throw TensorError("lsm block: expected [B, C, H, W] and two patch sizes")
    }
    let (b, c, h, wd) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
    guard kv.shape == [b, 2 * c, h, wd], c % heads == 0, latent.value.ndim == 3,
          latent.shape[0] == heads, latent.shape[1] >= 1, latent.shape[2] == c / heads,
          w.value.ndim == 2, w.shape[0] == c, w.shape[1] % 2 == 0, w.shape[1] >= 2,
          h % patches[0] == 0, wd % patches[1] == 0,
          Set([kv.dtype, q.dtype, latent.dtype, w.dtype]).count == 1,
          q.dtype == .f32 || q.dtype == .f64 else {
      throw TensorError("lsm block: kv \(shapeText(kv.shape)), q \(shapeText(q.shape)), "
        + "latent \(shapeText(latent.shape)), w \(shapeText(w.shape)) and patches "
        + "\(shapeText(patches)) do not fit (one real dtype, H and W dividing by the patches)")
    }
    return LSMSizes(b: b, c: c, h: h, w: wd, p1: patches[0], p2: patches[1], heads: heads,
                    tokens: latent.shape[1], basis: w.shape[1] / 2)
  }

  /// The kernel on `v`'s buffers; its `offsets` are the caller's to deallocate.
  private static func kernel<T>(_ s: LSMSizes, _ v: [Tensor], _: T.Type) -> LSMKernel<T> {
    LSMKernel(s: s, kv: v[0].memory(as: T.self), q: v[1].memory(as: T.self),
              lat: v[2].memory(as: T.self), wb: v[3].memory(as: T.self), offsets: s.offsets())
  }

  /// Rough element operations of one (patch, head), to decide on threads.
  private static func cost(_ s: LSMSizes) -> Int {
    s.heads * s.points * s.dh * s.tokens * 8 + s.heads * s.dh * s.tokens * s.basis * 4
  }

  /// The output and, with `keep`, per (patch, head) the attention maps and tokens the
  /// backward pass needs ([patches · heads · saved]).
  private static func forward(_ s: LSMSizes, _ v: [Tensor], keep: Bool) throws
    -> (Tensor, Tensor?)
  {
    let out = try Tensor(uninitialized: [s.b, s.c, s.h, s.w], dtype: v[0].dtype)
    let per = 2 * s.tokens * (s.points + s.dh)
    let saved = keep
      ? try Tensor(uninitialized: [s.patches * s.heads * per], dtype: v[0].dtype) : nil
    func run<T: Real & BinaryFloatingPoint>(_: T.Type) {
      let k = kernel(s, v, T.self), o = out.memory(as: T.self)
      let sp = saved?.memory(as: T.self)
      defer { k.offsets.deallocate() }
      Parallel.forRanges(s.patches, cost: cost(s)) { range in
        let sc = LSMScratch<T>(s)
        defer { sc.free() }
        for n in range {
          for hd in 0..<s.heads {
            k.forward(n, hd, sc)
            k.write(n, hd, sc, o)
            if let sp { k.save(sc, sp + (n * s.heads + hd) * per) }
          }
        }
      }
    }
    if out.dtype == .f32 { run(Float.self) } else { run(Double.self) }
    return (out, saved)
  }

  /// Gradients of kv, q, latent and w; every worker sums latent's and w's gradients in its
  /// own row, the rows are added at the end (so no two threads write the same number).
  private static func backward(_ s: LSMSizes, _ v: [Tensor], _ g: Tensor, _ saved: Tensor?)
    throws -> [Tensor]
  {
    let dt = v[0].dtype
    let gkv = try Tensor(uninitialized: v[0].shape, dtype: dt)
    let gq = try Tensor(uninitialized: v[1].shape, dtype: dt)
    let workers = max(1, min(s.patches, 4 * Parallel.threads))
    let glat = try Tensor.zeros([workers] + v[2].shape, dtype: dt)
    let gw = try Tensor.zeros([workers] + v[3].shape, dtype: dt)
    func run<T: Real & BinaryFloatingPoint>(_: T.Type) {
      let k = kernel(s, v, T.self), gp = g.memory(as: T.self)
      let sp = saved?.memory(as: T.self)
      defer { k.offsets.deallocate() }
      let (nl, nw) = (v[2].count, v[3].count)
      Parallel.forRanges(workers, cost: s.patches / workers * cost(s) * 3) { range in
        let sc = LSMScratch<T>(s)
        defer { sc.free() }
        for wk in range {
          let gr = LSMGradients(kv: gkv.memory(as: T.self), q: gq.memory(as: T.self),
                                lat: glat.memory(as: T.self) + wk * nl,
                                w: gw.memory(as: T.self) + wk * nw)
          for n in (s.patches * wk / workers)..<(s.patches * (wk + 1) / workers) {
            for hd in 0..<s.heads {
              k.backward(n, hd, sc, gp, sp.map { $0 + (n * s.heads + hd) * k.saved }, gr)
            }
          }
        }
      }
    }
    if dt == .f32 { run(Float.self) } else { run(Double.self) }
    return [gkv, gq, try glat.sum(axis: 0), try gw.sum(axis: 0)]
  }
}
