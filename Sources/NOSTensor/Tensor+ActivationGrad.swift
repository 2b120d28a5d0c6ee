// The derivatives of tanh, relu, sigmoid and GELU applied to an incoming gradient, one pass
// each (kernels.c, unary.c). Composed, each took two to ten passes over a training step's
// largest tensors. NOSGrad's unary rules call them; the values equal the composed formulas.
import CKernels

extension Tensor {
  /// g·(1 − y²) from tanh's output y.
  public static func tanhBackward(_ g: Tensor, _ y: Tensor) throws -> Tensor {
    try fused(g, y, nos_tanh_backward_f32, nos_tanh_backward_f64) {
      try binary(.mul, g, binary(.sub, 1, binary(.mul, y, y)))
    }
  }

  /// g·[x > 0] from relu's input x.
  public static func reluBackward(_ g: Tensor, _ x: Tensor) throws -> Tensor {
    try fused(g, x, nos_relu_backward_f32, nos_relu_backward_f64) {
      try binary(.mul, g, binary(.gt, x, 0))
    }
  }

  /// g·y(1 − y) from sigmoid's output y.
  public static func sigmoidBackward(_ g: Tensor, _ y: Tensor) throws -> Tensor {
    try fused(g, y, nos_sigmoid_backward_f32, nos_sigmoid_backward_f64) {
      try binary(.mul, g, binary(.mul, y, binary(.sub, 1, y)))
    }
  }

  /// g·(Φ(x) + x·φ(x)) from GELU's input x: Φ the normal distribution, φ its density.
  /// Single precision uses the vectorised erf and exp of nos_gelu_f32 (a few ulp).
  public static func geluBackward(_ g: Tensor, _ x: Tensor) throws -> Tensor {
    try fused(g, x, nos_gelu_backward_f32, nos_gelu_backward_f64, cost: 16) {
      let cdf = try binary(.mul, 0.5, binary(.add, 1, binary(.mul, x, 0.5.squareRoot()).unary(.erf)))
      let pdf = try binary(.mul, binary(.mul, -0.5, binary(.mul, x, x)).unary(.exp),
                           1 / (2 * Double.pi).squareRoot())
      return try binary(.mul, g, binary(.add, cdf, binary(.mul, x, pdf)))
    }
  }

  /// Runs a C kernel z = f(g, t) on two real tensors of one shape and dtype (split between
  /// threads by `cost`, roughly the operations per element); anything else (broadcasting,
  /// mixed or complex dtypes) takes `composed`.
  private static func fused(
    _ g: Tensor, _ t: Tensor,
    _ f32: (UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void,
    _ f64: (UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void,
    cost: Int = 1, composed: () throws -> Tensor
  ) throws -> Tensor {
    guard g.shape == t.shape, g.dtype == t.dtype, g.dtype == .f32 || g.dtype == .f64 else {
      return try composed()
    }
    let gc = try g.contiguous(), tc = try t.contiguous()
    let out = try Tensor(uninitialized: g.shape, dtype: g.dtype)
    if g.dtype == .f64 {
      let a = gc.pointer(Double.self), b = tc.pointer(Double.self), z = out.pointer(Double.self)
      Parallel.forRanges(out.count, cost: cost) { r in
        let k = r.lowerBound
        f64(a + k, b + k, z + k, r.count)
      }
    } else {
      let a = gc.pointer(Float.self), b = tc.pointer(Float.self), z = out.pointer(Float.self)
      Parallel.forRanges(out.count, cost: cost) { r in
        let k = r.lowerBound
        f32(a + k, b + k, z + k, r.count)
      }
    }
    return out
  }
}
