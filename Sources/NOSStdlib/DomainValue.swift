// The domain object of walk-on-spheres: `disk(...) + rect(...) - polygon(...)`, with
// membership, distance to the boundary, and points on and inside it.
import NOSLang
import NOSPhysics
import NOSTensor

/// A planar domain (NOSPhysics' `Domain2D`) as a nos value. `+` or `|` is union, `-`
/// difference, `&` intersection; `text` is how it was built, for display.
final class DomainValue: HostObject {
  let domain: Domain2D
  let text: String

  init(_ shape: Shape2D, text: String, op: String) throws {
    domain = try Domain2D(shape, op: op)
    self.text = text
  }

  var typeName: String { "object" }
  func display(nested: Bool) -> String { "domain \(text)" }

  func binary(_ op: NOSLang.BinaryOp, _ other: Value, reversed: Bool) throws -> Value? {
    guard case .host(let h as DomainValue) = other else { return nil }
    let (a, b) = reversed ? (h, self) : (self, h)
    switch op {
    case .add, .or: return try a.combined(b, .union(a.domain.shape, b.domain.shape), "+")
    case .sub: return try a.combined(b, .difference(a.domain.shape, b.domain.shape), "-")
    case .and: return try a.combined(b, .intersection(a.domain.shape, b.domain.shape), "&")
    default: return nil
    }
  }

  func combined(_ b: DomainValue, _ shape: Shape2D, _ symbol: String) throws -> Value {
    let op = ["+": "union", "-": "difference", "&": "intersection"][symbol] ?? "domain"
    return .host(try DomainValue(shape, text: "(\(text) \(symbol) \(b.text))", op: op))
  }

  var fieldNames: [String] { ["perimeter", "lower", "upper"] }
  func field(_ name: String) throws -> Value? {
    switch name {
    case "perimeter": return .number(domain.perimeter)
    case "lower": return wrap(Tensor([domain.lower.x, domain.lower.y]))
    case "upper": return wrap(Tensor([domain.upper.x, domain.upper.y]))
    default: return nil
    }
  }

  var members: [Builtin] { DomainValue.declaredMembers }
  var methodNames: [String] { DomainValue.methods.map(\.name) }
  func method(_ name: String) -> Builtin? { DomainValue.methods.first { $0.name == name } }

  static var declaredMembers: [Builtin] {
    Builtin.properties(of: "domain", [
      ("perimeter", "The boundary's length."),
      ("lower", "Lower-left corner [2] of a box around the domain."),
      ("upper", "Upper-right corner [2] of a box around the domain."),
    ]) + methods
  }

  static var methods: [Builtin] {
    setMethods + [
      Builtin("contains", [Param("self"), Param("points")], doc: """
        Whether each of points [m, 2] lies inside (open: boundary points are outside): a \
        bool tensor [m].
        """, receiver: "domain") { a in
        let d = try a.host(0, as: DomainValue.self, expected: "domain")
        let p = try planePoints(a.tensor(1), "contains")
        return wrap(try Tensor(p.map { d.domain.contains($0) ? 1 : 0 }, shape: [p.count],
                               dtype: .bool))
      },
      Builtin("distance", [Param("self"), Param("points")], doc: """
        Exact distance from each of points [m, 2] to the boundary, inside or out: [m].
        """, receiver: "domain") { a in
        let d = try a.host(0, as: DomainValue.self, expected: "domain")
        let p = try planePoints(a.tensor(1), "distance")
        return wrap(Tensor(p.map { d.domain.nearest($0).distance }))
      },
      Builtin("boundary", [Param("self"), Param("n")], doc: """
        n points [n, 2] spread evenly by length along the boundary (for plots and boundary \
        losses).
        """, receiver: "domain") { a in
        let d = try a.host(0, as: DomainValue.self, expected: "domain")
        let n = try a.int(1)
        try checkCount(n, "boundary")
        return wrap(try pointTensor(d.domain.boundaryPoints(n)))
      },
      Builtin("sample", [Param("self"), Param("n"), Param("seed", default: .nil)], doc: """
        n points [n, 2] drawn uniformly inside (rejection from the box); seed= reproduces.
        """, receiver: "domain") { a in
        let d = try a.host(0, as: DomainValue.self, expected: "domain")
        let n = try a.int(1)
        try checkCount(n, "sample")
        var rng = Samples.stream(seed: try PhysicsBuiltins.seed(a, 2))
        return wrap(try pointTensor(d.domain.interiorPoints(n, rng: &rng)))
      },
    ]
  }

  /// `a.union(b)`, `a.difference(b)`, `a.intersection(b)`: shapely's spellings of `|`, `-`, `&`.
  static var setMethods: [Builtin] {
    [("union", NOSLang.BinaryOp.or, "The union a | b (also a + b)."),
     ("difference", NOSLang.BinaryOp.sub, "The difference a - b: points of a not in b."),
     ("intersection", NOSLang.BinaryOp.and, "The intersection a & b.")].map { name, op, doc in
      Builtin(name, [Param("self"), Param("other")], doc: doc, receiver: "domain") { a in
        let d = try a.host(0, as: DomainValue.self, expected: "domain")
        _ = try a.host(1, as: DomainValue.self, expected: "domain")
        guard let v = try d.binary(op, a[1], reversed: false) else {
          throw a.bad(1, expected: "domain")
        }
        return v
      }
    }
  }

  static func checkCount(_ n: Int, _ op: String) throws {
    guard n >= 0, n <= 10_000_000 else {
      throw RuntimeError("\(op): n must be between 0 and 1e7, got \(n)")
    }
  }
}

/// Points of the plane from a real tensor [m, 2] (the error names `op` and the shape).
func planePoints(_ t: Tensor, _ op: String) throws -> [Point2] {
  guard t.ndim == 2, t.shape[1] == 2, !t.dtype.isComplex else {
    throw RuntimeError("\(op): points must be a real tensor [m, 2], got \(t.dtype) "
                       + shapeText(t.shape))
  }
  let v = try t.astype(.f64).toArray()
  return (0..<t.shape[0]).map { Point2(v[2 * $0], v[2 * $0 + 1]) }
}

/// A tensor [m, 2] of points.
func pointTensor(_ p: [Point2]) throws -> Tensor {
  try Tensor(p.flatMap { [$0.x, $0.y] }, shape: [p.count, 2])
}
