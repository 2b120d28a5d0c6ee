// Builtins for walk-on-spheres: the domain constructors disk, rect, polygon and wos itself,
// which calls the user's boundary data and source once per batch of points.
import NOSLang
import NOSPhysics
import NOSTensor

extension PhysicsBuiltins {
  static var wosBuiltins: [Builtin] { domainBuiltins + [wosBuiltin] }

  static var domainBuiltins: [Builtin] {
    [
      Builtin("disk", [Param("cx"), Param("cy"), Param("r")], doc: """
        The open disk of center (cx, cy) and radius r > 0, a domain for wos. Domains combine \
        as a + b or a | b (union), a - b (difference), a & b (intersection).
        """) { a in
        let (cx, cy, r) = (try a.number(0), try a.number(1), try a.number(2))
        return .host(try DomainValue(Shape2D.makeDisk(cx, cy, r),
                                     text: "disk(\(fmt(cx)), \(fmt(cy)), \(fmt(r)))", op: "disk"))
      },
      Builtin("rect", [Param("x0"), Param("y0"), Param("x1"), Param("y1")], doc: """
        The rectangle (x0, x1) × (y0, y1) (x0 < x1, y0 < y1), a domain for wos.
        """) { a in
        let c = try (0..<4).map { try a.number($0) }
        return .host(try DomainValue(Shape2D.makeRect(c[0], c[1], c[2], c[3]),
                                     text: "rect(\(c.map(fmt).joined(separator: ", ")))",
                                     op: "rect"))
      },
      Builtin("polygon", [Param("points")], doc: """
        The simple polygon with vertices points [k, 2] (either orientation; a last point \
        equal to the first is dropped), a domain for wos. Fewer than 3 vertices, repeated \
        vertices, zero area or crossing edges are errors.
        """) { a in
        let shape = try Shape2D.makePolygon(planePoints(a.tensor(0), "polygon"))
        guard case .polygon(let v) = shape else { throw RuntimeError("polygon: internal") }
        return .host(try DomainValue(shape, text: "polygon(\(v.count) vertices)", op: "polygon"))
      },
    ]
  }

  static var wosBuiltin: Builtin {
    Builtin("wos", [Param("domain"), Param("g"), Param("points"), Param("f", default: .nil),
                    Param("walks", default: 1000), Param("eps", default: 1e-4),
                    Param("seed", default: .nil), Param("max_steps", default: 100_000)], doc: """
      Walk-on-spheres (Muller 1956) estimates of u solving −Δu = f in domain, u = g on its \
      boundary, at points [m, 2], without a mesh: each of `walks` walks jumps to a uniform \
      point on the largest circle inside the domain until it is within eps of the boundary \
      and scores g at the nearest boundary point, plus, for each circle, f at a uniform \
      point of its disk times the disk's Green's function (Sawhney & Crane 2020). Unbiased \
      up to the O(eps) shell. g and f are numbers or functions (x, y): called once per \
      batch with tensors x, y of all points (so write them with tensor operations), or per \
      point with numbers if that call fails or returns another shape. Returns {u, stderr, \
      steps} ([m] each): the estimates, their standard errors (std over √walks; nan for one \
      walk) and the mean steps per walk. A point outside the domain is an error naming it; \
      a walk still going after max_steps stops at the nearest boundary point. Each point \
      has its own random stream: seed= reproduces, whatever the thread count.
      """, fields: [("u", "The estimates of u at the points [m]."),
                    ("stderr", "Their standard errors [m]: about u's error at one sigma."),
                    ("steps", "The mean number of steps of a walk from each point [m].")]) { a in
      let d = try a.host(0, as: DomainValue.self, expected: "domain")
      let points = try planePoints(a.tensor(2), "wos")
      let walks = try a.int(4), maxSteps = try a.int(7)
      guard walks <= 1 << 20 else {
        throw RuntimeError("wos: walks must be at most 1048576 per call, got \(walks) "
                           + "(average several calls with different seeds)")
      }
      let g = try planeField(a, 1, "g"), f = a[3].isNil ? nil : try planeField(a, 3, "f")
      let r = try interruptible(a) {
        try WalkOnSpheres.solve(d.domain, points: points, g: g, f: f, walks: walks,
                                eps: a.number(5), maxSteps: maxSteps, seed: seed(a, 6))
      }
      return record([("u", Tensor(r.u)), ("stderr", Tensor(r.stderr)), ("steps", Tensor(r.steps))])
    }
  }

  /// Argument i as a function of the plane: a number is a constant; a function is called
  /// with tensors x, y of all points, or point by point with numbers when that fails.
  static func planeField(_ a: Arguments, _ i: Int, _ name: String) throws -> WalkOnSpheres.Field {
    if let c = a[i].asNumber, !a[i].isCallable {
      return { p in Array(repeating: c, count: p.count) }
    }
    let fn = try a.callable(i)
    return { p in
      guard !p.isEmpty else { return [] }
      let xs = Tensor(p.map(\.x)), ys = Tensor(p.map(\.y))
      if let v = try? a.call(fn, [wrap(xs), wrap(ys)]), let values = batchValues(v, p.count) {
        return values
      }
      return try p.map { q in
        let v = try a.call(fn, [.number(q.x), .number(q.y)])
        guard let x = v.asNumber else {
          throw RuntimeError("wos: \(name)(x, y) must return a number, got \(v.typeName)")
        }
        return x
      }
    }
  }

  /// The values of a batched call: a number (the same everywhere) or a real tensor [n].
  static func batchValues(_ v: Value, _ n: Int) -> [Double]? {
    if case .number(let c) = v { return Array(repeating: c, count: n) }
    guard case .host(let h as TensorValue) = v, !h.tensor.dtype.isComplex else { return nil }
    let t = h.tensor
    if t.ndim == 0, let c = try? t.astype(.f64).toArray().first {
      return Array(repeating: c, count: n)
    }
    guard t.shape == [n], let values = try? t.astype(.f64).toArray() else { return nil }
    return values
  }

  /// A number as a domain's description shows it.
  static func fmt(_ x: Double) -> String { Display.number(x) }
}
