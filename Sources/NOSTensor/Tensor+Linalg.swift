// Dense linear algebra through LAPACK: solve, inv, det, batched over leading axes.
import CLAPACKE
import Numerics

/// The LAPACK routines nos uses, for each element type.
protocol LapackScalar: TensorScalar {
  static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Self>,
                   _ ipiv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutablePointer<Self>) -> Int32
  static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32
  static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32
}

private let rowMajor = LAPACK_ROW_MAJOR

/// LAPACKE refuses (info < 0, output untouched) any input holding NaN; NumPy's LAPACK calls
/// let NaN propagate instead, so the check is turned off before the first call.
private let lapackNaNCheckOff: Void = LAPACKE_set_nancheck(0)

extension Double: LapackScalar {
  static func gesv(_ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Double>, _ p: UnsafeMutablePointer<Int32>,
                   _ b: UnsafeMutablePointer<Double>) -> Int32 { LAPACKE_dgesv(rowMajor, n, k, a, n, p, b, k) }
  static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ p: UnsafeMutablePointer<Int32>) -> Int32 {
    LAPACKE_dgetrf(rowMajor, n, n, a, n, p)
  }
  static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ p: UnsafeMutablePointer<Int32>) -> Int32 {
    LAPACKE_dgetri(rowMajor, n, a, n, p)
  }
}

extension Float: LapackScalar {
  static func gesv(_ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Float>, _ p: UnsafeMutablePointer<Int32>,
                   _ b: UnsafeMutablePointer<Float>) -> Int32 { LAPACKE_sgesv(rowMajor, n, k, a, n, p, b, k) }
  static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ p: UnsafeMutablePointer<Int32>) -> Int32 {
    LAPACKE_sgetrf(rowMajor, n, n, a, n, p)
  }
  static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ p: UnsafeMutablePointer<Int32>) -> Int32 {
    LAPACKE_sgetri(rowMajor, n, a, n, p)
  }
}

extension Complex: LapackScalar where RealType: RealScalar {
  static func gesv(_ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Self>, _ p: UnsafeMutablePointer<Int32>,
                   _ b: UnsafeMutablePointer<Self>) -> Int32 {
    if RealType.self == Double.self {
      return LAPACKE_zgesv(rowMajor, n, k, cast(a), n, p, cast(b), k)
    }
    return LAPACKE_cgesv(rowMajor, n, k, cast(a), n, p, cast(b), k)
  }
  static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ p: UnsafeMutablePointer<Int32>) -> Int32 {
    RealType.self == Double.self ? LAPACKE_zgetrf(rowMajor, n, n, cast(a), n, p)
      : LAPACKE_cgetrf(rowMajor, n, n, cast(a), n, p)
  }
  static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ p: UnsafeMutablePointer<Int32>) -> Int32 {
    RealType.self == Double.self ? LAPACKE_zgetri(rowMajor, n, cast(a), n, p)
      : LAPACKE_cgetri(rowMajor, n, cast(a), n, p)
  }
}

/// Reinterprets a complex pointer as LAPACKE's struct of the same layout.
@inline(__always)
private func cast<A, B>(_ p: UnsafeMutablePointer<A>) -> UnsafeMutablePointer<B> {
  UnsafeMutableRawPointer(p).assumingMemoryBound(to: B.self)
}

extension Tensor {
  /// Solves `A x = b` for square `A [..., n, n]`; `b` is `[..., n]` (1-D) or `[..., n, k]`.
  public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let n = try a.squareSize(op: "solve")
    let vector = b.ndim == 1
    let rhs = vector ? try b.unsqueezed(axis: 1) : b
    guard rhs.ndim >= 2, rhs.shape[rhs.ndim - 2] == n else {
      throw TensorError("shape mismatch in solve: \(shapeText(a.shape)) and \(shapeText(b.shape))")
    }
    let k = rhs.shape[rhs.ndim - 1]
    guard k <= Int(Int32.max) else { throw TensorError("solve: too many right-hand sides (\(k))") }
    let batch = try Shape.broadcast(Array(a.shape.dropLast(2)), Array(rhs.shape.dropLast(2)), op: "solve")
    let dt = DType.promote(a.dtype, b.dtype).arithmetic
    let lu = try a.astype(dt).broadcast(to: batch + [n, n], op: "solve").copied()
    let x = try rhs.astype(dt).broadcast(to: batch + [n, k], op: "solve").copied()
    let t = lapackType(dt), piv = Pivots(n)
    for i in 0..<batch.reduce(1, *) where n > 0 && k > 0 {
      let info = t.gesvAny(Int32(n), Int32(k), lu.rawPointer, i * n * n, piv.p, x.rawPointer, i * n * k)
      if info > 0 { throw TensorError("solve: matrix is singular") }
    }
    return vector ? try x.squeezed(axis: -1) : x
  }

  /// The inverse of square matrices `[..., n, n]`.
  public func inv() throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).inv() }
    let n = try squareSize(op: "inv")
    let m = try copied()
    let t = lapackType(dtype), piv = Pivots(n)
    for i in 0..<(n == 0 ? 0 : count / (n * n)) {
      if t.getrfAny(Int32(n), m.rawPointer, i * n * n, piv.p) > 0
        || t.getriAny(Int32(n), m.rawPointer, i * n * n, piv.p) > 0 {
        throw TensorError("inv: matrix is singular")
      }
    }
    return m
  }

  /// Determinants of square matrices `[..., n, n]` (0 for a singular one).
  public func det() throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).det() }
    let n = try squareSize(op: "det")
    let m = try copied()
    let batch = Array(shape.dropLast(2))
    let t = lapackType(dtype), piv = Pivots(n)
    let count = try MemoryGuard.check(elements: batch, elementSize: 16, what: "det")
    var dets = [Complex<Double>](repeating: .one, count: count)
    for i in dets.indices where n > 0 {
      if t.getrfAny(Int32(n), m.rawPointer, i * n * n, piv.p) > 0 { dets[i] = .zero; continue }
      var d = Complex<Double>.one
      for j in 0..<n {
        d = d * m.element(i * n * n + j * n + j)
        if piv.p[j] != Int32(j + 1) { d = -d }
      }
      dets[i] = d
    }
    return try Tensor(complex: dets, shape: batch, dtype: dtype.complex).astype(dtype)
  }

  private func squareSize(op: String) throws -> Int {
    _ = lapackNaNCheckOff
    guard ndim >= 2, shape[ndim - 1] == shape[ndim - 2] else {
      throw TensorError("\(op): needs square matrices [..., n, n], got shape \(shapeText(shape))")
    }
    let n = shape[ndim - 1]
    guard n <= 1 << 20 else { throw TensorError("\(op): matrix of size \(n) is too large") }
    return n
  }
}

/// LAPACK's pivot indices for one n×n factorisation.
private final class Pivots {
  let p: UnsafeMutablePointer<Int32>
  init(_ n: Int) { p = .allocate(capacity: max(n, 1)) }
  deinit { p.deallocate() }
}

private func lapackType(_ dt: DType) -> any LapackScalar.Type {
  switch dt {
  case .f32: Float.self
  case .f64: Double.self
  case .c64: Complex<Float>.self
  case .c128: Complex<Double>.self
  case .bool, .i64: preconditionFailure("LAPACK on a bool tensor (callers convert to f64)")
  }
}

extension LapackScalar {
  static func gesvAny(_ n: Int32, _ k: Int32, _ a: UnsafeMutableRawPointer, _ oa: Int,
                      _ piv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutableRawPointer, _ ob: Int) -> Int32 {
    gesv(n, k, a.assumingMemoryBound(to: Self.self) + oa, piv, b.assumingMemoryBound(to: Self.self) + ob)
  }
  static func getrfAny(_ n: Int32, _ a: UnsafeMutableRawPointer, _ oa: Int,
                       _ piv: UnsafeMutablePointer<Int32>) -> Int32 {
    getrf(n, a.assumingMemoryBound(to: Self.self) + oa, piv)
  }
  static func getriAny(_ n: Int32, _ a: UnsafeMutableRawPointer, _ oa: Int,
                       _ piv: UnsafeMutablePointer<Int32>) -> Int32 {
    getri(n, a.assumingMemoryBound(to: Self.self) + oa, piv)
  }
}
