// odeint (differentiable: inside grad the steps are built from autodiff ops), odeint_stats,
// and the Lorenz and Rössler systems.
import NOSGrad
import NOSLang
import NOSPhysics
import NOSTensor

extension PhysicsBuiltins {
  static func times(_ a: Arguments, _ i: Int, _ op: String) throws -> [Double] {
    let t = try a.tensor(i)
    guard t.ndim <= 1, !t.dtype.isComplex else {
      throw RuntimeError("\(op): ts must be a 1-D list or tensor of times")
    }
    return try t.astype(.f64).toArray()
  }

  static func odeOptions(_ a: Arguments, method i: Int, _ op: String) throws -> ODEOptions {
    let name = try a.string(i)
    guard let m = ODEMethod(rawValue: name) else {
      throw RuntimeError("\(op): unknown method \"\(name)\"; use \"euler\", \"rk4\", "
                         + "\"dopri5\" or \"tsit5\"")
    }
    return ODEOptions(method: m, rtol: try a.number(i + 1), atol: try a.number(i + 2),
                      step: try a.optionalNumber(i + 3))
  }

  static var odeBuiltins: [Builtin] {
    [
      Builtin("odeint", [Param("f"), Param("y0"), Param("ts"), Param("method", default: "dopri5"),
                         Param("rtol", default: 1e-6), Param("atol", default: 1e-9),
                         Param("step", default: .nil), Param("reg", default: .nil)], doc: """
        Solves y' = f(t, y), y(ts[0]) = y0 and returns y at every time of ts (increasing): \
        [len(ts), shape(y0)...]. Methods: "dopri5" (Dormand–Prince 5(4), PI step control, \
        dense output at ts), "tsit5" (Tsitouras 5(4), steps land on ts), "rk4", "euler" \
        (fixed steps from one output time to the next, subdivided to at most `step`; for the \
        adaptive methods `step` caps the step). Error per step: RMS of err/(atol + \
        rtol·|y|) ≤ 1. Differentiable with respect to y0 and everything f uses, by \
        backpropagation through the steps. odeint_stats() reports the work. reg="error" or \
        "stiffness" (adaptive methods only) returns [ys, r] with the differentiable 0-d \
        regulariser r = Σ |h|·E (local error estimate) or Σ |h|·S (stiffness estimate) over \
        the accepted steps (Pal et al. 2021, ERNODE and SRNODE); step sizes are constants.
        """, differentiable: true, gradChecks: [
          GradCheck("odeint((t, y) -> -x[0] * y + 0.3 * sin(t) * x[1] * y * y, x[2], [0, 0.5, 1], "
                    + "method=\"rk4\", step=0.1) + odeint((t, y) -> -x[0] * y + 0.3 * sin(t) * "
                    + "x[1] * y * y, x[2], [0, 0.7], rtol=1e-12, atol=1e-14)[-1]"),
          // The regularisers on capped steps (all ten accepted and equal, so the differences
          // see the same steps), the error one scaled to the check's absolute tolerance.
          GradCheck("1000 * odeint((t, y) -> -6 * x[0] * y + sin(3 * t) * x[1] * y * y, x[2], "
                    + "[0, 0.5], step=0.05, rtol=1e-2, atol=1e-4, reg=\"error\")[1] + odeint("
                    + "(t, y) -> -6 * x[0] * y + sin(3 * t) * x[1] * y * y, x[2], [0, 0.5], "
                    + "method=\"tsit5\", step=0.05, rtol=1e-2, atol=1e-4, reg=\"stiffness\")[1]"),
        ]) { a in
        let f = try a.callable(0), opts = try odeOptions(a, method: 3, "odeint")
        let ts = try times(a, 2, "odeint"), y0 = try a.variable(1)
        guard !y0.dtype.isComplex else { throw RuntimeError("odeint: y0 must be real") }
        if let reg = try odeRegulariser(a, 7) {
          return try odeintRegularised(a, f, y0: y0, ts: ts, opts, reg)
        }
        let interp = a.interpreter, context = interp.stdlib
        return try interruptible(a) {
          if context.gradDepth > 0 || y0.requiresGrad {
            let (ys, stats) = try ODE.solve({ t, y in
              try toVariable(try interp.call(f, [.number(t), wrap(y)]), what: "odeint: f")
            }, y0: y0, ts: ts, options: opts)
            context.lastODEStats = stats
            return wrap(try stack(ys, axis: 0))
          }
          let rhs = { (t: Double, y: Tensor) throws -> Tensor in
            try toTensor(try interp.call(f, [.number(t), wrap(y)]), what: "odeint: f")
          }
          // An f64 state steps on plain arrays: no tensor op per Runge–Kutta stage.
          if y0.dtype == .f64 {
            let (y, stats) = try ODE.solvePlain(rhs, y0: y0.value, ts: ts, options: opts)
            context.lastODEStats = stats
            return wrap(y)
          }
          let (ys, stats) = try ODE.solve(rhs, y0: y0.value, ts: ts, options: opts)
          context.lastODEStats = stats
          return wrap(try Tensor.stack(ys, axis: 0))
        }
      },
      Builtin("odeint_stats", [], doc: """
        Work of the last odeint (or lorenz, rossler) call: {steps, accepted, rejected, nfev} \
        (steps attempted, accepted and rejected, and evaluations of f).
        """) { a in
        let s = a.interpreter.stdlib.lastODEStats
        return .record(RecordBox([("steps", .number(Double(s.steps))),
                                  ("accepted", .number(Double(s.accepted))),
                                  ("rejected", .number(Double(s.rejected))),
                                  ("nfev", .number(Double(s.nfev)))]))
      },
      Builtin("lorenz", [Param("y0"), Param("ts"), Param("sigma", default: 10),
                         Param("rho", default: 28), Param("beta", default: .number(8.0 / 3)),
                         Param("method", default: "dopri5"), Param("rtol", default: 1e-10),
                         Param("atol", default: 1e-12), Param("step", default: .nil)], doc: """
        The Lorenz system x' = sigma(y - x), y' = x(rho - z) - y, z' = xy - beta z from \
        y0 = [x, y, z], solved by odeint's engine with a native right-hand side; returns \
        [len(ts), 3].
        """) { a in
        let opts = try odeOptions(a, method: 5, "lorenz")
        let s = try interruptible(a) {
          try Systems.lorenz(a.tensor(0), ts: times(a, 1, "lorenz"), sigma: a.number(2),
                             rho: a.number(3), beta: a.number(4), options: opts)
        }
        a.interpreter.stdlib.lastODEStats = s.stats
        return wrap(s.values)
      },
      Builtin("rossler", [Param("y0"), Param("ts"), Param("a", default: 0.2),
                          Param("b", default: 0.2), Param("c", default: 5.7),
                          Param("method", default: "dopri5"), Param("rtol", default: 1e-10),
                          Param("atol", default: 1e-12), Param("step", default: .nil)], doc: """
        The Rössler system x' = -y - z, y' = x + a y, z' = b + z(x - c) from y0 = [x, y, z], \
        solved by odeint's engine; returns [len(ts), 3].
        """) { a in
        let opts = try odeOptions(a, method: 5, "rossler")
        let s = try interruptible(a) {
          try Systems.rossler(a.tensor(0), ts: times(a, 1, "rossler"), a: a.number(2),
                              b: a.number(3), c: a.number(4), options: opts)
        }
        a.interpreter.stdlib.lastODEStats = s.stats
        return wrap(s.values)
      },
    ]
  }
}
