// The advection_diffusion generator and the stats record of the generators that can recycle
// Krylov subspaces (darcy's and advection_diffusion's recycle=true).
import NOSLang
import NOSPhysics
import NOSTensor

extension PhysicsBuiltins {
  /// {iterations [n], matvecs [n], fallbacks, order [n]} in the caller's sample order.
  static func statsRecord(_ s: SolveStats) -> Value {
    func ints(_ v: [Int]) -> Value {
      (try? Tensor(v.map(Double.init), shape: [v.count])).map(wrap) ?? .nil
    }
    return .record(RecordBox([("iterations", ints(s.iterations)), ("matvecs", ints(s.matvecs)),
                              ("fallbacks", .number(Double(s.fallbacks))),
                              ("order", ints(s.order))]))
  }

  static var advectionDiffusionBuiltin: Builtin {
    Builtin("advection_diffusion", [Param("n"), Param("res", default: 64),
                                    Param("eps", default: 0.01), Param("speed", default: 1),
                                    Param("seed", default: .nil),
                                    Param("recycle", default: false)], doc: """
      Steady advection–diffusion data: psi ~ N(0, 9(-Δ + 9I)^(-2)) (darcy's cosine-series \
      field) on the res×res nodes i/(res-1), x = v = (dpsi/dy, -dpsi/dx) by central \
      differences, scaled to max |v| = speed; y = u solving -eps Δu + v·∇u = 1 with u = 0 on \
      the boundary, 5-point central differences (second order; the cell Péclet number \
      speed·h/(2 eps) must be ≤ 1), right-preconditioned GMRES(40) with ILU(0) to relative \
      residual 1e-10. recycle=true solves the samples in similarity order by GCRO-DR(40, 10), \
      carrying 10 harmonic Ritz vectors from solve to solve (same tolerance, caller's order). \
      Returns {x [n,2,res,res], y [n,1,res,res], stats}.
      """, fields: [("x", "The velocity fields (vx, vy) [n, 2, res, res]."),
                    ("y", "The solutions u [n, 1, res, res]."),
                    ("stats", "The solves' iterations, matvecs, fallbacks and order.")]) { a in
      try interruptible(a) {
        let d = try Generators.advectionDiffusion(
          n: a.int(0), res: a.int(1), eps: a.number(2), speed: a.number(3), seed: seed(a, 4),
          recycle: a.bool(5))
        return .record(RecordBox([("x", wrap(d.x)), ("y", wrap(d.y)),
                                  ("stats", statsRecord(d.stats))]))
      }
    }
  }
}
