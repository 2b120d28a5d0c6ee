// The shared fast paths of evaluation: two numbers under an operator, and locating errors.

import Foundation

extension BinaryOp {
  /// `x op y` for two numbers when it is plain IEEE arithmetic or a comparison (what hot
  /// loops use); nil for every other operator, which goes through `Interpreter.binary`.
  /// The one copy the binary, fused and compound-assignment nodes share, so an operator
  /// missing here is slower, never wrong.
  @inline(__always)
  func numbers(_ x: Double, _ y: Double) -> Value? {
    switch self {
    case .add: return .number(x + y)
    case .sub: return .number(x - y)
    case .mul: return .number(x * y)
    case .div: return .number(x / y)
    case .mod: return .number(Interpreter.pythonMod(x, y))
    case .lt: return .bool(x < y)
    case .le: return .bool(x <= y)
    case .gt: return .bool(x > y)
    case .ge: return .bool(x >= y)
    case .eq: return .bool(x == y)
    case .ne: return .bool(x != y)
    default: return nil
    }
  }
}

extension BinaryOp {
  /// `x op y` for the arithmetic operators the number paths take, nil for the others.
  @inline(__always)
  func arithmetic(_ x: Double, _ y: Double) -> Double? {
    switch self {
    case .add: return x + y
    case .sub: return x - y
    case .mul: return x * y
    case .div: return x / y
    case .mod: return Interpreter.pythonMod(x, y)
    default: return nil
    }
  }
}

extension Interpreter {
  /// Python's `%` on floats: the result takes the sign of the divisor.
  @inline(__always)
  static func pythonMod(_ x: Double, _ y: Double) -> Double {
    var m = integralMod(x, y) ?? fmod(x, y)
    if m != 0 && (m < 0) != (y < 0) { m += y }
    return m
  }

  /// `fmod(x, y)` for integral x and y below 2^53 in magnitude (y ≠ 0), by integer division:
  /// the same value (fmod is exact, so both give the true remainder, a zero taking x's sign)
  /// at a fraction of glibc's fmod cost, which dominated `i % 7` loops. nil otherwise.
  @inline(__always)
  static func integralMod(_ x: Double, _ y: Double) -> Double? {
    guard abs(x) < 9.0e15, abs(y) < 9.0e15, y != 0 else { return nil }
    let a = Int64(x), b = Int64(y)
    guard Double(a) == x, Double(b) == y else { return nil }
    let r = a % b
    return r == 0 ? (x.sign == .minus ? -0.0 : 0.0) : Double(r)
  }

  /// `x op y` for two numbers: the fast path, else `arith` (which throws for the rest).
  func numberBinary(_ op: BinaryOp, _ x: Double, _ y: Double) throws -> Value {
    try op.numbers(x, y) ?? .number(arith(op, x, y))
  }

  /// `body`, with an error it throws placed at `span` (see `locate`): the do/catch every
  /// node wraps around a call into the runtime, written once.
  @inline(__always)
  func located<T>(_ span: Span, _ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw locate(error, span) }
  }
}
