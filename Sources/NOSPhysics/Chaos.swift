// Chaotic systems of the dysts collection: their published facts, native right-hand sides,
// and the lookup by name that `chaos(name)` uses.
import Foundation
import NOSTensor

/// One system's facts as the dysts collection publishes them (ChaosTable.swift): parameter
/// names (sorted, as dysts passes them) and values, an initial condition on the attractor, the
/// integration time step, the dominant period (the resampling unit of `trajectory`), the
/// largest Lyapunov exponent the collection estimated, the citation and a description.
public struct ChaosFacts: Sendable {
  public let name: String
  public let params: [String]
  public let values: [Double]
  public let y0: [Double]
  public let dt: Double, period: Double, lyapunov: Double
  public let citation: String, about: String
}

/// A right-hand side dy/dt = f(y) of an autonomous system, on plain numbers.
public typealias ChaosRHS = @Sendable ([Double]) -> [Double]

/// A system ready to integrate: facts, the parameters in use and the right-hand side.
public struct ChaosSystem: Sendable {
  public let facts: ChaosFacts
  /// The parameter values in use (the collection's unless overridden), in `facts.params` order.
  public let values: [Double]
  /// The state's size (Lorenz-96 may differ from the collection's 4).
  public let dim: Int
  /// The initial condition: the collection's, or Lorenz-96's standard start for other sizes.
  public let y0: [Double]
  /// Nil for a delay system (MackeyGlass), which `ChaosDelay` integrates instead.
  public let rhs: ChaosRHS?
  public var isDelay: Bool { rhs == nil }

  /// The system called `name` (dysts spelling; case, "_", "-" and spaces ignored), with
  /// `overrides` replacing parameters by name and, for Lorenz96 only, `dim` variables.
  public init(_ name: String, overrides: [(String, Double)] = [], dim: Int? = nil) throws {
    guard let facts = ChaosSystem.find(name) else {
      throw TensorError("chaos: unknown system \"\(name)\"")
    }
    var values = facts.values
    for (k, v) in overrides {
      guard let i = facts.params.firstIndex(of: k) else {
        let known = facts.params.isEmpty ? "it has none" : facts.params.joined(separator: ", ")
        throw TensorError("chaos: \(facts.name) has no parameter '\(k)' (\(known))")
      }
      guard v.isFinite else { throw TensorError("chaos: parameter '\(k)' must be finite") }
      values[i] = v
    }
    let n = try ChaosSystem.size(facts, dim)
    self.facts = facts
    self.values = values
    self.dim = n
    self.y0 = n == facts.y0.count ? facts.y0 : ChaosSystem.lorenz96Start(n, force: values[0])
    self.rhs = try ChaosFlows.make(facts.name, ChaosParams(facts.params, values), dim: n)
  }

  static func size(_ facts: ChaosFacts, _ dim: Int?) throws -> Int {
    guard let n = dim, n != facts.y0.count else { return facts.y0.count }
    guard facts.name == "Lorenz96" else {
      throw TensorError("chaos: dim= applies to Lorenz96 only (\(facts.name) has "
                        + "\(facts.y0.count) variables)")
    }
    guard n >= 4, n <= 100_000 else {
      throw TensorError("chaos: Lorenz96 needs 4 <= dim <= 100000, got \(n)")
    }
    return n
  }

  /// Lorenz's customary start for other sizes: every xᵢ = F, x₀ nudged by 0.01.
  static func lorenz96Start(_ n: Int, force: Double) -> [Double] {
    var y = [Double](repeating: force, count: n)
    y[0] += 0.01
    return y
  }

  /// The lookup key: lower case without "_", "-" or spaces.
  public static func key(_ name: String) -> String {
    String(name.lowercased().filter { !"_- ".contains($0) })
  }

  public static func find(_ name: String) -> ChaosFacts? {
    let k = key(name)
    return ChaosFacts.table.first { key($0.name) == k }
  }

  /// The names `chaos()` lists, in table order.
  public static var names: [String] { ChaosFacts.table.map(\.name) }
}

/// Parameters by name, read once when a right-hand side is built.
public struct ChaosParams: Sendable {
  let names: [String]
  let values: [Double]
  init(_ names: [String], _ values: [Double]) {
    (self.names, self.values) = (names, values)
  }
  subscript(_ k: String) -> Double {
    guard let i = names.firstIndex(of: k) else {
      preconditionFailure("ChaosFlows reads parameter \(k), which the table lacks")
    }
    return values[i]
  }
}
