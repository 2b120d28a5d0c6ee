// Postfix nodes: calls (with fast paths for user functions), method calls, index, field, if.

/// Evaluates call arguments (positional then named).
struct ArgNodes {
  let positional: [Node]
  let names: [String]
  let named: [Node]
  /// Where each named argument's name stands, for errors about it.
  let namedSpans: [Span]

  /// Runs a call at `span`; an error about a named argument points at that argument.
  func located<T>(_ r: Interpreter, _ span: Span, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as RuntimeError where e.span == nil {
      guard let a = e.argument, let k = names.firstIndex(of: a) else { throw r.locate(e, span) }
      throw r.locate(e, namedSpans[k])
    } catch {
      throw r.locate(error, span)
    }
  }

  func evaluate(_ r: Interpreter, _ f: Frame) throws -> ([Value], [(name: String, value: Value)]) {
    var args: [Value] = []
    args.reserveCapacity(positional.count)
    for a in positional { args.append(try a.eval(r, f)) }
    var named: [(name: String, value: Value)] = []
    for (n, a) in zip(names, self.named) { named.append((n, try a.eval(r, f))) }
    return (args, named)
  }
}

extension Interpreter {
  /// Calls a builtin or host value (kept out of line so the fast paths stay small).
  @inline(never)
  func callSlow(_ fn: Value, _ args: [Value], _ span: Span) throws -> Value {
    try located(span) { try callValue(fn, args, [], span: span) }
  }
}

final class CallNode: Node {
  let callee: Node
  let args: ArgNodes
  init(_ callee: Node, _ args: ArgNodes, _ span: Span) {
    self.callee = callee
    self.args = args
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let fn = try callee.eval(r, f)
    let (positional, named) = try args.evaluate(r, f)
    if case .function(let c) = fn { return try r.invoke(c, positional, named, span: span) }
    return try args.located(r, span) { try r.callValue(fn, positional, named, span: span) }
  }
}

/// The storage of the callee when it is a workspace name (the callee node keeps its cell),
/// so calls of a global function match the closure in place.
func globalStorage(_ callee: Node) -> UnsafeMutablePointer<Value?>? {
  (callee as? GlobalGet)?.cell.ref
}

/// A call node that can call its own function directly (`CallCache`): the resolver sets
/// `home` when the function takes exactly `argumentCount` parameters.
protocol CallSite: AnyObject {
  var home: Unmanaged<FunctionProto>? { get set }
  var argumentCount: Int { get }
}

final class Call1Node: Node, CallSite {
  let callee: Node
  let arg: Node
  let global: UnsafeMutablePointer<Value?>?
  /// See `CallCache`.
  var home: Unmanaged<FunctionProto>?
  var argumentCount: Int { 1 }
  init(_ callee: Node, _ arg: Node, _ span: Span) {
    self.callee = callee
    self.arg = arg
    global = globalStorage(callee)
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    if let g = global {
      if let u = home, CallCache.holds(g, u) {
        let a = try arg.eval(r, f)
        return try u._withUnsafeGuaranteedRef { p in
          try r.run(p, upvals: r.noCells, span: span) { $0.initialize(to: a) }
        }
      }
      if case .function(let c)? = g.pointee {
        return try r.invoke1(c, try arg.eval(r, f), span: span)
      }
    }
    let fn = try callee.eval(r, f)
    let a = try arg.eval(r, f)
    if case .function(let c) = fn { return try r.invoke1(c, a, span: span) }
    return try r.callSlow(fn, [a], span)
  }
}

final class Call2Node: Node {
  let callee: Node
  let arg0: Node
  let arg1: Node
  let global: UnsafeMutablePointer<Value?>?
  init(_ callee: Node, _ arg0: Node, _ arg1: Node, _ span: Span) {
    self.callee = callee
    self.arg0 = arg0
    self.arg1 = arg1
    global = globalStorage(callee)
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    if let g = global, case .function(let c)? = g.pointee {
      let a = try arg0.eval(r, f)
      return try r.invoke2(c, a, try arg1.eval(r, f), span: span)
    }
    if let g = global, CallCache.holdsPush(g) { return try push(r, f) }
    let fn = try callee.eval(r, f)
    let a = try arg0.eval(r, f)
    let b = try arg1.eval(r, f)
    if case .function(let c) = fn { return try r.invoke2(c, a, b, span: span) }
    // `push(xs, v)` (CPython specialises list.append alike); any error takes the builtin.
    if case .builtin(let p) = fn, p === CoreBuiltins.push, case .list(let l) = a,
      l.items.count < r.maxCollection
    {
      l.items.append(b)
      return .nil
    }
    return try r.callSlow(fn, [a, b], span)
  }

  /// `push(xs, v)` called through the global `push`: the list is appended to in place.
  private func push(_ r: Interpreter, _ f: Frame) throws -> Value {
    let a = try arg0.eval(r, f)
    let b = try arg1.eval(r, f)
    if case .list(let l) = a, l.items.count < r.maxCollection {
      l.items.append(b)
      return .nil
    }
    return try r.callSlow(.builtin(CoreBuiltins.push), [a, b], span)
  }
}

/// Self-recursive calls of a global function (`fib(n - 1)` in `fib`'s body) skip copying
/// (retaining) the closure and its prototype. A call node inside a function's body knows
/// that function's prototype (`home`, set by the resolver, unretained). When the callee's
/// global holds a capture-free closure of `home`, the call runs `home` directly: an
/// activation of `home` is running (the node belongs to its body), and whoever called that
/// activation keeps `home` alive until it returns, so the nested call needs no reference
/// of its own. Holding no reference also keeps the tree free of cycles.
enum CallCache {
  /// True when `g` holds a closure of `p` without captures (read in place, no copy).
  @inline(__always)
  static func holds(_ g: UnsafeMutablePointer<Value?>, _ p: Unmanaged<FunctionProto>) -> Bool {
    guard case .function(let c)? = g.pointee, c.upvalCount == 0 else { return false }
    return Unmanaged.passUnretained(c.proto).toOpaque() == p.toOpaque()
  }

  /// True when `g` holds the builtin `push`.
  @inline(__always)
  static func holdsPush(_ g: UnsafeMutablePointer<Value?>) -> Bool {
    if case .builtin(let b)? = g.pointee { return b === CoreBuiltins.push }
    return false
  }
}

final class MethodCallNode: Node {
  let receiver: Node
  let name: String
  let args: ArgNodes
  init(_ receiver: Node, _ name: String, _ args: ArgNodes, _ span: Span) {
    self.receiver = receiver
    self.name = name
    self.args = args
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let obj = try receiver.eval(r, f)
    let (positional, named) = try args.evaluate(r, f)
    return try args.located(r, span) {
      try r.callMethod(obj, name, positional, named, span: span)
    }
  }
}

/// One item of an index expression before evaluation.
enum IndexNode {
  case single(Node)
  case slice(Node?, Node?, Node?)

  static func evaluate(_ items: [IndexNode], _ r: Interpreter, _ f: Frame, _ span: Span)
    throws -> [IndexItem]
  {
    var out: [IndexItem] = []
    out.reserveCapacity(items.count)
    for item in items {
      switch item {
      case .single(let n): out.append(.value(try n.eval(r, f)))
      case .slice(let a, let b, let c):
        func part(_ n: Node?) throws -> Int? {
          guard let n = n else { return nil }
          let v = try n.eval(r, f)
          if case .nil = v { return nil }
          guard let x = v.asNumber else {
            throw RuntimeError("slice bounds must be numbers, got \(v.typeName)", span: n.span)
          }
          return try r.located(n.span) { try Interpreter.integer(x, "slice bound") }
        }
        out.append(.slice(Slice(start: try part(a), stop: try part(b), step: try part(c))))
      }
    }
    return out
  }
}

final class IndexGetNode: Node {
  let object: Node
  let items: [IndexNode]
  /// The index of `x[i]` (one item, not a slice), read without going through `items`.
  let single: Node?
  init(_ object: Node, _ items: [IndexNode], _ span: Span) {
    self.object = object
    self.items = items
    if items.count == 1, case .single(let n) = items[0] { single = n } else { single = nil }
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let obj = try object.eval(r, f)
    if let n = single {
      let i = try n.eval(r, f)
      if case .list(let l) = obj, case .number(let x) = i, let k = Int(exactly: x),
        k >= 0, k < l.items.count
      {
        return l.items[k]
      }
      return try r.located(span) {
        if case .host(let h) = obj { return try h.index(single: i) }
        return try r.getIndex(obj, [.value(i)])
      }
    }
    let keys = try IndexNode.evaluate(items, r, f, span)
    return try r.located(span) { try r.getIndex(obj, keys) }
  }
}

final class FieldGetNode: Node {
  let object: Node
  let name: String
  init(_ object: Node, _ name: String, _ span: Span) {
    self.object = object
    self.name = name
    super.init(span)
  }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    let obj = try object.eval(r, f)
    return try r.located(span) { try r.getField(obj, name) }
  }
}

/// `if` as statement or expression. In value mode the branches' last statements leave
/// their value in `RunState.result`.
final class IfNode: Node {
  let cond: Node
  let then: Node
  let orElse: Node?
  let valueMode: Bool
  init(_ cond: Node, _ then: Node, _ orElse: Node?, valueMode: Bool, _ span: Span) {
    self.cond = cond
    self.then = then
    self.orElse = orElse
    self.valueMode = valueMode
    super.init(span)
  }

  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    if try cond.test(r, f) { return try then.exec(r, f) }
    if let e = orElse { return try e.exec(r, f) }
    if valueMode { r.state.pointee.result = .nil }
    return .normal
  }

  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    r.state.pointee.result = .nil
    let signal = try exec(r, f)
    if signal != .normal { throw ControlSignal(signal: signal) }
    return r.take(&r.state.pointee.result)
  }
}
