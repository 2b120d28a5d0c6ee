// The dense parts of the recycling Krylov solvers: blocks of column vectors, BLAS products
// and the small LAPACK problems (QR, symmetric and general eigenproblems), column-major.
import CBLAS
import CLAPACKE

/// A rows × cols column-major block of doubles (a set of n-vectors), zero-initialised.
/// One owner per solve; never shared between threads.
final class Block {
  let rows: Int, cols: Int
  let p: UnsafeMutablePointer<Double>

  init(_ rows: Int, _ cols: Int) {
    self.rows = rows
    self.cols = cols
    p = .allocate(capacity: max(rows * cols, 1))
    p.initialize(repeating: 0, count: max(rows * cols, 1))
  }

  deinit { p.deallocate() }

  func col(_ j: Int) -> UnsafeMutablePointer<Double> { p + j * rows }

  /// The first `c` columns as a new block.
  func prefix(_ c: Int) -> Block {
    let b = Block(rows, c)
    b.p.update(from: p, count: rows * c)
    return b
  }

  subscript(i: Int, j: Int) -> Double {
    get { p[j * rows + i] }
    set { p[j * rows + i] = newValue }
  }
}

/// BLAS/LAPACK wrappers on raw column-major storage.
enum Dense {
  static func dot(_ n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
    cblas_ddot(Int32(n), x, 1, y, 1)
  }

  static func norm(_ n: Int, _ x: UnsafePointer<Double>) -> Double { cblas_dnrm2(Int32(n), x, 1) }

  /// y += a x
  static func axpy(_ n: Int, _ a: Double, _ x: UnsafePointer<Double>,
                   _ y: UnsafeMutablePointer<Double>) {
    cblas_daxpy(Int32(n), a, x, 1, y, 1)
  }

  static func scale(_ n: Int, _ a: Double, _ x: UnsafeMutablePointer<Double>) {
    cblas_dscal(Int32(n), a, x, 1)
  }

  /// out = Vᵀ x for the first `c` columns of V (n × c, leading dimension n).
  static func gemvT(_ v: Block, _ c: Int, _ x: UnsafePointer<Double>,
                    _ out: UnsafeMutablePointer<Double>) {
    guard c > 0 else { return }
    cblas_dgemv(CblasColMajor, CblasTrans, Int32(v.rows), Int32(c), 1, v.p, Int32(v.rows),
                x, 1, 0, out, 1)
  }

  /// y += a · V h for the first `c` columns of V.
  static func gemvN(_ v: Block, _ c: Int, _ h: UnsafePointer<Double>, _ a: Double,
                    _ y: UnsafeMutablePointer<Double>) {
    guard c > 0 else { return }
    cblas_dgemv(CblasColMajor, CblasNoTrans, Int32(v.rows), Int32(c), a, v.p, Int32(v.rows),
                h, 1, 1, y, 1)
  }

  /// Aᵀ B for the first `ca` columns of A and `cb` of B (ca × cb).
  static func gram(_ a: Block, _ ca: Int, _ b: Block, _ cb: Int) -> Block {
    let out = Block(ca, cb)
    guard ca > 0, cb > 0 else { return out }
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(ca), Int32(cb), Int32(a.rows),
                1, a.p, Int32(a.rows), b.p, Int32(b.rows), 0, out.p, Int32(ca))
    return out
  }

  /// out += V Y: V's first y.rows columns times the small matrix Y (into an n × y.cols block).
  static func combine(_ v: Block, _ y: Block, into out: Block, beta: Double = 1) {
    guard y.rows > 0, y.cols > 0 else { return }
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(v.rows), Int32(y.cols),
                Int32(y.rows), 1, v.p, Int32(v.rows), y.p, Int32(y.rows), beta, out.p,
                Int32(out.rows))
  }

  /// Cholesky factor of a small SPD block in place (lower triangle); LAPACK's info.
  static func cholesky(_ e: Block) -> Int32 {
    LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(e.rows), e.p,
                   Int32(e.rows))
  }

  /// v ← E⁻¹ v with `cholesky`'s factor.
  static func choleskySolve(_ e: Block, _ v: inout [Double]) {
    _ = LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), Int32(e.rows), 1, e.p,
                       Int32(e.rows), &v, Int32(e.rows))
  }

  /// Thin QR of an m × c block in place: returns Q (m × c) and R (c × c), or nil when
  /// LAPACK fails or R has a zero or non-finite diagonal (rank-deficient input).
  static func qr(_ a: Block) -> (q: Block, r: Block)? {
    let m = a.rows, c = a.cols
    guard m >= c, c > 0 else { return nil }
    let q = a.prefix(c)
    var tau = [Double](repeating: 0, count: c)
    let layout = LAPACK_COL_MAJOR
    guard LAPACKE_dgeqrf(layout, Int32(m), Int32(c), q.p, Int32(m), &tau) == 0 else { return nil }
    let r = Block(c, c)
    for j in 0..<c { for i in 0...j { r[i, j] = q[i, j] } }
    var rmax = 0.0, rmin = Double.infinity
    for i in 0..<c { rmax = max(rmax, abs(r[i, i])); rmin = min(rmin, abs(r[i, i])) }
    guard rmin.isFinite, rmin > 1e-12 * rmax else { return nil }
    guard LAPACKE_dorgqr(layout, Int32(m), Int32(c), Int32(c), q.p, Int32(m), &tau) == 0
    else { return nil }
    return (q, r)
  }

  /// V ← V R⁻¹ for an upper-triangular c × c R.
  static func rightSolveUpper(_ v: Block, _ r: Block) {
    cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit,
                Int32(v.rows), Int32(r.rows), 1, r.p, Int32(r.rows), v.p, Int32(v.rows))
  }

  /// The eigenvectors of the `k` smallest eigenvalues of G y = θ F y (G symmetric, F
  /// symmetric positive definite), d × k; nil when F is not positive definite.
  static func smallestSymmetric(_ g: Block, _ f: Block, _ k: Int) -> Block? {
    let d = g.rows
    guard d > 0, k > 0 else { return nil }
    let a = g.prefix(d), b = f.prefix(d)
    var w = [Double](repeating: 0, count: d)
    let info = LAPACKE_dsygv(LAPACK_COL_MAJOR, 1, CChar(UInt8(ascii: "V")),
                             CChar(UInt8(ascii: "U")), Int32(d), a.p, Int32(d), b.p, Int32(d),
                             &w)
    guard info == 0 else { return nil }
    return a.prefix(min(k, d))
  }

  /// Real vectors spanning the eigenvectors of the `k` eigenvalues of A y = θ B y with the
  /// smallest |θ| (a complex pair contributes its real and imaginary parts), d × k; nil when
  /// LAPACK fails.
  static func smallestGeneral(_ a: Block, _ b: Block, _ k: Int) -> Block? {
    let d = a.rows
    guard d > 0, k > 0 else { return nil }
    let am = a.prefix(d), bm = b.prefix(d), vr = Block(d, d)
    var ar = [Double](repeating: 0, count: d), ai = ar, be = ar, vl = [0.0]
    let n = CChar(UInt8(ascii: "N")), v = CChar(UInt8(ascii: "V"))
    let info = LAPACKE_dggev(LAPACK_COL_MAJOR, n, v, Int32(d), am.p, Int32(d), bm.p, Int32(d),
                             &ar, &ai, &be, &vl, 1, vr.p, Int32(d))
    guard info == 0 else { return nil }
    let size = (0..<d).map { j -> Double in
      let m = (ar[j] * ar[j] + ai[j] * ai[j]).squareRoot()
      return abs(be[j]) > 0 ? m / abs(be[j]) : .infinity
    }
    let chosen = (0..<d).sorted { size[$0] < size[$1] }.prefix(min(k, d))
    let out = Block(d, chosen.count)
    for (c, j) in chosen.enumerated() {
      // LAPACK stores a pair j, j+1 (ai[j] > 0) as the real and imaginary parts.
      let src = ai[j] < 0 ? j - 1 : j
      let part = ai[j] < 0 ? src + 1 : src
      guard src >= 0, part < d, (0..<d).allSatisfy({ vr[$0, part].isFinite }) else {
        return nil
      }
      for i in 0..<d { out[i, c] = vr[i, part] }
    }
    return out
  }
}
