// Nodes for scalar code (a right-hand side like `[10 * (y[1] - y[0]), ...]`): `x[k]` with a
// constant integer k, and bracket literals whose elements all turn out to be numbers.

/// `x[k]` where `k` is an integer constant (`y[1]`): no item list, and a host's `number(at:)`
/// answers with a plain number when it can.
final class IndexConstNode: Node {
  let object: Node
  let k: Int
  let key: Value
  init(_ object: Node, _ k: Int, _ span: Span) {
    self.object = object
    self.k = k
    key = .number(Double(k))
    super.init(span)
  }

  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let obj = try object.eval(r, f)
    if case .host(let h) = obj, let x = h.number(at: k) { return .number(x) }
    if case .list(let l) = obj, k >= 0, k < l.items.count { return l.items[k] }
    return try r.located(span) { try r.getIndex(obj, [.value(key)]) }
  }
}

/// Builds the value of a bracket literal whose elements are all numbers (the stdlib makes a
/// 1-D f64 tensor). Installed as `Interpreter.numberVectorBuilder`; without it such literals
/// go through `bracketBuilder` like any other.
public typealias NumberVectorBuilder = (UnsafeBufferPointer<Double>) -> Value

extension BracketNode {
  /// Evaluates the elements into a stack buffer while they are numbers; the first other
  /// value hands everything evaluated so far to the general path.
  func evalNumbers(_ r: Interpreter, _ f: Frame, _ build: NumberVectorBuilder) throws -> Value {
    let n = items.count
    return try withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { buf in
      for i in 0..<n {
        let v = try items[i].eval(r, f)
        guard case .number(let x) = v else {
          var values = (0..<i).map { Value.number(buf[$0]) }
          values.reserveCapacity(n)
          values.append(v)
          for j in (i + 1)..<n { values.append(try items[j].eval(r, f)) }
          return try general(r, values)
        }
        buf[i] = x
      }
      return build(UnsafeBufferPointer(buf))
    }
  }
}
