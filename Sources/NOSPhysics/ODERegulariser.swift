// odeint's solver-heuristic regularisers (Pal, Ma, Shah and Rackauckas, ICML 2021): the sum
// over accepted adaptive steps of |h| × the local error estimate (ERNODE) or |h| × the
// stiffness estimate (SRNODE), built from the same stage values as the solution.
import NOSGrad
import NOSTensor

/// Which solver heuristic `odeint(..., reg=)` sums over the accepted steps.
public enum ODERegulariser: String, CaseIterable, Sendable {
  /// E = RMS(err / (atol + rtol·max(|y|, |y_new|))) with err = h·Σ(bⱼ − b̂ⱼ)kⱼ: the number
  /// the step control keeps ≤ 1.
  case error
  /// S = ‖k₇ − k₆‖₂ / ‖y_new − g₆‖₂ (gᵢ the argument of stage i; both methods end with two
  /// stages at t + h): Shampine and Hairer's estimate of the largest |eigenvalue| of ∂f/∂y
  /// along the step, the quantity DOPRI5's stiffness detection compares with 3.25/h.
  case stiffness
}

/// One accepted adaptive step as a regulariser sees it: the state before and after, the stage
/// derivatives kⱼ, the step, and the weights that turn the stages into the two estimates.
public struct ODEAcceptedStep<V> {
  public let y: V, yNew: V
  public let stages: [V]
  public let h: Double
  /// h·(bⱼ − b̂ⱼ): Σⱼ errorWeights[j]·kⱼ is the embedded error estimate.
  public let errorWeights: [Double]
  /// h·(bⱼ − a₆ⱼ): Σⱼ gapWeights[j]·kⱼ is y_new − g₆, the gap between the last two stage
  /// arguments (written as a combination of stages, so no cancellation of two states).
  public let gapWeights: [Double]
}

/// A state whose steps can be penalised: each kind computes its estimate in its own
/// arithmetic (autodiff variables build it on the tape, so the regulariser is differentiable).
public protocol ODEPenalised: ODEVector {
  /// |h|·E or |h|·S of one accepted step as a one-element value of the state's kind (a 0-d
  /// tensor or variable of the state's dtype, a one-element array); nil when the estimate is
  /// exactly zero (no term, and no undefined derivative of a norm at 0).
  static func penalty(_ kind: ODERegulariser, _ step: ODEAcceptedStep<Self>,
                      _ options: ODEOptions) throws -> Self?
  /// The sum of the terms in order; zero of y0's dtype when there are none.
  static func total(_ terms: [Self], like y0: Self) throws -> Self
}

extension ODE {
  /// `solve` that also sums the regulariser `reg` over the accepted steps. Only for the
  /// adaptive methods; the step sizes and accept/reject decisions are constants (as for the
  /// solution), the estimates themselves are functions of the stages.
  public static func solve<V: ODEPenalised>(_ f: (Double, V) throws -> V, y0: V, ts: [Double],
                                            options: ODEOptions, reg: ODERegulariser)
    throws -> (values: [V], reg: V, stats: ODEStats)
  {
    try validate(ts, options)
    try validate(reg, options.method)
    return try withoutActuallyEscaping(f) { f in
      var run = Run(f: f, options: options)
      var terms: [V] = []
      run.onAccept = { step in
        if let p = try V.penalty(reg, step, options) { terms.append(p) }
      }
      let ys = try run.adaptive(y0, ts)
      return (ys, try V.total(terms, like: y0), run.stats)
    }
  }

  /// The error for a regulariser with a fixed-step method.
  static func validate(_ reg: ODERegulariser, _ m: ODEMethod) throws {
    guard m.isAdaptive else {
      throw TensorError("odeint: reg=\"\(reg.rawValue)\" needs an adaptive method (\"dopri5\" or "
                        + "\"tsit5\"); \"\(m.rawValue)\" takes fixed steps with no error estimate")
    }
  }
}

extension Run {
  /// The record of an accepted step for `onAccept`.
  func accepted(_ tab: Tableau, _ y: V, _ yNew: V, _ ks: [V], _ h: Double) -> ODEAcceptedStep<V> {
    let last = tab.a[tab.c.count - 2]
    let gap = tab.b.indices.map { j in h * (tab.b[j] - (j < last.count ? last[j] : 0)) }
    return ODEAcceptedStep(y: y, yNew: yNew, stages: ks, h: h,
                           errorWeights: tab.e.map { h * $0 }, gapWeights: gap)
  }
}

extension ODEAcceptedStep where V: ODEVector {
  /// E or S in double precision from the stages' values (no gradient).
  public func estimate(_ kind: ODERegulariser, _ o: ODEOptions) throws -> Double {
    let ks = try stages.map { try $0.reals() }
    switch kind {
    case .error:
      let e = Self.combine(errorWeights, ks), y = try self.y.reals(), yn = try yNew.reals()
      guard !e.isEmpty else { return 0 }
      var s = 0.0
      for i in e.indices {
        let r = e[i] / (o.atol + o.rtol * max(abs(y[i]), abs(yn[i])))
        s += r * r
      }
      return (s / Double(e.count)).squareRoot()
    case .stiffness:
      let n = ks.count
      let dk = zip(ks[n - 1], ks[n - 2]).map { $0 - $1 }, dy = Self.combine(gapWeights, ks)
      let den = Self.l2(dy)
      return den > 0 ? Self.l2(dk) / den : 0
    }
  }

  /// Σⱼ wⱼ·kⱼ, term by term in stage order (as the solver's error vector).
  static func combine(_ w: [Double], _ ks: [[Double]]) -> [Double] {
    var out = [Double](repeating: 0, count: ks.first?.count ?? 0)
    for (j, c) in w.enumerated() where c != 0 && j < ks.count {
      for i in out.indices { out[i] += c * ks[j][i] }
    }
    return out
  }

  static func l2(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}

extension Array: ODEPenalised where Element == Double {
  public static func penalty(_ kind: ODERegulariser, _ step: ODEAcceptedStep<[Double]>,
                             _ options: ODEOptions) throws -> [Double]? {
    let v = try step.estimate(kind, options)
    return v == 0 ? nil : [v * abs(step.h)]
  }
  public static func total(_ terms: [[Double]], like y0: [Double]) throws -> [Double] {
    [terms.reduce(0) { $0 + $1[0] }]
  }
}

extension Tensor: ODEPenalised {
  public static func penalty(_ kind: ODERegulariser, _ step: ODEAcceptedStep<Tensor>,
                             _ options: ODEOptions) throws -> Tensor? {
    let v = try step.estimate(kind, options)
    return v == 0 ? nil : Tensor(v * abs(step.h))
  }
  /// Summed in double precision, then given y0's dtype.
  public static func total(_ terms: [Tensor], like y0: Tensor) throws -> Tensor {
    Tensor(try terms.reduce(0) { $0 + (try $1.item()) }, dtype: y0.dtype)
  }
}
