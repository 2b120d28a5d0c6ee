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
    Builtin("solve_darcy", [Param("a"), Param("f", default: 1), Param("tol", default: 1e-10)],
            doc: """
      Darcy flow -∇·(a∇u) = f on the unit square with u = 0 on the boundary. a is given on \
      a res×res grid of nodes i/(res-1) that includes the boundary ([res, res], \
      [n, res, res] or darcy's [n, 1, res, res]); f is a number or a [res, res] field. 5-point finite volumes with \
      harmonic averages of a on cell faces, conjugate gradients with a modified incomplete \
      Cholesky preconditioner to relative residual tol. Returns u with a's shape.
      """) { a in
      try interruptible(a) {
        wrap(try Darcy.solve(a.tensor(0), f: a.tensor(1), tol: a.number(2)))
      }
    }
  }

  static var generators: [Builtin] {
    [
      Builtin("burgers", [Param("n"), Param("res", default: 1024), Param("nu", default: 0.1),
                          Param("t", default: 1), Param("seed", default: .nil),
                          Param("solve_res", default: 8192)], doc: """
        Burgers data as the FNO paper: x = u0 from a Gaussian random field (alpha 2.5, \
        tau 7, σ = 7²), y = solve_burgers(u0, nu, t), both computed on solve_res points \
        (rounded up to a multiple of res) and returned on res points i/res. Returns \
        {x [n,1,res], y [n,1,res], grid [res]}; samples run in parallel, seed= reproduces.
        """, fields: [("x", "The initial conditions u0 [n, 1, res]."),
                      ("y", "The solutions at time t [n, 1, res]."),
                      ("grid", "The points i/res [res].")]) { a in
        try interruptible(a) {
          let d = try Generators.burgers(n: a.int(0), res: a.int(1), nu: a.number(2),
                                         t: a.number(3), solveRes: a.int(5), seed: seed(a, 4))
          return record([("x", d.x), ("y", d.y), ("grid", d.grid)])
        }
      },
      Builtin("darcy", [Param("n"), Param("res", default: 64), Param("seed", default: .nil),
                        Param("solve_res", default: 241)], doc: """
        Darcy data as the FNO paper: x = a, 12 where a Gaussian random field (alpha 2, \
        tau 3) is ≥ 0 and 3 elsewhere, y = solve_darcy(a, 1), solved on a grid refined by an \
        integer factor to at least solve_res nodes a side and returned on res×res nodes. \
        Returns {x [n,1,res,res], y [n,1,res,res]} (one channel, ready for fno(modes=[m, m])).
        """, fields: [("x", "The coefficient fields a [n, 1, res, res]."),
                      ("y", "The solutions u [n, 1, res, res].")]) { a in
        try interruptible(a) {
          let d = try Generators.darcy(n: a.int(0), res: a.int(1), solveRes: a.int(3),
                                       seed: seed(a, 2))
          return record([("x", d.x), ("y", d.y)])
        }
      },
      Builtin("navier_stokes", [Param("n"), Param("res", default: 64), Param("nu", default: 1e-3),
                                Param("t", default: 10), Param("steps", default: 10),
                                Param("dt", default: 1e-3), Param("seed", default: .nil),
                                Param("solve_res", default: .nil)], doc: """
        Navier–Stokes data as the FNO paper: x = w0 from a Gaussian random field (alpha 2.5, \
        tau 7), y = solve_ns(w0, nu, t, steps) with the FNO forcing, solved on solve_res² \
        points (default 2·res) and returned on res×res. Returns {x [n,1,res,res], \
        y [n,steps,res,res]}.
        """, fields: [("x", "The initial vorticities w0 [n, 1, res, res]."),
                      ("y", "The vorticity at `steps` times up to t [n, steps, res, res].")]) { a in
        try interruptible(a) {
          let d = try Generators.navierStokes(
            n: a.int(0), res: a.int(1), nu: a.number(2), t: a.number(3), steps: a.int(4),
            dt: a.number(5), solveRes: a.optionalInt(7), seed: seed(a, 6))
          return record([("x", d.x), ("y", d.y)])
        }
      },
    ]
  }
}
