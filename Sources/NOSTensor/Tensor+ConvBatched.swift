// Convolutions on small grids as one GEMM for the whole batch: the columns of all images side
// by side, so BLAS packs the weight once and sees n·l columns instead of n products of l.
import CKernels

/// The batched path runs for several images on grids of at most this many output pixels:
/// measured with OpenBLAS 0.3.21 on one Zen 2 core, one [512, 4608]·[4608, 128] product took
/// 6.5 ms against 10.2 ms for eight [4608, 16] ones, 6.2 against 6.9 ms at 8×8 (256
/// channels), and no gain from 16×16 up.
let batchedConvMaxPixels = 64

extension ConvDims {
  /// Several images on a small grid, sizes within BLAS's 32-bit integers.
  var batched: Bool {
    n > 1 && l > 0 && l <= batchedConvMaxPixels && kg > 0 && og > 0 && n * l <= Int(Int32.max)
  }
  /// Rows of the columns of all groups: c · kh · kw.
  var colRows: Int { c * g.kernel.0 * g.kernel.1 }
}

/// Runs `body(range, piece)` on `parts` contiguous pieces of 0..<count side by side (a
/// fixed split, so each output element is computed the same way on every run).
func forPieces(_ count: Int, parts: Int, _ body: (Range<Int>, Int) -> Void) {
  singleThreadedBLAS()  // nos splits the work itself
  let p = max(1, min(parts, count))
  if p == 1 { body(0..<count, 0); return }
  WorkerPool.shared.run(chunks: p) { i in
    let lo = count * i / p, hi = count * (i + 1) / p
    if lo < hi { body(lo..<hi, i) }
  }
}

/// Threads for a product of `work` multiply-adds.
private func batchedParts(_ work: Double) -> Int { work < 2e5 ? 1 : Parallel.threads }

extension Tensor {
  /// cols [c·kh·kw, n·l] with image b's im2col in columns b·l ..< (b + 1)·l.
  static func batchedColumns<T: ConvScalar>(_ d: ConvDims, _ x: Images, _: T.Type) throws
    -> Tensor
  {
    let nl = d.n * d.l, rows = d.colRows
    let cols = try Tensor(uninitialized: [rows * nl], dtype: x.t.dtype)
    let scratch = try (0..<max(1, Parallel.threads)).map { _ in
      try Tensor(uninitialized: [d.pointwise ? 0 : rows * d.l], dtype: x.t.dtype)
    }
    let (xp, cp) = (x.pointer(T.self), cols.pointer(T.self))
    withUnsafePointer(to: d.window) { win in
      forPieces(d.n, parts: scratch.count) { images, piece in
        for b in images {
          let img = xp + b * x.stride
          var src = UnsafePointer(img)
          if !d.pointwise {
            let tmp = scratch[piece].pointer(T.self)
            T.im2col(img, tmp, d.c, win)
            src = UnsafePointer(tmp)
          }
          for r in 0..<rows {
            (cp + r * nl + b * d.l).update(from: src + r * d.l, count: d.l)
          }
        }
      }
    }
    withExtendedLifetime(scratch) {}
    return cols
  }

  /// y [n, o, l] = W·cols per group (+ bias), one GEMM over all n·l columns with the output
  /// channels split between threads, then the [o, n·l] product moved into place.
  static func convForwardBatched<T: ConvScalar>(_ d: ConvDims, _ x: Images, _ w: Tensor,
                                                _ bias: Tensor?, _ out: Tensor, _: T.Type)
    throws
  {
    let nl = d.n * d.l
    let cols = try batchedColumns(d, x, T.self)
    let prod = try Tensor(uninitialized: [d.o * nl], dtype: out.dtype)
    let (cp, wp, pp) = (cols.pointer(T.self), w.pointer(T.self), prod.pointer(T.self))
    forPieces(d.og, parts: batchedParts(Double(d.o) * Double(d.kg) * Double(nl))) { r, _ in
      for gi in 0..<d.groups {
        let row = gi * d.og + r.lowerBound
        T.gemm(false, false, r.count, nl, d.kg, wp + row * d.kg, d.kg, cp + gi * d.kg * nl, nl,
               0, pp + row * nl, nl)
      }
    }
    let (yp, bp) = (out.pointer(T.self), bias?.pointer(T.self))
    for b in 0..<d.n {
      for ch in 0..<d.o {
        let dst = yp + (b * d.o + ch) * d.l, src = pp + ch * nl + b * d.l
        if let bp {
          for p in 0..<d.l { dst[p] = src[p] + bp[ch] }
        } else {
          dst.update(from: src, count: d.l)
        }
      }
    }
  }

  /// dW [o, c/groups·kh·kw] = gy[o, n·l]·colsᵀ per group: one GEMM over all images with the
  /// output channels split between threads (no per-thread partial sums to add).
  static func convWeightGradBatched<T: ConvScalar>(_ d: ConvDims, _ x: Images, _ gy: Images,
                                                   _ wshape: [Int], _: T.Type) throws -> Tensor
  {
    let nl = d.n * d.l
    let cols = try batchedColumns(d, x, T.self)
    let g = try Tensor(uninitialized: [d.o * nl], dtype: x.t.dtype)
    let (gp, src) = (g.pointer(T.self), gy.pointer(T.self))
    for b in 0..<d.n {
      for ch in 0..<d.o {
        (gp + ch * nl + b * d.l).update(from: src + b * gy.stride + ch * d.l, count: d.l)
      }
    }
    let dw = try Tensor(uninitialized: wshape, dtype: x.t.dtype)
    let (cp, wp) = (cols.pointer(T.self), dw.pointer(T.self))
    forPieces(d.og, parts: batchedParts(Double(d.o) * Double(d.kg) * Double(nl))) { r, _ in
      for gi in 0..<d.groups {
        let row = gi * d.og + r.lowerBound
        T.gemm(false, true, r.count, d.kg, nl, gp + row * nl, nl, cp + gi * d.kg * nl, nl, 0,
               wp + row * d.kg, d.kg)
      }
    }
    return dw
  }
}
