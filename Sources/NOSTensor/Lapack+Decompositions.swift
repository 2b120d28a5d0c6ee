// The LAPACKE calls behind the decompositions, one function per routine dispatching on dtype.
import CLAPACKE

/// Row-major LAPACKE calls on raw matrix addresses; each returns LAPACK's `info`.
enum Lapack {
  private static let rm = LAPACK_ROW_MAJOR

  /// gesdd: `s` (real) and, for job "A"/"S", `u` (`uc` columns) and `vt` (n columns).
  static func gesdd(_ dt: DType, _ job: CChar, _ m: Int, _ n: Int, _ a: Raw, _ s: Raw,
                    _ u: Raw, _ uc: Int, _ vt: Raw) -> Int32 {
    let (m, n, uc) = (Int32(m), Int32(n), Int32(Swift.max(uc, 1)))
    switch dt {
    case .f64: return LAPACKE_dgesdd(rm, job, m, n, p(a), n, p(s), p(u), uc, p(vt), n)
    case .f32: return LAPACKE_sgesdd(rm, job, m, n, p(a), n, p(s), p(u), uc, p(vt), n)
    case .c128: return LAPACKE_zgesdd(rm, job, m, n, p(a), n, p(s), p(u), uc, p(vt), n)
    case .c64: return LAPACKE_cgesdd(rm, job, m, n, p(a), n, p(s), p(u), uc, p(vt), n)
    case .bool, .i64: return -1  // callers convert bool and i64 to f64 first
    }
  }

  /// syevd / heevd with eigenvectors: `a` becomes V, `w` the ascending eigenvalues.
  static func heevd(_ dt: DType, _ uplo: CChar, _ n: Int, _ a: Raw, _ w: Raw) -> Int32 {
    let n = Int32(n), v = CChar(UInt8(ascii: "V"))
    switch dt {
    case .f64: return LAPACKE_dsyevd(rm, v, uplo, n, p(a), n, p(w))
    case .f32: return LAPACKE_ssyevd(rm, v, uplo, n, p(a), n, p(w))
    case .c128: return LAPACKE_zheevd(rm, v, uplo, n, p(a), n, p(w))
    case .c64: return LAPACKE_cheevd(rm, v, uplo, n, p(a), n, p(w))
    case .bool, .i64: return -1  // callers convert bool and i64 to f64 first
    }
  }

  /// Complex geev with right eigenvectors only (`dt` is c64 or c128).
  static func geev(_ dt: DType, _ n: Int, _ a: Raw, _ w: Raw, _ vr: Raw) -> Int32 {
    let n = Int32(n), no = CChar(UInt8(ascii: "N")), yes = CChar(UInt8(ascii: "V"))
    if dt == .c128 { return LAPACKE_zgeev(rm, no, yes, n, p(a), n, p(w), p(vr), 1, p(vr), n) }
    return LAPACKE_cgeev(rm, no, yes, n, p(a), n, p(w), p(vr), 1, p(vr), n)
  }

  /// geqrf: Householder QR in place, reflector scalars in `tau`.
  static func geqrf(_ dt: DType, _ m: Int, _ n: Int, _ a: Raw, _ tau: Raw) -> Int32 {
    let (m, n) = (Int32(m), Int32(n))
    switch dt {
    case .f64: return LAPACKE_dgeqrf(rm, m, n, p(a), n, p(tau))
    case .f32: return LAPACKE_sgeqrf(rm, m, n, p(a), n, p(tau))
    case .c128: return LAPACKE_zgeqrf(rm, m, n, p(a), n, p(tau))
    case .c64: return LAPACKE_cgeqrf(rm, m, n, p(a), n, p(tau))
    case .bool, .i64: return -1  // callers convert bool and i64 to f64 first
    }
  }

  /// orgqr / ungqr: the first `qc` columns of Q from `k` reflectors.
  static func orgqr(_ dt: DType, _ m: Int, _ qc: Int, _ k: Int, _ a: Raw, _ tau: Raw) -> Int32 {
    let (m, qc, k) = (Int32(m), Int32(qc), Int32(k))
    switch dt {
    case .f64: return LAPACKE_dorgqr(rm, m, qc, k, p(a), qc, p(tau))
    case .f32: return LAPACKE_sorgqr(rm, m, qc, k, p(a), qc, p(tau))
    case .c128: return LAPACKE_zungqr(rm, m, qc, k, p(a), qc, p(tau))
    case .c64: return LAPACKE_cungqr(rm, m, qc, k, p(a), qc, p(tau))
    case .bool, .i64: return -1  // callers convert bool and i64 to f64 first
    }
  }

  /// potrf: Cholesky factor in the `uplo` triangle; info > 0 when not positive definite.
  static func potrf(_ dt: DType, _ uplo: CChar, _ n: Int, _ a: Raw) -> Int32 {
    let n = Int32(n)
    switch dt {
    case .f64: return LAPACKE_dpotrf(rm, uplo, n, p(a), n)
    case .f32: return LAPACKE_spotrf(rm, uplo, n, p(a), n)
    case .c128: return LAPACKE_zpotrf(rm, uplo, n, p(a), n)
    case .c64: return LAPACKE_cpotrf(rm, uplo, n, p(a), n)
    case .bool, .i64: return -1  // callers convert bool and i64 to f64 first
    }
  }
}

typealias Raw = UnsafeMutableRawPointer

/// A raw address as the pointer type LAPACKE wants (complex structs share the layout).
@inline(__always)
private func p<B>(_ r: Raw) -> UnsafeMutablePointer<B> { r.assumingMemoryBound(to: B.self) }
