// Native right-hand sides of Sprott's minimal chaotic flows in ChaosTable (Sprott 1994's
// cases B–F and H).
import Foundation

extension ChaosFlows {
  static let sprott: [String: Builder] = [
    "SprottB": { _ in { u in [u[1] * u[2], u[0] - u[1], 1 - u[0] * u[1]] } },
    "SprottC": { _ in { u in [u[1] * u[2], u[0] - u[1], 1 - u[0] * u[0]] } },
    "SprottD": { _ in { u in [-u[1], u[0] + u[2], u[0] * u[2] + 3 * u[1] * u[1]] } },
    "SprottE": { _ in { u in [u[1] * u[2], u[0] * u[0] - u[1], 1 - 4 * u[0]] } },
    "SprottF": { p in
      let a = p["a"]
      return { u in [u[1] + u[2], -u[0] + a * u[1], u[0] * u[0] - u[2]] }
    },
    "SprottH": { p in
      let a = p["a"]
      return { u in [-u[1] + u[2] * u[2], u[0] + a * u[1], u[0] - u[2]] }
    },
  ]
}
