// Broadcasting binary operations: arithmetic, powers, remainders, comparisons.
import Numerics
import CKernels
import Foundation

public enum BinaryOp: String, Sendable, CaseIterable {
  case add = "+", sub = "-", mul = "*", div = "/", pow = "^", mod = "%"
  /// ⌊a / b⌋ (Python's //); exact for i64.
  case floorDiv = "//"
  case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
  case maximum, minimum

  /// Comparisons give a bool tensor.
  public var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: true
    default: false
    }
  }
}

extension Tensor {
  /// `a op b` with NumPy broadcasting and dtype promotion.
  public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let shape = try Shape.broadcast(a.shape, b.shape, op: op.rawValue)
    let promoted = DType.promote(a.dtype, b.dtype)
    if promoted == .i64 && op.keepsIntegers {
      return try integerBinary(op, a.astype(.i64), b.astype(.i64), shape)
    }
    // Two bool operands compute in f64 (so `m1 + m2` counts); comparisons give bool.
    let dt = promoted.arithmetic
    if dt.isComplex, !(op == .add || op == .sub || op == .mul || op == .div || op == .pow
                       || op == .eq || op == .ne) {
      throw TensorError("\(op.rawValue) is not defined for complex tensors")
    }
    let x = try a.astype(dt), y = try b.astype(dt)
    var out = try Tensor(uninitialized: shape, dtype: op.isComparison ? .bool : dt)
    let walk = RowWalker(shape: shape, try x.broadcast(to: shape).strides,
                         try y.broadcast(to: shape).strides)
    if let code = [BinaryOp.add, .sub, .mul, .div].firstIndex(of: op), !dt.isComplex {
      vectorArithmetic(Int32(code), x, y, out, walk)
      return out
    }
    switch dt {
    case .f32: realBinary(op, Float.self, x, y, &out, walk)
    case .f64: realBinary(op, Double.self, x, y, &out, walk)
    case .c64: complexBinary(op, Float.self, x, y, &out, walk)
    case .c128: complexBinary(op, Double.self, x, y, &out, walk)
    case .bool, .i64: throw TensorError("internal: \(dt) arithmetic")
    }
    return out
  }

  /// `a op s` where the number takes the tensor's dtype (a "weak" scalar, as NumPy 2; with a
  /// bool tensor, f64; with an i64 tensor, i64 when integral — see `weakScalar`).
  public static func binary(_ op: BinaryOp, _ a: Tensor, _ s: Double) throws -> Tensor {
    try binary(op, a, weakScalar(s, like: a.dtype))
  }

  /// `s op a` with the number taking the tensor's dtype.
  public static func binary(_ op: BinaryOp, _ s: Double, _ a: Tensor) throws -> Tensor {
    try binary(op, weakScalar(s, like: a.dtype), a)
  }
}

/// + - * / on real tensors through the C kernels, one call per run of the walk.
private func vectorArithmetic(_ code: Int32, _ a: Tensor, _ b: Tensor, _ out: Tensor, _ w: RowWalker) {
  let (sa, sb, _) = w.innerStrides
  let double = a.dtype == .f64
  if sa <= 1 && sb <= 1 && sa + sb > 0, let (ra, rb, _) = w.singleOuterStrides, w.rows > 1 {
    // Short rows (a bias over a batch): whole blocks of rows per call.
    let n = w.inner
    Parallel.forRanges(w.rows, cost: n) { r in
      let r0 = r.lowerBound
      if double {
        nos_binary_rows_f64(code, a.pointer(Double.self) + r0 * ra, ra, sa, b.pointer(Double.self) + r0 * rb,
                            rb, sb, out.pointer(Double.self) + r0 * n, r.count, n)
      } else {
        nos_binary_rows_f32(code, a.pointer(Float.self) + r0 * ra, ra, sa, b.pointer(Float.self) + r0 * rb,
                            rb, sb, out.pointer(Float.self) + r0 * n, r.count, n)
      }
    }
    return
  }
  Parallel.forRanges(w.rows * w.inner) { range in
    w.forRuns(range) { i, n, off in
      if sa <= 1 && sb <= 1 && sa + sb > 0 {
        if double {
          nos_binary_f64(code, a.pointer(Double.self) + off.0, sa, b.pointer(Double.self) + off.1, sb,
                         out.pointer(Double.self) + i, n)
        } else {
          nos_binary_f32(code, a.pointer(Float.self) + off.0, sa, b.pointer(Float.self) + off.1, sb,
                         out.pointer(Float.self) + i, n)
        }
      } else if double {
        stridedArithmetic(code, a.pointer(Double.self) + off.0, sa, b.pointer(Double.self) + off.1, sb,
                          out.pointer(Double.self) + i, n)
      } else {
        stridedArithmetic(code, a.pointer(Float.self) + off.0, sa, b.pointer(Float.self) + off.1, sb,
                          out.pointer(Float.self) + i, n)
      }
    }
  }
}

private func stridedArithmetic<T: RealScalar>(_ code: Int32, _ a: UnsafeMutablePointer<T>, _ sa: Int,
                                              _ b: UnsafeMutablePointer<T>, _ sb: Int,
                                              _ z: UnsafeMutablePointer<T>, _ n: Int) {
  for k in 0..<n {
    let x = a[k * sa], y = b[k * sb]
    z[k] = code == 0 ? x + y : code == 1 ? x - y : code == 2 ? x * y : x / y
  }
}

private func realBinary<T: RealScalar>(_ op: BinaryOp, _: T.Type, _ a: Tensor, _ b: Tensor,
                                       _ out: inout Tensor, _ w: RowWalker) {
  let o = out.pointer(T.self), flag = out.pointer(UInt8.self)
  switch op {
  case .add, .sub, .mul, .div: break  // vectorArithmetic handles real arithmetic
  case .pow: zip2(a, b, o, w, cost: 16) { (x: T, y: T) -> T in cpow(x, y) }
  case .mod: zip2(a, b, o, w, cost: 4) { (x: T, y: T) -> T in pyMod(x, y) }
  case .floorDiv: zip2(a, b, o, w, cost: 2) { (x: T, y: T) -> T in (x / y).rounded(.down) }
  case .maximum: zip2(a, b, o, w) { (x: T, y: T) -> T in x.isNaN || y.isNaN ? T.nan : Swift.max(x, y) }
  case .minimum: zip2(a, b, o, w) { (x: T, y: T) -> T in x.isNaN || y.isNaN ? T.nan : Swift.min(x, y) }
  case .eq: zip2(a, b, flag, w) { (x: T, y: T) -> UInt8 in x == y ? 1 : 0 }
  case .ne: zip2(a, b, flag, w) { (x: T, y: T) -> UInt8 in x != y ? 1 : 0 }
  case .lt: zip2(a, b, flag, w) { (x: T, y: T) -> UInt8 in x < y ? 1 : 0 }
  case .le: zip2(a, b, flag, w) { (x: T, y: T) -> UInt8 in x <= y ? 1 : 0 }
  case .gt: zip2(a, b, flag, w) { (x: T, y: T) -> UInt8 in x > y ? 1 : 0 }
  case .ge: zip2(a, b, flag, w) { (x: T, y: T) -> UInt8 in x >= y ? 1 : 0 }
  }
}

private func complexBinary<R: RealScalar>(_ op: BinaryOp, _: R.Type, _ a: Tensor, _ b: Tensor,
                                          _ out: inout Tensor, _ w: RowWalker) {
  typealias C = Complex<R>
  switch op {
  case .add: zip2(a, b, out.pointer(C.self), w) { (x: C, y: C) in x + y }
  case .sub: zip2(a, b, out.pointer(C.self), w) { (x: C, y: C) in x - y }
  case .mul: zip2(a, b, out.pointer(C.self), w) { (x: C, y: C) in x * y }
  case .div: zip2(a, b, out.pointer(C.self), w) { (x: C, y: C) in x / y }
  case .pow: zip2(a, b, out.pointer(C.self), w, cost: 32) { (x: C, y: C) in complexPow(x, y) }
  // Componentwise on the stored parts: swift-numerics' == calls all non-finite values equal.
  case .eq: zip2(a, b, out.pointer(UInt8.self), w) { (x: C, y: C) -> UInt8 in ceq(x, y) ? 1 : 0 }
  default: zip2(a, b, out.pointer(UInt8.self), w) { (x: C, y: C) -> UInt8 in ceq(x, y) ? 0 : 1 }
  }
}

/// The loop under every binary op: contiguous and scalar-broadcast rows get their own loops.
@inline(__always)
func zip2<T, R>(_ a: Tensor, _ b: Tensor, _ o: UnsafeMutablePointer<R>, _ w: RowWalker,
                        cost: Int = 1, _ f: (T, T) -> R) {
  let pa = a.pointer(T.self), pb = b.pointer(T.self)
  let (sa, sb, _) = w.innerStrides
  Parallel.forRanges(w.rows * w.inner, cost: cost) { range in
    w.forRuns(range) { i, n, off in
      let x = pa + off.0, y = pb + off.1, z = o + i
      if sa == 1 && sb == 1 {
        for k in 0..<n { z[k] = f(x[k], y[k]) }
      } else if sa == 1 && sb == 0 {
        let c = y[0]
        for k in 0..<n { z[k] = f(x[k], c) }
      } else if sa == 0 && sb == 1 {
        let c = x[0]
        for k in 0..<n { z[k] = f(c, y[k]) }
      } else {
        for k in 0..<n { z[k] = f(x[k * sa], y[k * sb]) }
      }
    }
  }
}

/// IEEE equality of both parts (NaN is unequal to everything, inf ≠ -inf).
@inline(__always)
func ceq<R: RealScalar>(_ x: Complex<R>, _ y: Complex<R>) -> Bool {
  x.storedReal == y.storedReal && x.storedImaginary == y.storedImaginary
}

/// C's pow (a negative base with an integral exponent works, as in NumPy).
@inline(__always)
func cpow<T: RealScalar>(_ x: T, _ y: T) -> T { T.libmPow(x, y) }

/// Python's remainder: the result takes the sign of the divisor.
@inline(__always)
func pyMod<T: RealScalar>(_ a: T, _ b: T) -> T {
  let r = a.truncatingRemainder(dividingBy: b)
  if r == 0 { return T(signOf: b, magnitudeOf: 0) }  // a zero takes the divisor's sign too
  return (r < 0) != (b < 0) ? r + b : r
}

/// z^w with 0^w = 0 for Re w > 0 and 0^0 = 1.
@inline(__always)
func complexPow<R: RealScalar>(_ z: Complex<R>, _ w: Complex<R>) -> Complex<R> {
  if z == .zero {
    if w == .zero { return .one }
    return w.real > 0 ? .zero : Complex(R.nan, R.nan)
  }
  if w.imaginary == 0, let n = Int(exactly: w.real), n.magnitude <= 64 {  // abs(Int.min) traps
    return Complex.pow(z, n)
  }
  return Complex.exp(w * Complex.log(z))
}
