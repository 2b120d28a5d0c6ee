// Builtins for the 2-D physics solvers and the data set generators (burgers, darcy,
// navier_stokes), which return records of tensors.
import NOSLang
import NOSPhysics
import NOSTensor

extension PhysicsBuiltins {
  static var nsBuiltin: Builtin {
    Builtin("solve_ns", [Param("w0"), Param("nu", default: 1e-3), Param("t", default: 10),
                         Param("steps", default: 10), Param("forcing", default: .nil),
                         Param("dt", default: 1e-3)], doc: """
      2-D Navier–Stokes in vorticity form on the unit torus, w_t + u·∇w = nu Δw + f, \
      pseudo-spectral with 2/3 dealiasing, Crank–Nicolson diffusion and Heun for advection \
      and forcing, steps of at most dt. w0 is [res, res] (axes x, y at i/res), \
      [n, res, res] or navier_stokes' [n, 1, res, res]; returns the vorticity at `steps` \
      equally spaced times up to t: [steps, res, res] or [n, steps, res, res]. forcing: a [res, res] field, a number \
      (constant) or 0; by default the FNO data's 0.1(sin 2π(x+y) + cos 2π(x+y)).
      """) { a in
      let w0 = try a.tensor(0)
      guard let res = w0.shape.last else {
        throw RuntimeError("solve_ns: needs a field [res, res] or [n, res, res]")
      }
      var forcing: Tensor?
      switch a[4] {
      case .nil: forcing = try NavierStokes.defaultForcing(res: max(res, 1))
      case .number(let c): forcing = c == 0 ? nil : try Tensor.full([res, res], c)
      default: forcing = try a.tensor(4)
      }
      return try interruptible(a) {
        wrap(try NavierStokes.solve(w0, nu: a.number(1), t: a.number(2), steps: a.int(3),
                                    forcing: forcing, dt: a.number(5),
                                    check: a.interpreter.interruptCheck))
      }
    }
  }

  static var darcyBuiltin: Builtin {
    Builtin("solve_darcy", [Param("a"), Param("f", default: 1), Param("tol", default: 1e-10),
                            Param("average", default: "harmonic")],
            doc: """
      Darcy flow -∇·(a∇u) = f on the unit square with u = 0 on the boundary. a is given on \
      a res×res grid of nodes i/(res-1) that includes the boundary ([res, res], \
      [n, res, res] or darcy's [n, 1, res, res]); f is a number or a [res, res] field. 5-point finite volumes with \
      harmonic averages of a on cell faces (average="arithmetic": the FNO code's solve_gwf.m \
      means, as darcy uses), conjugate gradients with a modified incomplete \
      Cholesky preconditioner to relative residual tol. Returns u with a's shape.
      """) { a in
      try interruptible(a) {
        wrap(try Darcy.solve(a.tensor(0), f: a.tensor(1), tol: a.number(2),
                             average: a.string(3)))
      }
    }
  }

  static var generators: [Builtin] {
    [
      Builtin("burgers", [Param("n"), Param("res", default: 1024), Param("nu", default: 0.1),
                          Param("t", default: 1), Param("seed", default: .nil),
                          Param("solve_res", default: 8192), Param("gamma", default: 2),
                          Param("tau", default: 5), Param("sigma", default: 25),
                          Param("distributed", default: false), Param("root", default: .nil)],
              doc: """
        Burgers data as the FNO paper's burgers_data_R10.mat: x = u0 ~ N(0, sigma² (-Δ + \
        tau² I)^(-gamma)) on the periodic unit interval, drawn as the FNO code's GRF1.m (its \
        Fourier series with solve_res/2 modes); defaults gamma 2, tau 5, sigma 25 are the \
        paper's 625(-Δ + 25I)^(-2); y = solve_burgers(u0, nu, t) (paper: nu 0.1, t 1). Both \
        computed on solve_res points (paper: 8192; rounded up to a multiple of res) and \
        returned on res points i/res (paper: 1024 = 8192/2^3). The FNO code's nu = 1e-3 set: \
        gamma=2.5, tau=7, sigma=49, nu=0.001. Returns {x [n,1,res], y [n,1,res], grid [res]}; \
        samples run in parallel, seed= reproduces. distributed=true: see §14 (MPI).
        """, fields: [("x", "The initial conditions u0 [n, 1, res]."),
                      ("y", "The solutions at time t [n, 1, res]."),
                      ("grid", "The points i/res [res].")]) { a in
        try interruptible(a) {
          let s = try Share(a, n: a.int(0), at: 9)
          let d = try Generators.burgers(n: a.int(0), res: a.int(1), nu: a.number(2),
                                         t: a.number(3), solveRes: a.int(5), gamma: a.number(6),
                                         tau: a.number(7), sigma: a.number(8), seed: seed(a, 4),
                                         part: s.part)
          return try s.record([("x", d.x), ("y", d.y)], plain: [("grid", d.grid)])
        }
      },
      Builtin("darcy", [Param("n"), Param("res", default: 85), Param("seed", default: .nil),
                        Param("solve_res", default: 421), Param("recycle", default: false),
                        Param("distributed", default: false), Param("root", default: .nil)],
              doc: """
        Darcy data as the FNO paper's piececonst_r421 sets: g ~ N(0, 9(-Δ + 9I)^(-2)) with \
        zero-flux walls, drawn as the FNO code's GRF.m (cosine series, alpha 2, tau 3); \
        x = a = 12 where g ≥ 0 and 3 elsewhere; y = u solving -∇·(a∇u) = 1, u = 0 on the \
        boundary, by solve_gwf.m's 5-point scheme (arithmetic face means) on the \
        (res-1)·k + 1 grid, k the least integer reaching solve_res (paper: 421), returned at \
        every k-th node: res 85, 141, 211, 421 are the FNO code's r = 5, 3, 2, 1. About 0.6 s \
        of CPU a sample at 421. Returns {x [n,1,res,res], y [n,1,res,res]} (ready for \
        fno(modes=[m, m])) and stats. recycle=true solves the samples in similarity order \
        with deflated CG carrying 8 Ritz vectors from solve to solve (same tolerance, same \
        samples, caller's order). distributed=true: see §14 (MPI); each rank recycles within \
        its own samples, and the record has no stats.
        """, fields: [("x", "The coefficient fields a [n, 1, res, res]."),
                      ("y", "The solutions u [n, 1, res, res]."),
                      ("stats", "The solves' iterations, matvecs, fallbacks and order.")]) { a in
        try interruptible(a) {
          let s = try Share(a, n: a.int(0), at: 5)
          let d = try Generators.darcySolved(n: a.int(0), res: a.int(1), solveRes: a.int(3),
                                             seed: seed(a, 2), recycle: a.bool(4),
                                             part: s.part)
          guard s.part != nil else {
            return .record(RecordBox([("x", wrap(d.x)), ("y", wrap(d.y)),
                                      ("stats", statsRecord(d.stats))]))
          }
          return try s.record([("x", d.x), ("y", d.y)])
        }
      },
      advectionDiffusionBuiltin,
      Builtin("navier_stokes", [Param("n"), Param("res", default: 64), Param("nu", default: 1e-3),
                                Param("t", default: 50), Param("steps", default: 50),
                                Param("dt", default: 1e-3), Param("seed", default: .nil),
                                Param("solve_res", default: .nil),
                                Param("distributed", default: false), Param("root", default: .nil)],
              doc: """
        Navier–Stokes data as the FNO code's ns_2d.py: x = w0 = grf(alpha=2.5, tau=7, dim=2) \
        (sigma 7^1.5), y = solve_ns(w0, nu, t, steps) with its forcing \
        0.1(sin 2π(x+y) + cos 2π(x+y)), frames every t/steps (default every time unit to \
        t = 50; paper nu 1e-3, 1e-4, 1e-5), solved on solve_res² points (default 256, as \
        ns_2d.py) and returned on res×res. Returns {x [n,1,res,res], y [n,steps,res,res]}. \
        distributed=true: see §14 (MPI).
        """, fields: [("x", "The initial vorticities w0 [n, 1, res, res]."),
                      ("y", "The vorticity at `steps` times up to t [n, steps, res, res].")]) { a in
        try interruptible(a) {
          let s = try Share(a, n: a.int(0), at: 8)
          let d = try Generators.navierStokes(
            n: a.int(0), res: a.int(1), nu: a.number(2), t: a.number(3), steps: a.int(4),
            dt: a.number(5), solveRes: a.optionalInt(7), seed: seed(a, 6), part: s.part)
          return try s.record([("x", d.x), ("y", d.y)])
        }
      },
    ]
  }
}
