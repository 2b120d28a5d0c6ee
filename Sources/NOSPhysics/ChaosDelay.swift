// The Mackey–Glass delay equation x'(t) = β x(t−τ) / (1 + x(t−τ)ⁿ) − γ x(t) by the method
// of steps: classical RK4 on a grid with τ/h steps per delay, the delayed values read from the
// stored solution (cubic Hermite between grid points, so the stages stay 4th order).
import Foundation
import NOSTensor

/// One Mackey–Glass solution on the grid t = k·h, k ≥ 0, with x(t ≤ 0) = x0.
public struct ChaosDelay {
  let beta: Double, gamma: Double, power: Double, tau: Double
  /// Grid steps per delay and the step h = τ / m.
  let m: Int, h: Double
  /// The number of embedding columns (dysts's embedding dimension, 10).
  let columns: Int

  public init(_ s: ChaosSystem) throws {
    let p = ChaosParams(s.facts.params, s.values)
    (beta, gamma, power, tau) = (p["beta"], p["gamma"], p["n"], p["tau"])
    guard tau > 0, tau <= 1000 else {
      throw TensorError("chaos: MackeyGlass needs 0 < tau <= 1000, got \(num(tau))")
    }
    m = max(4, Int((tau / 0.05).rounded(.up)))
    h = tau / Double(m)
    columns = s.dim
  }

  func f(_ x: Double, _ xd: Double) -> Double {
    beta * xd / (1 + Foundation.pow(abs(xd), power)) - gamma * x
  }

  /// x and x' on the grid t = 0, h, …, steps·h from a history: x and x' at t = −τ, …, 0
  /// (m + 1 values; nil: the constant x0, as dysts starts). x'(0) returned is the
  /// solution's (right) derivative; the history's own slope at 0 serves the interval before.
  func solve(steps: Int, x0: Double, history: (x: [Double], dx: [Double])? = nil)
    -> (x: [Double], dx: [Double])
  {
    let past = history ?? ([Double](repeating: x0, count: m + 1),
                           [Double](repeating: 0, count: m + 1))
    var x = past.x, dx = past.dx
    x.reserveCapacity(m + steps + 1)
    dx.reserveCapacity(m + steps + 1)
    let d0 = f(x[m], x[0])
    for k in m..<(m + steps) {
      let j = k - m
      let (lag, lagNext) = (x[j], x[j + 1])
      let mid = hermite(lag, j == m ? d0 : dx[j], lagNext, dx[j + 1])
      let k1 = k == m ? d0 : dx[k]
      let k2 = f(x[k] + h / 2 * k1, mid)
      let k3 = f(x[k] + h / 2 * k2, mid)
      let k4 = f(x[k] + h * k3, lagNext)
      x.append(x[k] + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4))
      dx.append(f(x[k + 1], lagNext))
    }
    var out = Array(dx[m...])
    out[0] = d0
    return (Array(x[m...]), out)
  }

  /// Cubic Hermite midpoint of a grid interval.
  func hermite(_ a: Double, _ da: Double, _ b: Double, _ db: Double) -> Double {
    (a + b) / 2 + h / 8 * (da - db)
  }

  /// x at time t ≥ 0 from the grid solution (cubic Hermite), x0 before 0.
  func value(_ s: (x: [Double], dx: [Double]), _ t: Double, x0: Double) -> Double {
    guard t > 0 else { return x0 }
    let u = t / h
    let k = min(Int(u), s.x.count - 2), th = u - Double(k)
    let (a, b) = (s.x[k], s.x[k + 1])
    let (da, db) = (s.dx[k] * h, s.dx[k + 1] * h)
    let th2 = th * th, th3 = th2 * th
    return (2 * th3 - 3 * th2 + 1) * a + (th3 - 2 * th2 + th) * da
      + (-2 * th3 + 3 * th2) * b + (th3 - th2) * db
  }

  /// dysts's DynSysDelay.make_trajectory: integrate over [0, T + τ] and return, at the
  /// n times linspace(τ, T + τ, n), the delay embedding x(s − d) for `columns` delays d
  /// from 0 to τ (dysts interpolates linearly between its n samples; this uses the fine
  /// grid). `ts` gives T and n.
  func embedded(_ ts: [Double], x0: Double) throws -> [[Double]] {
    let tEnd = (ts.last ?? 0) + tau
    let steps = Int(min((tEnd / h).rounded(.up), 1e9)) + 1
    guard steps < 20_000_000 else {
      throw TensorError("trajectory: MackeyGlass over \(tEnd) time units needs too many steps")
    }
    let s = solve(steps: steps, x0: x0)
    let n = ts.count
    let delays = (0..<columns).map { tau * Double($0) / Double(max(columns - 1, 1)) }
    return (0..<n).map { i in
      let t = tau + (tEnd - tau) * Double(i) / Double(n - 1)
      return delays.map { value(s, t - $0, x0: x0) }
    }
  }
}
