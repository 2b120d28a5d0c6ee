// Classic chaotic systems on odeint's engine: Lorenz (σ, ρ, β) and Rössler (a, b, c).
import Foundation
import NOSTensor

public enum Systems {
  /// A trajectory [len(ts), 3] and the work it took (odeint_stats()).
  public typealias Solution = (values: Tensor, stats: ODEStats)

  static func states(_ y0: Tensor, _ op: String) throws -> [Double] {
    guard y0.shape == [3] else {
      throw TensorError("\(op): y0 must hold 3 numbers, got shape \(y0.shape)")
    }
    return try y0.realCopy(op).doubles()
  }

  static func run(_ y0: [Double], _ ts: [Double], _ options: ODEOptions,
                  _ f: @escaping (Double, [Double]) -> [Double]) throws -> Solution {
    let (out, stats) = try ODE.solve({ t, y in f(t, y) }, y0: y0, ts: ts, options: options)
    return (try Tensor.from(out.flatMap { $0 }, shape: [ts.count, 3]), stats)
  }

  /// Lorenz: x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz; returns [len(ts), 3] and
  /// the stats.
  public static func lorenz(_ y0: Tensor, ts: [Double], sigma: Double = 10, rho: Double = 28,
                            beta: Double = 8.0 / 3, options: ODEOptions) throws -> Solution {
    let y = try states(y0, "lorenz")
    return try run(y, ts, options) { _, u in
      [sigma * (u[1] - u[0]), u[0] * (rho - u[2]) - u[1], u[0] * u[1] - beta * u[2]]
    }
  }

  /// Rössler: x' = −y − z, y' = x + ay, z' = b + z(x − c); returns [len(ts), 3] and
  /// the stats.
  public static func rossler(_ y0: Tensor, ts: [Double], a: Double = 0.2, b: Double = 0.2,
                             c: Double = 5.7, options: ODEOptions) throws -> Solution {
    let y = try states(y0, "rossler")
    return try run(y, ts, options) { _, u in
      [-u[1] - u[2], u[0] + a * u[1], b + u[2] * (u[0] - c)]
    }
  }
}
