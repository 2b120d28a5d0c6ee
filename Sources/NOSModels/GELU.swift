// GELU (exact erf form) as one fused primitive: one pass forward, one pass for its gradient.
import Dispatch
import Foundation
import NOSGrad
import NOSTensor

/// `0.5·x·(1 + erf(x/√2))` on a real tensor, with the gradient `g·(Φ(x) + x·φ(x))` fused into
/// one kernel too; second derivatives go through ordinary differentiable ops.
public func fusedGELU(_ x: Variable) throws -> Variable {
  guard !x.dtype.isComplex else { return try unary(.gelu, x) }
  let out = try GELUKernel.run(x.value, nil)
  return .record(out, [x]) { g, _, _, ins in [try geluGrad(g, ins[0])] }
}

/// `g·(Φ(x) + x·φ(x))`, differentiable in g and x.
func geluGrad(_ g: Variable, _ x: Variable) throws -> Variable {
  let dt = DType.promote(g.dtype, x.dtype)
  guard g.shape == x.shape, !dt.isComplex else {
    return try mul(g, geluSlope(x))
  }
  let out = try GELUKernel.run(x.value.astype(dt), g.value.astype(dt))
  return .record(out, [g, x]) { h, _, needs, ins in
    let g = ins[0], x = ins[1]
    // d/dg = Φ + xφ; d/dx = g·φ·(2 − x²).
    let phi = try density(x)
    return [needs[0] ? try mul(h, geluSlope(x)) : nil,
            needs[1] ? try mul(mul(h, g), mul(phi, sub(constant(2, x), mul(x, x)))) : nil]
  }
}

/// Φ(x) + x·φ(x) with ordinary ops.
private func geluSlope(_ x: Variable) throws -> Variable {
  let cdf = try mul(add(unary(.erf, mul(x, constant(1 / 2.0.squareRoot(), x))), constant(1, x)),
                    constant(0.5, x))
  return try add(cdf, mul(x, density(x)))
}

/// φ(x) = exp(−x²/2)/√(2π).
private func density(_ x: Variable) throws -> Variable {
  try mul(unary(.exp, mul(mul(x, x), constant(-0.5, x))), constant(1 / (2 * Double.pi).squareRoot(), x))
}

private func constant(_ v: Double, _ like: Variable) -> Variable {
  Variable(Tensor(v, dtype: like.dtype.real))
}

enum GELUKernel {
  /// Forward when `g` is nil, else the fused gradient `g·(Φ(x) + x·φ(x))`.
  static func run(_ x: Tensor, _ g: Tensor?) throws -> Tensor {
    let xc = try x.contiguous(), gc = try g?.contiguous()
    let out = try Tensor(uninitialized: x.shape, dtype: x.dtype)
    let n = x.count
    if x.dtype == .f32 {
      kernel(Float.self, xc.reals(Float.self), gc?.reals(Float.self), out.reals(Float.self), n)
    } else {
      kernel(Double.self, xc.reals(Double.self), gc?.reals(Double.self), out.reals(Double.self), n)
    }
    return out
  }

  private static func kernel<T: GELUScalar>(_: T.Type, _ x: UnsafeMutablePointer<T>,
                                            _ g: UnsafeMutablePointer<T>?,
                                            _ o: UnsafeMutablePointer<T>, _ n: Int) {
    let body = { (r: Range<Int>) in
      if let g {
        for i in r { o[i] = g[i] * T.slope(x[i]) }
      } else {
        for i in r { o[i] = T.gelu(x[i]) }
      }
    }
    let t = Parallel.threads
    guard t > 1, n >= 1 << 15 else { return body(0..<n) }
    let chunks = t
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      body((n * c / chunks)..<(n * (c + 1) / chunks))
    }
  }
}

protocol GELUScalar: BinaryFloatingPoint {
  static func gelu(_ x: Self) -> Self
  static func slope(_ x: Self) -> Self
}

extension Float: GELUScalar {
  @inline(__always) static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + FastMath.erf(x * 0.70710678)) }
  @inline(__always) static func slope(_ x: Float) -> Float {
    0.5 * (1 + FastMath.erf(x * 0.70710678)) + x * FastMath.exp(-0.5 * x * x) * 0.39894228
  }
}

/// Call-free single-precision erf and exp, so GELU loops vectorise.
enum FastMath {
  /// erf as the rational approximation of Eigen/XLA on x clamped to [−4, 4] (error a few
  /// ulp; erf(±4) rounds to ±1 in single precision).
  @inline(__always) static func erf(_ a: Float) -> Float {
    let x = Swift.min(Swift.max(a, -4), 4), x2 = x * x
    var p: Float = -2.72614225801306e-10
    p = p * x2 + 2.77068142495902e-08
    p = p * x2 - 2.10102402082508e-06
    p = p * x2 - 5.69250639462346e-05
    p = p * x2 - 7.34990630326855e-04
    p = p * x2 - 2.95459980854025e-03
    p = p * x2 - 1.60960333262415e-02
    var q: Float = -1.45660718464996e-05
    q = q * x2 - 2.13374055278905e-04
    q = q * x2 - 1.68282697438203e-03
    q = q * x2 - 7.37332916720468e-03
    q = q * x2 - 1.42647390514189e-02
    return x * p / q
  }

  /// exp for arguments in [−87, 0] (smaller ones give 0): 2ⁿ·P(r) with r = y − n·ln 2.
  @inline(__always) static func exp(_ y: Float) -> Float {
    let z = Swift.max(y, -87)
    let shifted = z * 1.44269504 + 12582912  // 1.5·2²³: the integer part lands in the low bits
    let n = shifted - 12582912
    let r = (z - n * 0.693145752) - n * 1.42860677e-06
    var p: Float = 1.98756915e-4
    p = p * r + 1.39819994e-3
    p = p * r + 8.33345205e-3
    p = p * r + 4.16657962e-2
    p = p * r + 0.166666657
    p = p * r + 0.5
    p = p * r * r + r + 1
    let bits = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
    let scaled = p * Float(bitPattern: bits)
    return y < -87 ? 0 : scaled
  }
}

extension Double: GELUScalar {
  @inline(__always) static func gelu(_ x: Double) -> Double {
    0.5 * x * (1 + erf(x * 0.7071067811865476))
  }
  @inline(__always) static func slope(_ x: Double) -> Double {
    0.5 * (1 + erf(x * 0.7071067811865476)) + x * exp(-0.5 * x * x) * 0.3989422804014327
  }
}
