// The exact boundary of a planar domain: its primitives' edges and circles cut where they
// meet, keeping the pieces where membership changes across; distance and nearest point.
import Foundation
import NOSTensor

/// A piece of boundary: a segment from a to b, or the arc of a circle between two angles
/// (from < to ≤ from + 2π), traversed counter-clockwise.
enum BoundaryPiece: Sendable {
  case segment(Point2, Point2)
  case arc(center: Point2, radius: Double, from: Double, to: Double)

  var range: (Double, Double) {
    switch self {
    case .segment: return (0, 1)
    case .arc(_, _, let a, let b): return (a, b)
    }
  }

  func point(at s: Double) -> Point2 {
    switch self {
    case .segment(let a, let b): return a + s * (b - a)
    case .arc(let c, let r, _, _): return c + r * Point2(cos(s), sin(s))
    }
  }

  /// A unit normal at parameter s (either side; only used to step across).
  func normal(at s: Double) -> Point2 {
    switch self {
    case .segment(let a, let b):
      let d = b - a
      return Point2(-d.y, d.x) / vlen(d)
    case .arc: return Point2(cos(s), sin(s))
    }
  }

  var length: Double {
    switch self {
    case .segment(let a, let b): return vlen(b - a)
    case .arc(_, let r, let a, let b): return r * (b - a)
    }
  }

  /// The piece between parameters s0 < s1 of this one.
  func sub(_ s0: Double, _ s1: Double) -> BoundaryPiece {
    switch self {
    case .segment: return .segment(point(at: s0), point(at: s1))
    case .arc(let c, let r, _, _): return .arc(center: c, radius: r, from: s0, to: s1)
    }
  }

  /// Distance from p to this piece and the nearest point on it.
  @inline(__always)
  func nearest(to p: Point2) -> (Double, Point2) {
    switch self {
    case .segment(let a, let b):
      let d = b - a
      let t = min(max(((p - a) * d).sum() / (d * d).sum(), 0), 1)
      let q = a + t * d
      return (vlen(p - q), q)
    case .arc(let c, let r, let s0, let s1):
      let v = p - c
      let rho = vlen(v)
      if s1 - s0 >= 2 * .pi {
        let q = rho > 0 ? c + (r / rho) * v : c + Point2(r, 0)
        return (abs(rho - r), q)
      }
      var phi = atan2(v.y, v.x)
      while phi < s0 { phi += 2 * .pi }
      while phi >= s0 + 2 * .pi { phi -= 2 * .pi }
      if phi <= s1 { return (abs(rho - r), c + r * Point2(cos(phi), sin(phi))) }
      let e0 = point(at: s0), e1 = point(at: s1)
      let d0 = vlen(p - e0), d1 = vlen(p - e1)
      return d0 <= d1 ? (d0, e0) : (d1, e1)
    }
  }

  /// The parameter on this piece of a point known to lie on it (or on its circle's line).
  func parameter(of q: Point2) -> Double {
    switch self {
    case .segment(let a, let b):
      let d = b - a
      return ((q - a) * d).sum() / (d * d).sum()
    case .arc(let c, _, let s0, _):
      var phi = atan2(q.y - c.y, q.x - c.x)
      while phi < s0 { phi += 2 * .pi }
      while phi >= s0 + 2 * .pi { phi -= 2 * .pi }
      return phi
    }
  }
}

/// Where two raw pieces meet. Arcs here are whole circles (raw pieces of disks); collinear
/// overlapping segments report each other's endpoints.
func meetingPoints(_ p: BoundaryPiece, _ q: BoundaryPiece) -> [Point2] {
  switch (p, q) {
  case (.segment(let a, let b), .segment(let c, let d)): return segmentMeets(a, b, c, d)
  case (.segment(let a, let b), .arc(let c, let r, _, _)),
       (.arc(let c, let r, _, _), .segment(let a, let b)):
    return lineCircle(a, b, c, r)
  case (.arc(let c1, let r1, _, _), .arc(let c2, let r2, _, _)):
    return circleCircle(c1, r1, c2, r2)
  }
}

private func segmentMeets(_ a: Point2, _ b: Point2, _ c: Point2, _ d: Point2) -> [Point2] {
  let u = b - a, v = d - c, w = c - a
  let den = vcross(u, v)
  let scale = vlen(u) * vlen(v)
  if abs(den) <= 1e-13 * scale {
    // Parallel: only collinear overlaps matter; they cut at the other's endpoints.
    guard abs(vcross(u, w)) <= 1e-12 * vlen(u) * max(vlen(w), vlen(u)) else { return [] }
    return [c, d, a, b]
  }
  let t = vcross(w, v) / den, s = vcross(w, u) / den
  let tol = 1e-12
  guard t >= -tol, t <= 1 + tol, s >= -tol, s <= 1 + tol else { return [] }
  return [a + t * u]
}

private func lineCircle(_ a: Point2, _ b: Point2, _ c: Point2, _ r: Double) -> [Point2] {
  let d = b - a, f = a - c
  let qa = (d * d).sum(), qb = 2 * (f * d).sum(), qc = (f * f).sum() - r * r
  let disc = qb * qb - 4 * qa * qc
  guard disc >= 0 else { return [] }
  let root = disc.squareRoot()
  return [(-qb - root) / (2 * qa), (-qb + root) / (2 * qa)]
    .filter { $0 >= -1e-12 && $0 <= 1 + 1e-12 }
    .map { a + $0 * d }
}

private func circleCircle(_ c1: Point2, _ r1: Double, _ c2: Point2, _ r2: Double) -> [Point2] {
  let v = c2 - c1
  let d = vlen(v)
  guard d > 0, d <= r1 + r2, d >= abs(r1 - r2) else { return [] }
  let a = (r1 * r1 - r2 * r2 + d * d) / (2 * d)
  let h = max(r1 * r1 - a * a, 0).squareRoot()
  let m = c1 + (a / d) * v, n = Point2(-v.y, v.x) / d
  return [m + h * n, m - h * n]
}

extension Shape2D {
  /// The boundary of the region: every primitive's edges and circles, cut at every meeting
  /// with another primitive's, keeping the sub-pieces whose two sides differ in membership
  /// (so an edge shared by two rectangles of a union, inside the union, is dropped).
  func boundary() -> [BoundaryPiece] {
    let raw = rawPieces
    let (lo, hi) = box
    let delta = 1e-8 * max(hi.x - lo.x, hi.y - lo.y)
    var kept: [BoundaryPiece] = []
    for (i, p) in raw.enumerated() {
      let (s0, s1) = p.range
      var cuts = [s0, s1]
      for (j, q) in raw.enumerated() where j != i {
        for m in meetingPoints(p, q) {
          let s = p.parameter(of: m)
          if s > s0, s < s1 { cuts.append(s) }
        }
      }
      cuts.sort()
      let tiny = 1e-12 * (s1 - s0)
      for k in 1..<cuts.count where cuts[k] - cuts[k - 1] > tiny {
        let mid = (cuts[k - 1] + cuts[k]) / 2
        let x = p.point(at: mid), n = p.normal(at: mid)
        if contains(x + delta * n) != contains(x - delta * n) {
          kept.append(p.sub(cuts[k - 1], cuts[k]))
        }
      }
    }
    return kept
  }
}
