// Elementwise functions of one tensor: abs, sqrt, exp, …, activations, rounding, complex parts.
import CKernels
import Foundation
import Numerics

public enum UnaryOp: String, Sendable, CaseIterable {
  case neg, abs, sqrt, exp, log, sin, cos, tan, tanh, sinh, cosh
  case asin, acos, atan, log1p, expm1, erf, square, reciprocal
  case relu, gelu, sigmoid, softplus, sign, floor, ceil, round
  case real, imag, conj, angle

  /// Ops whose result is real even for a complex input.
  var givesReal: Bool { self == .abs || self == .real || self == .imag || self == .angle }

  /// Ops defined for complex tensors.
  var complexOK: Bool {
    switch self {
    case .neg, .abs, .sqrt, .exp, .log, .sin, .cos, .tan, .tanh, .sinh, .cosh, .square,
         .reciprocal, .sign, .real, .imag, .conj, .angle: true
    default: false
    }
  }

  /// The op's code in unary.c's loops for real tensors (nil: the Swift closures below).
  var cCode: Int32? {
    let code: Int
    switch self {
    case .neg: code = NOS_UNARY_NEG
    case .abs: code = NOS_UNARY_ABS
    case .sqrt: code = NOS_UNARY_SQRT
    case .square: code = NOS_UNARY_SQUARE
    case .reciprocal: code = NOS_UNARY_RECIPROCAL
    case .exp: code = NOS_UNARY_EXP
    case .log: code = NOS_UNARY_LOG
    case .sin: code = NOS_UNARY_SIN
    case .cos: code = NOS_UNARY_COS
    case .erf: code = NOS_UNARY_ERF
    case .relu: code = NOS_UNARY_RELU
    case .sigmoid: code = NOS_UNARY_SIGMOID
    case .softplus: code = NOS_UNARY_SOFTPLUS
    case .tanh: code = NOS_UNARY_TANH
    case .gelu: code = NOS_UNARY_GELU
    case .tan: code = NOS_UNARY_TAN
    case .sinh: code = NOS_UNARY_SINH
    case .cosh: code = NOS_UNARY_COSH
    case .asin: code = NOS_UNARY_ASIN
    case .acos: code = NOS_UNARY_ACOS
    case .atan: code = NOS_UNARY_ATAN
    case .log1p: code = NOS_UNARY_LOG1P
    case .expm1: code = NOS_UNARY_EXPM1
    case .sign: code = NOS_UNARY_SIGN
    case .floor: code = NOS_UNARY_FLOOR
    case .ceil: code = NOS_UNARY_CEIL
    case .round: code = NOS_UNARY_ROUND
    case .real, .imag, .conj, .angle: return nil
    }
    return Int32(code)
  }

  /// Rough cost in simple operations, to decide when threads pay off.
  var cost: Int {
    switch self {
    case .neg, .abs, .square, .relu, .sign, .floor, .ceil, .round, .real, .imag, .conj: 1
    default: 16
    }
  }
}

extension Tensor {
  /// Applies `op` to every element.
  public func unary(_ op: UnaryOp) throws -> Tensor {
    if dtype == .i64, let exact = try integerUnary(op) { return exact }
    if dtype.isDiscrete { return try astype(.f64).unary(op) }
    if dtype.isComplex && !op.complexOK {
      throw TensorError("\(op.rawValue) is not defined for complex tensors")
    }
    var out = try Tensor(uninitialized: shape, dtype: op.givesReal ? dtype.real : dtype)
    if try vectorKernel(op, into: out) { return out }
    let walk = RowWalker(shape: shape, strides)
    switch dtype {
    case .f32: realUnary(op, Float.self, self, &out, walk)
    case .f64: realUnary(op, Double.self, self, &out, walk)
    case .c64: complexUnary(op, Float.self, self, &out, walk)
    case .c128: complexUnary(op, Double.self, self, &out, walk)
    case .bool, .i64: break  // converted above
    }
    return out
  }
}

extension Tensor {
  /// unary.c's loops (libm, or kernels.c's vectorised approximations) for real tensors.
  fileprivate func vectorKernel(_ op: UnaryOp, into out: Tensor) throws -> Bool {
    guard let code = op.cCode, dtype == .f32 || dtype == .f64 else { return false }
    let src = try contiguous()
    if dtype == .f64 {
      let (x, y) = (src.pointer(Double.self), out.pointer(Double.self))
      Parallel.forRanges(count, cost: op.cost) { r in
        _ = nos_unary_f64(code, x + r.lowerBound, y + r.lowerBound, r.count)
      }
    } else {
      let (x, y) = (src.pointer(Float.self), out.pointer(Float.self))
      Parallel.forRanges(count, cost: op.cost) { r in
        _ = nos_unary_f32(code, x + r.lowerBound, y + r.lowerBound, r.count)
      }
    }
    return true
  }
}

private func realUnary<T: RealScalar>(_ op: UnaryOp, _: T.Type, _ x: Tensor, _ out: inout Tensor,
                                      _ w: RowWalker) {
  let o = out.pointer(T.self)
  @inline(__always) func run(_ f: (T) -> T) { map1(x, o, w, cost: op.cost, f) }
  switch op {
  case .real, .conj: run { $0 }
  case .imag: run { _ in 0 }
  case .angle: run { $0 < 0 ? T.pi : ($0.isNaN ? $0 : 0) }
  default: break  // vectorKernel: every other op has a `cCode` (unary.c's loops)
  }
}

private func complexUnary<R: RealScalar>(_ op: UnaryOp, _: R.Type, _ x: Tensor,
                                         _ out: inout Tensor, _ w: RowWalker) {
  typealias C = Complex<R>
  let o = out.pointer(C.self), r = out.pointer(R.self)
  @inline(__always) func run(_ f: (C) -> C) { map1(x, o, w, cost: 32, f) }
  @inline(__always) func toReal(_ f: (C) -> R) { map1(x, r, w, cost: 4, f) }
  switch op {
  case .neg: run { -$0 }
  case .sqrt: run { C.sqrt($0) }
  case .exp: run { C.exp($0) }
  case .log: run { C.log($0) }
  case .sin: run { C.sin($0) }
  case .cos: run { C.cos($0) }
  case .tan: run { C.tan($0) }
  case .tanh: run { C.tanh($0) }
  case .sinh: run { C.sinh($0) }
  case .cosh: run { C.cosh($0) }
  case .square: run { $0 * $0 }
  case .reciprocal: run { C.one / $0 }
  case .sign: run { $0 == .zero ? .zero : $0.divided(by: $0.length) }
  case .conj: run { $0.conjugate }
  // swift-numerics' length is +inf for any non-finite value; |nan + 0i| must be nan.
  case .abs: toReal { $0.isFinite ? $0.length : R.hypot($0.storedReal, $0.storedImaginary) }
  case .real: toReal { $0.storedReal }
  case .imag: toReal { $0.storedImaginary }
  case .angle: toReal { R.atan2(y: $0.storedImaginary, x: $0.storedReal) }
  default: break  // rejected before dispatch
  }
}

/// The loop under every unary op.
@inline(__always)
func map1<T, R>(_ x: Tensor, _ o: UnsafeMutablePointer<R>, _ w: RowWalker, cost: Int,
                _ f: (T) -> R) {
  let p = x.pointer(T.self)
  let s = w.innerStrides.0
  Parallel.forRanges(w.rows * w.inner, cost: cost) { range in
    w.forRuns(range) { i, n, off in
      let a = p + off.0, z = o + i
      if s == 1 { for k in 0..<n { z[k] = f(a[k]) } } else {
        for k in 0..<n { z[k] = f(a[k * s]) }
      }
    }
  }
}

extension Tensor {
  /// scale·a·b·c for real tensors of one shape and dtype, in one pass.
  public static func product3(_ a: Tensor, _ b: Tensor, _ c: Tensor, scale: Double) throws -> Tensor {
    let (x, y, z) = (try a.contiguous(), try b.contiguous(), try c.contiguous())
    let out = try Tensor(uninitialized: a.shape, dtype: a.dtype)
    let n = out.count
    if a.dtype == .f64 {
      let (p, q, r, o) = (x.pointer(Double.self), y.pointer(Double.self), z.pointer(Double.self), out.pointer(Double.self))
      Parallel.forRanges(n) { rg in
        let k = rg.lowerBound
        nos_product3_f64(p + k, q + k, r + k, scale, o + k, rg.count)
      }
    } else {
      let (p, q, r, o) = (x.pointer(Float.self), y.pointer(Float.self), z.pointer(Float.self), out.pointer(Float.self))
      Parallel.forRanges(n) { rg in
        let k = rg.lowerBound
        nos_product3_f32(p + k, q + k, r + k, Float(scale), o + k, rg.count)
      }
    }
    return out
  }
}
