// Scope analysis (the resolver's first pass): locals, captures and upvalues per function.

/// What the resolver knows about one function's variables.
final class Scope {
  let parent: Scope?
  let paramCount: Int
  private(set) var localNames: [String] = []
  var captured: Set<String> = []
  var upvalues: [String: Int] = [:]
  var upvalueSources: [CaptureSource] = []
  /// Filled by `finish()`: non-captured locals live in slots, captured ones in cells.
  var slot: [String: Int] = [:]
  var cell: [String: Int] = [:]
  var frameSize = 0

  init(parent: Scope?, params: [String]) {
    self.parent = parent
    self.paramCount = params.count
    for p in params { declare(p) }
  }

  func isLocal(_ name: String) -> Bool { localNames.contains(name) || slot[name] != nil }

  func declare(_ name: String) {
    if !localNames.contains(name) { localNames.append(name) }
  }

  /// True when an enclosing function has `name` as a local.
  func ancestorHasLocal(_ name: String) -> Bool {
    var s = parent
    while let scope = s {
      if scope.localNames.contains(name) { return true }
      s = scope.parent
    }
    return false
  }

  /// The upvalue index of `name` (a local of an enclosing function), creating the chain.
  @discardableResult
  func upvalue(_ name: String) -> Int? {
    if let i = upvalues[name] { return i }
    guard let p = parent else { return nil }
    let source: CaptureSource
    if p.localNames.contains(name) {
      p.captured.insert(name)
      source = .cell(-1)
    } else {
      guard let j = p.upvalue(name) else { return nil }
      source = .upval(j)
    }
    let i = upvalueSources.count
    upvalues[name] = i
    upvalueSources.append(source)
    upvalueNames.append(name)
    return i
  }

  var upvalueNames: [String] = []

  /// Assigns slots (parameters first) and cells once all captures are known, and resolves
  /// `.cell` capture sources against the parent's cells.
  func finish() {
    var nextSlot = 0
    var nextCell = 0
    for (i, name) in localNames.enumerated() {
      if i < paramCount || !captured.contains(name) {
        slot[name] = nextSlot
        nextSlot += 1
      }
      if captured.contains(name) {
        cell[name] = nextCell
        nextCell += 1
      }
    }
    frameSize = nextSlot
  }

  /// Capture sources with parent cell indices filled in (parent must be finished).
  func resolvedSources() -> [CaptureSource] {
    zip(upvalueSources, upvalueNames).map { source, name in
      if case .cell = source, let c = parent?.cell[name] { return .cell(c) }
      return source
    }
  }

  var cellCount: Int { cell.count }
}

/// Collects the names a block assigns (targets, loop variables, `fn` names), without
/// descending into nested functions.
enum Assigned {
  static func block(_ b: Block, _ out: inout [String]) {
    for s in b.statements { stmt(s, &out) }
  }

  static func stmt(_ s: Stmt, _ out: inout [String]) {
    switch s.kind {
    case .expression(let e): expr(e, &out)
    case .assign(let targets, let value):
      for t in targets {
        if case .name(let n) = t.kind { out.append(n) } else { expr(t, &out) }
      }
      expr(value, &out)
    case .compound(let target, _, let value):
      if case .name(let n) = target.kind { out.append(n) } else { expr(target, &out) }
      expr(value, &out)
    case .function(let name, _): out.append(name.name)
    case .forIn(let names, let iterable, let body):
      out += names.map(\.name)
      expr(iterable, &out)
      block(body, &out)
    case .whileLoop(let cond, let body):
      expr(cond, &out)
      block(body, &out)
    case .returnValue(let e): if let e = e { expr(e, &out) }
    case .breakLoop, .continueLoop: break
    }
  }

  /// Only `if` blocks inside expressions can hold assignments.
  static func expr(_ e: Expr, _ out: inout [String]) {
    switch e.kind {
    case .ifElse(let cond, let then, let orElse):
      expr(cond, &out)
      block(then, &out)
      if let b = orElse { block(b, &out) }
    case .unary(_, let a), .field(let a, _): expr(a, &out)
    case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b),
      .range(let a, let b, _):
      expr(a, &out)
      expr(b, &out)
    case .bracket(let items): for i in items { expr(i, &out) }
    case .record(let entries): for en in entries { expr(en.value, &out) }
    case .call(let callee, let args):
      expr(callee, &out)
      for a in args { expr(a.value, &out) }
    case .index(let base, let items):
      expr(base, &out)
      for item in items {
        switch item {
        case .single(let x): expr(x, &out)
        case .slice(let a, let b, let c, _):
          for x in [a, b, c] { if let x = x { expr(x, &out) } }
        }
      }
    case .fstring(let segments):
      for case .value(let x, _) in segments { expr(x, &out) }
    case .number, .string, .bool, .nil, .name, .function: break
    }
  }
}
