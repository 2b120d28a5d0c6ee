// Python's range, zip and enumerate, and the `in` test for lists, records, strings, ranges.

enum SequenceBuiltins {
  static let all: [Builtin] = [
    Builtin("range", [Param("a"), Param("b", default: .nil), Param("step", default: .nil)],
            doc: """
      Python's range: range(n) is 0..n, range(a, b) is a..b; with a step other than 1 a \
      list of the numbers (range(0, 10, 3) is [0, 3, 6, 9]).
      """) { a in
      let start = a[1].isNil ? 0 : try a.int(0)
      let stop = a[1].isNil ? try a.int(0) : try a.int(1)
      let step = a[2].isNil ? 1 : try a.int(2)
      guard step != 0 else { throw a.error(2, "range step cannot be zero") }
      if step == 1 {
        return .range(RangeValue(start: Double(start), end: Double(max(start, stop)),
                                 inclusive: false))
      }
      // In doubles: user-given bounds near Int.max must not overflow.
      let span = (Double(stop) - Double(start)) / Double(step)
      let count = max(0, span.rounded(.up))
      guard count <= Double(a.interpreter.maxCollection) else {
        throw RuntimeError("list too long")
      }
      return .list((0..<Int(count)).map { .number(Double(start) + Double($0) * Double(step)) })
    },
    Builtin("zip", [.variadic("sequences")], doc: """
      Lists of corresponding elements, stopping at the shortest: zip(xs, ys) is \
      [[x0, y0], [x1, y1], ...]; `for x, y in zip(xs, ys)` unpacks them.
      """) { a in
      let iterators = try a.rest.map { try a.interpreter.iterator($0) }
      var out: [Value] = []
      guard !iterators.isEmpty else { return .list([]) }
      while out.count < a.interpreter.maxCollection {
        var row: [Value] = []
        for next in iterators {
          guard let v = try next() else { return .list(out) }
          row.append(v)
        }
        out.append(.list(row))
      }
      throw RuntimeError("list too long")
    },
    Builtin("enumerate", [Param("sequence"), Param("start", default: 0)], doc: """
      Pairs [i, x] of a counter and each element: `for i, x in enumerate(xs)`.
      """) { a in
      let next = try a.interpreter.iterator(a[0])
      var i = try a.number(1)
      var out: [Value] = []
      while let v = try next() {
        guard out.count < a.interpreter.maxCollection else { throw RuntimeError("list too long") }
        out.append(.list([.number(i), v]))
        i += 1
      }
      return .list(out)
    },
  ]
}

extension Interpreter {
  /// `x in c`: an element of a list (==), a key of a record, a substring of a string, a
  /// number of a range, or an element of a tensor (any element equal).
  func contains(_ x: Value, _ c: Value) throws -> Bool {
    switch c {
    case .list(let l): return l.items.contains { Interpreter.equal($0, x) }
    case .record(let r):
      guard case .string(let k) = x else { throw RuntimeError("a record's keys are strings") }
      return r[k] != nil
    case .string(let s):
      guard case .string(let t) = x else {
        throw RuntimeError("'in' with a string needs a string on the left, got \(x.typeName)")
      }
      return t.isEmpty || s.contains(t)
    case .range(let r):
      guard let v = x.asNumber, v == v.rounded() else { return false }
      return (0..<r.count).contains(Int(v - r.start)) && v >= r.start
    case .host(let h) where h.typeName == "tensor":
      guard let v = x.asNumber else { return false }
      return try Interpreter.tensorContains(h, v)
    default:
      throw RuntimeError("cannot test membership in \(withArticle(c.typeName))")
    }
  }

  /// Whether any element of a real tensor equals `v` (NumPy's `v in t`: `(t == v).any()`).
  static func tensorContains(_ h: HostObject, _ v: Double) throws -> Bool {
    if let x = h.numberValue, case .number(0)? = try h.field("ndim") { return x == v }
    let next = try h.makeIterator()
    while let e = try next() {
      // Iterating an f64 vector gives plain numbers; other elements are tensors.
      if case .number(let x) = e {
        if x == v { return true }
        continue
      }
      guard case .host(let t) = e else { continue }
      if let x = t.numberValue, case .number(0)? = try t.field("ndim") {
        if x == v { return true }
      } else if try tensorContains(t, v) {
        return true
      }
    }
    return false
  }
}
