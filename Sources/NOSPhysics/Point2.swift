// Points and vectors of the plane for the domain geometry: a plain struct, not SIMD2, whose
// generic operators run tens of times slower in unoptimised (test) builds.

/// A point or vector of the plane.
public struct Point2: Equatable, Sendable, CustomStringConvertible {
  public var x: Double, y: Double

  @inline(__always) public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
  @inline(__always) public init(repeating v: Double) { x = v; y = v }

  public var description: String { "(\(x), \(y))" }

  /// x + y (with `a * b`, the dot product).
  @inline(__always) public func sum() -> Double { x + y }

  @inline(__always) public static func + (a: Point2, b: Point2) -> Point2 {
    Point2(a.x + b.x, a.y + b.y)
  }
  @inline(__always) public static func - (a: Point2, b: Point2) -> Point2 {
    Point2(a.x - b.x, a.y - b.y)
  }
  /// Elementwise.
  @inline(__always) public static func * (a: Point2, b: Point2) -> Point2 {
    Point2(a.x * b.x, a.y * b.y)
  }
  @inline(__always) public static func * (s: Double, a: Point2) -> Point2 {
    Point2(s * a.x, s * a.y)
  }
  @inline(__always) public static func / (a: Point2, s: Double) -> Point2 {
    Point2(a.x / s, a.y / s)
  }
  @inline(__always) public static func + (a: Point2, s: Double) -> Point2 {
    Point2(a.x + s, a.y + s)
  }
  @inline(__always) public static func - (a: Point2, s: Double) -> Point2 {
    Point2(a.x - s, a.y - s)
  }
  @inline(__always) public static func += (a: inout Point2, b: Point2) { a = a + b }
}

@inline(__always) func pointwiseMin(_ a: Point2, _ b: Point2) -> Point2 {
  Point2(min(a.x, b.x), min(a.y, b.y))
}
@inline(__always) func pointwiseMax(_ a: Point2, _ b: Point2) -> Point2 {
  Point2(max(a.x, b.x), max(a.y, b.y))
}
@inline(__always) func vcross(_ a: Point2, _ b: Point2) -> Double { a.x * b.y - a.y * b.x }
@inline(__always) func vlen(_ a: Point2) -> Double { (a.x * a.x + a.y * a.y).squareRoot() }
