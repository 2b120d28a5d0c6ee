// Native right-hand sides of the chaotic flows in ChaosTable (3-variable systems), written
// from the equations of each system's citation as the dysts collection states them.
import Foundation
import NOSTensor

enum ChaosFlows {
  typealias Builder = @Sendable (ChaosParams) -> ChaosRHS

  /// The right-hand side of `name` with parameters `p` (nil for the delay system MackeyGlass).
  static func make(_ name: String, _ p: ChaosParams, dim: Int) throws -> ChaosRHS? {
    if name == "MackeyGlass" { return nil }
    if name == "Lorenz96" { return lorenz96(p["f"], dim) }
    guard let b = classic[name] ?? hyper[name] ?? sprott[name] else {
      throw TensorError("chaos: no right-hand side for \(name)")
    }
    return b(p)
  }

  /// Lorenz (1996): dxᵢ/dt = (xᵢ₊₁ − xᵢ₋₂)xᵢ₋₁ − xᵢ + F, indices cyclic.
  static func lorenz96(_ f: Double, _ n: Int) -> ChaosRHS {
    { x in
      var d = [Double](repeating: 0, count: n)
      for i in 0..<n {
        let ip = i + 1 == n ? 0 : i + 1, im = i == 0 ? n - 1 : i - 1
        let im2 = i >= 2 ? i - 2 : i + n - 2
        d[i] = (x[ip] - x[im2]) * x[im] - x[i] + f
      }
      return d
    }
  }

  static let classic: [String: Builder] = [
    "Lorenz": { p in
      let (b, r, s) = (p["beta"], p["rho"], p["sigma"])
      return { u in [s * (u[1] - u[0]), u[0] * (r - u[2]) - u[1], u[0] * u[1] - b * u[2]] }
    },
    "Rossler": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in [-u[1] - u[2], u[0] + a * u[1], b + u[2] * (u[0] - c)] }
    },
    "Arneodo": arneodo,
    "BurkeShaw": { p in
      let (e, n) = (p["e"], p["n"])
      return { u in [-n * (u[0] + u[1]), u[1] - n * u[0] * u[2], n * u[0] * u[1] + e] }
    },
    "Chen": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in
        [a * (u[1] - u[0]), (c - a) * u[0] - u[0] * u[2] + c * u[1], u[0] * u[1] - b * u[2]]
      }
    },
    "ChenLee": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in
        [a * u[0] - u[1] * u[2], b * u[1] + u[0] * u[2], c * u[2] + u[0] * u[1] / 3]
      }
    },
    "Dadras": { p in
      let (c, e, o, pp, r) = (p["c"], p["e"], p["o"], p["p"], p["r"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [y - pp * x + o * y * z, r * y - x * z + z, c * x * y - e * z]
      }
    },
    "Finance": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in
        [(1 / b - a) * u[0] + u[2] + u[0] * u[1], -b * u[1] - u[0] * u[0], -u[0] - c * u[2]]
      }
    },
    "GenesioTesi": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in [u[1], u[2], -c * u[0] - b * u[1] - a * u[2] + u[0] * u[0]] }
    },
    "Hadley": hadley, "Lorenz84": hadley,
    "Halvorsen": { p in
      let (a, b) = (p["a"], p["b"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [-a * x - b * (y + z) - y * y, -a * y - b * (z + x) - z * z,
                -a * z - b * (x + y) - x * x]
      }
    },
    "Laser": { p in
      let (a, b, c, d, h, k) = (p["a"], p["b"], p["c"], p["d"], p["h"], p["k"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [a * (y - x) + b * y * z * z, c * x + d * x * z * z, h * z + k * x * x]
      }
    },
    "Sakarya": sakarya,
    "LuChen": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in [a * (u[1] - u[0]), -u[0] * u[2] + c * u[1], u[0] * u[1] - b * u[2]] }
    },
    "LuChenCheng": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in
        [-(a * b) / (a + b) * u[0] - u[1] * u[2] + c, a * u[1] + u[0] * u[2],
         b * u[2] + u[0] * u[1]]
      }
    },
    "NewtonLiepnik": { p in
      let (a, b) = (p["a"], p["b"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [-a * x + y + 10 * y * z, -x - 0.4 * y + 5 * x * z, b * z - 5 * x * y]
      }
    },
    "QiChen": { p in
      let (a, b, c) = (p["a"], p["b"], p["c"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [a * (y - x) + y * z, c * x + y - x * z, x * y - b * z]
      }
    },
    "RabinovichFabrikant": { p in
      let (a, g) = (p["a"], p["g"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [y * (z - 1 + x * x) + g * x, x * (3 * z + 1 - x * x) + g * y,
                -2 * z * (a + x * y)]
      }
    },
    "RayleighBenard": { p in
      let (a, b, r) = (p["a"], p["b"], p["r"])
      return { u in [a * (u[1] - u[0]), r * u[1] - u[0] * u[2], u[0] * u[1] - b * u[2]] }
    },
    "RikitakeDynamo": { p in
      let (a, mu) = (p["a"], p["mu"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [-mu * x + y * z, -mu * y - a * x + x * z, 1 - x * y]
      }
    },
    "Rucklidge": { p in
      let (a, b) = (p["a"], p["b"])
      return { u in [-a * u[0] + b * u[1] - u[1] * u[2], u[0], -u[2] + u[1] * u[1]] }
    },
    "ShimizuMorioka": { p in
      let (a, b) = (p["a"], p["b"])
      return { u in [u[1], u[0] - a * u[1] - u[0] * u[2], -b * u[2] + u[0] * u[0]] }
    },
    "ThomasLabyrinth": thomas,
    "VallisElNino": { p in
      let (b, c, pp) = (p["b"], p["c"], p["p"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [b * y - c * (x + pp), -y + x * z, -z - x * y + 1]
      }
    },
    "WangSun": { p in
      let (a, b, d, e, f, q) = (p["a"], p["b"], p["d"], p["e"], p["f"], p["q"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [a * x + q * y * z, b * x + d * y - x * z, e * z + f * x * y]
      }
    },
    "ZhouChen": { p in
      let (a, b, c, d, e) = (p["a"], p["b"], p["c"], p["d"], p["e"])
      return { u in
        let (x, y, z) = (u[0], u[1], u[2])
        return [a * x + b * y + y * z, c * y - x * z + d * y * z, e * z - x * y]
      }
    },
  ]

  /// Arneodo's jerk flow x''' = −ax − bx' − cx'' + dx³.
  static let arneodo: Builder = { p in
    let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
    return { u in [u[1], u[2], -a * u[0] - b * u[1] - c * u[2] + d * u[0] * u[0] * u[0]] }
  }

  /// Lorenz's 1984 Hadley-circulation model (Hadley and Lorenz84 differ in parameters).
  static let hadley: Builder = { p in
    let (a, b, f, g) = (p["a"], p["b"], p["f"], p["g"])
    return { u in
      let (x, y, z) = (u[0], u[1], u[2])
      return [-y * y - z * z - a * x + a * f, x * y - b * x * z - y + g, b * x * y + x * z - z]
    }
  }

  /// Sakarya's flow.
  static let sakarya: Builder = { p in
    let (a, b, c, h) = (p["a"], p["b"], p["c"], p["h"])
    let (pp, q, r, s) = (p["p"], p["q"], p["r"], p["s"])
    return { u in
      let (x, y, z) = (u[0], u[1], u[2])
      return [a * x + h * y + s * y * z, -b * y - pp * x + q * x * z, c * z - r * x * y]
    }
  }

  /// Thomas's cyclically symmetric flow (the labyrinth chaos of its small damping a).
  static let thomas: Builder = { p in
    let (a, b) = (p["a"], p["b"])
    return { u in
      [-a * u[0] + b * sin(u[1]), -a * u[1] + b * sin(u[2]), -a * u[2] + b * sin(u[0])]
    }
  }
}
