// Declarations of the chaos builtins: chaos, trajectory, lyapunov, smape, valid_time.
import NOSLang
import NOSPhysics
import NOSTensor

extension ChaosBuiltins {
  static var all: [Builtin] { [chaos, trajectory, lyapunov, smape, validTime] }

  static let chaos = Builtin("chaos", [Param("name", default: .nil), Param("dim", default: .nil)],
                             doc: """
    chaos() lists the chaotic systems of the dysts collection nos carries (names); \
    chaos(name) returns {name, f, dim, params, y0, dt, period, lyapunov, delay, citation, \
    description}: f(t, y) is the native right-hand side (odeint(s.f, s.y0, ts) integrates it), \
    the rest the collection's facts (lyapunov its largest-exponent estimate). Names ignore \
    case and "_"; other named arguments replace parameters (chaos("lorenz", rho=35)); dim= \
    sizes Lorenz96 (its facts are for 4 variables; lyapunov is nil for other sizes).
    """, acceptsExtraNamed: true, fields: [
      ("name", "The collection's name of the system (\"Lorenz\")."),
      ("f", "f(t, y): the native right-hand side dy/dt at state y [dim] (not differentiable)."),
      ("dim", "The number of variables (MackeyGlass: the 10 columns of its delay embedding)."),
      ("params", "The parameters in use: the collection's, or the ones given."),
      ("y0", "The collection's initial condition, on the attractor [dim]."),
      ("dt", "The collection's integration time step."),
      ("period", "The dominant period: trajectory's resampling unit."),
      ("lyapunov", "The collection's estimate of the largest Lyapunov exponent."),
      ("delay", "True for a delay equation (MackeyGlass), which odeint cannot carry."),
      ("citation", "The publication the system comes from."),
      ("description", "The collection's one-line description."),
    ]) { a in
    if a[0].isNil {
      guard a.extraNamed.isEmpty, a[1].isNil else {
        throw RuntimeError("chaos: give a system name with parameters or dim=")
      }
      return .list(ChaosSystem.names.map { .string($0) })
    }
    var overrides: [(String, Double)] = []
    for (k, v) in a.extraNamed {
      guard let x = v.asNumber else {
        throw RuntimeError("chaos: parameter '\(k)' must be a number")
      }
      overrides.append((k, x))
    }
    return record(try make(try a.string(0), overrides, dim: try a.optionalInt(1)))
  }

  static let trajectory = Builtin("trajectory", [
    Param("system"), Param("n"), Param("pts_per_period", default: 100),
    Param("seed", default: .nil), Param("y0", default: .nil),
  ], doc: """
    n states [n, dim] of a chaos system (a name or a chaos(...) record) sampled as dysts's \
    make_trajectory: at times linspace(0, period·n/pts_per_period, n), so pts_per_period points \
    per dominant period. From the collection's initial condition, or y0=, or with seed= a \
    random point of the attractor (a 4096-point reference run without its first 500 points). \
    MackeyGlass returns dysts's delay embedding: x(t − d) for 10 delays d from 0 to tau.
    """) { a in
    let s = try system(a, 0)
    let start: [Double]?
    if !a[4].isNil {
      start = try a.tensor(4).astype(.f64).toArray()
    } else if let seed = try PhysicsBuiltins.seed(a, 3) {
      start = try PhysicsBuiltins.interruptible(a) { try s.attractorPoint(seed: seed) }
    } else {
      start = nil
    }
    let n = try a.int(1), pts = try a.int(2)
    return wrap(try rows(PhysicsBuiltins.interruptible(a) {
      try s.trajectory(n: n, ptsPerPeriod: pts, from: start).y
    }))
  }

  static let lyapunov = Builtin("lyapunov", [Param("system"), Param("periods", default: 400),
                                             Param("seed", default: .nil)], doc: """
    The largest Lyapunov exponent of a chaos system (a name or a chaos(...) record) by \
    Benettin's method: a trajectory and a neighbour 1e-8 away (relative), renormalised every \
    half period, averaged over `periods` dominant periods after 20 periods of transient; from \
    the collection's initial condition, or with seed= a random point of the attractor.
    """) { a in
    let s = try system(a, 0)
    let periods = try a.int(1), seed = try PhysicsBuiltins.seed(a, 2)
    return .number(try PhysicsBuiltins.interruptible(a) {
      try s.lyapunov(periods: periods, from: seed.map { try s.attractorPoint(seed: $0) })
    })
  }

  static let smape = Builtin("smape", [Param("pred"), Param("true")], doc: """
    Symmetric mean absolute percentage error as dysts computes it: \
    100·mean(|pred − true| / (|pred| + |true| + 1e-10)), from 0 (equal) to 100 (the \
    M-competitions' sMAPE is twice this). pred and true have the same shape.
    """) { a in
    .number(try ForecastMetrics.smape(try a.tensor(0), try a.tensor(1)))
  }

  static let validTime = Builtin("valid_time", [
    Param("pred"), Param("true"), Param("dt", default: 1), Param("lyapunov", default: .nil),
    Param("eps", default: 0.5),
  ], doc: """
    Valid prediction time of a forecast pred against true ([T] or [T, D], row k at time \
    (k + 1)·dt): dt times the number of leading rows whose normalised error \
    sqrt(mean_d((pred − true)² / σ_d²)) stays below eps (σ_d: the spread of true's column d \
    over time; Vlachas et al. 2020); times lyapunov= when given, so in Lyapunov times.
    """) { a in
    .number(try ForecastMetrics.validTime(try a.tensor(0), try a.tensor(1), dt: try a.number(2),
                                          lyapunov: try a.optionalNumber(3), eps: try a.number(4)))
  }
}
