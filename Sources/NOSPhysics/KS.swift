// Kuramoto–Sivashinsky u_t + u u_x + u_xx + u_xxxx = 0 on [0, length), by Kassam and
// Trefethen's ETDRK4 (coefficients from a contour integral, so no cancellation error).
import Foundation
import NOSTensor
import Numerics

extension Spectral1D {
  /// Solution at time t from u0 [..., n] on [0, length) (default 32π, as Kassam–Trefethen),
  /// fixed steps of at most dt (default 1/4), 2/3 dealiasing of u u_x.
  public static func ks(_ u0: Tensor, t: Double, length: Double = 32 * Double.pi,
                        dt: Double = 0.25) throws -> Tensor {
    let op = "solve_ks"
    try Check.nonNegative(t, "t", op)
    try Check.positive(length, "length", op)
    try Check.positive(dt, "dt", op)
    let u = try field(u0, op)
    let n = u.shape[u.ndim - 1]
    let steps = max(1, Int(min((t / dt).rounded(.up), 1e8)))
    let h = t / Double(steps)
    let k = kappa(n, length), mask = dealias(n)
    let coef = etdCoefficients(L: k.map { $0 * $0 - $0 * $0 * $0 * $0 }, h: h)
    let g = k.indices.map { -0.5 * k[$0] * mask[$0] }  // N̂ = g·i·F[u²]
    return try eachRow(u, op) { row in
      var v = try Tensor.from(row, shape: [n]).rfft()
      func N(_ s: Tensor) throws -> Tensor { try squareTerm(s, n: n, g: g) }
      func mix(_ base: Tensor, _ e: [Double], _ terms: [(Tensor, [Double])]) throws -> Tensor {
        let out = try Tensor(uninitialized: [g.count], dtype: .c128)
        let o = out.memory(as: Double.self), b = base.memory(as: Double.self)
        for j in 0..<(2 * g.count) { o[j] = b[j] * e[j / 2] }
        for (s, c) in terms {
          let p = s.memory(as: Double.self)
          for j in 0..<(2 * g.count) { o[j] += p[j] * c[j / 2] }
        }
        return out
      }
      for _ in 0..<steps {
        try Samples.interruptCheck?()
        let Nv = try N(v)
        let a = try mix(v, coef.E2, [(Nv, coef.Q)])
        let Na = try N(a)
        let b = try mix(v, coef.E2, [(Na, coef.Q)])
        let Nb = try N(b)
        let twoNbMinusNv = try mix(Nb, coef.two, [(Nv, coef.minusOne)])
        let c = try mix(a, coef.E2, [(twoNbMinusNv, coef.Q)])
        let Nc = try N(c)
        let NaNb = try mix(Na, coef.one, [(Nb, coef.one)])
        v = try mix(v, coef.E, [(Nv, coef.f1), (NaNb, coef.f2twice), (Nc, coef.f3)])
      }
      let out = try v.irfft(n: n)
      try Check.allFinite(out.memory(as: Double.self), n, op)
      return try out.doubles()
    }
  }

  /// ETDRK4 coefficients for a real diagonal L: E = e^{hL}, E2 = e^{hL/2}, Q, f1, f2, f3 as
  /// means over 32 points of a circle of radius 1 around each hL.
  static func etdCoefficients(L: [Double], h: Double)
    -> (E: [Double], E2: [Double], Q: [Double], f1: [Double], f2twice: [Double], f3: [Double],
        one: [Double], two: [Double], minusOne: [Double]) {
    let M = 32
    var E = [Double](), E2 = [Double](), Q = [Double](), f1 = [Double](), f2 = [Double]()
    var f3 = [Double]()
    for l in L {
      E.append(Foundation.exp(h * l))
      E2.append(Foundation.exp(h * l / 2))
      var q = 0.0, a = 0.0, b = 0.0, c = 0.0
      for j in 1...M {
        let r = Complex<Double>(length: 1, phase: Double.pi * (Double(j) - 0.5) / Double(M))
        let z = Complex(h * l, 0) + r
        let ez = Complex.exp(z), ez2 = Complex.exp(z / 2)
        let z3 = z * z * z
        q += ((ez2 - 1) / z).re
        a += ((-4 - z + ez * (4 - 3 * z + z * z)) / z3).re
        b += ((2 + z + ez * (-2 + z)) / z3).re
        c += ((-4 - 3 * z - z * z + ez * (4 - z)) / z3).re
      }
      Q.append(h * q / Double(M))
      f1.append(h * a / Double(M))
      f2.append(2 * h * b / Double(M))
      f3.append(h * c / Double(M))
    }
    let ones = [Double](repeating: 1, count: L.count)
    return (E, E2, Q, f1, f2, f3, ones, ones.map { $0 * 2 }, ones.map { -$0 })
  }
}
