// odeint(..., reg=): the solution and the solver-heuristic regulariser as a pair [ys, r],
// on the same three paths as the plain odeint (tape inside grad, arrays for f64, tensors).
import NOSGrad
import NOSLang
import NOSPhysics
import NOSTensor

extension PhysicsBuiltins {
  /// odeint's `reg=` argument: nil when absent, an error naming the choices otherwise.
  static func odeRegulariser(_ a: Arguments, _ i: Int) throws -> ODERegulariser? {
    if a[i].isNil { return nil }
    let name = try a.string(i)
    guard let r = ODERegulariser(rawValue: name) else {
      throw RuntimeError("odeint: unknown reg \"\(name)\"; use \"error\" or \"stiffness\"")
    }
    return r
  }

  /// `[ys, r]` with r a 0-d tensor of y0's dtype, tracked when the solution is.
  static func odeintRegularised(_ a: Arguments, _ f: Value, y0: Variable, ts: [Double],
                                _ opts: ODEOptions, _ reg: ODERegulariser) throws -> Value {
    let interp = a.interpreter, context = interp.stdlib
    return try interruptible(a) {
      if context.gradDepth > 0 || y0.requiresGrad {
        let s = try ODE.solve({ t, y in
          try toVariable(try interp.call(f, [.number(t), wrap(y)]), what: "odeint: f")
        }, y0: y0, ts: ts, options: opts, reg: reg)
        context.lastODEStats = s.stats
        return .list([wrap(try stack(s.values, axis: 0)), wrap(s.reg)])
      }
      let rhs = { (t: Double, y: Tensor) throws -> Tensor in
        try toTensor(try interp.call(f, [.number(t), wrap(y)]), what: "odeint: f")
      }
      if y0.dtype == .f64 {
        let s = try ODE.solvePlain(rhs, y0: y0.value, ts: ts, options: opts, reg: reg)
        context.lastODEStats = s.stats
        return .list([wrap(s.values), wrap(Tensor(s.reg))])
      }
      let s = try ODE.solve(rhs, y0: y0.value, ts: ts, options: opts, reg: reg)
      context.lastODEStats = s.stats
      return .list([wrap(try Tensor.stack(s.values, axis: 0)), wrap(s.reg)])
    }
  }
}
