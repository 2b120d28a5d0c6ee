// Loop nodes: while, for over ranges (no allocation) and over any iterable.

/// Runs a loop body once; maps `break`/`continue` raised inside expressions to signals.
@inline(__always)
func runBody(_ body: Node, _ r: Interpreter, _ f: Frame) throws -> Signal {
  do {
    return try body.exec(r, f)
  } catch let s as ControlSignal where s.signal != .returnValue {
    return s.signal
  }
}

final class WhileNode: Node {
  let cond: Node
  let body: Node
  init(_ cond: Node, _ body: Node, _ span: Span) {
    self.cond = cond
    self.body = body
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    while try cond.test(r, f) {
      switch try runBody(body, r, f) {
      case .breakLoop: return .normal
      case .returnValue: return .returnValue
      default: break
      }
      try r.tick(span)
    }
    return .normal
  }
}

/// `for i in a..b` with the range written in the loop header.
final class ForRangeNode: Node {
  let target: Target
  let start: Node
  let end: Node
  let inclusive: Bool
  let body: Node
  init(_ target: Target, _ start: Node, _ end: Node, inclusive: Bool, _ body: Node,
       _ span: Span) {
    self.target = target
    self.start = start
    self.end = end
    self.inclusive = inclusive
    self.body = body
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    let range = try RangeNode.make(try start.eval(r, f), try end.eval(r, f), inclusive, span)
    var i = range.start
    let stop = inclusive ? range.end + 1 : range.end
    while i < stop {
      try target.store(r, f, .number(i))
      switch try runBody(body, r, f) {
      case .breakLoop: return .normal
      case .returnValue: return .returnValue
      default: break
      }
      try r.tick(span)
      i += 1
    }
    return .normal
  }
}

final class ForInNode: Node {
  let targets: [Target]
  let iterable: Node
  let body: Node
  init(_ targets: [Target], _ iterable: Node, _ body: Node, _ span: Span) {
    self.targets = targets
    self.iterable = iterable
    self.body = body
    super.init(span)
  }
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    let v = try iterable.eval(r, f)
    let next: () throws -> Value?
    next = try r.located(iterable.span) { try r.iterator(v) }
    while true {
      let item: Value?
      item = try r.located(iterable.span) { try next() }
      guard let x = item else { break }
      if targets.count == 1 {
        try targets[0].store(r, f, x)
      } else {
        try Destructure.unpack(r, f, targets, x, span)
      }
      switch try runBody(body, r, f) {
      case .breakLoop: return .normal
      case .returnValue: return .returnValue
      default: break
      }
      try r.tick(span)
    }
    return .normal
  }
}
