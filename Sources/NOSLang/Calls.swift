// Calls: entering user functions (binding, frames, captures), builtins and host callables.

extension Interpreter {
  /// Calls any callable value with evaluated arguments.
  func callValue(_ callee: Value, _ args: [Value], _ named: [(name: String, value: Value)],
                 span: Span?) throws -> Value {
    switch callee {
    case .function(let c):
      return try invoke(c, args, named, span: span)
    case .builtin(let b):
      return try callBuiltin(b, args, named)
    case .host(let h) where h.isCallable:
      return try h.call(CallArguments(positional: args, named: named, interpreter: self))
    default:
      throw RuntimeError("cannot call \(withArticle(callee.typeName))", span: span)
    }
  }

  /// Calls a builtin. Positional arguments that fill the parameters in order (the rest having
  /// defaults) bind without building a `ParamSpec`; the general binder handles all else (and
  /// raises every binding error, so the two paths cannot disagree on what is an error).
  func callBuiltin(_ b: Builtin, _ args: [Value], _ named: [(name: String, value: Value)])
    throws -> Value
  {
    if named.isEmpty, b.positionalOnly, args.count <= b.params.count {
      var values = args
      var complete = true
      if args.count < b.params.count {
        values.reserveCapacity(b.params.count)
        for p in b.params[args.count...] {
          guard let d = p.defaultValue else {
            complete = false
            break
          }
          values.append(d)
        }
      }
      if complete {
        return try b.body(Arguments(name: b.name, values: values, rest: [], extraNamed: [],
                                    variadicIndex: nil, interpreter: self))
      }
    }
    let call = CallArguments(positional: args, named: named, interpreter: self)
    return try b.body(call.bind(b.params, name: b.name, acceptsExtraNamed: b.acceptsExtraNamed))
  }

  /// Calls a closure with full argument binding (named arguments, defaults).
  func invoke(_ c: Closure, _ args: [Value], _ named: [(name: String, value: Value)],
              span: Span?) throws -> Value {
    let p = c.proto
    if named.isEmpty && args.count == p.arity {
      return try run(c, span: span) { slots in
        for i in 0..<args.count { (slots + i).initialize(to: args[i]) }
      }
    }
    let bound: ParamSpec.Bound
    do {
      bound = try p.spec.bind(positional: args, named: named, callee: p.name)
    } catch var e as RuntimeError {
      e.span = e.span ?? span
      e.current = e.current ?? span
      throw e
    }
    return try run(c, span: span) { slots in
      for i in 0..<bound.values.count { (slots + i).initialize(to: bound.values[i]) }
    }
  }

  @inline(__always)
  func invoke1(_ c: Closure, _ a: Value, span: Span) throws -> Value {
    if c.proto.arity == 1 {
      return try run(c, span: span) { $0.initialize(to: a) }
    }
    return try invokeSlow(c, [a], span: span)
  }

  @inline(never)
  func invokeSlow(_ c: Closure, _ args: [Value], span: Span) throws -> Value {
    try invoke(c, args, [], span: span)
  }

  @inline(__always)
  func invoke2(_ c: Closure, _ a: Value, _ b: Value, span: Span) throws -> Value {
    if c.proto.arity == 2 {
      return try run(c, span: span) {
        $0.initialize(to: a)
        ($0 + 1).initialize(to: b)
      }
    }
    return try invokeSlow(c, [a, b], span: span)
  }

  /// Allocates the frame, binds parameters via `bind`, fills defaults, runs the body.
  @inline(__always)
  func run(_ c: Closure, span: Span?, bind: (UnsafeMutablePointer<Value?>) -> Void) throws
    -> Value
  {
    // `c` keeps the prototype alive for the whole call: skip retain/release traffic.
    try Unmanaged.passUnretained(c.proto)._withUnsafeGuaranteedRef { p in
      try run(p, upvals: c.upvals, span: span, bind: bind)
    }
  }

  /// `run` for a prototype the caller keeps alive (a closure, or a call site's cache of a
  /// capture-free function), with the running closure's captures `upvals`. `bind` finds
  /// the parameter slots nil and may `initialize` them (nil holds no reference).
  @inline(__always)
  func run(_ p: FunctionProto, upvals: UnsafeMutablePointer<Cell>, span: Span?,
           bind: (UnsafeMutablePointer<Value?>) -> Void) throws -> Value {
    try enterCall(span)
    let n = p.frameSize
    let base = state.pointee.sp
    guard base + n <= Interpreter.stackCapacity else {
      state.pointee.depth -= 1
      throw RuntimeError("recursion too deep", span: span)
    }
    if base + n > state.pointee.initialized {
      let have = state.pointee.initialized
      (stack + have).initialize(repeating: nil, count: base + n - have)
      state.pointee.initialized = base + n
    }
    state.pointee.sp = base + n
    let slots = stack + base
    let cells = p.cellCount == 0 ? noCells : makeCells(p.cellCount)
    defer {
      if p.cellCount > 0 {
        FrameCycles.releaseCells(cells, p.cellCount)
        cells.deallocate()
      }
      for i in 0..<n { slots[i] = nil }
      state.pointee.sp = base
      state.pointee.depth -= 1
    }
    bind(slots)
    let frame = Frame(slots: slots, cells: cells, upvals: upvals)
    do {
      if p.needsPrepare {
        try prepare(p, frame)
      }
      // Invariant: `result` is nil at every call entry (each setter's consumer takes it,
      // and error paths clear it), so it needs no reset here. The body is called through a
      // guaranteed reference (the prototype holds it): a plain call retained and released
      // it on every call.
      let body = Unmanaged.passUnretained(p.body)
      if p.valueBody {
        return try body._withUnsafeGuaranteedRef { try $0.eval(self, frame) }
      }
      let signal = try body._withUnsafeGuaranteedRef { try $0.exec(self, frame) }
      if signal == .returnValue { return take(&state.pointee.returnValue) }
      return take(&state.pointee.result)
    } catch let s as ControlSignal where s.signal == .returnValue {
      return take(&state.pointee.returnValue)
    } catch var e as RuntimeError {
      state.pointee.result = .nil
      e.leave(function: p.name, file: p.file, callSite: span)
      throw e
    } catch {
      state.pointee.result = .nil
      throw error
    }
  }

  private func makeCells(_ count: Int) -> UnsafeMutablePointer<Cell> {
    let cells = UnsafeMutablePointer<Cell>.allocate(capacity: count)
    for i in 0..<count { (cells + i).initialize(to: Cell()) }
    return cells
  }

  @inline(__always)
  func take(_ v: inout Value) -> Value {
    let out = v
    v = .nil
    return out
  }

  /// Evaluates missing defaults and copies captured parameters into their cells.
  private func prepare(_ p: FunctionProto, _ frame: Frame) throws {
    for i in 0..<p.arity {
      if frame.slots[i] == nil, let d = p.defaults[i] { frame.slots[i] = try d.eval(self, frame) }
      if let c = p.paramCells[i] { frame.cells[c].ref.pointee = frame.slots[i] }
    }
  }

  /// `x.name(args)`: a record's function field, a host method, then the builtin `name(x, ...)`.
  func callMethod(_ receiver: Value, _ name: String, _ args: [Value],
                  _ named: [(name: String, value: Value)], span: Span) throws -> Value {
    switch receiver {
    case .record(let r):
      if let f = r[name] { return try callValue(f, args, named, span: span) }
    case .host(let h):
      if let m = h.method(name) {
        return try callValue(.builtin(m), [receiver] + args, named, span: span)
      }
    default:
      break
    }
    if let b = builtins[name] {
      return try callValue(.builtin(b), [receiver] + args, named, span: span)
    }
    if case .host(let h) = receiver, let f = try h.field(name), f.isCallable {
      return try callValue(f, args, named, span: span)
    }
    var message = "\(withArticle(receiver.typeName)) has no method '\(name)'"
    if let hint = Hints.methods[name] { throw RuntimeError(message + " — " + hint, span: span) }
    if case .host(let h) = receiver, h.fieldNames.contains(name) {
      throw RuntimeError(message + " — '\(name)' is a property: write .\(name) without "
        + "parentheses", span: span)
    }
    var candidates = Array(builtins.keys)
    if case .host(let h) = receiver { candidates += h.methodNames }
    if case .record(let r) = receiver { candidates += r.keys }
    if let s = Suggest.closest(to: name, in: candidates) { message += " — did you mean '\(s)'?" }
    throw RuntimeError(message, span: span)
  }
}

