// Operator semantics beyond the number fast paths: strings, lists, equality, host dispatch.

import Foundation

extension Interpreter {
  /// Largest list (elements) or string (bytes) an operation may build.
  public var maxCollection: Int {
    get { state.pointee.maxCollection }
    set { state.pointee.maxCollection = newValue }
  }

  /// `a op b` for any operands; host objects get both chances (left, then reversed).
  func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
    if case .number(let x) = a, case .number(let y) = b { return try numberBinary(op, x, y) }
    if op == .in { return .bool(try contains(a, b)) }
    if let v = try sequenceBinary(op, a, b) { return v }
    if case .host(let h) = a, let v = try h.binary(op, b, reversed: false) { return v }
    if case .host(let h) = b, let v = try h.binary(op, a, reversed: true) { return v }
    switch op {
    case .eq: return .bool(Interpreter.equal(a, b))
    case .ne: return .bool(!Interpreter.equal(a, b))
    case .lt, .le, .gt, .ge: return .bool(try compare(op, a, b))
    default: break
    }
    switch (op, a, b) {
    case (.and, .bool(let x), .bool(let y)): return .bool(x && y)
    case (.or, .bool(let x), .bool(let y)): return .bool(x || y)
    case (.and, _, _), (.or, _, _): throw Interpreter.logicalOperandError(op, a, b)
    case (.add, .string(let x), .string(let y)):
      guard x.utf8.count + y.utf8.count <= maxCollection else {
        throw RuntimeError("string too long")
      }
      return .string(x + y)
    case (.add, .list(let x), .list(let y)):
      guard x.items.count + y.items.count <= maxCollection else {
        throw RuntimeError("list too long")
      }
      return .list(x.items + y.items)
    case (.mul, .string(let s), .number(let n)), (.mul, .number(let n), .string(let s)):
      guard let k = Int(exactly: n), k >= 0 else {
        throw RuntimeError("can only repeat a string a whole number of times")
      }
      guard k == 0 || s.utf8.count <= maxCollection / k else {
        throw RuntimeError("string too long")
      }
      return .string(String(repeating: s, count: k))
    default:
      throw RuntimeError("bad operand types for '\(op.rawValue)': \(a.typeName) and "
        + "\(b.typeName)")
    }
  }

  @inline(__always)
  func arith(_ op: BinaryOp, _ x: Double, _ y: Double) throws -> Double {
    switch op {
    case .add: return x + y
    case .sub: return x - y
    case .mul: return x * y
    case .div: return x / y
    case .mod: return Interpreter.pythonMod(x, y)
    case .pow: return pow(x, y)
    case .floorDiv: return (x / y).rounded(.down)
    case .matmul: throw RuntimeError("bad operand types for '@': number and number")
    case .and, .or: throw Interpreter.logicalOperandError(op, .number(x), .number(y))
    case .in: throw RuntimeError("cannot test membership in a number")
    case .eq, .ne, .lt, .le, .gt, .ge:
      throw RuntimeError("internal: comparison in arithmetic")
    }
  }

  private func compare(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Bool {
    switch (a, b) {
    case (.number(let x), .number(let y)): return Interpreter.order(op, x, y)
    case (.string(let x), .string(let y)):
      switch op {
      case .lt: return x < y
      case .le: return x <= y
      case .gt: return x > y
      default: return x >= y
      }
    default:
      throw RuntimeError("cannot compare \(a.typeName) and \(b.typeName) with "
        + "'\(op.rawValue)'")
    }
  }

  @inline(__always)
  static func order(_ op: BinaryOp, _ x: Double, _ y: Double) -> Bool {
    switch op {
    case .lt: return x < y
    case .le: return x <= y
    case .gt: return x > y
    case .ge: return x >= y
    case .eq: return x == y
    default: return x != y
    }
  }

  /// Structural equality for plain values; identity for functions and hosts.
  public static func equal(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
    switch (a, b) {
    case (.nil, .nil): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.range(let x), .range(let y)): return x == y
    case (.list(let x), .list(let y)):
      if x === y { return true }
      guard depth < Display.maxDepth, x.items.count == y.items.count else { return false }
      for i in x.items.indices where !equal(x.items[i], y.items[i], depth: depth + 1) {
        return false
      }
      return true
    case (.record(let x), .record(let y)):
      if x === y { return true }
      guard depth < Display.maxDepth, x.keys == y.keys else { return false }
      for i in x.values.indices where !equal(x.values[i], y.values[i], depth: depth + 1) {
        return false
      }
      return true
    default:
      return a.sameReference(b)
    }
  }

  func unary(_ op: UnaryOp, _ a: Value) throws -> Value {
    switch (op, a) {
    case (.neg, .number(let x)): return .number(-x)
    case (.plus, .number): return a
    case (.not, .host(let h)):
      if let v = try h.unary(.not) { return v }
      return .bool(!(try h.truth()))
    case (.not, _): return .bool(!(try a.truthy()))
    case (.invert, .bool(let b)): return .bool(!b)
    case (.invert, .number):
      throw RuntimeError("'~' needs true/false or a bool tensor, got a number; "
        + "use 'not x' for a truth value")
    case (_, .host(let h)):
      if let v = try h.unary(op) { return v }
    default: break
    }
    throw RuntimeError("bad operand type for unary '\(op.rawValue)': \(a.typeName)")
  }
}

extension Interpreter {
  /// `&` and `|` take true/false and bool tensors only (NumPy's meaning on bools); numbers get
  /// a hint instead of Python's bitwise integers, which nos (all floats) has no use for.
  static func logicalOperandError(_ op: BinaryOp, _ a: Value, _ b: Value) -> RuntimeError {
    let word = op == .and ? "and" : "or"
    return RuntimeError("'\(op.rawValue)' needs true/false or bool tensors, got \(a.typeName) "
      + "and \(b.typeName); compare first, as (x > 0) \(op.rawValue) (x < 1), or use '\(word)' "
      + "for truth values or logical_\(word)(a, b)")
  }
}
