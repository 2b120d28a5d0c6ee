// Planar domains: exact distances and perimeters worked out by hand, shared edges that are
// not boundary, and the errors for degenerate shapes.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class Domain2DTests: XCTestCase {
  func rect(_ a: Double, _ b: Double, _ c: Double, _ d: Double) throws -> Shape2D {
    try Shape2D.makeRect(a, b, c, d)
  }

  /// Both spellings of the L shape [0, 2]² minus [1, 2]² have its 6 edges, perimeter 8, and
  /// the same distances; next to the edge shared by the union's rectangles (y = 1, x < 1)
  /// the distance is to the real boundary, not to the seam.
  func testLShapeDistances() throws {
    let union = try Domain2D(.union(rect(0, 0, 2, 1), rect(0, 1, 1, 2)))
    let diff = try Domain2D(.difference(rect(0, 0, 2, 2), rect(1, 1, 2, 2)))
    for d in [union, diff] {
      XCTAssertEqual(d.perimeter, 8, accuracy: 1e-12)
      // By hand: nearest are x = 0 (0.5), the corner (1, 1) (√0.2525) and y = 0 (0.95).
      XCTAssertEqual(d.nearest(Point2(0.5, 0.95)).distance, 0.5, accuracy: 1e-14)
      XCTAssertEqual(d.nearest(Point2(1.2, 0.8)).distance, 0.2, accuracy: 1e-14)
      // From (0.7, 0.6) the re-entrant corner (1, 1) is nearest: √(0.09 + 0.16) = 0.5.
      let (dist, q) = d.nearest(Point2(0.7, 0.6))
      XCTAssertEqual(dist, 0.5, accuracy: 1e-14)
      XCTAssertEqual(q.x, 1, accuracy: 1e-14)
      XCTAssertEqual(q.y, 1, accuracy: 1e-14)
      // In the notch, outside: 0.3 from its side x = 1.
      XCTAssertEqual(d.nearest(Point2(1.3, 1.4)).distance, 0.3, accuracy: 1e-14)
      XCTAssertFalse(d.contains(Point2(1.5, 1.5)))
      XCTAssertTrue(d.contains(Point2(0.5, 1.5)))
    }
  }

  /// Two unit disks with centers 1 apart: the union's boundary is two arcs of 240°, the
  /// intersection's two of 120°.
  func testOverlappingDisks() throws {
    let a = try Shape2D.makeDisk(0, 0, 1), b = try Shape2D.makeDisk(1, 0, 1)
    XCTAssertEqual(try Domain2D(.union(a, b)).perimeter, 2 * 4 * .pi / 3, accuracy: 1e-12)
    XCTAssertEqual(try Domain2D(.intersection(a, b)).perimeter, 2 * 2 * .pi / 3,
                   accuracy: 1e-12)
    let lens = try Domain2D(.difference(a, b))
    XCTAssertEqual(lens.perimeter, 4 * .pi / 3 + 2 * .pi / 3, accuracy: 1e-12)
    // (−0.5, 0) is 0.5 from the left circle and 1.5 from the right one.
    XCTAssertEqual(lens.nearest(Point2(-0.5, 0)).distance, 0.5, accuracy: 1e-14)
    // (0.2, 0) is nearer to the right circle's arc inside the left disk: 1 − 0.8.
    XCTAssertEqual(lens.nearest(Point2(0.2, 0)).distance, 0.2, accuracy: 1e-14)
  }

  /// A triangle: distance to the hypotenuse of the right triangle (0,0), (1,0), (0,1).
  func testPolygonDistance() throws {
    let d = try Domain2D(Shape2D.makePolygon([Point2(0, 0), Point2(1, 0), Point2(0, 1),
                                              Point2(0, 0)]))
    XCTAssertEqual(d.perimeter, 2 + 2.squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(d.nearest(Point2(0.4, 0.4)).distance, 0.2 / 2.squareRoot(), accuracy: 1e-14)
  }

  func testBoundaryPointsLieOnTheBoundary() throws {
    let d = try Domain2D(.difference(Shape2D.makeDisk(0, 0, 1), rect(0, 0, 2, 2)))
    let pts = d.boundaryPoints(50)
    XCTAssertEqual(pts.count, 50)
    for p in pts { XCTAssertLessThan(d.nearest(p).distance, 1e-12) }
    var rng = Xoshiro256(seed: 3)
    for p in try d.interiorPoints(200, rng: &rng) {
      XCTAssertTrue(d.contains(p))
      XCTAssertFalse(p.x > 0 && p.y > 0, "\(p) is in the removed quarter")
    }
  }

  func testDegenerateShapesAreErrors() {
    func message(_ body: () throws -> Any) -> String {
      do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
    let p = { (xy: [Double]) in
      stride(from: 0, to: xy.count, by: 2).map { Point2(xy[$0], xy[$0 + 1]) }
    }
    XCTAssert(message { try Shape2D.makePolygon(p([0, 0, 1, 1])) }.contains("at least 3"))
    XCTAssert(message { try Shape2D.makePolygon(p([0, 0, 1, 1, 2, 2])) }.contains("collinear"))
    XCTAssert(message { try Shape2D.makePolygon(p([0, 0, 1, 1, 1, 0, 0, 1])) }
      .contains("edges 0 and 2 cross"))
    XCTAssert(message { try Shape2D.makePolygon(p([0, 0, 1, 0, 1, 0, 0, 1])) }
      .contains("coincide"))
    XCTAssert(message { try Shape2D.makePolygon(p([0, 0, 2, 0, 1, 0, 1, 1])) }.contains("cross"))
    XCTAssert(message { try Shape2D.makeRect(1, 0, 0, 1) }.contains("x0 < x1"))
    XCTAssert(message { try Shape2D.makeDisk(0, 0, 0) }.contains("positive"))
    XCTAssert(message {
      try Domain2D(.difference(Shape2D.makeDisk(0, 0, 1), Shape2D.makeDisk(0, 0, 2)))
    }.contains("empty"))
  }

  func testOutsidePointIsAnErrorNamingIt() throws {
    let d = try Domain2D(Shape2D.makeDisk(0, 0, 1))
    XCTAssertThrowsError(try WalkOnSpheres.solve(
      d, points: [Point2(0, 0), Point2(2, 0)], g: { $0.map { _ in 0 } }, f: nil, walks: 10,
      eps: 1e-4, seed: 1)) { XCTAssert("\($0)".contains("point 1 (2, 0) is outside")) }
  }
}
