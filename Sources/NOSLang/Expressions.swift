// Expression nodes of the resolved tree: constants, variables, operators, literals.

final class Const: Node {
  let value: Value
  init(_ value: Value, _ span: Span) {
    self.value = value
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value { value }
  override func number(_ f: Frame) -> Double? {
    if case .number(let x) = value { return x }
    return nil
  }
}

/// "undefined name 'x'" with a Python hint (`None` → nil) or the closest workspace or
/// builtin name.
func undefined(_ name: String, _ span: Span, _ r: Interpreter) -> RuntimeError {
  RuntimeError(Hints.undefinedName(name, candidates: r.globalNames + r.builtinNames),
               span: span)
}

final class LocalGet: Node {
  let slot: Int
  let name: String
  init(_ slot: Int, _ name: String, _ span: Span) {
    self.slot = slot
    self.name = name
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    guard let v = f.slots[slot] else { throw undefined(name, span, r) }
    return v
  }
  override func number(_ f: Frame) -> Double? {
    if case .number(let x)? = f.slots[slot] { return x }
    return nil
  }
}

final class CellGet: Node {
  let index: Int
  let name: String
  init(_ index: Int, _ name: String, _ span: Span) {
    self.index = index
    self.name = name
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    guard let v = f.cells[index].ref.pointee else { throw undefined(name, span, r) }
    return v
  }
}

final class UpvalGet: Node {
  let index: Int
  let name: String
  init(_ index: Int, _ name: String, _ span: Span) {
    self.index = index
    self.name = name
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    guard let v = f.upvals[index].ref.pointee else { throw undefined(name, span, r) }
    return v
  }
}

final class GlobalGet: Node {
  let cell: Cell
  let name: String
  init(_ cell: Cell, _ name: String, _ span: Span) {
    self.cell = cell
    self.name = name
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    guard let v = cell.ref.pointee else { throw undefined(name, span, r) }
    return v
  }
  override func number(_ f: Frame) -> Double? {
    if case .number(let x)? = cell.ref.pointee { return x }
    return nil
  }
}

/// A binary operator; numbers take the inline path, everything else `Interpreter.binary`.
final class BinaryNode: Node {
  let op: BinaryOp
  let left: Node
  let right: Node
  init(_ op: BinaryOp, _ left: Node, _ right: Node, _ span: Span) {
    self.op = op
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    let b = try right.eval(r, f)
    if case .number(let x) = a, case .number(let y) = b, let v = op.numbers(x, y) { return v }
    return try slow(r, a, b)
  }

  override func number(_ f: Frame) -> Double? {
    guard let x = left.number(f), let y = right.number(f) else { return nil }
    return op.arithmetic(x, y)
  }

  func slow(_ r: Interpreter, _ a: Value, _ b: Value) throws -> Value {
    try r.located(span) { try r.binary(op, a, b) }
  }
}

final class AddNode: Node {
  let left: Node
  let right: Node
  init(_ left: Node, _ right: Node, _ span: Span) {
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    let b = try right.eval(r, f)
    if case .number(let x) = a, case .number(let y) = b { return .number(x + y) }
    return try r.located(span) { try r.binary(.add, a, b) }
  }
  override func number(_ f: Frame) -> Double? {
    guard let x = left.number(f), let y = right.number(f) else { return nil }
    return x + y
  }
}

final class SubNode: Node {
  let left: Node
  let right: Node
  init(_ left: Node, _ right: Node, _ span: Span) {
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    let b = try right.eval(r, f)
    if case .number(let x) = a, case .number(let y) = b { return .number(x - y) }
    return try r.located(span) { try r.binary(.sub, a, b) }
  }
  override func number(_ f: Frame) -> Double? {
    guard let x = left.number(f), let y = right.number(f) else { return nil }
    return x - y
  }
}

final class MulNode: Node {
  let left: Node
  let right: Node
  init(_ left: Node, _ right: Node, _ span: Span) {
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    let b = try right.eval(r, f)
    if case .number(let x) = a, case .number(let y) = b { return .number(x * y) }
    return try r.located(span) { try r.binary(.mul, a, b) }
  }
  override func number(_ f: Frame) -> Double? {
    guard let x = left.number(f), let y = right.number(f) else { return nil }
    return x * y
  }
}

final class LessNode: Node {
  let left: Node
  let right: Node
  init(_ left: Node, _ right: Node, _ span: Span) {
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    let b = try right.eval(r, f)
    if case .number(let x) = a, case .number(let y) = b { return .bool(x < y) }
    return try r.located(span) { try r.binary(.lt, a, b) }
  }
  override func test(_ r: Interpreter, _ f: Frame) throws -> Bool {
    if let x = left.number(f), let y = right.number(f) { return x < y }
    let a = try left.eval(r, f)
    let b = try right.eval(r, f)
    if case .number(let x) = a, case .number(let y) = b { return x < y }
    let v: Value
    v = try r.located(span) { try r.binary(.lt, a, b) }
    return try truth(r, v, span)
  }
}

final class UnaryNode: Node {
  let op: UnaryOp
  let operand: Node
  init(_ op: UnaryOp, _ operand: Node, _ span: Span) {
    self.op = op
    self.operand = operand
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let v = try operand.eval(r, f)
    if op == .neg, case .number(let x) = v { return .number(-x) }
    if op == .not, case .bool(let b) = v { return .bool(!b) }
    return try r.located(span) { try r.unary(op, v) }
  }
  override func number(_ f: Frame) -> Double? {
    guard op == .neg || op == .plus, let x = operand.number(f) else { return nil }
    return op == .neg ? -x : x
  }
}

/// Truth of a condition value, with errors (an ambiguous tensor) located at `span`.
@inline(__always)
func truth(_ r: Interpreter, _ v: Value, _ span: Span) throws -> Bool {
  if case .bool(let b) = v { return b }
  return try r.located(span) { try v.truthy() }
}

final class AndNode: Node {
  let left: Node
  let right: Node
  init(_ left: Node, _ right: Node, _ span: Span) {
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    return try truth(r, a, span) ? try right.eval(r, f) : a
  }
}

final class OrNode: Node {
  let left: Node
  let right: Node
  init(_ left: Node, _ right: Node, _ span: Span) {
    self.left = left
    self.right = right
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try left.eval(r, f)
    return try truth(r, a, span) ? a : try right.eval(r, f)
  }
}

final class RangeNode: Node {
  let start: Node
  let end: Node
  let inclusive: Bool
  init(_ start: Node, _ end: Node, inclusive: Bool, _ span: Span) {
    self.start = start
    self.end = end
    self.inclusive = inclusive
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try start.eval(r, f)
    let b = try end.eval(r, f)
    return .range(try RangeNode.make(a, b, inclusive, span))
  }

  static func make(_ a: Value, _ b: Value, _ inclusive: Bool, _ span: Span) throws -> RangeValue {
    guard let x = a.asNumber, let y = b.asNumber else {
      throw RuntimeError("range bounds must be numbers, got \(a.typeName) and \(b.typeName)",
                         span: span)
    }
    guard x.isFinite, y.isFinite, x.rounded() == x, y.rounded() == y,
      abs(x) < 9e15, abs(y) < 9e15
    else {
      throw RuntimeError("range bounds must be integers, got \(Display.number(x)) and "
        + "\(Display.number(y))", span: span)
    }
    return RangeValue(start: x, end: y, inclusive: inclusive)
  }
}

final class BracketNode: Node {
  let items: [Node]
  let literal: [Bool]
  init(_ items: [Node], literal: [Bool], _ span: Span) {
    self.items = items
    self.literal = literal
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    if !items.isEmpty, items.count <= 64, let build = r.numberVectorBuilder {
      return try evalNumbers(r, f, build)
    }
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for item in items { values.append(try item.eval(r, f)) }
    return try general(r, values)
  }

  /// The literal of evaluated elements: what `bracketBuilder` makes of them, else a list.
  func general(_ r: Interpreter, _ values: [Value]) throws -> Value {
    if !values.isEmpty, let build = r.bracketBuilder {
      if let v = try r.located(span, { try build(values, literal) }) { return v }
    }
    return .list(values)
  }
}

final class RecordNode: Node {
  let keys: [String]
  let values: [Node]
  init(_ keys: [String], _ values: [Node], _ span: Span) {
    self.keys = keys
    self.values = values
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let box = RecordBox()
    for (k, v) in zip(keys, values) { box[k] = try v.eval(r, f) }
    return .record(box)
  }
}

final class FStringNode: Node {
  enum Part {
    case literal(String)
    case value(Node, FormatSpec?)
  }
  let parts: [Part]
  init(_ parts: [Part], _ span: Span) {
    self.parts = parts
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    var out = ""
    for part in parts {
      switch part {
      case .literal(let s): out += s
      case .value(let node, let spec):
        let v = try node.eval(r, f)
        if let spec = spec {
          out += try r.located(node.span) { try spec.format(v) }
        } else {
          out += Display.text(v)
        }
      }
      if out.utf8.count > r.maxCollection {
        throw RuntimeError("string too long", span: span)
      }
    }
    return .string(out)
  }
}

final class MakeClosure: Node {
  let proto: FunctionProto
  let captures: [CaptureSource]
  init(_ proto: FunctionProto, _ captures: [CaptureSource], _ span: Span) {
    self.proto = proto
    self.captures = captures
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let cells = captures.map { source -> Cell in
      switch source {
      case .cell(let i): return f.cells[i]
      case .upval(let i): return f.upvals[i]
      }
    }
    return .function(Closure(proto: proto, captures: cells))
  }
}
