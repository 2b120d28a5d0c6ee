// The initial fields of the FNO papers' data sets, drawn as the FNO data-generation code drew
// them: GRF1's periodic Karhunen–Loève series (Burgers) and GRF.m's Neumann cosine series
// (Darcy). Both are written here from their covariance formulas.
import Foundation
import NOSTensor
import Numerics

public enum PaperFields {
  /// Standard deviation of the cos and sin coefficients of mode k ≥ 1 in GRF1's series,
  /// √2·σ·((2πk)² + τ²)^(−γ/2): the KL series of C = σ²(−Δ + τ²I)^(−γ) on the periodic unit
  /// interval in the orthonormal basis √2 cos 2πkx, √2 sin 2πkx.
  public static func periodicStd(_ k: Int, gamma: Double, tau: Double, sigma: Double) -> Double {
    let w = 2 * Double.pi * Double(k)
    return 2.0.squareRoot() * abs(sigma) * Foundation.pow(w * w + tau * tau, -gamma / 2)
  }

  /// One sample of N(0, σ²(−Δ + τ²I)^(−γ)) on the periodic unit interval at the `res` points
  /// i/res: u = Σ_{k=1}^{⌊res/2⌋} s_k (ξ_k cos 2πkx + η_k sin 2πkx) with ξ, η standard normal
  /// and s_k = `periodicStd(k)`; zero mean mode; res/2 modes as gen_burgers1.m's
  /// GRF1(s/2, 0, γ, τ, σ, "periodic") (the Nyquist sine vanishes on the grid).
  public static func periodic(res: Int, gamma: Double, tau: Double, sigma: Double,
                              rng: inout Xoshiro256) throws -> [Double] {
    let modes = res / 2
    let xi = (0..<modes).map { _ in rng.normal() }, eta = (0..<modes).map { _ in rng.normal() }
    let spec = try Tensor(uninitialized: [modes + 1], dtype: .c128)
    let c = spec.memory(as: Double.self)
    c[0] = 0
    c[1] = 0
    let half = Double(res) / 2
    for k in stride(from: 1, through: modes, by: 1) {
      let s = periodicStd(k, gamma: gamma, tau: tau, sigma: sigma)
      // irfft gives (2/res)·Re(U_k e^{iθ}) per mode: U_k = (res/2)·s·(ξ − iη) makes it
      // s(ξ cos θ + η sin θ); the Nyquist term is U·(−1)^j/res, so U = res·s·ξ there.
      let nyquist = res % 2 == 0 && k == modes
      c[2 * k] = (nyquist ? 2 * half : half) * s * xi[k - 1]
      c[2 * k + 1] = nyquist ? 0 : -half * s * eta[k - 1]
    }
    return try spec.irfft(n: res).doubles()
  }

  /// Square root of the eigenvalue of mode (k1, k2) in GRF.m's Neumann series,
  /// τ^(α−1)(π²(k1² + k2²) + τ²)^(−α/2): C = τ^(2α−2)(−Δ + τ²I)^(−α) with zero-flux walls.
  public static func neumannStd(_ k1: Int, _ k2: Int, alpha: Double, tau: Double) -> Double {
    let q = Double.pi * Double.pi * Double(k1 * k1 + k2 * k2)
    return Foundation.pow(tau, alpha - 1) * Foundation.pow(q + tau * tau, -alpha / 2)
  }

  /// The orthonormal DCT-III matrix Q[m][k] = w_k cos(πk(2m+1)/(2s))/√s (w_0 = 1, else √2),
  /// row-major s×s: the Neumann eigenfunctions at the cell centres (m + ½)/s.
  static func cosineBasis(_ s: Int) -> [Double] {
    var q = [Double](repeating: 0, count: s * s)
    let root = Double(s).squareRoot()
    for m in 0..<s {
      for k in 0..<s {
        let w = k == 0 ? 1 : 2.0.squareRoot()
        q[m * s + k] = w * cos(Double.pi * Double(k) * Double(2 * m + 1) / Double(2 * s)) / root
      }
    }
    return q
  }

  /// One sample of GRF.m's field on an s×s grid: U = Σ_{k1,k2 < s} e_k ξ_k φ_k at the cell
  /// centres ((m + ½)/s, (n + ½)/s), φ_k the orthonormal Neumann cosines of the unit square,
  /// e_k = `neumannStd`, mode (0, 0) dropped (MATLAB's idct2 of s·e·ξ). `basis` is
  /// `basisTensors(s)`; U = s·Q·(e∘ξ)·Qᵀ, two matrix products.
  public static func neumann(res s: Int, alpha: Double, tau: Double,
                             basis: (q: Tensor, qt: Tensor),
                             rng: inout Xoshiro256) throws -> [Double] {
    var l = [Double](repeating: 0, count: s * s)
    for k1 in 0..<s {
      for k2 in 0..<s {
        let z = rng.normal()
        l[k1 * s + k2] = k1 + k2 == 0 ? 0 : Double(s) * neumannStd(k1, k2, alpha: alpha,
                                                                     tau: tau) * z
      }
    }
    let coef = try Tensor.from(l, shape: [s, s])
    return try Tensor.matmul(Tensor.matmul(basis.q, coef), basis.qt).doubles()
  }

  /// `cosineBasis(s)` and its transpose as tensors, built once per generator call.
  public static func basisTensors(_ s: Int) throws -> (q: Tensor, qt: Tensor) {
    let q = cosineBasis(s)
    var qt = q
    for m in 0..<s { for k in 0..<s { qt[k * s + m] = q[m * s + k] } }
    return (try Tensor.from(q, shape: [s, s]), try Tensor.from(qt, shape: [s, s]))
  }
}
