// Walk-on-spheres (Muller 1956): Monte-Carlo estimates of Laplace's and Poisson's equations
// with Dirichlet data, one point at a time, no mesh (Sawhney & Crane 2020 for the source term).
import Foundation
import NOSTensor

/// Estimates u(x) for −Δu = f in a domain, u = g on its boundary. From x, a walk jumps to a
/// uniform point on the largest circle around it inside the domain, until it is within eps
/// of the boundary; g at the nearest boundary point, plus for each circle of radius R the
/// source at a uniform point y of its disk times the disk's area times the Green's function
/// ln(R/|y − x|)/(2π), is an estimate whose mean is u(x) up to O(eps) (the eps shell).
public enum WalkOnSpheres {
  /// Evaluates a function of the plane at many points at once (the language calls the user's
  /// function once per batch).
  public typealias Field = ([Point2]) throws -> [Double]

  public struct Result: Sendable {
    /// The estimates, their standard errors (sample standard deviation over √walks; nan for
    /// one walk) and the mean number of steps of a walk, one per point.
    public var u: [Double], stderr: [Double], steps: [Double]
  }

  /// What one point's walks produced before g and f are evaluated.
  struct Record {
    var ends: [Point2] = []
    var sources: [Point2] = []
    var weights: [Double] = []
    var owner: [Int32] = []
    var steps = 0
  }

  public static func solve(_ domain: Domain2D, points: [Point2], g: Field, f: Field?,
                           walks: Int, eps: Double, maxSteps: Int = 100_000,
                           seed: UInt64?) throws -> Result {
    try check(domain, points: points, walks: walks, eps: eps, maxSteps: maxSteps)
    // Below a few ulps of the coordinates a step no longer moves the point: stop there.
    let (lo, hi) = (domain.lower, domain.upper)
    let eps = max(eps, 64 * max(abs(lo.x), abs(lo.y), abs(hi.x), abs(hi.y)).ulp)
    // One stream per point, drawn in order: results do not depend on threads or batching.
    var root = Samples.stream(seed: seed)
    let streams = points.map { _ in Xoshiro256(seed: root.next()) }
    var result = Result(u: [], stderr: [], steps: [])
    let chunk = max(1, (1 << 16) / walks)
    var start = 0
    while start < points.count {
      let range = start..<min(start + chunk, points.count)
      let records = try Samples.runEach(range.count, label: "wos") { k in
        var rng = streams[range.lowerBound + k]
        return walk(domain, from: points[range.lowerBound + k], walks: walks, eps: eps,
                    maxSteps: maxSteps, source: f != nil, rng: &rng)
      }
      try combine(records, g: g, f: f, walks: walks, into: &result)
      start = range.upperBound
    }
    return result
  }

  static func check(_ domain: Domain2D, points: [Point2], walks: Int, eps: Double,
                    maxSteps: Int) throws {
    guard walks >= 1 else { throw TensorError("wos: walks must be at least 1, got \(walks)") }
    guard eps > 0, eps.isFinite else {
      throw TensorError("wos: eps must be positive and finite, got \(num(eps))")
    }
    guard maxSteps >= 1 else {
      throw TensorError("wos: max_steps must be at least 1, got \(maxSteps)")
    }
    for (i, p) in points.enumerated() {
      guard p.x.isFinite, p.y.isFinite else {
        throw TensorError("wos: point \(i) is not finite (\(num(p.x)), \(num(p.y)))")
      }
      if !domain.contains(p) && domain.nearest(p).distance >= eps {
        throw TensorError("wos: point \(i) (\(num(p.x)), \(num(p.y))) is outside the domain")
      }
    }
  }

  /// All walks from one point: where each ended and, with a source, its sample points.
  static func walk(_ domain: Domain2D, from x0: Point2, walks: Int, eps: Double,
                   maxSteps: Int, source: Bool, rng: inout Xoshiro256) -> Record {
    var r = Record()
    r.ends.reserveCapacity(walks)
    for w in 0..<walks {
      var x = x0
      var step = 0
      while true {
        let (d, q) = domain.nearest(x)
        if d < eps || step >= maxSteps { r.ends.append(q); break }
        if source {
          // y uniform in the disk: radius d·√u with u in (0, 1], so ln(d/ρ) is finite.
          let rho = d * (1 - rng.uniform()).squareRoot(), a = 2 * Double.pi * rng.uniform()
          r.sources.append(x + rho * Point2(cos(a), sin(a)))
          // Area πd² times the disk's Green's function ln(d/ρ)/(2π).
          r.weights.append(d * d / 2 * log(d / rho))
          r.owner.append(Int32(w))
        }
        let a = 2 * Double.pi * rng.uniform()
        x += d * Point2(cos(a), sin(a))
        step += 1
      }
      r.steps += step
    }
    return r
  }

  /// Evaluates g (and f) once for a batch of points' walks and appends their statistics.
  static func combine(_ records: [Record], g: Field, f: Field?, walks: Int,
                      into result: inout Result) throws {
    let ends = records.flatMap(\.ends)
    let gv = try g(ends)
    let sources = records.flatMap(\.sources)
    let fv = try f.map { try $0(sources) } ?? []
    guard gv.count == ends.count, fv.count == sources.count else {
      throw TensorError("wos: internal: g or f gave the wrong number of values")
    }
    var gAt = 0, fAt = 0
    for r in records {
      var y = Array(gv[gAt..<(gAt + walks)])
      gAt += walks
      for k in r.weights.indices { y[Int(r.owner[k])] += r.weights[k] * fv[fAt + k] }
      fAt += r.weights.count
      let mean = y.reduce(0, +) / Double(walks)
      let ss = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      result.u.append(mean)
      result.stderr.append(walks > 1 ? (ss / Double(walks - 1) / Double(walks)).squareRoot()
                                     : .nan)
      result.steps.append(Double(r.steps) / Double(walks))
    }
  }
}
