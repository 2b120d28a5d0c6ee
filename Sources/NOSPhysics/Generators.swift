// Data set generators: Burgers, Darcy and Navier–Stokes pairs as the FNO paper made them,
// solved finer than returned, samples in parallel with one random stream each.
import Foundation
import NOSTensor

public enum Generators {
  /// Smallest multiple of `res` that is at least `target`.
  static func fine(_ res: Int, _ target: Int) -> Int { res * max(1, (target + res - 1) / res) }

  /// Burgers pairs: x = u0 from a GRF (α = 2.5, τ = 7 — the FNO data's covariance with its
  /// σ = 7²), y = u(t); both sampled and solved on `solveRes` points (default 8192, rounded up
  /// to a multiple of res), returned at every (solveRes/res)-th point. grid = i/res.
  public static func burgers(n: Int, res: Int = 1024, nu: Double = 0.1, t: Double = 1,
                             solveRes: Int = 8192,
                             seed: UInt64? = nil) throws -> (x: Tensor, y: Tensor, grid: Tensor) {
    let op = "burgers"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 4, limit: 1 << 20)
    try Check.count(solveRes, "solve_res", op, min: 4, limit: 1 << 22)
    try Check.positive(nu, "nu", op)
    try Check.nonNegative(t, "t", op)
    let R = fine(res, solveRes), every = R / res
    try Check.total([n, 2, res], op)
    let pairs = try Samples.run(n, label: op, seed: seed) { _, rng -> ([Double], [Double]) in
      let u0 = try GRF.sample(n: 1, res: R, alpha: 2.5, tau: 7, rng: &rng)
      let scaled = try Tensor.binary(.mul, u0, 1 / 2.0.squareRoot()).reshaped([R])
      let u = try Spectral1D.burgers(scaled, nu: nu, t: t).doubles()
      let a = try scaled.doubles()
      return (stride(from: 0, to: R, by: every).map { a[$0] },
              stride(from: 0, to: R, by: every).map { u[$0] })
    }
    return (try Tensor.from(pairs.flatMap(\.0), shape: [n, 1, res]),
            try Tensor.from(pairs.flatMap(\.1), shape: [n, 1, res]),
            try Tensor.from((0..<res).map { Double($0) / Double(res) }, shape: [res]))
  }

  /// Darcy pairs: a = 12 where a GRF (α = 2, τ = 3) is ≥ 0 and 3 elsewhere, f = 1, u from
  /// `Darcy.solve`; solved on a grid refined by an integer factor to at least `solveRes`
  /// nodes a side and returned on the res×res nodes i/(res − 1) as [n, 1, res, res] (one
  /// channel, ready for a 2-D FNO, like burgers' [n, 1, res]).
  public static func darcy(n: Int, res: Int = 64, solveRes: Int = 241,
                           seed: UInt64? = nil) throws -> (x: Tensor, y: Tensor) {
    let op = "darcy"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 3, limit: 1 << 12)
    try Check.count(solveRes, "solve_res", op, min: 3, limit: 1 << 13)
    let k = max(1, (solveRes - 1 + res - 2) / (res - 1)), R = (res - 1) * k + 1
    try Check.total([n, 2, res, res], op)
    let pairs = try Samples.run(n, label: op, seed: seed) { _, rng -> ([Double], [Double]) in
      let g = try GRF.sample(n: 1, res: R - 1, alpha: 2, tau: 3, dim: 2, rng: &rng).doubles()
      var a = [Double](repeating: 0, count: R * R)
      for i in 0..<R {
        for j in 0..<R { a[i * R + j] = g[(i % (R - 1)) * (R - 1) + j % (R - 1)] >= 0 ? 12 : 3 }
      }
      let u = try Darcy.System(a: a, res: R).solve([Double](repeating: 1, count: R * R),
                                                     tol: 1e-10).u
      var x = [Double](), y = [Double]()
      for i in 0..<res {
        for j in 0..<res {
          x.append(a[i * k * R + j * k])
          y.append(u[i * k * R + j * k])
        }
      }
      return (x, y)
    }
    return (try Tensor.from(pairs.flatMap(\.0), shape: [n, 1, res, res]),
            try Tensor.from(pairs.flatMap(\.1), shape: [n, 1, res, res]))
  }

  /// Navier–Stokes pairs: w0 from a GRF (α = 2.5, τ = 7, as the FNO data) on solveRes²
  /// points (a multiple of res), the FNO forcing, vorticity at `steps` times up to t.
  public static func navierStokes(n: Int, res: Int = 64, nu: Double = 1e-3, t: Double = 10,
                                  steps: Int = 10, dt: Double = 1e-3,
                                  solveRes: Int? = nil,
                                  seed: UInt64? = nil) throws -> (x: Tensor, y: Tensor) {
    let op = "navier_stokes"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 4, limit: 1 << 11)
    let R = fine(res, solveRes ?? 2 * res), s = R / res
    try Check.count(R, "solve_res", op, min: 4, limit: 1 << 12)
    try Check.total([n, steps + 1, res, res], op)
    let forcing = try NavierStokes.defaultForcing(res: R)
    let pairs = try Samples.run(n, label: op, seed: seed) { _, rng -> ([Double], [Double]) in
      let w0 = try GRF.sample(n: 1, res: R, alpha: 2.5, tau: 7, dim: 2, rng: &rng)
      let w = try NavierStokes.solve(try w0.reshaped([R, R]), nu: nu, t: t, steps: steps,
                                     forcing: forcing, dt: dt).doubles()
      let a = try w0.doubles()
      func sub(_ v: [Double], _ frame: Int) -> [Double] {
        var out = [Double]()
        for i in stride(from: 0, to: R, by: s) {
          for j in stride(from: 0, to: R, by: s) { out.append(v[frame * R * R + i * R + j]) }
        }
        return out
      }
      return (sub(a, 0), (0..<steps).flatMap { sub(w, $0) })
    }
    return (try Tensor.from(pairs.flatMap(\.0), shape: [n, 1, res, res]),
            try Tensor.from(pairs.flatMap(\.1), shape: [n, steps, res, res]))
  }
}
