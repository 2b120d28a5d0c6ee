// 1-D periodic spectral solvers on [0, length): heat and advection (exact in Fourier space),
// viscous Burgers, KdV and the cubic Schrödinger equation (integrating factor + adaptive DP5).
import Foundation
import NOSTensor
import Numerics

public enum Spectral1D {
  typealias C = Complex<Double>

  /// Angular wavenumbers 2πj/length of the rfft modes j = 0…n/2.
  static func kappa(_ n: Int, _ length: Double) -> [Double] {
    (0...(n / 2)).map { 2 * Double.pi * Double($0) / length }
  }

  /// Angular wavenumbers of the full-fft modes in FFT order.
  static func kappaFull(_ n: Int, _ length: Double) -> [Double] {
    (0..<n).map { 2 * Double.pi * GRF.wavenumber($0, n) / length }
  }

  /// Checks the common arguments: a real tensor with at least 4 points on its last axis.
  static func field(_ u0: Tensor, _ op: String, complex: Bool = false) throws -> Tensor {
    guard u0.ndim >= 1, let n = u0.shape.last, n >= 4 else {
      throw TensorError("\(op): needs the initial data as a tensor [..., n] with n ≥ 4 points, "
                        + "got shape \(u0.shape)")
    }
    if complex { return try u0.astype(.c128).copied() }
    return try u0.realCopy(op)
  }

  /// û(t) = m(κ)·û(0) for every row at once (an exact linear propagator).
  static func propagate(_ u0: Tensor, _ op: String, length: Double,
                        _ symbol: (Double) -> C) throws -> Tensor {
    let u = try field(u0, op)
    let n = u.shape[u.ndim - 1]
    let spec = try u.rfft()
    let m = n / 2 + 1, rows = spec.count / m, p = spec.memory(as: Complex<Double>.self)
    let mult = kappa(n, length).map(symbol)
    for r in 0..<rows { for q in 0..<m { p[r * m + q] = p[r * m + q] * mult[q] } }
    return try spec.irfft(n: n)
  }

  /// Heat equation u_t = ν u_xx on [0, length): each mode decays by exp(−νκ²t).
  public static func heat(_ u0: Tensor, nu: Double, t: Double,
                          length: Double = 1) throws -> Tensor {
    try Check.nonNegative(nu, "nu", "solve_heat")
    try Check.nonNegative(t, "t", "solve_heat")
    try Check.positive(length, "length", "solve_heat")
    return try propagate(u0, "solve_heat", length: length) { k in
      C(Foundation.exp(-nu * k * k * t), 0)
    }
  }

  /// Advection u_t + c u_x = 0 on [0, length): u(x, t) = u0(x − ct), by the phase e^{−iκct}.
  public static func advection(_ u0: Tensor, c: Double, t: Double,
                               length: Double = 1) throws -> Tensor {
    try Check.finite(c, "c", "solve_advection")
    try Check.nonNegative(t, "t", "solve_advection")
    try Check.positive(length, "length", "solve_advection")
    // Reduce the shift modulo the period first so large c·t keeps full precision.
    let shift = (c * t).truncatingRemainder(dividingBy: length)
    return try propagate(u0, "solve_advection", length: length) { k in
      C(Foundation.cos(-k * shift), Foundation.sin(-k * shift))
    }
  }
}
