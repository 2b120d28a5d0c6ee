// Builtins for physics data: random fields, PDE solvers and data set generators (SPEC §7);
// odeint and the ODE systems are in PhysicsODEBuiltins.swift.
import NOSLang
import NOSPhysics
import NOSTensor

enum PhysicsBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] {
    fields + solvers + generators + odeBuiltins + wosBuiltins
  }


  /// Runs `body` with the session's interrupt check polled between samples and steps.
  static func interruptible<T>(_ a: Arguments, _ body: () throws -> T) throws -> T {
    try Samples.checking(a.interpreter.interruptCheck, body)
  }

  /// The `seed=` argument: nil, or any integer (its bits seed a private stream).
  static func seed(_ a: Arguments, _ i: Int) throws -> UInt64? {
    guard let s = try a.optionalInt(i) else { return nil }
    return UInt64(truncatingIfNeeded: s)
  }

  static func record(_ fields: [(String, Tensor)]) -> Value {
    .record(RecordBox(fields.map { ($0.0, wrap($0.1)) }))
  }

  static var fields: [Builtin] {
    [
      Builtin("grf", [Param("n"), Param("res"), Param("alpha", default: 2),
                      Param("tau", default: 3), Param("dim", default: 1),
                      Param("seed", default: .nil)], doc: """
        n Gaussian random fields on the periodic unit interval ([n, res], dim=1) or square \
        ([n, res, res], dim=2) with covariance tau^(2alpha-dim) (-Δ + tau²)^(-alpha) and zero \
        mean mode, sampled as the FNO paper's GaussianRF (Fourier coefficients, inverse FFT). \
        seed= makes the draw reproducible without touching the global stream.
        """) { a in
        var rng = Samples.stream(seed: try seed(a, 5))
        return wrap(try GRF.sample(n: a.int(0), res: a.int(1), alpha: a.number(2),
                                   tau: a.number(3), dim: a.int(4), rng: &rng))
      },
      Builtin("antiderivative", [Param("n"), Param("sensors", default: 100),
                                 Param("points", default: 100), Param("seed", default: .nil)],
              doc: """
        The DeepONet paper's antiderivative data: u from a Gaussian random field with RBF \
        kernel (length scale 0.2) at `sensors` equispaced points of [0, 1], y the `points` \
        equispaced locations [P, 1], s = ∫₀^y u exactly [n, P]. Returns {u, y, s}.
        """, fields: [("u", "The input functions at the sensors [n, sensors]."),
                      ("y", "The output locations [points, 1]."),
                      ("s", "The exact antiderivatives at y [n, points].")]) { a in
        var rng = Samples.stream(seed: try seed(a, 3))
        let d = try Antiderivative.sample(n: a.int(0), sensors: a.int(1), points: a.int(2),
                                          rng: &rng)
        return record([("u", d.u), ("y", d.y), ("s", d.s)])
      },
    ]
  }

  static var solvers: [Builtin] {
    [
      Builtin("solve_heat", [Param("u0"), Param("nu"), Param("t"), Param("length", default: 1)],
              doc: """
        Heat equation u_t = nu u_xx on [0, length), periodic, exact in Fourier space. u0 is \
        [..., n] (rows solved independently); returns u at time t, same shape.
        """) { a in
        wrap(try Spectral1D.heat(a.tensor(0), nu: a.number(1), t: a.number(2),
                                 length: a.number(3)))
      },
      Builtin("solve_advection", [Param("u0"), Param("c"), Param("t"),
                                  Param("length", default: 1)], doc: """
        Advection u_t + c u_x = 0 on [0, length), periodic, exact in Fourier space: \
        u(x, t) = u0(x − ct) for the trigonometric interpolant of u0 [..., n].
        """) { a in
        wrap(try Spectral1D.advection(a.tensor(0), c: a.number(1), t: a.number(2),
                                      length: a.number(3)))
      },
      Builtin("solve_burgers", [Param("u0"), Param("nu", default: 0.1), Param("t", default: 1),
                                Param("length", default: 1), Param("tol", default: 1e-10)],
              doc: """
        Viscous Burgers u_t + u u_x = nu u_xx on [0, length), periodic, pseudo-spectral with \
        2/3 dealiasing; the viscous term by an integrating factor, time steps by adaptive \
        Dormand–Prince with relative error tol per step. u0 [..., n]; returns u at time t.
        """) { a in
        try interruptible(a) {
          wrap(try Spectral1D.burgers(a.tensor(0), nu: a.number(1), t: a.number(2),
                                      length: a.number(3), tol: a.number(4)))
        }
      },
      Builtin("solve_kdv", [Param("u0"), Param("t"), Param("length", default: 1),
                            Param("tol", default: 1e-10)], doc: """
        Korteweg–de Vries u_t + 6 u u_x + u_xxx = 0 on [0, length), periodic, \
        pseudo-spectral (2/3 dealiasing), dispersion by an integrating factor, adaptive \
        Dormand–Prince steps. The one-soliton is (c/2) sech²(√c (x − ct)/2).
        """) { a in
        try interruptible(a) {
          wrap(try Spectral1D.kdv(a.tensor(0), t: a.number(1), length: a.number(2),
                                  tol: a.number(3)))
        }
      },
      Builtin("solve_ks", [Param("u0"), Param("t"), Param("length", default: .number(32 * .pi)),
                           Param("dt", default: 0.25)], doc: """
        Kuramoto–Sivashinsky u_t + u u_x + u_xx + u_xxxx = 0 on [0, length) (default 32π, \
        as Kassam and Trefethen), periodic, ETDRK4 with fixed steps of at most dt.
        """) { a in
        try interruptible(a) {
          wrap(try Spectral1D.ks(a.tensor(0), t: a.number(1), length: a.number(2),
                                 dt: a.number(3)))
        }
      },
      Builtin("solve_nlse", [Param("psi0"), Param("t"),
                             Param("length", default: .number(16 * .pi)),
                             Param("tol", default: 1e-10)], doc: """
        Focusing cubic Schrödinger i ψ_t + ½ψ_xx + |ψ|²ψ = 0 on [0, length) (default 16π, \
        room for sech solitons), periodic, integrating-factor Fourier method with adaptive \
        Dormand–Prince steps. Returns a complex (c128) field; the mass ∫|ψ|² is conserved.
        """) { a in
        try interruptible(a) {
          wrap(try Spectral1D.nlse(a.tensor(0), t: a.number(1), length: a.number(2),
                                   tol: a.number(3)))
        }
      },
      nsBuiltin, darcyBuiltin,
    ]
  }
}
