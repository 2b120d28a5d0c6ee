// Matrix decompositions through LAPACK, batched over leading axes: svd, eigh, eig, qr, cholesky.
import CLAPACKE
import Numerics

/// A stack of matrices `[..., m, n]` copied to contiguous storage, one LAPACK call per matrix.
struct MatrixStack {
  let batch: [Int]
  let m: Int
  let n: Int
  let data: Tensor
  var count: Int { batch.reduce(1, *) }

  /// Checks the shape (square when asked) and copies `t` converted to `dtype`.
  init(_ t: Tensor, op: String, square: Bool = false, dtype: DType? = nil) throws {
    _ = nanCheckOff
    guard t.ndim >= 2 else {
      let what = square ? "square matrices [..., n, n]" : "matrices [..., m, n]"
      throw TensorError("\(op): needs \(what), got shape \(shapeText(t.shape))")
    }
    m = t.shape[t.ndim - 2]
    n = t.shape[t.ndim - 1]
    if square && m != n {
      throw TensorError("\(op): needs square matrices [..., n, n], got shape \(shapeText(t.shape))")
    }
    guard m <= 1 << 20, n <= 1 << 20, m * n <= Int(Int32.max) else {
      throw TensorError("\(op): matrices of shape [\(m), \(n)] are too large for LAPACK")
    }
    batch = Array(t.shape.dropLast(2))
    data = try t.astype(dtype ?? t.dtype.arithmetic).copied()
  }

  /// Matrix `i` of the copy.
  func at(_ i: Int) -> UnsafeMutableRawPointer { data.rawPointer + i * m * n * data.dtype.size }
}

/// LAPACKE refuses inputs holding NaN unless its check is off (NumPy lets NaN through).
private let nanCheckOff: Void = LAPACKE_set_nancheck(0)

/// LAPACK answers a negative info for the matrix argument when it holds NaN (infinities
/// become NaN while it scales); NumPy reports both as "did not converge".
private func nonFinite(_ info: Int32) -> String {
  info < 0 ? " (the matrix has NaN or infinite entries)" : ""
}

/// A fresh tensor of `shape` and the address of its `i`-th block of `block` elements.
struct Blocks {
  let t: Tensor
  let block: Int
  init(_ shape: [Int], _ dtype: DType) throws {
    t = try Tensor.zeros(shape, dtype: dtype)
    block = shape.suffix(2).reduce(1, *)
  }
  init(vectors shape: [Int], _ dtype: DType) throws {
    t = try Tensor.zeros(shape, dtype: dtype)
    block = shape.last ?? 1
  }
  func at(_ i: Int) -> UnsafeMutableRawPointer { t.rawPointer + i * block * t.dtype.size }
}

extension Tensor {
  /// Singular value decomposition `A = U diag(S) Vh` of `[..., m, n]` (LAPACK gesdd), with
  /// S descending and real. Full: U `[m, m]`, Vh `[n, n]`; reduced: U `[m, k]`, Vh `[k, n]`,
  /// k = min(m, n). Empty matrices give identity or empty factors, as NumPy.
  public func svd(fullMatrices: Bool) throws -> (u: Tensor, s: Tensor, vh: Tensor) {
    if dtype.isDiscrete { return try astype(.f64).svd(fullMatrices: fullMatrices) }
    let a = try MatrixStack(self, op: "svd")
    let (m, n) = (a.m, a.n), k = Swift.min(m, n)
    let uc = fullMatrices ? m : k, vr = fullMatrices ? n : k
    let u = try Blocks(a.batch + [m, uc], dtype), vh = try Blocks(a.batch + [vr, n], dtype)
    let s = try Blocks(vectors: a.batch + [k], dtype.real)
    if k == 0 {
      if fullMatrices { try u.t.setIdentity(); try vh.t.setIdentity() }
      return (u.t, s.t, vh.t)
    }
    let job = CChar(UInt8(ascii: fullMatrices ? "A" : "S"))
    for i in 0..<a.count {
      let info = Lapack.gesdd(dtype, job, m, n, a.at(i), s.at(i), u.at(i), uc, vh.at(i))
      if info != 0 { throw TensorError("svd: did not converge" + nonFinite(info)) }
    }
    return (u.t, s.t, vh.t)
  }

  /// Singular values only, descending, `[..., min(m, n)]`.
  public func svdvals(op: String = "svd") throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).svdvals(op: op) }
    let a = try MatrixStack(self, op: op)
    let k = Swift.min(a.m, a.n)
    let s = try Blocks(vectors: a.batch + [k], dtype.real)
    let job = CChar(UInt8(ascii: "N"))
    for i in 0..<a.count where k > 0 {
      let info = Lapack.gesdd(dtype, job, a.m, a.n, a.at(i), s.at(i), a.at(i), 1, a.at(i))
      if info != 0 { throw TensorError("\(op): SVD did not converge" + nonFinite(info)) }
    }
    return s.t
  }

  /// Eigenvalues (ascending, real) and orthonormal eigenvectors (columns of V) of Hermitian
  /// matrices `[..., n, n]`, reading only the lower (or upper) triangle (LAPACK syevd/heevd).
  public func eigh(upper: Bool = false) throws -> (w: Tensor, v: Tensor) {
    if dtype.isDiscrete { return try astype(.f64).eigh(upper: upper) }
    let a = try MatrixStack(self, op: "eigh", square: true)
    let w = try Blocks(vectors: a.batch + [a.n], dtype.real)
    let uplo = CChar(UInt8(ascii: upper ? "U" : "L"))
    for i in 0..<a.count where a.n > 0 {
      let info = Lapack.heevd(dtype, uplo, a.n, a.at(i), w.at(i))
      if info != 0 { throw TensorError("eigh: did not converge" + nonFinite(info)) }
    }
    return (w.t, a.data)
  }

  /// Eigenvalues and right eigenvectors (columns, unit norm) of general square matrices,
  /// always complex (LAPACK's complex geev); the order is LAPACK's, not sorted.
  public func eig() throws -> (w: Tensor, v: Tensor) {
    if dtype.isDiscrete { return try astype(.f64).eig() }
    let a = try MatrixStack(self, op: "eig", square: true, dtype: dtype.complex)
    let n = a.n
    let w = try Blocks(vectors: a.batch + [n], dtype.complex)
    let v = try Blocks(a.batch + [n, n], dtype.complex)
    for i in 0..<a.count where n > 0 {
      let info = Lapack.geev(dtype.complex, n, a.at(i), w.at(i), v.at(i))
      if info != 0 { throw TensorError("eig: did not converge" + nonFinite(info)) }
    }
    return (w.t, v.t)
  }

  /// QR factorisation (LAPACK geqrf, orgqr/ungqr): reduced Q `[m, k]`, R `[k, n]`; complete
  /// Q `[m, m]`, R `[m, n]`. R's diagonal is real (LAPACK's reflectors), of either sign.
  public func qr(complete: Bool) throws -> (q: Tensor, r: Tensor) {
    if dtype.isDiscrete { return try astype(.f64).qr(complete: complete) }
    let a = try MatrixStack(self, op: "qr")
    let (m, n) = (a.m, a.n), k = Swift.min(m, n), qc = complete ? m : k
    let q = try Blocks(a.batch + [m, qc], dtype), r = try Blocks(a.batch + [qc, n], dtype)
    let size = dtype.size
    let tau = try Tensor.zeros([Swift.max(k, 1)], dtype: dtype)
    for i in 0..<a.count where m > 0 {
      if k > 0, Lapack.geqrf(dtype, m, n, a.at(i), tau.rawPointer) != 0 {
        throw TensorError("qr: LAPACK geqrf failed")
      }
      let src = a.at(i), qp = q.at(i), rp = r.at(i)
      for row in 0..<Swift.min(qc, n) {  // R: the upper triangle of the factored copy
        (rp + (row * n + row) * size).copyMemory(from: src + (row * n + row) * size,
                                                  byteCount: (n - row) * size)
      }
      for row in 0..<m {  // the reflectors, in Q's first min(k, qc) columns
        (qp + row * qc * size).copyMemory(from: src + row * n * size, byteCount: k * size)
      }
      if qc > 0, Lapack.orgqr(dtype, m, qc, k, qp, tau.rawPointer) != 0 {
        throw TensorError("qr: LAPACK orgqr failed")
      }
    }
    return (q.t, r.t)
  }

  /// The lower-triangular L with `A = L Lᴴ` of Hermitian positive-definite `[..., n, n]`
  /// (LAPACK potrf, reading the lower triangle).
  public func cholesky() throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).cholesky() }
    let a = try MatrixStack(self, op: "cholesky", square: true)
    let n = a.n, size = dtype.size
    let lower = CChar(UInt8(ascii: "L"))
    for i in 0..<a.count where n > 0 {
      let info = Lapack.potrf(dtype, lower, n, a.at(i))
      if info > 0 { throw TensorError("cholesky: matrix is not positive definite") }
      if info < 0 { throw TensorError("cholesky: LAPACK potrf failed (info \(info))") }
      let p = a.at(i)
      for row in 0..<n where row + 1 < n {
        (p + (row * n + row + 1) * size).initializeMemory(as: UInt8.self, repeating: 0,
                                                          count: (n - row - 1) * size)
      }
    }
    return a.data
  }

  /// Writes the identity into every trailing matrix of a fresh contiguous zero tensor.
  func setIdentity() throws {
    let r = shape[ndim - 2], c = shape[ndim - 1]
    let one = try Tensor.ones([1], dtype: dtype), size = dtype.size
    for b in 0..<(r * c == 0 ? 0 : count / (r * c)) {
      for j in 0..<Swift.min(r, c) {
        (rawPointer + (b * r * c + j * c + j) * size).copyMemory(from: one.rawPointer,
                                                                 byteCount: size)
      }
    }
  }
}
