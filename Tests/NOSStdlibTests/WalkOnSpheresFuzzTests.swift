// Robustness of walk-on-spheres: random domains (odd disks, rectangles, polygons and their
// unions, differences, intersections) and wos calls with odd points, data and options must
// give results or clear errors, never a crash or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class WalkOnSpheresFuzzTests: XCTestCase {
  static let good = [
    "disk(0, 0, 1)", "disk(0.5, 0, 0.7)", "rect(0, 0, 1, 1)",
    "rect(-1, -1, 0.5, 0.5)", "rect(0, 0, 2, 1)", "polygon([[0, 0], [1, 0], [0, 1]])",
    "polygon([[0, 0], [2, 0], [2, 2], [1, 0.5], [0, 2]])", "polygon(randn(5, 2))",
    "polygon([[0, 0], [1, 0], [0, 1], [0, 0]])",
  ]
  static let bad = [
    "disk(0, 0, 0)", "disk(0, 0, -1)", "disk(nan, 0, 1)", "disk(0, 0, inf)",
    "rect(1, 0, 0, 1)", "rect(0, 0, 0, 1)", "polygon([[0, 0], [1, 1]])",
    "polygon([[0, 0], [1, 1], [2, 2]])", "polygon([[0, 0], [1, 1], [1, 0], [0, 1]])",
    "polygon(zeros(0, 2))", "polygon([[0, 0], [1, 0], [1, 0], [0, 1]])", "polygon(randn(3))",
    "polygon(\"x\")", "disk(0, 0)", "rect(0, 0, 1, 1, 2)", "disk(0, 0, 1e-300)",
    "disk(1e300, 0, 1)",
  ]
  static let combine = [" + ", " - ", " | ", " & ", " * ", ".union(", ".difference(",
                        ".intersection("]
  static let points = [
    "[[0.1, 0.1]]", "[[0.3, 0.2], [0.1, 0.05]]", "zeros(0, 2)", "[0.1, 0.1]", "[[5, 5]]",
    "[[nan, 0]]", "[[inf, 0]]", "randn(4, 2) * 0.2", "randn(3, 3)", "[[0, 0]]", "[[1, 0.5]]",
    "complex(randn(2, 2), 0)", "\"p\"", "nil", "ones(2, 2, 2)",
  ]
  static let data = [
    "0", "1", "(x, y) -> x * y", "(x, y) -> x", "(x, y) -> \"s\"", "(x, y) -> [x, y]",
    "(x, y) -> nan", "x -> x", "(x, y) -> error(\"boom\")", "sin", "nil", "\"g\"",
    "(x, y) -> zeros(3)", "(x, y) -> if x > 0 { 1 } else { 0 }",
  ]
  static let options = [
    ", walks=3", ", walks=0", ", walks=-1", ", walks=1", ", walks=1e12", ", walks=2.5",
    ", eps=0", ", eps=-1", ", eps=nan", ", eps=10", ", eps=1e-300", ", seed=1", ", seed=-5",
    ", seed=1.5", ", max_steps=1", ", max_steps=0", ", f=1", ", f=(x, y) -> x",
    ", f=\"f\"", ", nope=1",
  ]

  static func domain(_ rng: inout TestRNG) -> String {
    func primitive(_ rng: inout TestRNG) -> String {
      rng.int(8) == 0 ? rng.pick(bad) : rng.pick(good)
    }
    var d = primitive(&rng)
    for _ in 0..<rng.int(3) {
      let op = rng.pick(combine), b = primitive(&rng)
      d = op.hasPrefix(".") ? "(\(d))\(op)\(b))" : "(\(d))\(op)\(b)"
    }
    return d
  }

  static func program(_ rng: inout TestRNG) -> String {
    let d = domain(&rng)
    switch rng.int(5) {
    case 0: return "d = \(d)\nprint(d, d.perimeter, d.lower, d.upper)"
    case 1:
      let p = rng.pick(points), q = rng.pick(points)
      return "d = \(d)\nprint(d.contains(\(p)), d.distance(\(q)))"
    case 2: return "d = \(d)\nprint(d.boundary(\(rng.pick(["0", "1", "7", "-1", "1e12", "2.5"]))))"
    case 3: return "d = \(d)\nprint(d.sample(\(rng.pick(["0", "3", "-1", "1e12"])), seed=1))"
    default:
      var call = "wos(\(d), \(rng.pick(data)), \(rng.pick(points))"
      for _ in 0..<rng.int(3) { call += rng.pick(options) }
      if !call.contains("walks=") { call += ", walks=4" }
      return "r = \(call))\nprint(r.u, r.stderr, r.steps)"
    }
  }

  func testWalkOnSpheresNeverCrashes() {
    runStdlibFuzz("wos", seed: 0x0505, minimumRunFraction: 20, program: Self.program)
  }
}
