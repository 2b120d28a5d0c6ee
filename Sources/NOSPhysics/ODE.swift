// odeint's engine: explicit Runge–Kutta integration to a list of output times — fixed steps
// (euler, rk4) or adaptive with PI step control (dopri5 with dense output, tsit5).
import Foundation
import NOSTensor

/// Work counters of one integration.
public struct ODEStats: Sendable, Equatable {
  public var steps = 0, accepted = 0, rejected = 0, nfev = 0
  public init() {}
}

public struct ODEOptions: Sendable {
  public var method: ODEMethod = .dopri5
  public var rtol = 1e-6, atol = 1e-9
  /// Fixed methods: the largest substep (nil: one step per output interval). Adaptive
  /// methods: the largest step (nil: unlimited).
  public var step: Double?
  public init(method: ODEMethod = .dopri5, rtol: Double = 1e-6, atol: Double = 1e-9,
              step: Double? = nil) {
    (self.method, self.rtol, self.atol, self.step) = (method, rtol, atol, step)
  }
}

public enum ODE {
  /// Solves y' = f(t, y) from y(ts[0]) = y0 and returns y at every time of `ts` (increasing).
  public static func integrate<V: ODEVector>(_ f: (Double, V) throws -> V, y0: V, ts: [Double],
                                             options: ODEOptions = ODEOptions()) throws -> [V] {
    try solve(f, y0: y0, ts: ts, options: options).values
  }

  /// `integrate` with the work it took (what `odeint_stats()` reports): the stats travel with
  /// the solution, so two integrations on two threads never see each other's counts.
  public static func solve<V: ODEVector>(_ f: (Double, V) throws -> V, y0: V, ts: [Double],
                                         options: ODEOptions = ODEOptions())
    throws -> (values: [V], stats: ODEStats)
  {
    try validate(ts, options)
    return try withoutActuallyEscaping(f) { f in
      var run = Run(f: f, options: options)
      let ys = options.method.isAdaptive ? try run.adaptive(y0, ts) : try run.fixed(y0, ts)
      return (ys, run.stats)
    }
  }

  static func validate(_ ts: [Double], _ o: ODEOptions) throws {
    guard !ts.isEmpty else { throw TensorError("odeint: ts must hold at least one time") }
    guard ts.allSatisfy(\.isFinite) else { throw TensorError("odeint: ts must be finite") }
    for i in 1..<max(ts.count, 1) where ts[i] <= ts[i - 1] {
      throw TensorError("odeint: ts must be strictly increasing")
    }
    guard o.rtol >= 0, o.atol >= 0, o.rtol.isFinite, o.atol.isFinite, o.rtol + o.atol > 0 else {
      throw TensorError("odeint: rtol and atol must be non-negative and not both zero")
    }
    if let s = o.step { try Check.positive(s, "step", "odeint") }
  }
}

/// One integration's state: the right-hand side, counters and step control.
struct Run<V: ODEVector> {
  let f: (Double, V) throws -> V
  let options: ODEOptions
  var stats = ODEStats()
  /// Called with every accepted adaptive step (the regularisers sum over them).
  var onAccept: ((ODEAcceptedStep<V>) throws -> Void)?
  static var maxSteps: Int { 10_000_000 }

  init(f: @escaping (Double, V) throws -> V, options: ODEOptions) {
    self.f = f
    self.options = options
  }

  mutating func eval(_ t: Double, _ y: V) throws -> V {
    stats.nfev += 1
    let v = try f(t, y)
    try v.check(like: y)
    return v
  }

  /// The stages of one step of size h from (t, y) with first stage k1.
  mutating func stages(_ tab: Tableau, _ t: Double, _ y: V, _ k1: V, _ h: Double) throws -> [V] {
    var ks = [k1]
    for i in 1..<tab.c.count {
      let yi = try V.combine(y, tab.a[i].enumerated().map { (h * $1, ks[$0]) })
      ks.append(try eval(t + tab.c[i] * h, yi))
    }
    return ks
  }

  /// euler and rk4: equal substeps of at most `step` between consecutive output times.
  mutating func fixed(_ y0: V, _ ts: [Double]) throws -> [V] {
    let tab = Tableau.of(options.method)
    var y = y0, out = [y0]
    for i in 1..<ts.count {
      let span = ts[i] - ts[i - 1]
      let n = options.step.map { max(1, Int(min((span / $0).rounded(.up), 1e9))) } ?? 1
      let h = span / Double(n)
      for s in 0..<n {
        try Samples.interruptCheck?()
        let t = ts[i - 1] + Double(s) * h
        let ks = try stages(tab, t, y, try eval(t, y), h)
        y = try V.combine(y, tab.b.enumerated().map { (h * $1, ks[$0]) })
        stats.steps += 1
        stats.accepted += 1
      }
      out.append(y)
    }
    return out
  }
}
