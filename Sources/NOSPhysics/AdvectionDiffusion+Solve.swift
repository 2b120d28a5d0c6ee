// Solving the advection–diffusion system: plain GMRES(m) or GCRO-DR(m, k) with the fall-back
// to plain GMRES, a public single solve, and the random divergence-free velocity fields.
import NOSTensor

extension AdvectionDiffusion {
  /// GMRES restart length and GCRO-DR's carried vectors, the generator's defaults.
  public static let cycle = 40, carried = 10

  /// Solves for u on the res × res nodes (zero boundary) with velocity (vx, vy) and source f
  /// on the nodes, plain right-preconditioned GMRES(40) to ‖b − Au‖/‖b‖ ≤ tol.
  public static func solve(vx: [Double], vy: [Double], f: [Double], eps: Double, res: Int,
                           tol: Double = 1e-10) throws -> (u: [Double], report: KrylovReport) {
    let op = "advection_diffusion"
    try Check.count(res, "res", op, min: 3, limit: 4097)
    try Check.positive(eps, "eps", op)
    try Check.positive(tol, "tol", op)
    guard vx.count == res * res, vy.count == res * res, f.count == res * res else {
      throw TensorError("\(op): velocity and source need \(res)×\(res) values")
    }
    var gmres = GCRODR(m: cycle, recycle: false)
    let system = System(vx: vx, vy: vy, eps: eps, res: res)
    let (x, report) = try system.solve(f, tol: tol, solver: &gmres, x0: nil)
    return (Darcy.embed(x, m: res - 2), report)
  }
}

extension AdvectionDiffusion.System {
  /// Solves with `solver` (plain or recycling) from the interior guess `x0`; a recycled solve
  /// that fails is repeated by plain GMRES from scratch (the report says so). Throws when
  /// plain GMRES fails too. `limit` caps the first attempt (default `self.limit`).
  func solve(_ f: [Double], tol: Double, solver: inout GCRODR, x0: [Double]?,
             limit: Int? = nil) throws -> (x: [Double], report: KrylovReport) {
    do {
      let limit = limit ?? self.limit
      return try run(Darcy.interiorRHS(f, m: m), x0: x0) { b, x0, x in
        try solver.solve(self, b, x0: x0, x: x, tol: tol, limit: limit)
      }
    } catch let failure as KrylovFailure {
      guard solver.recycle else {
        throw TensorError("advection_diffusion: \(failure.message)")
      }
      var plain = GCRODR(m: solver.m, recycle: false)
      let (x, report) = try solve(f, tol: tol, solver: &plain, x0: nil)
      return (x, report.after(failure))
    }
  }
}

extension AdvectionDiffusion {
  /// v = (∂ψ/∂y, −∂ψ/∂x) by central differences (one-sided on the edges) of ψ on the res × res
  /// nodes, scaled so that max |v| = speed (a zero ψ gives v = 0).
  static func velocity(_ psi: [Double], res: Int, speed: Double) -> (vx: [Double],
                                                                     vy: [Double]) {
    var vx = [Double](repeating: 0, count: res * res), vy = vx
    let h = 1 / Double(res - 1)
    func d(_ a: Int, _ b: Int, _ steps: Int) -> Double { (psi[a] - psi[b]) / (Double(steps) * h) }
    var largest = 0.0
    for i in 0..<res {
      for j in 0..<res {
        let p = i * res + j
        let jp = min(j + 1, res - 1), jm = max(j - 1, 0), ip = min(i + 1, res - 1)
        let im = max(i - 1, 0)
        vx[p] = d(i * res + jp, i * res + jm, jp - jm)
        vy[p] = -d(ip * res + j, im * res + j, ip - im)
        largest = max(largest, (vx[p] * vx[p] + vy[p] * vy[p]).squareRoot())
      }
    }
    let s = largest > 0 ? speed / largest : 0
    return (vx.map { $0 * s }, vy.map { $0 * s })
  }
}
