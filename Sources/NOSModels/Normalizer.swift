// The FNO paper's unit-Gaussian normalizer: per-point mean and standard deviation over samples.
import NOSGrad
import NOSTensor

/// Mean and population standard deviation over the first (sample) axis, per point, as the
/// FNO code's UnitGaussianNormalizer: `encode(x)` = (x − mean)/(std + eps), `decode(y)` =
/// y·(std + eps) + mean, both differentiable. A point with zero variance encodes to 0.
public struct Normalizer {
  public let mean: Tensor
  public let std: Tensor
  public let eps: Double

  /// Fits the statistics of `x`, a real tensor with at least one sample along axis 0.
  public init(fitting x: Tensor, eps: Double = 1e-5) throws {
    guard x.ndim >= 1, x.shape[0] >= 1, !x.dtype.isComplex else {
      throw TensorError("normalizer: needs a real tensor with at least one sample along axis 0")
    }
    let mean = try x.reduce(.mean, axes: [0], keepdims: false)
    let centred = try Tensor.binary(.sub, x, mean)
    let variance = try Tensor.binary(.mul, centred, centred)
      .reduce(.mean, axes: [0], keepdims: false)
    self.init(mean: mean, std: try variance.unary(.sqrt), eps: eps)
  }

  public init(mean: Tensor, std: Tensor, eps: Double) {
    self.mean = mean
    self.std = std
    self.eps = eps
  }

  /// (x − mean)/(std + eps); x's trailing axes must be the shape of one sample.
  public func encode(_ x: Variable) throws -> Variable { try apply(true, x) }

  /// y·(std + eps) + mean.
  public func decode(_ y: Variable) throws -> Variable { try apply(false, y) }

  private func apply(_ encode: Bool, _ x: Variable) throws -> Variable {
    let m = Variable(try mean.astype(x.dtype))
    let s = Variable(try Tensor.binary(.add, std, eps).astype(x.dtype))
    guard Array(x.shape.suffix(mean.ndim)) == mean.shape else {
      throw TensorError("normalizer: expected samples of shape \(shapeText(mean.shape)), got a "
        + "tensor of shape \(shapeText(x.shape))")
    }
    return encode ? try div(sub(x, m), s) : try add(mul(x, s), m)
  }
}
