// The largest Lyapunov exponent by Benettin's method: a reference trajectory and a neighbour
// d₀ away, integrated together; every renormalisation interval the log of the growth of their
// distance is added up and the neighbour is pulled back to distance d₀ along the separation.
import Foundation
import NOSTensor

extension ChaosSystem {
  /// λ₁ ≈ Σ log(dₖ / d₀) / (K τ) over K intervals of τ = period / 2 after a transient of 20
  /// periods, with d₀ = 1e-8 · max(1, |y0|) (relative to the attractor's size). `periods` is
  /// the averaging time in dominant periods; the statistical error falls like its inverse
  /// square root.
  public func lyapunov(periods: Int = 400, from start: [Double]? = nil) throws -> Double {
    guard periods >= 1, periods <= 10_000_000 else {
      throw TensorError("lyapunov: periods must be between 1 and 10000000, got \(periods)")
    }
    let y0 = try checkedStart(start, "lyapunov")
    if isDelay {
      return try ChaosDelay(self).lyapunov(periods: periods, period: facts.period, x0: y0[0])
    }
    guard let f = rhs else { return .nan }
    let tau = facts.period / 2, n = dim
    var x = try integrate(y0, [0, 20 * facts.period])[1]
    let d0 = 1e-8 * max(1, norm(x))
    var v = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
    var sum = 0.0
    let pair: (Double, [Double]) -> [Double] = { _, u in
      f(Array(u[0..<n])) + f(Array(u[n...]))
    }
    for _ in 0..<(2 * periods) {
      try Samples.interruptCheck?()
      let u = try ODE.solve(pair, y0: x + zip(x, v).map { $0 + d0 * $1 }, ts: [0, tau],
                            options: Self.options).values[1]
      x = Array(u[0..<n])
      let sep = zip(u[n...], x).map { $0 - $1 }
      let d = norm(sep)
      guard d.isFinite, d > 0 else {
        throw TensorError("lyapunov: \(facts.name)'s neighbours stopped being finite")
      }
      sum += Foundation.log(d / d0)
      v = sep.map { $0 / d }
    }
    return sum / (Double(2 * periods) * tau)
  }
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

extension ChaosDelay {
  /// Benettin for the delay equation: the state is the history segment on the grid (m + 1
  /// values), the neighbour's segment d₀ away in the root-mean-square norm; renormalised
  /// every τ after a transient of 20 periods.
  func lyapunov(periods: Int, period: Double, x0: Double) throws -> Double {
    let warm = solve(steps: Int((20 * period / h).rounded(.up)) + m, x0: x0)
    var a = (x: Array(warm.x.suffix(m + 1)), dx: Array(warm.dx.suffix(m + 1)))
    let d0 = 1e-8
    var b = (x: a.x.map { $0 + d0 }, dx: a.dx)
    let rounds = max(1, Int((Double(periods) * period / tau).rounded(.up)))
    var sum = 0.0
    for _ in 0..<rounds {
      try Samples.interruptCheck?()
      let sa = solve(steps: m, x0: 0, history: a), sb = solve(steps: m, x0: 0, history: b)
      let diff = zip(sb.x, sa.x).map { $0 - $1 }
      let d = norm(diff) / Double(m + 1).squareRoot()
      guard d.isFinite, d > 0 else {
        throw TensorError("lyapunov: MackeyGlass's neighbours stopped being finite")
      }
      sum += Foundation.log(d / d0)
      a = sa
      b = (x: zip(sa.x, diff).map { $0 + $1 * d0 / d },
           dx: zip(sa.dx, zip(sb.dx, sa.dx)).map { $0 + ($1.0 - $1.1) * d0 / d })
    }
    return sum / (Double(rounds) * tau)
  }
}
