// Matrix products through BLAS ?gemm, batched over leading axes like numpy.matmul.
import CBLAS
import Dispatch
import Numerics

extension Tensor {
  /// `a @ b`: 1-D operands act as a row (left) or column (right) vector and that axis is
  /// dropped from the result; leading axes broadcast.
  public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.ndim > 0, b.ndim > 0 else {
      throw TensorError("matmul: operands must have at least one dimension, got \(shapeText(a.shape)) and \(shapeText(b.shape)); use * for scalars")
    }
    let x = a.ndim == 1 ? try a.unsqueezed(axis: 0) : a
    let y = b.ndim == 1 ? try b.unsqueezed(axis: 1) : b
    let (m, k) = (x.shape[x.ndim - 2], x.shape[x.ndim - 1])
    let (k2, n) = (y.shape[y.ndim - 2], y.shape[y.ndim - 1])
    guard k == k2 else { throw TensorError("shape mismatch in @: \(shapeText(a.shape)) and \(shapeText(b.shape))") }
    let batch = try Shape.broadcast(Array(x.shape.dropLast(2)), Array(y.shape.dropLast(2)), op: "@")
    let dt = DType.promote(a.dtype, b.dtype).arithmetic
    var out = try gemmBatched(x.astype(dt).broadcast(to: batch + [m, k], op: "@"),
                              y.astype(dt).broadcast(to: batch + [k, n], op: "@"), batch, m, n, k)
    // Drop the row axis first: the other order failed for 1-D @ 1-D ([1, 1] → [1] → axis -2).
    if a.ndim == 1 { out = try out.squeezed(axis: -2) }
    if b.ndim == 1 { out = try out.squeezed(axis: -1) }
    return out
  }
}

/// How BLAS reads one operand: transposed or not, and its leading dimension.
struct MatrixLayout {
  let trans: CBLAS_TRANSPOSE
  let ld: Int

  /// The layout of a [rows, cols] view, or nil when BLAS cannot read it in place.
  init?(rowStride rs: Int, colStride cs: Int, rows: Int, cols: Int) {
    if cs == 1 && (rs >= max(1, cols) || rows == 1) {
      trans = CblasNoTrans; ld = max(rs, cols, 1)
    } else if rs == 1 && (cs >= max(1, rows) || cols == 1) {
      trans = CblasTrans; ld = max(cs, rows, 1)
    } else {
      return nil
    }
  }
}

private func gemmBatched(_ a: Tensor, _ b: Tensor, _ batch: [Int], _ m: Int, _ n: Int,
                         _ k: Int) throws -> Tensor {
  singleThreadedBLAS()
  if k == 0 { return try Tensor.zeros(batch + [m, n], dtype: a.dtype) }
  let out = try Tensor(uninitialized: batch + [m, n], dtype: a.dtype)
  let nb = batch.reduce(1, *)
  if out.count == 0 { return out }
  let limit = Int(Int32.max)
  guard m <= limit, n <= limit, k <= limit, a.strides.allSatisfy({ abs($0) <= limit }),
        b.strides.allSatisfy({ abs($0) <= limit }) else {
    throw TensorError("matmul: matrices with more than \(limit) rows or columns are not supported")
  }
  // When b is shared by every batch and a is contiguous, the batch folds into one tall GEMM.
  if !batch.isEmpty && b.strides.dropLast(2).allSatisfy({ $0 == 0 }) && a.isContiguous {
    let tall = try gemmBatched(a.reshaped([nb * m, k]),
                               b.get(Array(repeating: .at(0), count: batch.count)), [], nb * m, n, k)
    return try tall.reshaped(batch + [m, n])
  }
  let la = MatrixLayout(rowStride: a.strides[a.ndim - 2], colStride: a.strides[a.ndim - 1], rows: m, cols: k)
  let lb = MatrixLayout(rowStride: b.strides[b.ndim - 2], colStride: b.strides[b.ndim - 1], rows: k, cols: n)
  guard let la, let lb else {
    return try gemmBatched(la == nil ? a.copied() : a, lb == nil ? b.copied() : b, batch, m, n, k)
  }
  // Offsets of batch i in each operand. (RowWalker.offsets(row:) only covers its outer axes,
  // so with the batch merged into its inner row every batch read matrix 0.)
  let sa = Array(a.strides.dropLast(2)), sb = Array(b.strides.dropLast(2))
  func one(_ i: Int, split: Bool) {
    var r = i, oa = 0, ob = 0
    for d in stride(from: batch.count - 1, through: 0, by: -1) {
      let q = r / batch[d], j = r - q * batch[d]
      oa += j * sa[d]
      ob += j * sb[d]
      r = q
    }
    if split { gemmRows(a, oa, la, b, ob, lb, out, i * m * n, m, n, k) } else {
      gemm(a, oa, la, b, ob, lb, out, i * m * n, m, n, k)
    }
  }
  // Many small products run side by side; one large product splits its rows.
  if nb >= 2 * Parallel.threads {
    Parallel.forRanges(nb, cost: m * n * k / 4) { r in for i in r { one(i, split: false) } }
  } else {
    for i in 0..<nb { one(i, split: true) }
  }
  return out
}

/// OpenBLAS runs single-threaded: its own workers spin between calls and starve nos's
/// threads, so nos splits large products itself. Every caller of BLAS on nos's worker
/// threads (matmul, convolutions, the models' fused layers) calls this first; the setting
/// is made once per process.
public func singleThreadedBLAS() { _ = blasPinnedToOneThread }
private let blasPinnedToOneThread: Void = openblas_set_num_threads(1)

/// One product with its rows of C shared among nos's threads when it is large.
private func gemmRows(_ a: Tensor, _ oa: Int, _ la: MatrixLayout, _ b: Tensor, _ ob: Int,
                      _ lb: MatrixLayout, _ c: Tensor, _ oc: Int, _ m: Int, _ n: Int, _ k: Int) {
  let t = Parallel.threads
  let work = Double(m) * Double(n) * Double(k)
  let small = SmallGemm(a.dtype, la, lb, m, n, k)
  if small == .transposedA && t > 1 && work >= 1e5 {
    SmallGemm.splitTransposedA(a, oa, la, b, ob, lb, c, oc, m, n, k, parts: t)
    return
  }
  // The small kernels stream A and C once, so splitting pays from about 1e5 products.
  guard t > 1, work >= (small == nil ? 4e6 : 1e5), m >= 16 * t else {
    gemm(a, oa, la, b, ob, lb, c, oc, m, n, k)
    return
  }
  let chunks = min(t, m / 8)
  WorkerPool.shared.run(chunks: chunks) { i in
    let r0 = m * i / chunks, r1 = m * (i + 1) / chunks
    let rowOffset = la.trans == CblasNoTrans ? r0 * la.ld : r0
    gemm(a, oa + rowOffset, la, b, ob, lb, c, oc + r0 * n, r1 - r0, n, k)
  }
}

private func gemm(_ a: Tensor, _ oa: Int, _ la: MatrixLayout, _ b: Tensor, _ ob: Int,
                  _ lb: MatrixLayout, _ c: Tensor, _ oc: Int, _ m: Int, _ n: Int, _ k: Int) {
  if let small = SmallGemm(a.dtype, la, lb, m, n, k) {
    small.run(a, oa, la, b, ob, lb, SmallGemm.address(c, oc), m, n, k)
    return
  }
  let (M, N, K) = (Int32(m), Int32(n), Int32(k))
  let (lda, ldb, ldc) = (Int32(la.ld), Int32(lb.ld), Int32(n))
  switch a.dtype {
  case .f64:
    cblas_dgemm(CblasRowMajor, la.trans, lb.trans, M, N, K, 1, a.pointer(Double.self) + oa, lda,
                b.pointer(Double.self) + ob, ldb, 0, c.pointer(Double.self) + oc, ldc)
  case .f32:
    cblas_sgemm(CblasRowMajor, la.trans, lb.trans, M, N, K, 1, a.pointer(Float.self) + oa, lda,
                b.pointer(Float.self) + ob, ldb, 0, c.pointer(Float.self) + oc, ldc)
  case .c128:
    var one = Complex<Double>.one, zero = Complex<Double>.zero
    cblas_zgemm(CblasRowMajor, la.trans, lb.trans, M, N, K, &one,
                a.pointer(Complex<Double>.self) + oa, lda, b.pointer(Complex<Double>.self) + ob,
                ldb, &zero, c.pointer(Complex<Double>.self) + oc, ldc)
  case .c64:
    var one = Complex<Float>.one, zero = Complex<Float>.zero
    cblas_cgemm(CblasRowMajor, la.trans, lb.trans, M, N, K, &one,
                a.pointer(Complex<Float>.self) + oa, lda, b.pointer(Complex<Float>.self) + ob,
                ldb, &zero, c.pointer(Complex<Float>.self) + oc, ldc)
  case .bool, .i64: preconditionFailure("GEMM on a bool tensor (matmul converts to f64)")
  }
}
