// GELU (exact erf form) as one fused primitive: one pass forward, one pass for its gradient.
import CKernels
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
  /// Forward when `g` is nil, else the fused gradient `g·(Φ(x) + x·φ(x))`. Single precision
  /// runs the C kernels (compiled for AVX-512/AVX2, rational erf); double uses libm.
  static func run(_ x: Tensor, _ g: Tensor?) throws -> Tensor {
    let xc = try x.contiguous(), gc = try g?.contiguous()
    let out = try Tensor(uninitialized: x.shape, dtype: x.dtype)
    let n = x.count
    if x.dtype == .f32 {
      let xp = xc.reals(Float.self), gp = gc?.reals(Float.self), op = out.reals(Float.self)
      Parallel.forRanges(n, cost: 8) { r in
        let i = r.lowerBound
        if let gp { nos_gelu_backward_f32(gp + i, xp + i, op + i, r.count) }
        else { nos_gelu_f32(xp + i, op + i, r.count) }
      }
    } else {
      let xp = xc.reals(Double.self), gp = gc?.reals(Double.self), op = out.reals(Double.self)
      Parallel.forRanges(n, cost: 32) { r in
        if let gp { for i in r { op[i] = gp[i] * slope(xp[i]) } }
        else { for i in r { op[i] = gelu(xp[i]) } }
      }
    }
    return out
  }

  @inline(__always) static func gelu(_ x: Double) -> Double {
    0.5 * x * (1 + erf(x * 0.7071067811865476))
  }

  @inline(__always) static func slope(_ x: Double) -> Double {
    0.5 * (1 + erf(x * 0.7071067811865476)) + x * exp(-0.5 * x * x) * 0.3989422804014327
  }
}
