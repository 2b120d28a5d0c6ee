// Fused nodes (superinstructions) for the commonest shapes: `local op constant`.

/// `x op c` where `x` is a local slot and `c` a number constant.
final class LocalConstNode: Node {
  let slot: Int
  let name: String
  let op: BinaryOp
  let constant: Double
  /// Where the variable is written, for an "undefined name" caret under it.
  let nameSpan: Span
  init(_ slot: Int, _ name: String, _ op: BinaryOp, _ constant: Double, _ span: Span,
       nameSpan: Span) {
    self.nameSpan = nameSpan
    self.slot = slot
    self.name = name
    self.op = op
    self.constant = constant
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    // Numbers are read in place (no copy of the slot's `Value`).
    if case .number(let x)? = f.slots[slot], let v = op.numbers(x, constant) { return v }
    guard let a = f.slots[slot] else { throw undefined(name, nameSpan, r) }
    if case .number(let x) = a, let v = op.numbers(x, constant) { return v }
    return try r.located(span) { try r.binary(op, a, .number(constant)) }
  }
  override func number(_ f: Frame) -> Double? {
    guard case .number(let x)? = f.slots[slot] else { return nil }
    return op.arithmetic(x, constant)
  }

  override func test(_ r: Interpreter, _ f: Frame) throws -> Bool {
    if case .number(let x)? = f.slots[slot], op.isComparison {
      return Interpreter.order(op, x, constant)
    }
    return try truth(r, try eval(r, f), span)
  }
}

/// `x op c` where `x` is a global and `c` a number constant.
final class GlobalConstNode: Node {
  let cell: Cell
  let name: String
  let op: BinaryOp
  let constant: Double
  /// Where the variable is written, for an "undefined name" caret under it.
  let nameSpan: Span
  init(_ cell: Cell, _ name: String, _ op: BinaryOp, _ constant: Double, _ span: Span,
       nameSpan: Span) {
    self.nameSpan = nameSpan
    self.cell = cell
    self.name = name
    self.op = op
    self.constant = constant
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    if case .number(let x)? = cell.ref.pointee, let v = op.numbers(x, constant) { return v }
    guard let a = cell.ref.pointee else { throw undefined(name, nameSpan, r) }
    if case .number(let x) = a, let v = op.numbers(x, constant) { return v }
    return try r.located(span) { try r.binary(op, a, .number(constant)) }
  }
  override func number(_ f: Frame) -> Double? {
    guard case .number(let x)? = cell.ref.pointee else { return nil }
    return op.arithmetic(x, constant)
  }

  override func test(_ r: Interpreter, _ f: Frame) throws -> Bool {
    if case .number(let x)? = cell.ref.pointee, op.isComparison {
      return Interpreter.order(op, x, constant)
    }
    return try truth(r, try eval(r, f), span)
  }
}

enum Fuse {
  /// A fused node for `l op r`, or nil when the shape does not fit.
  static func binary(_ op: BinaryOp, _ l: Node, _ r: Node, _ span: Span) -> Node? {
    switch op {
    case .mod, .pow, .matmul: return nil
    default: break
    }
    guard let c = r as? Const, case .number(let k) = c.value else { return nil }
    if let local = l as? LocalGet {
      return LocalConstNode(local.slot, local.name, op, k, span, nameSpan: l.span)
    }
    if let g = l as? GlobalGet {
      return GlobalConstNode(g.cell, g.name, op, k, span, nameSpan: l.span)
    }
    return nil
  }
}
