// Data set generators: Burgers, Darcy and Navier–Stokes pairs drawn and solved as the FNO
// paper's data-generation code did, solved finer than returned, samples in parallel with one
// random stream each.
import Foundation
import NOSTensor

/// Each takes `part`: only the samples with those indices are computed and returned (first
/// axis part.count), drawn as in the full call — the blocks of a distributed call.
public enum Generators {
  /// Smallest multiple of `res` that is at least `target`.
  static func fine(_ res: Int, _ target: Int) -> Int { res * max(1, (target + res - 1) / res) }

  /// Burgers pairs as the FNO paper's burgers_data_R10.mat: x = u0 ~ N(0, σ²(−Δ + τ²I)^(−γ))
  /// on the periodic unit interval (`PaperFields.periodic`, GRF1's series; default γ = 2,
  /// τ = 5, σ = 25, i.e. 625(−Δ + 25I)^(−2)), y = u(t) of u_t + u u_x = ν u_xx; both sampled
  /// and solved on `solveRes` points (default 8192, rounded up to a multiple of res) and
  /// returned at every (solveRes/res)-th point. grid = i/res.
  public static func burgers(n: Int, res: Int = 1024, nu: Double = 0.1, t: Double = 1,
                             solveRes: Int = 8192, gamma: Double = 2, tau: Double = 5,
                             sigma: Double = 25, seed: UInt64? = nil, part: Range<Int>? = nil)
    throws -> (x: Tensor, y: Tensor, grid: Tensor) {
    let op = "burgers"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 4, limit: 1 << 20)
    try Check.count(solveRes, "solve_res", op, min: 4, limit: 1 << 22)
    try Check.positive(nu, "nu", op)
    try Check.nonNegative(t, "t", op)
    try Check.positive(gamma, "gamma", op)
    try Check.positive(tau, "tau", op)
    try Check.positive(sigma, "sigma", op)
    let R = fine(res, solveRes), every = R / res
    try Check.count(R, "solve_res (rounded up to a multiple of res)", op, min: 4, limit: 1 << 22)
    try Check.total([n, 2, res], op)
    let p = try checkedPart(part, n, op)
    let pairs = try Samples.run(n, label: op, seed: seed, part: p) {
      _, rng -> ([Double], [Double]) in
      let a = try PaperFields.periodic(res: R, gamma: gamma, tau: tau, sigma: sigma, rng: &rng)
      let u = try Spectral1D.burgers(try Tensor.from(a, shape: [R]), nu: nu, t: t).doubles()
      return (stride(from: 0, to: R, by: every).map { a[$0] },
              stride(from: 0, to: R, by: every).map { u[$0] })
    }
    return (try Tensor.from(pairs.flatMap(\.0), shape: [p.count, 1, res]),
            try Tensor.from(pairs.flatMap(\.1), shape: [p.count, 1, res]),
            try Tensor.from((0..<res).map { Double($0) / Double(res) }, shape: [res]))
  }

  /// Darcy pairs as the FNO paper's piececonst_r421 data: g from GRF.m's Neumann series
  /// (α = 2, τ = 3: C = 9(−Δ + 9I)^(−2)) on the R×R solve grid, a = 12 where g ≥ 0 and 3
  /// elsewhere, f = 1, u = 0 on the boundary, u by `Darcy.System` with arithmetic face means
  /// (solve_gwf.m's scheme). R = (res − 1)·k + 1 for the smallest integer k with R ≥
  /// `solveRes`; returned at every k-th node as [n, 1, res, res]. With solveRes = 421,
  /// res = 85, 141, 211, 421 are the FNO code's r = 5, 3, 2, 1 (s = (421 − 1)/r + 1).
  public static func darcy(n: Int, res: Int = 85, solveRes: Int = 421, seed: UInt64? = nil,
                           part: Range<Int>? = nil) throws -> (x: Tensor, y: Tensor) {
    let d = try darcySolved(n: n, res: res, solveRes: solveRes, seed: seed, part: part)
    return (d.x, d.y)
  }

  /// Navier–Stokes pairs as the FNO code's ns_2d.py: w0 from its GaussianRF (α = 2.5, τ = 7,
  /// σ = 7^1.5) on solveRes² points (default 256, rounded up to a multiple of res), the FNO
  /// forcing, vorticity at `steps` equally spaced times up to t (default every time unit to
  /// t = 50), returned at every (solveRes/res)-th point.
  public static func navierStokes(n: Int, res: Int = 64, nu: Double = 1e-3, t: Double = 50,
                                  steps: Int = 50, dt: Double = 1e-3,
                                  solveRes: Int? = nil, seed: UInt64? = nil,
                                  part: Range<Int>? = nil) throws -> (x: Tensor, y: Tensor) {
    let op = "navier_stokes"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 4, limit: 1 << 11)
    let R = fine(res, solveRes ?? 256), s = R / res
    try Check.count(R, "solve_res", op, min: 4, limit: 1 << 12)
    try Check.total([n, steps + 1, res, res], op)
    let forcing = try NavierStokes.defaultForcing(res: R)
    let p = try checkedPart(part, n, op)
    let pairs = try Samples.run(n, label: op, seed: seed, part: p) {
      _, rng -> ([Double], [Double]) in
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
    return (try Tensor.from(pairs.flatMap(\.0), shape: [p.count, 1, res, res]),
            try Tensor.from(pairs.flatMap(\.1), shape: [p.count, steps, res, res]))
  }
}
