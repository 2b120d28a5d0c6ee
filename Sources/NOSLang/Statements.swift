// Statement nodes: sequences, assignment targets, loops, break/continue/return.

/// Two statements in order; blocks are balanced trees of these (no arrays to iterate).
final class Seq: Node {
  let first: Node
  let second: Node
  init(_ first: Node, _ second: Node) {
    self.first = first
    self.second = second
    super.init(first.span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    let s = try first.exec(r, f)
    if s != .normal { return s }
    return try second.exec(r, f)
  }

  static func make(_ nodes: ArraySlice<Node>) -> Node {
    guard let first = nodes.first else { return Nop(.none) }
    if nodes.count == 1 { return first }
    let mid = nodes.startIndex + nodes.count / 2
    return Seq(make(nodes[..<mid]), make(nodes[mid...]))
  }
}

/// The last expression of a value-producing block: leaves its value in `RunState.result`.
final class ResultStmt: Node {
  let value: Node
  init(_ value: Node) {
    self.value = value
    super.init(value.span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    let v = try value.eval(r, f)
    r.state.pointee.result = v
    return .normal
  }
}

/// Something assignable. `modify` reads, transforms and writes back (for `+=` and for
/// containers inside containers, so `r.w[0] = 1` stores the new tensor back into `r.w`).
class Target {
  let span: Span
  init(_ span: Span) { self.span = span }
  func store(_ r: Interpreter, _ f: Frame, _ v: Value) throws {}
  func modify(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {}
}

final class LocalTarget: Target {
  let slot: Int
  let name: String
  init(_ slot: Int, _ name: String, _ span: Span) {
    self.slot = slot
    self.name = name
    super.init(span)
  }
  override func store(_ r: Interpreter, _ f: Frame, _ v: Value) throws { f.slots[slot] = v }
  override func modify(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {
    guard let old = f.slots[slot] else { throw undefined(name, span, r) }
    f.slots[slot] = try body(old)
  }
}

/// A variable stored in a cell: a captured local, an upvalue or a global.
final class CellTarget: Target {
  enum Kind {
    case own(Int), upval(Int), global(Cell)
  }
  let kind: Kind
  let name: String
  /// A global's storage, read once here: stores then touch no Cell reference (returning
  /// the cell from `kind` retained and released it on every store).
  let globalRef: UnsafeMutablePointer<Value?>?
  init(_ kind: Kind, _ name: String, _ span: Span) {
    self.kind = kind
    self.name = name
    if case .global(let c) = kind { globalRef = c.ref } else { globalRef = nil }
    super.init(span)
  }
  @inline(__always)
  private func cell(_ f: Frame) -> Cell {
    switch kind {
    case .own(let i): return f.cells[i]
    case .upval(let i): return f.upvals[i]
    case .global(let c): return c
    }
  }
  override func store(_ r: Interpreter, _ f: Frame, _ v: Value) throws {
    if let p = globalRef {
      p.pointee = v
    } else {
      cell(f).ref.pointee = v
    }
  }
  override func modify(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {
    let c = cell(f)
    guard let old = c.ref.pointee else { throw undefined(name, span, r) }
    c.ref.pointee = try body(old)
  }
}

/// `base[items]`; `parent` is the assignable form of `base` (nil for `f()[0] = 1`).
final class IndexTarget: Target {
  let parent: Target?
  let base: Node
  let items: [IndexNode]
  init(parent: Target?, base: Node, items: [IndexNode], _ span: Span) {
    self.parent = parent
    self.base = base
    self.items = items
    super.init(span)
  }
  private func within(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {
    if let p = parent { try p.modify(r, f, body) } else { _ = try body(try base.eval(r, f)) }
  }
  override func store(_ r: Interpreter, _ f: Frame, _ v: Value) throws {
    let keys = try IndexNode.evaluate(items, r, f, span)
    try within(r, f) { container in
      return try r.located(span) { try r.setIndex(container, keys, v) }
    }
  }
  override func modify(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {
    let keys = try IndexNode.evaluate(items, r, f, span)
    try within(r, f) { container in
      let old: Value
      old = try r.located(span) { try r.getIndex(container, keys) }
      let new = try body(old)
      return try r.located(span) { try r.setIndex(container, keys, new) }
    }
  }
}

final class FieldTarget: Target {
  let parent: Target?
  let base: Node
  let name: String
  init(parent: Target?, base: Node, name: String, _ span: Span) {
    self.parent = parent
    self.base = base
    self.name = name
    super.init(span)
  }
  private func within(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {
    if let p = parent { try p.modify(r, f, body) } else { _ = try body(try base.eval(r, f)) }
  }
  override func store(_ r: Interpreter, _ f: Frame, _ v: Value) throws {
    try within(r, f) { obj in
      return try r.located(span) { try r.setField(obj, name, v) }
    }
  }
  override func modify(_ r: Interpreter, _ f: Frame, _ body: (Value) throws -> Value) throws {
    try within(r, f) { obj in
      let old: Value
      old = try r.located(span) { try r.getField(obj, name) }
      let new = try body(old)
      return try r.located(span) { try r.setField(obj, name, new) }
    }
  }
}

final class SetLocal: Node {
  let slot: Int
  let value: Node
  init(_ slot: Int, _ value: Node, _ span: Span) {
    self.slot = slot
    self.value = value
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    if let x = value.number(f) {
      f.slots[slot] = .number(x)
    } else {
      f.slots[slot] = try value.eval(r, f)
    }
    return .normal
  }
}

final class SetGlobal: Node {
  let cell: Cell
  let value: Node
  init(_ cell: Cell, _ value: Node, _ span: Span) {
    self.cell = cell
    self.value = value
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    if let x = value.number(f) {
      cell.ref.pointee = .number(x)
    } else {
      cell.ref.pointee = try value.eval(r, f)
    }
    return .normal
  }
}

final class Assign: Node {
  let target: Target
  let value: Node
  init(_ target: Target, _ value: Node, _ span: Span) {
    self.target = target
    self.value = value
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    try target.store(r, f, try value.eval(r, f))
    return .normal
  }
}

final class Destructure: Node {
  let targets: [Target]
  let value: Node
  init(_ targets: [Target], _ value: Node, _ span: Span) {
    self.targets = targets
    self.value = value
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    let v = try value.eval(r, f)
    try Destructure.unpack(r, f, targets, v, span)
    return .normal
  }

  static func unpack(_ r: Interpreter, _ f: Frame, _ targets: [Target], _ v: Value,
                     _ span: Span) throws {
    let items: [Value]
    do {
      items = try r.elements(v, limit: targets.count)
    } catch {
      throw RuntimeError("cannot unpack \(withArticle(v.typeName)) into \(targets.count) names", span: span)
    }
    guard items.count == targets.count else {
      throw RuntimeError("cannot unpack \(items.count) values into \(targets.count) names",
                         span: span)
    }
    for (t, x) in zip(targets, items) { try t.store(r, f, x) }
  }
}

final class Compound: Node {
  let target: Target
  let op: BinaryOp
  let value: Node
  init(_ target: Target, _ op: BinaryOp, _ value: Node, _ span: Span) {
    self.target = target
    self.op = op
    self.value = value
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    let rhs = try value.eval(r, f)
    try target.modify(r, f) { old in
      if case .number(let x) = old, case .number(let y) = rhs, let v = op.numbers(x, y) {
        return v
      }
      return try r.located(span) { try r.binary(op, old, rhs) }
    }
    return .normal
  }
}

final class BreakNode: Node {
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal { .breakLoop }
}

final class ContinueNode: Node {
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal { .continueLoop }
}

final class ReturnNode: Node {
  let value: Node?
  init(_ value: Node?, _ span: Span) {
    self.value = value
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    r.state.pointee.returnValue = try value?.eval(r, f) ?? .nil
    return .returnValue
  }
}
