// The resolver: binds names to slots, cells and globals, and builds the executable tree.

struct ResolveFailure: Error {
  var message: String
  var span: Span
}

struct Resolver {
  static let maxDepth = 4000

  let interp: Interpreter
  let file: SourceFile
  private var scopes: [ObjectIdentifier: Scope] = [:]
  private var topAssigned: Set<String> = []
  private(set) var errors: [Diagnostic] = []
  private var loopDepth = 0
  private var inFunction = false
  private var depth = 0
  /// Call nodes made inside the function being resolved; each learns its function's
  /// prototype once that exists (`CallCache`).
  private var callSites: [CallSite] = []

  init(interp: Interpreter, file: SourceFile) {
    self.interp = interp
    self.file = file
  }

  /// Resolves a program against the interpreter's workspace. The result runs in value
  /// mode: its last expression statement leaves its value in `RunState.result`.
  static func resolve(_ program: Program, file: SourceFile, interp: Interpreter)
    -> (Node, [Diagnostic])
  {
    var r = Resolver(interp: interp, file: file)
    var names: [String] = []
    Assigned.block(Block(statements: program.statements, span: .none), &names)
    r.topAssigned = Set(names)
    for s in program.statements { r.visit(s, nil) }
    for scope in r.scopes.values { scope.finish() }
    let node = r.emitStatements(program.statements, nil, valueMode: true)
    return (node, r.errors)
  }

  private mutating func fail(_ message: String, _ span: Span) {
    errors.append(Diagnostic(phase: .resolve, message: message, span: span, file: file))
  }

  // MARK: - Analysis

  private mutating func analyze(_ decl: FunctionDecl, _ parent: Scope?) {
    let scope = Scope(parent: parent, params: decl.params.map(\.name))
    var names: [String] = []
    Assigned.block(decl.body, &names)
    for n in names where !scope.isLocal(n) && !scope.ancestorHasLocal(n) { scope.declare(n) }
    scopes[ObjectIdentifier(decl)] = scope
    for p in decl.params { if let d = p.defaultValue { visit(d, scope) } }
    for s in decl.body.statements { visit(s, scope) }
  }

  private mutating func reference(_ name: String, _ scope: Scope?) {
    guard let s = scope, !s.isLocal(name) else { return }
    if s.ancestorHasLocal(name) { s.upvalue(name) }
  }

  private mutating func visit(_ s: Stmt, _ scope: Scope?) {
    switch s.kind {
    case .expression(let e): visit(e, scope)
    case .assign(let targets, let value):
      for t in targets { visit(t, scope) }
      visit(value, scope)
    case .compound(let target, _, let value):
      visit(target, scope)
      visit(value, scope)
    case .function(let name, let decl):
      reference(name.name, scope)
      analyze(decl, scope)
    case .forIn(let names, let iterable, let body):
      for n in names { reference(n.name, scope) }
      visit(iterable, scope)
      for st in body.statements { visit(st, scope) }
    case .whileLoop(let cond, let body):
      visit(cond, scope)
      for st in body.statements { visit(st, scope) }
    case .returnValue(let e): if let e = e { visit(e, scope) }
    case .breakLoop, .continueLoop: break
    }
  }

  private mutating func visit(_ e: Expr, _ scope: Scope?) {
    switch e.kind {
    case .name(let n): reference(n, scope)
    case .function(let decl): analyze(decl, scope)
    case .ifElse(let cond, let then, let orElse):
      visit(cond, scope)
      for st in then.statements { visit(st, scope) }
      for st in orElse?.statements ?? [] { visit(st, scope) }
    case .unary(_, let a), .field(let a, _): visit(a, scope)
    case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b),
      .range(let a, let b, _):
      visit(a, scope)
      visit(b, scope)
    case .bracket(let items): for i in items { visit(i, scope) }
    case .record(let entries): for en in entries { visit(en.value, scope) }
    case .call(let callee, let args):
      visit(callee, scope)
      for a in args { visit(a.value, scope) }
    case .index(let base, let items):
      visit(base, scope)
      for item in items {
        switch item {
        case .single(let x): visit(x, scope)
        case .slice(let a, let b, let c, _):
          for x in [a, b, c] { if let x = x { visit(x, scope) } }
        }
      }
    case .fstring(let segments):
      for case .value(let x, _) in segments { visit(x, scope) }
    case .number, .string, .bool, .nil: break
    }
  }

  // MARK: - Names

  private mutating func read(_ name: String, _ span: Span, _ scope: Scope?) -> Node {
    if let s = scope {
      if let i = s.cell[name] { return CellGet(i, name, span) }
      if let i = s.slot[name] { return LocalGet(i, name, span) }
      if let i = s.upvalues[name] { return UpvalGet(i, name, span) }
    }
    // An unknown workspace name is checked when it is read, not before the cell runs:
    // `run("lib.nos")` defines names this cell could not have seen (as Python does).
    return GlobalGet(interp.globalCell(name), name, span)
  }

  private func write(_ name: String, _ span: Span, _ scope: Scope?) -> Target {
    if let s = scope {
      if let i = s.cell[name] { return CellTarget(.own(i), name, span) }
      if let i = s.slot[name] { return LocalTarget(i, name, span) }
      if let i = s.upvalues[name] { return CellTarget(.upval(i), name, span) }
    }
    return CellTarget(.global(interp.globalCell(name)), name, span)
  }

  private mutating func target(_ e: Expr, _ scope: Scope?) -> Target {
    switch e.kind {
    case .name(let n):
      return write(n, e.span, scope)
    case .index(let base, let items):
      return IndexTarget(parent: assignable(base, scope), base: expr(base, scope),
                         items: indexItems(items, scope), e.span)
    case .field(let base, let name):
      return FieldTarget(parent: assignable(base, scope), base: expr(base, scope), name: name,
                         e.span)
    default:
      fail("cannot assign to this expression", e.span)
      return LocalTarget(0, "?", e.span)
    }
  }

  private mutating func assignable(_ e: Expr, _ scope: Scope?) -> Target? {
    switch e.kind {
    case .name, .index, .field: return target(e, scope)
    default: return nil
    }
  }

  // MARK: - Statements

  mutating func emitStatements(_ stmts: [Stmt], _ scope: Scope?, valueMode: Bool) -> Node {
    var nodes: [Node] = []
    for (i, s) in stmts.enumerated() {
      let last = valueMode && i == stmts.count - 1
      if last, case .expression(let e) = s.kind {
        if case .ifElse = e.kind {
          nodes.append(emitIf(e, scope, valueMode: true))
        } else {
          nodes.append(ResultStmt(expr(e, scope)))
        }
      } else {
        nodes.append(stmt(s, scope))
      }
    }
    return Seq.make(nodes[...])
  }

  private mutating func stmt(_ s: Stmt, _ scope: Scope?) -> Node {
    depth += 1
    defer { depth -= 1 }
    if depth > Resolver.maxDepth {
      fail("nesting too deep", s.span)
      return Nop(s.span)
    }
    switch s.kind {
    case .expression(let e):
      if case .ifElse = e.kind { return emitIf(e, scope, valueMode: false) }
      return expr(e, scope)
    case .assign(let targets, let value):
      if targets.count == 1 { return assign(targets[0], value, scope, s.span) }
      return Destructure(targets.map { target($0, scope) }, expr(value, scope), s.span)
    case .compound(let t, let op, let value):
      return Compound(target(t, scope), op, expr(value, scope), s.span)
    case .function(let name, let decl):
      let closure = function(decl, scope, name: name.name)
      return Assign(write(name.name, name.span, scope), closure, name.span)
    case .forIn(let names, let iterable, let body):
      return forLoop(names, iterable, body, scope, s.span)
    case .whileLoop(let cond, let body):
      let c = expr(cond, scope)
      loopDepth += 1
      defer { loopDepth -= 1 }
      return WhileNode(c, emitStatements(body.statements, scope, valueMode: false), s.span)
    case .breakLoop, .continueLoop:
      let isBreak: Bool
      if case .breakLoop = s.kind { isBreak = true } else { isBreak = false }
      if loopDepth == 0 { fail("'\(isBreak ? "break" : "continue")' outside a loop", s.span) }
      return isBreak ? BreakNode(s.span) : ContinueNode(s.span)
    case .returnValue(let e):
      if !inFunction { fail("'return' outside a function", s.span) }
      return ReturnNode(e.map { expr($0, scope) }, s.span)
    }
  }

  private mutating func assign(_ t: Expr, _ value: Expr, _ scope: Scope?, _ span: Span) -> Node {
    var v: Node
    if case .name(let n) = t.kind, case .function(let decl) = value.kind,
      decl.name == "<lambda>"
    {
      v = function(decl, scope, name: n)
    } else {
      v = expr(value, scope)
    }
    if case .name(let n) = t.kind {
      if let s = scope, let i = s.slot[n], s.cell[n] == nil { return SetLocal(i, v, span) }
      if scope == nil { return SetGlobal(interp.globalCell(n), v, span) }
    }
    return Assign(target(t, scope), v, span)
  }

  private mutating func forLoop(_ names: [NameDecl], _ iterable: Expr, _ body: Block,
                                _ scope: Scope?, _ span: Span) -> Node {
    let targets = names.map { write($0.name, $0.span, scope) }
    loopDepth += 1
    let b = emitStatements(body.statements, scope, valueMode: false)
    loopDepth -= 1
    if targets.count == 1, case .range(let lo, let hi, let inclusive) = iterable.kind {
      return ForRangeNode(targets[0], expr(lo, scope), expr(hi, scope), inclusive: inclusive, b,
                          iterable.span)
    }
    return ForInNode(targets, expr(iterable, scope), b, span)
  }

  // MARK: - Functions

  private mutating func function(_ decl: FunctionDecl, _ parent: Scope?, name: String) -> Node {
    guard let scope = scopes[ObjectIdentifier(decl)] else {
      fail("internal: unanalysed function", decl.span)
      return Nop(decl.span)
    }
    let spec = ParamSpec(names: decl.params.map(\.name),
                         required: decl.params.map { $0.defaultValue == nil }, variadic: nil)
    let mark = callSites.count
    let savedLoop = loopDepth
    let savedIn = inFunction
    loopDepth = 0
    inFunction = true
    let defaults = decl.params.map { p in p.defaultValue.map { expr($0, scope) } }
    // A body that is one expression (`fn f(x) = e`, lambdas) is evaluated for its value.
    let sole = decl.body.soleExpression
    let body = sole.map { expr($0, scope) }
      ?? emitStatements(decl.body.statements, scope, valueMode: true)
    loopDepth = savedLoop
    inFunction = savedIn
    let proto = FunctionProto(
      name: name, file: file, span: decl.span, spec: spec, defaults: defaults,
      frameSize: scope.frameSize, cellCount: scope.cellCount,
      paramCells: decl.params.map { scope.cell[$0.name] }, body: body,
      valueBody: sole != nil)
    for site in callSites[mark...] where site.argumentCount == proto.arity {
      site.home = Unmanaged.passUnretained(proto)
    }
    callSites.removeSubrange(mark...)
    return MakeClosure(proto, scope.resolvedSources(), decl.span)
  }

  // MARK: - Expressions

  private mutating func emitIf(_ e: Expr, _ scope: Scope?, valueMode: Bool) -> Node {
    guard case .ifElse(let cond, let then, let orElse) = e.kind else { return expr(e, scope) }
    let c = expr(cond, scope)
    if valueMode, let a = then.soleExpression {
      if let other = orElse {
        if let b = other.soleExpression {
          return IfExprNode(c, expr(a, scope), expr(b, scope), e.span)
        }
      } else {
        return IfExprNode(c, expr(a, scope), nil, e.span)
      }
    }
    let t = emitStatements(then.statements, scope, valueMode: valueMode)
    let o = orElse.map { emitStatements($0.statements, scope, valueMode: valueMode) }
    return IfNode(c, t, o, valueMode: valueMode, e.span)
  }

  private mutating func indexItems(_ items: [IndexExpr], _ scope: Scope?) -> [IndexNode] {
    items.map { item in
      switch item {
      case .single(let x): return .single(expr(x, scope))
      case .slice(let a, let b, let c, _):
        return .slice(a.map { expr($0, scope) }, b.map { expr($0, scope) },
                      c.map { expr($0, scope) })
      }
    }
  }

  private mutating func args(_ list: [Argument], _ scope: Scope?) -> ArgNodes {
    let positional = list.filter { $0.name == nil }.map { expr($0.value, scope) }
    let named = list.filter { $0.name != nil }
    return ArgNodes(positional: positional, names: named.compactMap(\.name),
                    named: named.map { expr($0.value, scope) }, namedSpans: named.map(\.span))
  }

  mutating func expr(_ e: Expr, _ scope: Scope?) -> Node {
    depth += 1
    defer { depth -= 1 }
    if depth > Resolver.maxDepth {
      fail("nesting too deep", e.span)
      return Nop(e.span)
    }
    switch e.kind {
    case .number(let x): return Const(.number(x), e.span)
    case .string(let s): return Const(.string(s), e.span)
    case .bool(let b): return Const(.bool(b), e.span)
    case .nil: return Const(.nil, e.span)
    case .name(let n): return read(n, e.span, scope)
    case .fstring(let segments): return fstring(segments, scope, e.span)
    case .bracket(let items):
      let literal = items.map { item -> Bool in
        if case .bracket = item.kind { return true }
        return false
      }
      return BracketNode(items.map { expr($0, scope) }, literal: literal, e.span)
    case .record(let entries):
      return RecordNode(entries.map(\.key), entries.map { expr($0.value, scope) }, e.span)
    case .unary(let op, let a): return UnaryNode(op, expr(a, scope), e.span)
    case .binary(let op, let a, let b):
      let l = expr(a, scope)
      let r = expr(b, scope)
      if let fused = Fuse.binary(op, l, r, e.span) { return fused }
      switch op {
      case .add: return AddNode(l, r, e.span)
      case .sub: return SubNode(l, r, e.span)
      case .mul: return MulNode(l, r, e.span)
      case .lt: return LessNode(l, r, e.span)
      default: return BinaryNode(op, l, r, e.span)
      }
    case .and(let a, let b): return AndNode(expr(a, scope), expr(b, scope), e.span)
    case .or(let a, let b): return OrNode(expr(a, scope), expr(b, scope), e.span)
    case .range(let a, let b, let inclusive):
      return RangeNode(expr(a, scope), expr(b, scope), inclusive: inclusive, e.span)
    case .call(let callee, let list): return call(callee, list, scope, e.span)
    case .index(let base, let items):
      let nodes = indexItems(items, scope)
      if nodes.count == 1, case .single(let n) = nodes[0], let c = n as? Const,
        case .number(let x) = c.value, let k = Int(exactly: x)
      {
        return IndexConstNode(expr(base, scope), k, e.span)
      }
      return IndexGetNode(expr(base, scope), nodes, e.span)
    case .field(let base, let name): return FieldGetNode(expr(base, scope), name, e.span)
    case .ifElse: return emitIf(e, scope, valueMode: true)
    case .function(let decl): return function(decl, scope, name: decl.name)
    }
  }

  private mutating func call(_ callee: Expr, _ list: [Argument], _ scope: Scope?,
                             _ span: Span) -> Node {
    if case .field(let base, let name) = callee.kind {
      return MethodCallNode(expr(base, scope), name, args(list, scope), span)
    }
    let f = expr(callee, scope)
    if list.allSatisfy({ $0.name == nil }) {
      if list.count == 1 {
        let node = Call1Node(f, expr(list[0].value, scope), span)
        callSites.append(node)
        return node
      }
      if list.count == 2 {
        return Call2Node(f, expr(list[0].value, scope), expr(list[1].value, scope), span)
      }
    }
    return CallNode(f, args(list, scope), span)
  }

  private mutating func fstring(_ segments: [FStringSegment], _ scope: Scope?, _ span: Span)
    -> Node
  {
    var parts: [FStringNode.Part] = []
    for seg in segments {
      switch seg {
      case .literal(let s): parts.append(.literal(s))
      case .value(let x, let spec):
        var format: FormatSpec?
        if let spec = spec {
          do { format = try FormatSpec(spec) } catch {
            fail(String(describing: error), x.span)
          }
        }
        parts.append(.value(expr(x, scope), format))
      }
    }
    return FStringNode(parts, span)
  }
}
