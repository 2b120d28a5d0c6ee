// `if` whose branches are single expressions: evaluates to the branch's value directly,
// without the result register that block-valued `if` (IfNode) goes through.

/// `if c { a } else { b }` where each branch is one expression (a missing `else` is nil).
/// As a statement in value mode (a block's last) it leaves the value in `RunState.result`,
/// as IfNode does; as an expression it returns it.
final class IfExprNode: Node {
  let cond: Node
  let then: Node
  let orElse: Node?
  init(_ cond: Node, _ then: Node, _ orElse: Node?, _ span: Span) {
    self.cond = cond
    self.then = then
    self.orElse = orElse
    super.init(span)
  }

  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    if try cond.test(r, f) { return try then.eval(r, f) }
    guard let e = orElse else { return .nil }
    return try e.eval(r, f)
  }

  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    r.state.pointee.result = try eval(r, f)
    return .normal
  }
}

extension Block {
  /// The expression when the block is exactly one expression statement.
  var soleExpression: Expr? {
    guard statements.count == 1, case .expression(let e) = statements[0].kind else { return nil }
    return e
  }
}
