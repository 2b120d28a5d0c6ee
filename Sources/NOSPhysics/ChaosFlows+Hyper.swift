// Native right-hand sides of ChaosTable's 4- and 6-variable flows (hyperchaotic Lorenz- and
// Chen-type systems, coupled Lorenz, the nuclear quadrupole Hamiltonian).
import Foundation

extension ChaosFlows {
  static let hyper: [String: Builder] = [
    "HyperBao": { p in
      let (a, b, c, d, e) = (p["a"], p["b"], p["c"], p["d"], p["e"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x) + w, c * y - x * z, x * y - b * z, e * x + d * y * z]
      }
    },
    "HyperCai": { p in
      let (a, b, c, d, e) = (p["a"], p["b"], p["c"], p["d"], p["e"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x), b * x + c * y - x * z + w, -d * z + y * y, -e * x]
      }
    },
    "HyperJha": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x) + w, -x * z + b * x - y, x * y - c * z, -x * z + d * w]
      }
    },
    "HyperLu": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x) + w, -x * z + c * y, x * y - b * z, d * w + x * z]
      }
    },
    "HyperPang": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x), -x * z + c * y + w, x * y - b * z, -d * (x + y)]
      }
    },
    "HyperWang": { p in
      let (a, b, c, d, e) = (p["a"], p["b"], p["c"], p["d"], p["e"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x), -x * z + b * x + w, -c * z + e * x * x, -d * x]
      }
    },
    "HyperXu": { p in
      let (a, b, c, d, e) = (p["a"], p["b"], p["c"], p["d"], p["e"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x) + w, b * x + e * x * z, -c * z - x * y, x * z - d * y]
      }
    },
    "HyperYan": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x), (c - a) * x - x * z + c * y,
                -b * z + x * y - y * z + x * z - w, -d * w + y * z - x * z]
      }
    },
    "HyperYangChen": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x), c * x - x * z + w, -b * z + x * y, -d * x]
      }
    },
    "LorenzCoupled": { p in
      let (b, eps, r1, r2, s) = (p["beta"], p["eps"], p["rho1"], p["rho2"], p["sigma"])
      return { u in
        [s * (u[1] - u[0]), r1 * u[0] - u[0] * u[2] - u[1], u[0] * u[1] - b * u[2],
         s * (u[4] - u[3]) + eps * (u[0] - u[3]), r2 * u[3] - u[3] * u[5] - u[4],
         u[3] * u[4] - b * u[5]]
      }
    },
    "LorenzStenflo": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x) + d * w, c * x - x * z - y, x * y - b * z, -x - a * w]
      }
    },
    "NuclearQuadrupole": { p in
      let (a, b, d) = (p["a"], p["b"], p["d"])
      let k = 3 / 2.0.squareRoot()
      return { u in
        let (q1, q2, p1, p2) = (u[0], u[1], u[2], u[3])
        let r2 = q1 * q1 + q2 * q2
        return [a * p1, a * p2, -a * q1 + k * b * (q1 * q1 - q2 * q2) - d * q1 * r2,
                -a * q2 - 2 * k * b * q1 * q2 - d * q2 * r2]
      }
    },
    "Qi": { p in
      let (a, b, c, d) = (p["a"], p["b"], p["c"], p["d"])
      return { u in
        let (x, y, z, w) = (u[0], u[1], u[2], u[3])
        return [a * (y - x) + y * z * w, b * (x + y) - x * z * w, -c * z + x * y * w,
                -d * w + x * y * z]
      }
    },
  ]
}
