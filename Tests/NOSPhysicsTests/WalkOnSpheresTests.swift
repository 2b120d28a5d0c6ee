// Walk-on-spheres against exact solutions: harmonic functions on a disk, an L shape and an
// annulus, Poisson problems with known u, the 1/√walks rate, and the reported standard error.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class WalkOnSpheresTests: XCTestCase {
  typealias Exact = (Point2) -> Double

  func field(_ u: @escaping Exact) -> WalkOnSpheres.Field { { $0.map(u) } }

  /// Points on a grid of the box kept when inside and at least `margin` from the boundary.
  func interior(_ d: Domain2D, _ n: Int, margin: Double = 0.02) -> [Point2] {
    var out: [Point2] = []
    for i in 0..<n {
      for j in 0..<n {
        let t = Point2((Double(i) + 0.5) / Double(n), (Double(j) + 0.5) / Double(n))
        let p = d.lower + (d.upper - d.lower) * t
        if d.contains(p), d.nearest(p).distance > margin { out.append(p) }
      }
    }
    return out
  }

  /// Every estimate within 4 standard errors of the exact value.
  func assertWithin4Sigma(_ d: Domain2D, f: Exact? = nil, walks: Int = 1000,
                          seed: UInt64 = 1, file: StaticString = #filePath,
                          line: UInt = #line, _ u: @escaping Exact) throws {
    let pts = interior(d, 7)
    XCTAssertGreaterThan(pts.count, 10, file: file, line: line)
    let r = try WalkOnSpheres.solve(d, points: pts, g: field(u), f: f.map(field), walks: walks,
                                    eps: 1e-5, seed: seed)
    for (k, p) in pts.enumerated() {
      XCTAssertLessThan(abs(r.u[k] - u(p)), 4 * r.stderr[k],
                        "at \(p): \(r.u[k]) vs \(u(p)) ± \(r.stderr[k])", file: file, line: line)
      XCTAssertGreaterThan(r.stderr[k], 0, file: file, line: line)
    }
  }

  func unitDisk() throws -> Domain2D { try Domain2D(Shape2D.makeDisk(0, 0, 1)) }
  /// The L shape [0, 2]² minus [1, 2]², built as a union of two rectangles sharing an edge.
  func lUnion() throws -> Domain2D {
    try Domain2D(.union(Shape2D.makeRect(0, 0, 2, 1), Shape2D.makeRect(0, 1, 1, 2)))
  }
  func lDifference() throws -> Domain2D {
    try Domain2D(.difference(Shape2D.makeRect(0, 0, 2, 2), Shape2D.makeRect(1, 1, 2, 2)))
  }

  func testHarmonicOnDisk() throws {
    try assertWithin4Sigma(unitDisk()) { $0.x * $0.x - $0.y * $0.y }
    try assertWithin4Sigma(unitDisk()) { exp($0.x) * cos($0.y) }
  }

  func testHarmonicOnLShapes() throws {
    try assertWithin4Sigma(lUnion()) { exp($0.x) * cos($0.y) }
    try assertWithin4Sigma(lDifference(), seed: 2) { $0.x * $0.x - $0.y * $0.y + $0.x * $0.y }
  }

  /// An annulus (disk minus disk) and u = ln r, harmonic away from 0: exercises arcs.
  func testLogOnAnnulus() throws {
    let d = try Domain2D(.difference(Shape2D.makeDisk(0, 0, 2), Shape2D.makeDisk(0, 0, 0.5)))
    XCTAssertEqual(d.perimeter, 2 * .pi * 2.5, accuracy: 1e-12)
    try assertWithin4Sigma(d) { log(vlen($0)) }
  }

  /// −Δu = 1 on the unit disk with u = 0 on the circle: u = (1 − x² − y²)/4.
  func testPoissonConstantSource() throws {
    try assertWithin4Sigma(unitDisk(), f: { _ in 1 }) { (1 - $0.x * $0.x - $0.y * $0.y) / 4 }
  }

  /// u = x²y has −Δu = −2y: a source that varies inside each ball, on the L shape.
  func testPoissonVaryingSource() throws {
    try assertWithin4Sigma(lUnion(), f: { -2 * $0.y }) { $0.x * $0.x * $0.y }
  }

  /// RMS error over many points at walks = 100, 400, 1600, 6400: the slope of log error
  /// against log walks is −1/2 (fit by least squares; required within [−0.6, −0.4]).
  func testErrorFallsLikeInverseSqrtWalks() throws {
    let d = try unitDisk()
    let pts = interior(d, 7, margin: 0.05)
    let u: Exact = { exp($0.x) * cos($0.y) }
    var logs: [(Double, Double)] = []
    for walks in [100, 400, 1600, 6400] {
      let r = try WalkOnSpheres.solve(d, points: pts, g: field(u), f: nil, walks: walks,
                                      eps: 1e-5, seed: UInt64(walks))
      let mse = zip(r.u, pts).map { ($0 - u($1)) * ($0 - u($1)) }.reduce(0, +)
      logs.append((log(Double(walks)), 0.5 * log(mse / Double(pts.count))))
    }
    let mx = logs.map(\.0).reduce(0, +) / 4, my = logs.map(\.1).reduce(0, +) / 4
    let slope = logs.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
      / logs.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
    XCTAssert((-0.6)...(-0.4) ~= slope, "slope \(slope)")
  }

  /// The reported standard error matches the spread of estimates across 60 seeds.
  func testStandardErrorMatchesSpreadAcrossSeeds() throws {
    let d = try lUnion()
    let p = [Point2(0.5, 0.5), Point2(1.5, 0.3)]
    let u: Exact = { exp($0.x) * cos($0.y) }
    var est: [[Double]] = [[], []], se: [[Double]] = [[], []]
    for s in 0..<60 {
      let r = try WalkOnSpheres.solve(d, points: p, g: field(u), f: { $0.map { _ in 1 } },
                                      walks: 200, eps: 1e-4, seed: UInt64(s))
      for k in 0..<2 { est[k].append(r.u[k]); se[k].append(r.stderr[k]) }
    }
    for k in 0..<2 {
      let m = est[k].reduce(0, +) / 60
      let spread = (est[k].map { ($0 - m) * ($0 - m) }.reduce(0, +) / 59).squareRoot()
      let reported = se[k].reduce(0, +) / 60
      XCTAssertEqual(spread / reported, 1, accuracy: 0.3, "point \(k)")
    }
  }

  func testReproducibleWhateverTheThreads() throws {
    let d = try lDifference()
    let pts = interior(d, 6)
    let g = field { $0.x * $0.y }
    let saved = Parallel.threads
    defer { Parallel.threads = saved }
    Parallel.threads = 1
    let one = try WalkOnSpheres.solve(d, points: pts, g: g, f: nil, walks: 50, eps: 1e-4,
                                      seed: 9)
    Parallel.threads = 2
    let two = try WalkOnSpheres.solve(d, points: pts, g: g, f: nil, walks: 50, eps: 1e-4,
                                      seed: 9)
    XCTAssertEqual(one.u, two.u)
    XCTAssertEqual(one.steps, two.steps)
  }
}
