// Differentiable losses: mean squared error, relative L2 (the FNO paper's LpLoss), relative H1.
import Foundation
import NOSGrad
import NOSTensor

/// Losses as `Variable` functions returning a real 0-d tensor, differentiable in both
/// arguments (to any order). Complex inputs use the modulus: |z|² = re² + im².
public enum Losses {
  /// Mean squared error: mean over all elements of |a − b|². The shapes must be equal, or
  /// one side a 0-d tensor (a single number) — a broadcast between different shapes
  /// ([B, 1] against [B]) is almost always a bug, so it is an error.
  public static func mse(_ a: Variable, _ b: Variable) throws -> Variable {
    if a.shape != b.shape && a.value.ndim > 0 && b.value.ndim > 0 {
      throw shapeError("mse", a, b)
    }
    return try reduceMean(squaredModulus(sub(a, b)))
  }

  /// Relative L2 error averaged over the batch (the first axis), as the FNO paper's LpLoss:
  /// mean_i ‖pred_i − true_i‖₂ / ‖true_i‖₂, each norm over all the other axes. A 1-D tensor
  /// is one sample (‖pred − true‖ / ‖true‖). A sample whose true value is all zeros gives
  /// inf or nan. Where pred_i = true_i the gradient is 0 (not nan).
  public static func relativeL2(_ pred: Variable, _ target: Variable) throws -> Variable {
    guard pred.shape == target.shape else { throw shapeError("rel_l2", pred, target) }
    guard pred.value.ndim >= 1 else {
      throw TensorError("rel_l2: needs tensors with at least one axis (the batch), got 0-d ones")
    }
    let one = pred.value.ndim == 1
    let p = one ? try unsqueeze(pred, axis: 0) : pred
    let t = one ? try unsqueeze(target, axis: 0) : target
    let axes = Array(1..<p.value.ndim)
    let num = try safeSqrt(reduceSum(squaredModulus(sub(p, t)), axes: axes))
    let den = try safeSqrt(reduceSum(squaredModulus(t), axes: axes))
    return try reduceMean(div(num, den))
  }

  /// Relative H1 error averaged over the batch, for fields [B, C, X] or [B, C, X, Y]
  /// sampled on the periodic unit interval or square (grid points at j/X).
  ///
  /// With F the unnormalised DFT over the spatial axes and k the signed integer wavenumbers
  /// (k_j = min(j, N − j) in magnitude), each sample's squared H1 norm is
  ///   ‖u‖²_H1 = Σ_c Σ_k (1 + 4π²|k|²) |F(u_c)(k)|² / N²,
  /// which is ∫|u|² + |∇u|² over the unit domain for the trigonometric interpolant of the
  /// grid values (the derivative taken spectrally, ∂ ↦ 2πik). The loss is
  ///   mean_b ‖pred_b − true_b‖_H1 / ‖true_b‖_H1,
  /// norms over all channels and spatial points of a sample together. (neuraloperator's
  /// H1Loss uses finite differences for the derivative; this is its spectral counterpart.)
  public static func h1(_ pred: Variable, _ target: Variable) throws -> Variable {
    guard pred.shape == target.shape else { throw shapeError("h1", pred, target) }
    let nd = pred.value.ndim
    guard nd == 3 || nd == 4 else {
      throw TensorError("h1: expects fields of shape [B, C, X] or [B, C, X, Y], got "
        + shapeText(pred.shape))
    }
    // The weights span the field's last axes; an empty field must not build them.
    guard pred.value.count > 0 else {
      throw TensorError("h1: empty fields (shape \(shapeText(pred.shape)))")
    }
    let rank = nd - 2
    let precision = DType.promote(pred.dtype, target.dtype).real
    let w = Variable(try h1Weights(Array(pred.shape.suffix(rank)), dtype: precision))
    func energy(_ u: Variable) throws -> Variable {
      let spectrum = try fourier(rank == 1 ? .fft : .fft2, u)
      return try reduceSum(mul(squaredModulus(spectrum), w), axes: Array(1..<nd))
    }
    let num = try safeSqrt(energy(sub(pred, target)))
    let den = try safeSqrt(energy(target))
    return try reduceMean(div(num, den))
  }

  /// 1 + 4π²|k|² on the DFT grid of `sizes` (one or two axes).
  static func h1Weights(_ sizes: [Int], dtype: DType) throws -> Tensor {
    func k2(_ j: Int, _ n: Int) -> Double {
      let k = Double(Swift.min(j, n - j))
      return k * k
    }
    let c = 4 * Double.pi * Double.pi
    var values: [Double] = []
    if sizes.count == 1 {
      values = (0..<sizes[0]).map { 1 + c * k2($0, sizes[0]) }
    } else {
      for i in 0..<sizes[0] {
        for j in 0..<sizes[1] { values.append(1 + c * (k2(i, sizes[0]) + k2(j, sizes[1]))) }
      }
    }
    return try Tensor(values, shape: sizes, dtype: dtype)
  }

  /// |x|² as a real tensor (x·x for reals, re² + im² for complex).
  static func squaredModulus(_ x: Variable) throws -> Variable {
    guard x.dtype.isComplex else { return try mul(x, x) }
    return try cast(mul(x, conjugate(x)), x.dtype.real)
  }

  /// √s for s ≥ 0 whose gradient at s = 0 is 0 rather than nan (so a loss term that is
  /// exactly zero does not poison the gradient).
  static func safeSqrt(_ s: Variable) throws -> Variable {
    let zero = Variable(Tensor(0, dtype: s.dtype)), one = Variable(Tensor(1, dtype: s.dtype))
    let positive = try compare(.gt, s, zero)
    return try select(positive, unary(.sqrt, select(positive, s, one)), zero)
  }

  private static func shapeError(_ op: String, _ a: Variable, _ b: Variable) -> TensorError {
    TensorError("shape mismatch in \(op): \(shapeText(a.shape)) and \(shapeText(b.shape))")
  }
}
