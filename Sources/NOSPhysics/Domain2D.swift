// Planar domains for walk-on-spheres: disks, rectangles and simple polygons combined by union,
// difference and intersection, with membership and exact distance to the boundary.
import Foundation
import NOSTensor

/// A region of the plane as a tree of shapes. Membership uses open primitives (a point on a
/// disk's circle is outside); walk-on-spheres never asks about points exactly on the boundary.
public indirect enum Shape2D: Sendable {
  case disk(center: Point2, radius: Double)
  /// A simple polygon (rectangles too), vertices in either orientation, not closed.
  case polygon([Point2])
  case union(Shape2D, Shape2D)
  case difference(Shape2D, Shape2D)
  case intersection(Shape2D, Shape2D)

  /// Whether `p` lies in the region (polygons by the even-odd crossing rule).
  public func contains(_ p: Point2) -> Bool {
    switch self {
    case .disk(let c, let r):
      return vlen(p - c) < r
    case .polygon(let v): return Shape2D.polygonContains(v, p)
    case .union(let a, let b): return a.contains(p) || b.contains(p)
    case .difference(let a, let b): return a.contains(p) && !b.contains(p)
    case .intersection(let a, let b): return a.contains(p) && b.contains(p)
    }
  }

  static func polygonContains(_ v: [Point2], _ p: Point2) -> Bool {
    var inside = false
    var j = v.count - 1
    for i in v.indices {
      let a = v[i], b = v[j]
      if (a.y > p.y) != (b.y > p.y) {
        let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)
        if p.x < x { inside.toggle() }
      }
      j = i
    }
    return inside
  }

  /// The boundary pieces of the primitives, before clipping.
  var rawPieces: [BoundaryPiece] {
    switch self {
    case .disk(let c, let r): return [.arc(center: c, radius: r, from: 0, to: 2 * .pi)]
    case .polygon(let v):
      return v.indices.map { .segment(v[$0], v[($0 + 1) % v.count]) }
    case .union(let a, let b), .difference(let a, let b), .intersection(let a, let b):
      return a.rawPieces + b.rawPieces
    }
  }

  /// Lower-left and upper-right corners of a box around the primitives.
  var box: (Point2, Point2) {
    switch self {
    case .disk(let c, let r): return (c - r, c + r)
    case .polygon(let v):
      return (v.dropFirst().reduce(v[0]) { pointwiseMin($0, $1) },
              v.dropFirst().reduce(v[0]) { pointwiseMax($0, $1) })
    case .union(let a, let b), .difference(let a, let b), .intersection(let a, let b):
      let (p, q) = a.box, (r, s) = b.box
      return (pointwiseMin(p, r), pointwiseMax(q, s))
    }
  }
}

extension Shape2D {
  /// A disk; the radius must be positive and everything finite.
  public static func makeDisk(_ cx: Double, _ cy: Double, _ r: Double) throws -> Shape2D {
    guard cx.isFinite, cy.isFinite, r.isFinite else {
      throw TensorError("disk: center and radius must be finite, got (\(num(cx)), \(num(cy))), "
                        + "\(num(r))")
    }
    guard r > 0 else { throw TensorError("disk: radius must be positive, got \(num(r))") }
    return .disk(center: Point2(cx, cy), radius: r)
  }

  /// The rectangle [x0, x1] × [y0, y1]; needs x0 < x1 and y0 < y1.
  public static func makeRect(_ x0: Double, _ y0: Double, _ x1: Double,
                              _ y1: Double) throws -> Shape2D {
    guard [x0, y0, x1, y1].allSatisfy(\.isFinite) else {
      throw TensorError("rect: corners must be finite")
    }
    guard x0 < x1, y0 < y1 else {
      throw TensorError("rect: needs x0 < x1 and y0 < y1, got (\(num(x0)), \(num(y0))) to "
                        + "(\(num(x1)), \(num(y1)))")
    }
    return .polygon([Point2(x0, y0), Point2(x1, y0), Point2(x1, y1), Point2(x0, y1)])
  }

  /// A simple polygon through `points` (a closing copy of the first point is dropped).
  /// Fewer than 3 distinct vertices, repeated consecutive vertices, zero area or crossing
  /// edges are errors naming what is wrong.
  public static func makePolygon(_ points: [Point2]) throws -> Shape2D {
    var v = points
    if v.count > 1, v.first == v.last { v.removeLast() }
    guard v.count >= 3 else {
      throw TensorError("polygon: needs at least 3 vertices, got \(v.count)")
    }
    guard v.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
      throw TensorError("polygon: vertices must be finite")
    }
    for i in v.indices where v[i] == v[(i + 1) % v.count] {
      throw TensorError("polygon: vertices \(i) and \((i + 1) % v.count) coincide")
    }
    let (lo, hi) = Shape2D.polygon(v).box
    let scale = max(hi.x - lo.x, hi.y - lo.y)
    let far = v.max { vlen($0 - v[0]) < vlen($1 - v[0]) } ?? v[0]
    if v.allSatisfy({ abs(vcross($0 - v[0], far - v[0])) <= 1e-12 * scale * scale }) {
      throw TensorError("polygon: zero area (the \(v.count) vertices are collinear)")
    }
    if let (i, j) = crossingEdges(v) {
      throw TensorError("polygon: edges \(i) and \(j) cross (the polygon must be simple)")
    }
    guard abs(signedArea(v)) > 1e-12 * scale * scale else {
      throw TensorError("polygon: zero area")
    }
    return .polygon(v)
  }

  static func signedArea(_ v: [Point2]) -> Double {
    var s = 0.0
    for i in v.indices {
      let a = v[i], b = v[(i + 1) % v.count]
      s += a.x * b.y - b.x * a.y
    }
    return s / 2
  }

  /// The first pair of non-adjacent edges that touch or cross (edge i runs from vertex i to
  /// i + 1); nil for a simple polygon. O(n²), fine for the hand-made polygons WoS meets.
  static func crossingEdges(_ v: [Point2]) -> (Int, Int)? {
    let n = v.count
    for i in 0..<n {
      for j in (i + 1)..<n where j != i + 1 && !(i == 0 && j == n - 1) {
        if segmentsTouch(v[i], v[(i + 1) % n], v[j], v[(j + 1) % n]) { return (i, j) }
      }
    }
    // Adjacent edges folding back on each other (a spike of zero width) also cross.
    for i in 0..<n {
      let a = v[(i + n - 1) % n], b = v[i], c = v[(i + 1) % n]
      let u = b - a, w = c - b
      if abs(vcross(u, w)) <= 1e-14 * vlen(u) * vlen(w), (u * w).sum() < 0 {
        return ((i + n - 1) % n, i)
      }
    }
    return nil
  }

  static func segmentsTouch(_ p: Point2, _ q: Point2, _ r: Point2, _ s: Point2) -> Bool {
    func orient(_ a: Point2, _ b: Point2, _ c: Point2) -> Double { vcross(b - a, c - a) }
    func onSegment(_ a: Point2, _ b: Point2, _ c: Point2) -> Bool {
      min(a.x, b.x) <= c.x && c.x <= max(a.x, b.x) && min(a.y, b.y) <= c.y
        && c.y <= max(a.y, b.y)
    }
    let d1 = orient(r, s, p), d2 = orient(r, s, q), d3 = orient(p, q, r), d4 = orient(p, q, s)
    if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
      return true
    }
    return (d1 == 0 && onSegment(r, s, p)) || (d2 == 0 && onSegment(r, s, q))
      || (d3 == 0 && onSegment(p, q, r)) || (d4 == 0 && onSegment(p, q, s))
  }
}
