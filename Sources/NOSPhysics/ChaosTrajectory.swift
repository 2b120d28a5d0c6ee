// Sampling a chaotic system as the dysts collection does: n points spread over
// n / pts_per_period dominant periods, from the collection's initial condition or from a
// random point of the attractor.
import Foundation
import NOSTensor

extension ChaosSystem {
  /// The tolerances of every chaos integration (dopri5). dysts integrates with Radau at
  /// 1e-12; chaos forgets either error within a few Lyapunov times.
  public static let options = ODEOptions(method: .dopri5, rtol: 1e-10, atol: 1e-10)

  /// dysts's `make_trajectory(n, pts_per_period)`: times linspace(0, P·n/pts, n) with P
  /// the dominant period; returns the times and the states [n][dim] (a delay system returns
  /// its delay embedding, see `ChaosDelay`).
  public func trajectory(n: Int, ptsPerPeriod: Int, from start: [Double]? = nil)
    throws -> (t: [Double], y: [[Double]])
  {
    guard n >= 2, n <= 5_000_000, n * dim <= 50_000_000 else {
      throw TensorError("trajectory: n must be between 2 and \(min(5_000_000, 50_000_000 / dim))"
                        + " for \(facts.name), got \(n)")
    }
    guard ptsPerPeriod >= 1, ptsPerPeriod <= 1_000_000 else {
      throw TensorError("trajectory: pts_per_period must be between 1 and 1000000, "
                        + "got \(ptsPerPeriod)")
    }
    let tEnd = facts.period * Double(n) / Double(ptsPerPeriod)
    let ts = (0..<n).map { tEnd * Double($0) / Double(n - 1) }
    let y0 = try checkedStart(start, "trajectory")
    if isDelay { return (ts, try ChaosDelay(self).embedded(ts, x0: y0[0])) }
    return (ts, try integrate(y0, ts))
  }

  /// `start` (or the collection's initial condition) after checking it: dim finite numbers
  /// (a delay system: one, the constant history, or dim, of which the first is used).
  func checkedStart(_ start: [Double]?, _ op: String) throws -> [Double] {
    guard let y = start else { return y0 }
    guard y.count == dim || (isDelay && y.count == 1) else {
      throw TensorError("\(op): \(facts.name) needs \(dim) initial values, got \(y.count)")
    }
    guard y.allSatisfy(\.isFinite) else {
      throw TensorError("\(op): the initial values must be finite")
    }
    return y
  }

  /// The states at `ts` from `y0` (an autonomous flow: only differences of ts matter).
  public func integrate(_ y0: [Double], _ ts: [Double]) throws -> [[Double]] {
    guard let f = rhs else { throw TensorError("chaos: \(facts.name) is a delay system") }
    guard y0.count == dim else {
      throw TensorError("chaos: \(facts.name) needs \(dim) initial values, got \(y0.count)")
    }
    let ys = try ODE.solve({ _, y in f(y) }, y0: y0, ts: ts, options: Self.options).values
    guard ys.last?.allSatisfy(\.isFinite) ?? false else {
      throw TensorError("chaos: \(facts.name) left every bound (the state is not finite)")
    }
    return ys
  }

  /// A random point of the attractor, as dysts's OnAttractorInitCondSampler draws one: a
  /// 4096-point reference trajectory (100 points per period) without its first 500 points,
  /// then one of its points uniformly (with nos's generator, so not dysts's numbers).
  public func attractorPoint(seed: UInt64) throws -> [Double] {
    let ref = try trajectory(n: 4096, ptsPerPeriod: 100).y
    var rng = Xoshiro256(seed: seed)
    let i = 500 + Int(rng.uniform() * Double(ref.count - 500))
    if !isDelay { return ref[min(i, ref.count - 1)] }
    return [ref[min(i, ref.count - 1)][0]]
  }
}
