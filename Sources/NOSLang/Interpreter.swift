// The interpreter: workspace globals, builtin registry, calls, limits and error location.

/// Runs resolved code. One per session; builtins receive it in `Arguments.interpreter`.
public final class Interpreter {
  let state: UnsafeMutablePointer<RunState>
  /// Frame slots of active calls (virtual memory; pages are touched only as used).
  let stack: UnsafeMutablePointer<Value?>
  static let stackCapacity = 1 << 22
  public let output: TextOutput
  /// Where progress and notes go (standard error by default), never mixed into `output`.
  public let errorOutput: TextOutput
  public let interrupt: Interrupt
  /// Decides what a bracket literal `[...]` becomes (the stdlib makes numeric ones tensors).
  public var bracketBuilder: BracketBuilder?
  /// Makes a bracket literal of numbers (a fast path beside `bracketBuilder`).
  public var numberVectorBuilder: NumberVectorBuilder?
  /// The embedding library's per-session state (the stdlib keeps its `SessionContext` here:
  /// random stream, grad depth, plots), so nothing a session does lives in a global.
  public var context: AnyObject?
  /// Wraps each run of a cell on its thread (the stdlib binds the session's random stream for
  /// the cell there); nil runs the cell as is.
  public var cellScope: ((() throws -> Value?) throws -> Value?)?
  /// Deepest nos call nesting before "recursion too deep".
  public var maxCallDepth: Int {
    get { state.pointee.maxDepth }
    set { state.pointee.maxDepth = newValue }
  }
  /// A frame's cell pointer when it has no captured locals.
  let noCells: UnsafeMutablePointer<Cell>

  var globals: [String: Cell] = [:]
  var globalOrder: [String] = []
  private var definedOrder: [String] = []
  private var definedNames: Set<String> = []
  private(set) var builtins: [String: Builtin] = [:]
  private var builtinOrder: [String] = []

  public init(output: TextOutput, errorOutput: TextOutput = StandardError(),
              interrupt: Interrupt = Interrupt()) {
    self.output = output
    self.errorOutput = errorOutput
    self.interrupt = interrupt
    state = .allocate(capacity: 1)
    state.initialize(to: RunState())
    stack = .allocate(capacity: Interpreter.stackCapacity)
    noCells = .allocate(capacity: 1)
    noCells.initialize(to: Cell())
    CoreBuiltins.install(into: self)
  }

  deinit {
    // Globals may reference closures whose cells reference globals: break the cycles.
    for cell in globals.values { cell.value = nil }
    stack.deinitialize(count: state.pointee.initialized)
    stack.deallocate()
    noCells.deinitialize(count: 1)
    noCells.deallocate()
    state.deinitialize(count: 1)
    state.deallocate()
  }

  // MARK: - Workspace

  /// The cell of a global, created (undefined) when missing.
  func globalCell(_ name: String) -> Cell {
    if let c = globals[name] { return c }
    let c = Cell()
    globals[name] = c
    globalOrder.append(name)
    return c
  }

  public func global(_ name: String) -> Value? { globals[name]?.value }

  public func setGlobal(_ name: String, _ value: Value) { globalCell(name).value = value }

  /// Defined globals in definition order, builtins included.
  public var globalNames: [String] { globalOrder.filter { globals[$0]?.value != nil } }

  /// Globals the user defined (or redefined over a builtin or constant), in the order
  /// they were first defined (as seen after each run).
  public var userGlobalNames: [String] {
    noteDefinitions()
    return definedOrder.filter { name in
      guard let v = globals[name]?.value else { return false }
      if case .builtin(let b) = v, builtins[name] === b { return false }
      if let c = CoreBuiltins.constants[name], case .number(let x) = v,
        x.bitPattern == c.bitPattern
      {
        return false
      }
      return true
    }
  }

  /// Appends globals defined since the last call to the definition order.
  func noteDefinitions() {
    for name in globalOrder where !definedNames.contains(name) && globals[name]?.value != nil {
      definedNames.insert(name)
      definedOrder.append(name)
    }
  }

  /// Forgets every user global; builtins stay.
  public func resetWorkspace() {
    for cell in globals.values { cell.value = nil }
    globals = [:]
    globalOrder = []
    definedOrder = []
    definedNames = []
    for name in builtinOrder { if let b = builtins[name] { setGlobal(name, .builtin(b)) } }
    CoreBuiltins.installConstants(into: self)
  }

  // MARK: - Builtins

  /// Adds builtins (later registrations replace earlier ones of the same name) and makes
  /// each a global. Method-call sugar `x.f(...)` finds them here even when shadowed.
  public func register(_ list: [Builtin]) {
    for b in list {
      if builtins[b.name] == nil { builtinOrder.append(b.name) }
      builtins[b.name] = b
      setGlobal(b.name, .builtin(b))
    }
  }

  public func builtin(named name: String) -> Builtin? { builtins[name] }

  /// All builtin names in registration order (for completion and `help`).
  public var builtinNames: [String] { builtinOrder }

  // MARK: - Services for builtins

  /// Throws "interrupted" if an interrupt was requested (for long-running builtins).
  public func checkInterrupt() throws {
    if interrupt.isRequested {
      interrupt.clear()
      throw RuntimeError("interrupted")
    }
  }

  /// Calls a function, builtin or callable host value from Swift.
  /// Outside a running cell (stack limit unset) the call runs on a big-stack thread, so
  /// runaway recursion is an error there too.
  public func call(_ f: Value, _ args: [Value], named: [(name: String, value: Value)] = [])
    throws -> Value
  {
    if state.pointee.stackLimit != 0 { return try callValue(f, args, named, span: nil) }
    return try BigStack.run {
      self.state.pointee.stackLimit = BigStack.limit()
      defer { self.state.pointee.stackLimit = 0 }
      return try self.callValue(f, args, named, span: nil)
    }
  }

  public func display(_ v: Value) -> String { Display.string(v) }

  // MARK: - Limits

  /// Polled at loop back-edges: interrupts and the step budget.
  @inline(__always)
  func tick(_ span: Span) throws {
    state.pointee.budget &-= 1
    if state.pointee.budget <= 0 || interrupt.isRequested { try tickSlow(span) }
  }

  private func tickSlow(_ span: Span) throws {
    if interrupt.isRequested {
      interrupt.clear()
      throw RuntimeError("interrupted", span: span)
    }
    if state.pointee.budget <= 0 {
      state.pointee.budget = 0
      throw RuntimeError("step limit exceeded", span: span)
    }
  }

  @inline(__always)
  func enterCall(_ span: Span?) throws {
    state.pointee.depth += 1
    let depth = state.pointee.depth
    // One call uses a bounded amount of stack (the AST depth is bounded), so checking the
    // stack every 16 levels stays well within the safety margin.
    if depth > state.pointee.maxDepth || (depth & 15 == 0 && belowStackLimit()) {
      state.pointee.depth -= 1
      throw RuntimeError("recursion too deep", span: span)
    }
    try tick(span ?? .none)
  }

  @inline(__always)
  func belowStackLimit() -> Bool {
    let limit = state.pointee.stackLimit
    guard limit != 0 else { return false }
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } < limit
  }

  /// Gives an error the span of the node that raised it, wrapping foreign errors.
  func locate(_ error: Error, _ span: Span) -> Error {
    switch error {
    case var e as RuntimeError:
      if e.span == nil {
        e.span = span
        e.current = span
      } else if e.current == nil {
        e.current = span
      }
      return e
    case is ControlSignal:
      return error
    default:
      let text = String(describing: error)
      return RuntimeError(text, span: span)
    }
  }
}
