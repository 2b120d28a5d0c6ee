// Gradient checking: reverse-mode gradients against central differences (torch's gradcheck).
import Numerics
import NOSTensor

/// Checks gradients the way `torch.autograd.gradcheck` does: every element (or the first
/// `limit` of each input) is moved by ±h and the central difference of the real scalar
/// function is compared with the reverse-mode gradient. A complex element is moved in its
/// real and imaginary parts separately; the gradient convention is PyTorch's,
/// ∂f/∂Re + i·∂f/∂Im.
public enum GradientCheck {
  /// The central-difference gradient of `f` at `x` (complex when `x` is), over the first
  /// `limit` elements (the rest are 0).
  public static func numericGradient(
    of f: (Tensor) throws -> Double, at x: Tensor, step h: Double = 1e-6, limit: Int? = nil
  ) throws -> Tensor {
    let base = x.toComplexArray()
    var out = [Complex<Double>](repeating: .zero, count: base.count)
    for i in base.indices.prefix(limit ?? base.count) {
      for part in x.dtype.isComplex ? [Complex<Double>(1, 0), Complex(0, 1)] : [Complex(1, 0)] {
        func at(_ s: Double) throws -> Double {
          var v = base
          v[i] = v[i] + part * Complex(s * h, 0)
          return try f(moved(v, like: x))
        }
        let d = (try at(1) - at(-1)) / (2 * h)
        out[i] = out[i] + part * Complex(d, 0)
      }
    }
    return try Tensor(complex: out, shape: x.shape).astype(x.dtype.isComplex ? x.dtype : .f64)
  }

  /// The largest |numeric − analytic| / max(1, |numeric|) over the parts of the first
  /// `limit` elements of `analytic` against `numericGradient(of: f, at: x)`.
  public static func worstError(
    analytic: Tensor, of f: (Tensor) throws -> Double, at x: Tensor, step h: Double = 1e-6,
    limit: Int? = nil
  ) throws -> Double {
    guard analytic.shape == x.shape else {
      throw TensorError("gradcheck: the gradient has shape \(shapeText(analytic.shape)), the input "
        + "\(shapeText(x.shape))")
    }
    let n = try numericGradient(of: f, at: x, step: h, limit: limit).toComplexArray()
    let g = analytic.toComplexArray()
    var worst = 0.0
    for i in n.indices.prefix(limit ?? n.count) {
      worst = max(worst, abs(n[i].real - g[i].real) / max(1, abs(n[i].real)))
      worst = max(worst, abs(n[i].imaginary - g[i].imaginary) / max(1, abs(n[i].imaginary)))
    }
    return worst
  }

  /// The largest relative error (as above) of Autodiff's gradient of the real scalar
  /// `f(inputs)` with respect to each input, over all inputs.
  public static func worstError(
    _ f: ([Variable]) throws -> Variable, at inputs: [Tensor], step h: Double = 1e-6,
    limit: Int? = nil
  ) throws -> Double {
    let leaves = inputs.map { Variable.leaf(Variable($0)) }
    let grads = try Autodiff.gradients(of: f(leaves), wrt: leaves, createGraph: false)
    var worst = 0.0
    for (k, x) in inputs.enumerated() {
      let e = try worstError(analytic: grads[k].value, of: { t in
        var all = inputs.map { Variable($0) }
        all[k] = Variable(t)
        return try f(all).value.item()
      }, at: x, step: h, limit: limit)
      worst = max(worst, e)
    }
    return worst
  }

  /// `values` as a tensor of `x`'s shape and dtype.
  private static func moved(_ values: [Complex<Double>], like x: Tensor) throws -> Tensor {
    if x.dtype.isComplex {
      return try Tensor(complex: values, shape: x.shape).astype(x.dtype)
    }
    return try Tensor(values.map(\.real), shape: x.shape).astype(x.dtype)
  }
}
