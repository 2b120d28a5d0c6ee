// Random matrices with orthonormal columns (Haar-distributed), through LAPACK's QR.
import CLAPACKE

extension Tensor {
  /// A `[rows, cols]` matrix with orthonormal columns (`cols ≤ rows`), drawn uniformly from
  /// the Stiefel manifold: the Q of a Gaussian matrix's QR with the signs of R's diagonal
  /// folded in (without them Q would be biased). Real values, stored as `dtype`.
  public static func randomOrthonormal(_ rows: Int, _ cols: Int, dtype: DType = .f64) throws -> Tensor {
    guard rows >= 1, cols >= 1, cols <= rows, rows <= 1 << 20 else {
      throw TensorError("randomOrthonormal: needs 1 ≤ cols ≤ rows, got \(rows)×\(cols)")
    }
    var a = try Tensor.randn([rows, cols]).toArray()
    var tau = [Double](repeating: 0, count: cols)
    let m = Int32(rows), n = Int32(cols)
    var info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, n, &a, n, &tau)
    // R's diagonal sits in the upper triangle until dorgqr overwrites it with Q.
    let signs = (0..<cols).map { a[$0 * cols + $0] < 0 ? -1.0 : 1.0 }
    if info == 0 { info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, n, n, &a, n, &tau) }
    guard info == 0 else { throw TensorError("randomOrthonormal: LAPACK failed (info \(info))") }
    for i in 0..<rows { for j in 0..<cols { a[i * cols + j] *= signs[j] } }
    return try Tensor(a, shape: [rows, cols]).astype(dtype)
  }
}
