// Random inputs: periodic Gaussian random fields (the FNO paper's) and the DeepONet
// antiderivative data set (RBF-kernel fields with their exact antiderivatives).
import Foundation
import NOSTensor
import Numerics

public enum GRF {
  /// Integer wavenumber of FFT index i on n points (NumPy's fftfreq · n).
  @inline(__always) static func wavenumber(_ i: Int, _ n: Int) -> Double {
    Double(i < (n + 1) / 2 ? i : i - n)
  }

  /// Validates the parameters of `grf`.
  static func check(res: Int, alpha: Double, tau: Double, dim: Int) throws {
    guard dim == 1 || dim == 2 else { throw TensorError("grf: dim must be 1 or 2, got \(dim)") }
    try Check.count(res, "res", "grf", min: 2, limit: dim == 1 ? 1 << 22 : 1 << 12)
    try Check.positive(alpha, "alpha", "grf")
    try Check.positive(tau, "tau", "grf")
  }

  /// `n` fields on the periodic unit interval (dim 1, shape [n, res]) or square (dim 2,
  /// [n, res, res]) with covariance τ^(2α−d)(−Δ + τ²)^(−α) and zero mean mode, sampled as
  /// the FNO paper's GaussianRF does: complex white noise times the square root of the
  /// covariance's eigenvalues (scaled by the FFT's size), inverse FFT, real part.
  public static func sample(n: Int, res: Int, alpha: Double = 2, tau: Double = 3,
                            dim: Int = 1, rng: inout Xoshiro256) throws -> Tensor {
    try check(res: res, alpha: alpha, tau: tau, dim: dim)
    try Check.count(n, "n", "grf", min: 0)
    try Check.total([n, res, dim == 2 ? res : 1], "grf")
    let cells = dim == 1 ? res : res * res
    let shape = dim == 1 ? [n, res] : [n, res, res]
    let noise = try Tensor(uninitialized: shape, dtype: .c128)
    let c = noise.memory(as: Complex<Double>.self)
    let root = sqrtEigen(res: res, alpha: alpha, tau: tau, dim: dim)
    for s in 0..<n {
      for i in 0..<cells {
        let a = rng.normal(), b = rng.normal()
        c[s * cells + i] = Complex(root[i] * a, root[i] * b)
      }
    }
    let field = dim == 1 ? try noise.ifft() : try noise.ifft2()
    let out = try Tensor(uninitialized: shape, dtype: .f64)
    let o = out.memory(as: Double.self), f = field.memory(as: Double.self)
    for i in 0..<out.count { o[i] = f[2 * i] }
    return out
  }

  /// √eigenvalues times the FFT size, in FFT order, zero for the mean mode.
  static func sqrtEigen(res: Int, alpha: Double, tau: Double, dim: Int) -> [Double] {
    let sigma = Foundation.pow(tau, 0.5 * (2 * alpha - Double(dim)))
    let size = Foundation.pow(Double(res), Double(dim))
    let c = 4 * Double.pi * Double.pi
    func root(_ k2: Double) -> Double {
      size * 2.0.squareRoot() * sigma * Foundation.pow(c * k2 + tau * tau, -alpha / 2)
    }
    var out: [Double]
    if dim == 1 {
      out = (0..<res).map { i in root(wavenumber(i, res) * wavenumber(i, res)) }
    } else {
      out = [Double](repeating: 0, count: res * res)
      for i in 0..<res {
        for j in 0..<res {
          let kx = wavenumber(i, res), ky = wavenumber(j, res)
          out[i * res + j] = root(kx * kx + ky * ky)
        }
      }
    }
    out[0] = 0
    return out
  }
}

/// The DeepONet paper's antiderivative operator data: u from a Gaussian random field with the
/// RBF kernel exp(−|x − x'|²/(2·0.2²)) on [0, 1], s(y) = ∫₀^y u.
public enum Antiderivative {
  /// Period of the stationary field whose restriction to [0, 1] is the RBF field (the wrapped
  /// kernel differs from the RBF one by exp(−(T − 1)²/(2l²)) ≈ 1e−49 on [0, 1]).
  static let period = 4.0
  static let lengthScale = 0.2
  /// Modes kept: the spectral density at the next one is below 1e-21 of the first.
  static let modes = 40

  /// u at `sensors` equispaced points of [0, 1] and s at `points` equispaced points, both
  /// exact: u = Σ_k √(2S(ω_k)/T)(ξ_k cos ω_k x + η_k sin ω_k x) (plus the mean mode) with
  /// S the RBF kernel's spectral density, so s is the term-by-term integral.
  public static func sample(n: Int, sensors: Int, points: Int,
                            rng: inout Xoshiro256) throws -> (u: Tensor, y: Tensor, s: Tensor) {
    try Check.count(n, "n", "antiderivative", min: 0)
    try Check.count(sensors, "sensors", "antiderivative", min: 2)
    try Check.count(points, "points", "antiderivative", min: 2)
    try Check.total([n, max(sensors, points)], "antiderivative")
    let xs = (0..<sensors).map { Double($0) / Double(sensors - 1) }
    let ys = (0..<points).map { Double($0) / Double(points - 1) }
    let l = lengthScale, T = period
    let omega = (0...modes).map { 2 * Double.pi * Double($0) / T }
    // S(ω) = √(2π) l exp(−ω²l²/2); the mean mode has variance S(0)/T, the others 2S/T.
    let amp = omega.enumerated().map { k, w in
      ((k == 0 ? 1 : 2) * (2 * Double.pi).squareRoot() * l * Foundation.exp(-w * w * l * l / 2)
        / T).squareRoot()
    }
    var u = [Double](repeating: 0, count: n * sensors)
    var s = [Double](repeating: 0, count: n * points)
    for i in 0..<n {
      let xi = (0...modes).map { _ in rng.normal() }, eta = (0...modes).map { _ in rng.normal() }
      for (j, x) in xs.enumerated() {
        var v = amp[0] * xi[0]
        for k in 1...modes {
          v += amp[k] * (xi[k] * cos(omega[k] * x) + eta[k] * sin(omega[k] * x))
        }
        u[i * sensors + j] = v
      }
      for (j, y) in ys.enumerated() {
        var v = amp[0] * xi[0] * y
        for k in 1...modes {
          let w = omega[k]
          v += amp[k] * (xi[k] * sin(w * y) + eta[k] * (1 - cos(w * y))) / w
        }
        s[i * points + j] = v
      }
    }
    return (try Tensor.from(u, shape: [n, sensors]), try Tensor.from(ys, shape: [points, 1]),
            try Tensor.from(s, shape: [n, points]))
  }
}
