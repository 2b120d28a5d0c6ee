// Lists of numbers against 1-D tensors as Python tuples: `x.shape == [2, 3]`, `x.shape + [4]`.

extension Interpreter {
  /// `==`, `!=` and `+` between a list of plain numbers (such as `x.shape`) and a 1-D real
  /// tensor (such as the literal `[2, 3]`) act as on two Python tuples: equality is one
  /// true/false, `+` concatenates into a list. Nil when the rule does not apply.
  func sequenceBinary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value? {
    guard op == .eq || op == .ne || op == .add else { return nil }
    let pair: ([Value], [Value])
    switch (a, b) {
    case (.list(let l), .host(let h)):
      guard Interpreter.allNumbers(l.items), let t = try Interpreter.tensorNumbers(h) else {
        return nil
      }
      pair = (l.items, t)
    case (.host(let h), .list(let l)):
      guard Interpreter.allNumbers(l.items), let t = try Interpreter.tensorNumbers(h) else {
        return nil
      }
      pair = (t, l.items)
    default: return nil
    }
    switch op {
    case .eq: return .bool(Interpreter.equal(.list(pair.0), .list(pair.1)))
    case .ne: return .bool(!Interpreter.equal(.list(pair.0), .list(pair.1)))
    default:
      guard pair.0.count + pair.1.count <= maxCollection else {
        throw RuntimeError("list too long")
      }
      return .list(pair.0 + pair.1)
    }
  }

  static func allNumbers(_ items: [Value]) -> Bool {
    items.allSatisfy { if case .number = $0 { return true } else { return false } }
  }

  /// The elements of a 1-D real tensor as numbers; nil for anything else.
  static func tensorNumbers(_ h: HostObject) throws -> [Value]? {
    guard h.typeName == "tensor", case .number(1)? = try h.field("ndim") else { return nil }
    let next = try h.makeIterator()
    var out: [Value] = []
    while let v = try next() {
      // Iterating an f64 tensor gives numbers; other dtypes give 0-d tensors.
      guard let x = v.asNumber else { return nil }
      out.append(.number(x))
    }
    return out
  }
}
