// Builtins of the chaos benchmark (SPEC §7): chaos (the dysts systems and their facts),
// trajectory, lyapunov, and the forecast metrics smape and valid_time.
import NOSLang
import NOSPhysics
import NOSTensor

enum ChaosBuiltins {
  /// The system an argument names: a name (did-you-mean on a miss) or a chaos(...) record.
  static func system(_ a: Arguments, _ i: Int) throws -> ChaosSystem {
    if case .record(let r) = a[i] {
      guard case .string(let name)? = r["name"] else {
        throw a.bad(i, expected: "system name or chaos(...) record")
      }
      var overrides: [(String, Double)] = []
      if case .record(let p)? = r["params"] {
        for (k, v) in zip(p.keys, p.values) {
          guard let x = v.asNumber else { throw a.error(i, "parameter '\(k)' must be a number") }
          overrides.append((k, x))
        }
      }
      return try make(name, overrides, dim: r["dim"]?.asNumber.map { Int(exactly: $0) ?? -1 })
    }
    guard case .string(let name) = a[i] else {
      throw a.bad(i, expected: "system name or chaos(...) record")
    }
    return try make(name, [], dim: nil)
  }

  static func make(_ name: String, _ overrides: [(String, Double)], dim: Int?) throws
    -> ChaosSystem
  {
    guard ChaosSystem.find(name) != nil else {
      var message = "chaos: unknown system \"\(name)\""
      let keys = ChaosSystem.names.map(ChaosSystem.key)
      if let k = Suggest.closest(to: ChaosSystem.key(name), in: keys),
         let i = keys.firstIndex(of: k) {
        message += " — did you mean \"\(ChaosSystem.names[i])\"?"
      }
      throw RuntimeError(message + " (chaos() lists them)")
    }
    return try ChaosSystem(name, overrides: overrides, dim: dim)
  }

  /// The record chaos(name) returns.
  static func record(_ s: ChaosSystem) -> Value {
    let f = s.facts
    let params = RecordBox(distinct: zip(f.params, s.values).map { ($0, .number($1)) })
    return .record(RecordBox(distinct: [
      ("name", .string(f.name)), ("f", .builtin(rhsBuiltin(s))), ("dim", .number(Double(s.dim))),
      ("params", .record(params)), ("y0", wrap(Tensor(s.y0))),
      ("dt", .number(f.dt)), ("period", .number(f.period)),
      ("lyapunov", s.dim == f.y0.count ? .number(f.lyapunov) : .nil),
      ("delay", .bool(s.isDelay)), ("citation", .string(f.citation)),
      ("description", .string(f.about)),
    ]))
  }

  /// f(t, y): the system's native right-hand side as a function odeint can call.
  static func rhsBuiltin(_ s: ChaosSystem) -> Builtin {
    Builtin(s.facts.name.lowercased() + ".f", [Param("t"), Param("y")], doc: """
      The right-hand side dy/dt of \(s.facts.name) at state y ([\(s.dim)], f64), natively.
      """) { a in
      guard let rhs = s.rhs else {
        throw RuntimeError("\(s.facts.name) is a delay system: odeint cannot carry its history; "
                           + "use trajectory(\"\(s.facts.name)\", n)")
      }
      let y = try a.variable(1)
      guard !y.requiresGrad, a.interpreter.stdlib.gradDepth == 0 else {
        throw RuntimeError("\(s.facts.name).f is not differentiable; inside grad write the "
                           + "right-hand side in nos")
      }
      guard y.shape == [s.dim], !y.dtype.isComplex else {
        throw a.error(1, "y must be a real [\(s.dim)] state, got \(y.dtype) \(y.shape)")
      }
      return wrap(Tensor(rhs(try y.value.astype(.f64).toArray())))
    }
  }

  static func rows(_ ys: [[Double]]) throws -> Tensor {
    let d = ys.first?.count ?? 0
    return try Tensor(ys.flatMap { $0 }, shape: [ys.count, d])
  }
}
