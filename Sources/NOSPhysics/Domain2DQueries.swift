// A domain ready for queries: a shape with its exact boundary (distance, nearest boundary
// point, points along the boundary, uniform interior samples).
import Foundation
import NOSTensor

/// A bounded planar region with its boundary computed once (walk-on-spheres asks for the
/// distance to it at every step).
public struct Domain2D: Sendable {
  public let shape: Shape2D
  let pieces: [BoundaryPiece]
  /// Corners of a box around the region.
  public let lower: Point2, upper: Point2

  /// Computes the boundary; a region without one (empty, as `disk - bigger disk`) is an
  /// error naming `op`.
  public init(_ shape: Shape2D, op: String = "domain") throws {
    self.shape = shape
    pieces = shape.boundary()
    guard !pieces.isEmpty else {
      throw TensorError("\(op): the domain is empty or too thin to resolve (no boundary found)")
    }
    var lo = Point2(repeating: .infinity), hi = Point2(repeating: -.infinity)
    for p in pieces {
      for k in 0...16 {
        let (s0, s1) = p.range
        let q = p.point(at: s0 + (s1 - s0) * Double(k) / 16)
        lo = pointwiseMin(lo, q)
        hi = pointwiseMax(hi, q)
      }
    }
    // Arcs bulge between the sampled points by at most r(1 − cos(π/16)) < 2% of r.
    let (blo, bhi) = shape.box
    lower = pointwiseMax(lo - 0.02 * (hi - lo), blo)
    upper = pointwiseMin(hi + 0.02 * (hi - lo), bhi)
  }

  public func contains(_ p: Point2) -> Bool { shape.contains(p) }

  /// The distance from p to the boundary and the nearest boundary point (exact: the minimum
  /// over the boundary's segments and arcs).
  @inline(__always)
  public func nearest(_ p: Point2) -> (distance: Double, point: Point2) {
    var best = Double.infinity, at = p
    for piece in pieces {
      let (d, q) = piece.nearest(to: p)
      if d < best { best = d; at = q }
    }
    return (best, at)
  }

  /// The boundary's total length.
  public var perimeter: Double { pieces.reduce(0) { $0 + $1.length } }

  /// n points spread evenly by arc length along the boundary (the middles of n equal parts).
  public func boundaryPoints(_ n: Int) -> [Point2] {
    let total = perimeter
    var out: [Point2] = []
    out.reserveCapacity(n)
    var start = 0.0
    var k = 0
    for piece in pieces {
      let len = piece.length
      let (s0, s1) = piece.range
      while k < n {
        let at = (Double(k) + 0.5) * total / Double(n) - start
        guard at <= len || piece.length == 0 else { break }
        out.append(piece.point(at: s0 + (s1 - s0) * min(at / max(len, .leastNormalMagnitude), 1)))
        k += 1
      }
      start += len
    }
    while out.count < n, let last = pieces.last { out.append(last.point(at: last.range.1)) }
    return out
  }

  /// n points drawn uniformly inside, by rejection from the bounding box. Gives up (with an
  /// error) if a million draws in a row miss, i.e. the region is a sliver of its box.
  public func interiorPoints(_ n: Int, rng: inout Xoshiro256) throws -> [Point2] {
    var out: [Point2] = []
    out.reserveCapacity(n)
    var misses = 0
    while out.count < n {
      let p = lower + (upper - lower) * Point2(rng.uniform(), rng.uniform())
      if contains(p), nearest(p).distance > 0 {
        out.append(p)
        misses = 0
      } else {
        misses += 1
        if misses > 1_000_000 {
          throw TensorError("sample: a million draws missed the domain (too thin to sample)")
        }
      }
    }
    return out
  }
}
