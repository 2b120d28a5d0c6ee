// Products of narrow dense layers ([batch, <= 32] by [<= 32, <= 32]) in f32 through the small
// GEMM kernels of kernels.c, which skip OpenBLAS's packing and clearing of C.
import CBLAS
import CKernels

/// Which small kernel suits a product C[m, n] = op(A) op(B), if any. f32 only: in f64 the same
/// loops measured slower than OpenBLAS (a row of accumulators takes twice the registers).
enum SmallGemm {
  /// A untransposed with k, n <= 32: a layer's forward product or its input gradient.
  case rows
  /// Aᵀ B with m, n <= 32 over a long k: a layer's weight gradient.
  case transposedA

  init?(_ dtype: DType, _ la: MatrixLayout, _ lb: MatrixLayout, _ m: Int, _ n: Int, _ k: Int) {
    guard dtype == .f32, n <= 32 else { return nil }
    // n < 3: OpenBLAS's own path for a matrix-vector-like product is as fast.
    if la.trans == CblasNoTrans && k <= 32 && n >= 3 {
      self = .rows
    } else if la.trans == CblasTrans && lb.trans == CblasNoTrans && m <= 32 && k >= 64 {
      self = .transposedA
    } else {
      return nil
    }
  }

  /// Runs the kernel on one thread: C (row stride n) from A and B at their offsets.
  func run(_ a: Tensor, _ oa: Int, _ la: MatrixLayout, _ b: Tensor, _ ob: Int,
           _ lb: MatrixLayout, _ c: UnsafeMutableRawPointer, _ m: Int, _ n: Int, _ k: Int) {
    let tb: Int32 = lb.trans == CblasTrans ? 1 : 0
    let (x, y, z) = (a.pointer(Float.self) + oa, b.pointer(Float.self) + ob,
                     c.assumingMemoryBound(to: Float.self))
    switch self {
    case .rows: nos_gemm_small_f32(m, n, k, x, la.ld, y, lb.ld, tb, z, n)
    case .transposedA: nos_gemm_small_tn_f32(m, n, k, x, la.ld, y, lb.ld, z, n)
    }
  }

  /// The address of element `i` of an f32 tensor's storage view.
  static func address(_ t: Tensor, _ i: Int) -> UnsafeMutableRawPointer {
    UnsafeMutableRawPointer(t.pointer(Float.self) + i)
  }

  /// Aᵀ B with the long k split among the threads: each part sums its rows into its own
  /// m × n block, and the blocks are added in order (a fixed order for a given thread count).
  static func splitTransposedA(_ a: Tensor, _ oa: Int, _ la: MatrixLayout, _ b: Tensor,
                               _ ob: Int, _ lb: MatrixLayout, _ c: Tensor, _ oc: Int,
                               _ m: Int, _ n: Int, _ k: Int, parts: Int) {
    let size = MemoryLayout<Float>.size
    let block = m * n
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(1, (parts - 1) * block * size),
                                                   alignment: 64)
    defer { scratch.deallocate() }
    let out = address(c, oc)
    WorkerPool.shared.run(chunks: parts) { i in
      let k0 = k * i / parts, k1 = k * (i + 1) / parts
      let dest = i == 0 ? out : scratch + (i - 1) * block * size
      SmallGemm.transposedA.run(a, oa + k0 * la.ld, la, b, ob + k0 * lb.ld, lb, dest, m, n,
                                k1 - k0)
    }
    for i in 1..<parts {
      let part = scratch + (i - 1) * block * size
      let z = out.assumingMemoryBound(to: Float.self)
      nos_binary_f32(0, z, 1, part.assumingMemoryBound(to: Float.self), 1, z, block)
    }
  }
}
