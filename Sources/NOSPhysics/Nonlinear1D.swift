// Nonlinear 1-D periodic solvers: viscous Burgers, KdV and the focusing cubic Schrödinger
// equation, pseudo-spectral in space with the integrating-factor Dormand–Prince integrator.
import Foundation
import NOSTensor
import Numerics

extension Spectral1D {
  /// Rows of a [..., n] tensor solved independently (in parallel) and put back together.
  static func eachRow(_ u: Tensor, _ op: String,
                      _ solve: ([Double]) throws -> [Double]) throws -> Tensor {
    let n = u.shape[u.ndim - 1], rows = u.count / n
    let p = u.memory(as: Double.self)
    let out = try Samples.runEach(rows, label: op) { r in
      try solve(Array(UnsafeBufferPointer(start: p + r * n, count: n)))
    }
    return try Tensor.from(out.flatMap { $0 }, shape: u.shape)
  }

  /// The 2/3-rule mask on rfft modes: modes above n/3 are dropped from nonlinear terms.
  static func dealias(_ n: Int) -> [Double] {
    (0...(n / 2)).map { $0 <= n / 3 && !(n % 2 == 0 && $0 == n / 2) ? 1 : 0 }
  }

  /// The quadratic term i·g(κ)·F[u²] of the spectrum `v` of a real row of `n` points (the
  /// nonlinear term of Burgers, KdV and Kuramoto–Sivashinsky; g carries the dealiasing mask).
  static func squareTerm(_ v: Tensor, n: Int, g: [Double]) throws -> Tensor {
    let u = try v.irfft(n: n)
    let p = u.memory(as: Double.self)
    for i in 0..<n { p[i] *= p[i] }
    let w = try u.rfft()
    let q = w.memory(as: Double.self)  // interleaved (re, im)
    for j in 0..<g.count {
      let (a, b) = (q[2 * j], q[2 * j + 1])
      (q[2 * j], q[2 * j + 1]) = (-b * g[j], a * g[j])
    }
    return w
  }

  /// Solves u_t = L u + g(κ)·F[u²] for one real row (Burgers and KdV share this form).
  /// g holds the imaginary factors: the term is i·g(κ)·F[u²].
  static func quadratic(_ u0: [Double], L: [C], g: [Double], t: Double, tol: Double,
                        op: String) throws -> [Double] {
    let n = u0.count
    let solver = LawsonDP5(L: L, rtol: tol, atol: 1e-300, op: op) { v in
      try squareTerm(v, n: n, g: g)
    }
    let spec = try Tensor.from(u0, shape: [n]).rfft()
    guard let end = try solver.solve(spec, from: 0, to: [t]).last else {
      throw TensorError("internal: \(op) returned nothing")
    }
    let u = try end.irfft(n: n)
    try Check.allFinite(u.memory(as: Double.self), n, op)
    return try u.doubles()
  }

  /// Viscous Burgers u_t + u u_x = ν u_xx on [0, length), pseudo-spectral with 2/3
  /// dealiasing, integrating factor for the viscous term, adaptive Dormand–Prince steps with
  /// relative error `tol` per step (in the L2 norm of the state).
  public static func burgers(_ u0: Tensor, nu: Double = 0.1, t: Double = 1, length: Double = 1,
                             tol: Double = 1e-10) throws -> Tensor {
    let op = "solve_burgers"
    try Check.positive(nu, "nu", op)
    try Check.nonNegative(t, "t", op)
    try Check.positive(length, "length", op)
    try Check.positive(tol, "tol", op)
    let u = try field(u0, op)
    let n = u.shape[u.ndim - 1], k = kappa(n, length), mask = dealias(n)
    let L = k.map { C(-nu * $0 * $0, 0) }
    let g = k.indices.map { -k[$0] / 2 * mask[$0] }
    return try eachRow(u, op) { row in
      try quadratic(row, L: L, g: g, t: t, tol: tol, op: op)
    }
  }

  /// Korteweg–de Vries u_t + 6 u u_x + u_xxx = 0 on [0, length) (the one-soliton is
  /// (c/2) sech²(√c (x − ct)/2)), with 2/3 dealiasing and the dispersion exact.
  public static func kdv(_ u0: Tensor, t: Double, length: Double = 1,
                         tol: Double = 1e-10) throws -> Tensor {
    let op = "solve_kdv"
    try Check.nonNegative(t, "t", op)
    try Check.positive(length, "length", op)
    try Check.positive(tol, "tol", op)
    let u = try field(u0, op)
    let n = u.shape[u.ndim - 1], k = kappa(n, length), mask = dealias(n)
    let L = k.map { C(0, $0 * $0 * $0) }
    let g = k.indices.map { -3 * k[$0] * mask[$0] }
    return try eachRow(u, op) { row in
      try quadratic(row, L: L, g: g, t: t, tol: tol, op: op)
    }
  }

  /// Focusing cubic Schrödinger i ψ_t + ½ψ_xx + |ψ|²ψ = 0 on [0, length) (default 2π·8,
  /// room for the soliton η sech(η(x − x0)) e^{iη²t/2}); complex result, mass ∫|ψ|² kept.
  public static func nlse(_ psi0: Tensor, t: Double, length: Double = 16 * Double.pi,
                          tol: Double = 1e-10) throws -> Tensor {
    let op = "solve_nlse"
    try Check.nonNegative(t, "t", op)
    try Check.positive(length, "length", op)
    try Check.positive(tol, "tol", op)
    let psi = try field(psi0, op, complex: true)
    let n = psi.shape[psi.ndim - 1], rows = psi.count / n
    let L = kappaFull(n, length).map { C(0, -$0 * $0 / 2) }
    let p = psi.memory(as: Complex<Double>.self)
    let solved = try Samples.runEach(rows, label: op) { r -> Tensor in
      let row = try Tensor(complex: Array(UnsafeBufferPointer(start: p + r * n, count: n)),
                           shape: [n])
      let solver = LawsonDP5(L: L, rtol: tol, atol: 1e-300, op: op) { v in
        let f = try v.ifft()
        let q = f.memory(as: Double.self)
        for i in 0..<n {
          let (a, b) = (q[2 * i], q[2 * i + 1])
          let s = a * a + b * b
          (q[2 * i], q[2 * i + 1]) = (-b * s, a * s)
        }
        return try f.fft()
      }
      guard let end = try solver.solve(try row.fft(), from: 0, to: [t]).last else {
        throw TensorError("internal: \(op) returned nothing")
      }
      return try end.ifft()
    }
    let out = try Tensor(uninitialized: psi.shape, dtype: .c128)
    let o = out.memory(as: Double.self)
    for (r, row) in solved.enumerated() {
      let q = row.memory(as: Double.self)
      for i in 0..<(2 * n) { o[2 * r * n + i] = q[i] }
    }
    try Check.allFinite(o, 2 * out.count, op)
    return out
  }
}
