// Generators whose linear solves can recycle Krylov subspaces (Wang et al., "SKR", ICLR 2024):
// Darcy (deflated PCG) and steady advection–diffusion (GMRES / GCRO-DR). With recycling the
// fields are drawn first, ordered by similarity, and solved as chains; results come back in
// the caller's order, equal to the plain solver's to the solve tolerance.
import NOSTensor

/// A generator's pairs and how its solves went.
public struct GeneratedData: Sendable {
  public let x: Tensor, y: Tensor
  public let stats: SolveStats
}

extension Generators {
  /// `darcy`'s data (same draws, same scheme, CG relative residual 1e-10); `recycle` solves
  /// the samples in similarity order with deflated PCG carrying 8 Ritz vectors of M⁻¹A and
  /// starting from the previous sample's solution (`carried`, `directions`: RecycledCG's k, s).
  /// `part`: only these samples of the n (an MPI rank's block; recycling stays within it).
  public static func darcySolved(n: Int, res: Int = 85, solveRes: Int = 421, seed: UInt64? = nil,
                                 recycle: Bool = false, carried: Int = 8,
                                 directions: Int = 16,
                                 part: Range<Int>? = nil) throws -> GeneratedData {
    let op = "darcy"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 3, limit: 1 << 12)
    try Check.count(solveRes, "solve_res", op, min: 3, limit: 1 << 13)
    let k = max(1, (solveRes - 1 + res - 2) / (res - 1)), R = (res - 1) * k + 1
    try Check.count(R, "the solve grid (res − 1)·k + 1", op, min: 3, limit: 4097)
    try Check.total([n, 2, res, res], op)
    if recycle { try Check.total([n, R, R], op) }
    let basis = try PaperFields.basisTensors(R), ones = [Double](repeating: 1, count: R * R)
    func draw(_ rng: inout Xoshiro256) throws -> [Double] {
      try PaperFields.neumann(res: R, alpha: 2, tau: 3, basis: basis, rng: &rng)
        .map { $0 >= 0 ? 12.0 : 3.0 }
    }
    func sub(_ v: [Double]) -> [Double] {
      (0..<res * res).map { v[($0 / res) * k * R + ($0 % res) * k] }
    }
    let p = try checkedPart(part, n, op)
    var order = Array(0..<p.count)
    var out: [([Double], [Double], KrylovReport)]
    if recycle {
      let fields = try Samples.run(n, label: op, seed: seed, part: p) { _, rng in
        try draw(&rng)
      }
      order = SimilarityOrder.chain(fields.map { SimilarityOrder.coarse($0, res: R) })
      out = try SimilarityOrder.runChains(order, label: op,
                                          makeState: {
        (RecycledCG(k: max(carried, 1), s: max(directions, 1)), [Double]?.none)
      }) {
        i, state in
        let system = Darcy.System(a: fields[i], res: R, arithmetic: true)
        let (x, report) = try system.solveRecycled(ones, tol: 1e-10, cg: &state.0, x0: state.1)
        state.1 = x
        return (sub(fields[i]), sub(Darcy.embed(x, m: R - 2)), report)
      }
    } else {
      out = try Samples.run(n, label: op, seed: seed, part: p) { _, rng in
        let a = try draw(&rng)
        let (u, r) = try Darcy.System(a: a, res: R, arithmetic: true).solve(ones, tol: 1e-10)
        return (sub(a), sub(u), KrylovReport(iterations: r.iterations, matvecs: r.iterations,
                                             relativeResidual: r.relativeResidual))
      }
    }
    return GeneratedData(x: try Tensor.from(out.flatMap(\.0), shape: [p.count, 1, res, res]),
                         y: try Tensor.from(out.flatMap(\.1), shape: [p.count, 1, res, res]),
                         stats: SolveStats(out.map(\.2), order: order))
  }

  /// Steady advection–diffusion pairs: ψ from darcy's field (9(−Δ + 9I)^−2, cosine series) on
  /// the res × res nodes, v = (ψ_y, −ψ_x) scaled to max |v| = speed, u solving
  /// −eps Δu + v·∇u = 1 with u = 0 on the boundary (`AdvectionDiffusion.System`) to relative
  /// residual 1e-10 by GMRES(40), or with `recycle` by GCRO-DR(40, 10) along the similarity
  /// chain from the previous solution. x = v [n, 2, res, res], y = u [n, 1, res, res].
  /// `cycle`, `carried`: m and k (the builtin uses the defaults).
  public static func advectionDiffusion(n: Int, res: Int = 64, eps: Double = 0.01,
                                        speed: Double = 1, seed: UInt64? = nil,
                                        recycle: Bool = false,
                                        cycle: Int = AdvectionDiffusion.cycle,
                                        carried: Int = AdvectionDiffusion.carried)
  throws -> GeneratedData {
    let op = "advection_diffusion"
    try Check.count(n, "n", op)
    try Check.count(res, "res", op, min: 3, limit: 4097)
    try Check.positive(eps, "eps", op)
    try Check.nonNegative(speed, "speed", op)
    let peclet = speed / Double(res - 1) / (2 * eps)
    guard peclet <= 1 else {
      throw TensorError("\(op): the cell Péclet number speed·h/(2·eps) is \(num(peclet)) "
                        + "(above 1 central differences oscillate); raise res or eps, or "
                        + "lower speed")
    }
    try Check.total([n, 3, res, res], op)
    let basis = try PaperFields.basisTensors(res), ones = [Double](repeating: 1, count: res * res)
    func draw(_ rng: inout Xoshiro256) throws -> (vx: [Double], vy: [Double]) {
      let psi = try PaperFields.neumann(res: res, alpha: 2, tau: 3, basis: basis, rng: &rng)
      return AdvectionDiffusion.velocity(psi, res: res, speed: speed)
    }
    let fields = try Samples.run(n, label: op, seed: seed) { _, rng in try draw(&rng) }
    let order = recycle ? SimilarityOrder.chain(fields.map {
      SimilarityOrder.coarse($0.vx, res: res) + SimilarityOrder.coarse($0.vy, res: res)
    }) : Array(0..<n)
    let solve = { (i: Int, state: inout (GCRODR, [Double]?)) throws -> ([Double], KrylovReport) in
      let system = AdvectionDiffusion.System(vx: fields[i].vx, vy: fields[i].vy, eps: eps,
                                             res: res)
      let (x, report) = try system.solve(ones, tol: 1e-10, solver: &state.0, x0: state.1)
      if recycle { state.1 = x }
      return (Darcy.embed(x, m: res - 2), report)
    }
    let make = { (GCRODR(m: cycle, k: carried, recycle: recycle), [Double]?.none) }
    let out = try SimilarityOrder.runChains(order, label: op, makeState: make, solve)
    let v = fields.flatMap { $0.vx + $0.vy }
    return GeneratedData(x: try Tensor.from(v, shape: [n, 2, res, res]),
                         y: try Tensor.from(out.flatMap(\.0), shape: [n, 1, res, res]),
                         stats: SolveStats(out.map(\.1), order: order))
  }
}
