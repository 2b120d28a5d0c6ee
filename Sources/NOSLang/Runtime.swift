// Runtime structures: cells, frames, function prototypes, closures and the node base class.

/// A heap slot for a variable shared between frames: a workspace global or a local that
/// a closure captures. Storage sits behind a `let` pointer (no exclusivity checks).
public final class Cell {
  let ref: UnsafeMutablePointer<Value?>

  init(_ value: Value? = nil) {
    ref = .allocate(capacity: 1)
    ref.initialize(to: value)
  }

  deinit {
    if let v = ref.pointee, Teardown.holdsReferences(v) {
      ref.pointee = nil
      Teardown.release(v)
    }
    ref.deinitialize(count: 1)
    ref.deallocate()
  }

  /// The value, or nil while the variable is undefined.
  public var value: Value? {
    get { ref.pointee }
    set { ref.pointee = newValue }
  }
}

/// The locals of one function activation, passed by value down the evaluator.
struct Frame {
  let slots: UnsafeMutablePointer<Value?>
  /// This activation's captured locals.
  let cells: UnsafeMutablePointer<Cell>
  /// The running closure's captured variables.
  let upvals: UnsafeMutablePointer<Cell>

  /// Safe to share: made once, then only read (top-level code has no locals to write, and the
  /// placeholder cell is never assigned through); ARC on the shared cell is atomic.
  nonisolated(unsafe) static let empty: (UnsafeMutablePointer<Value?>, UnsafeMutablePointer<Cell>)
    = {
    let s = UnsafeMutablePointer<Value?>.allocate(capacity: 1)
    s.initialize(to: nil)
    let c = UnsafeMutablePointer<Cell>.allocate(capacity: 1)
    c.initialize(to: Cell())
    return (s, c)
  }()

  /// The frame of top-level code, which has no locals (top-level names are globals).
  static var topLevel: Frame { Frame(slots: empty.0, cells: empty.1, upvals: empty.1) }
}

/// Where a closure finds a captured variable when it is created.
enum CaptureSource {
  case cell(Int)   // a captured local of the creating frame
  case upval(Int)  // a capture of the creating closure
}

/// Everything about a function that does not depend on one closure's captures.
/// All `let`: reading class `var`s costs dynamic exclusivity checks on every call.
final class FunctionProto {
  let name: String
  let file: SourceFile
  let span: Span
  let spec: ParamSpec
  let defaults: [Node?]
  let frameSize: Int
  let cellCount: Int
  /// For each parameter, the cell it is copied into on entry when a closure captures it.
  let paramCells: [Int?]
  /// True when entry must fill defaults or copy parameters into cells.
  let needsPrepare: Bool
  let body: Node
  /// True when `body` is an expression whose value is the result (`fn f(x) = e`); else a
  /// block that leaves its value in `RunState.result` or returns.
  let valueBody: Bool
  let arity: Int

  init(name: String, file: SourceFile, span: Span, spec: ParamSpec, defaults: [Node?],
       frameSize: Int, cellCount: Int, paramCells: [Int?], body: Node, valueBody: Bool) {
    self.name = name
    self.file = file
    self.span = span
    self.spec = spec
    self.defaults = defaults
    self.frameSize = frameSize
    self.cellCount = cellCount
    self.paramCells = paramCells
    self.body = body
    self.valueBody = valueBody
    self.arity = spec.names.count
    needsPrepare = paramCells.contains { $0 != nil } || defaults.contains { $0 != nil }
  }
}

/// A user function value: a prototype plus its captured cells.
public final class Closure {
  let proto: FunctionProto
  let upvals: UnsafeMutablePointer<Cell>
  let upvalCount: Int

  init(proto: FunctionProto, captures: [Cell]) {
    self.proto = proto
    upvalCount = captures.count
    upvals = .allocate(capacity: max(1, captures.count))
    upvals.initialize(from: captures, count: captures.count)
  }

  deinit {
    if upvalCount > 0 { Teardown.release(self) }
    upvals.deinitialize(count: upvalCount)
    upvals.deallocate()
  }

  /// Moves the captured cells out, leaving the shared empty cell in their place (for
  /// `Teardown` and `FrameCycles`, which must own them without recursing).
  func takeCaptures() -> [Cell] {
    (0..<upvalCount).map { i in
      let c = upvals[i]
      upvals[i] = Frame.empty.1[0]
      return c
    }
  }

  /// Puts back a capture taken by `takeCaptures`.
  func restoreCapture(_ i: Int, _ cell: Cell) { upvals[i] = cell }

  public var name: String { proto.name }
  public var parameterNames: [String] { proto.spec.names }
}

/// How a statement ended.
enum Signal {
  case normal, breakLoop, continueLoop, returnValue
}

/// A `break`, `continue` or `return` raised inside an expression (an `if` used as a value),
/// carried as an error to the loop or function that handles it.
struct ControlSignal: Error {
  let signal: Signal
}

/// Mutable interpreter state, kept behind a `let` pointer for speed.
struct RunState {
  var depth = 0
  var maxDepth = 20_000
  var maxCollection = 1 << 24
  /// Top of the value stack that holds the slots of active frames.
  var sp = 0
  /// Slots of the value stack initialized so far (all nil above `sp`).
  var initialized = 0
  var budget = Int.max
  var result: Value = .nil
  var returnValue: Value = .nil
  /// Lowest stack address calls may reach (0 = unchecked).
  var stackLimit: UInt = 0
}

/// A node of the resolved tree. Expressions override `eval`, statements `exec`.
class Node {
  let span: Span

  init(_ span: Span) { self.span = span }

  func eval(_ r: Interpreter, _ f: Frame) throws -> Value {
    _ = try exec(r, f)
    return .nil
  }

  func exec(_ r: Interpreter, _ f: Frame) throws -> Signal {
    _ = try eval(r, f)
    return .normal
  }

  /// The value when it is a number and the node is pure: it reads variables and does number
  /// arithmetic, nothing else. nil is never an error: the caller then runs `eval`, which
  /// raises any error; nodes with effects (calls, stores) keep this default nil, so that
  /// falling back to `eval` repeats no effect. Arithmetic on plain numbers thus runs without
  /// building `Value`s.
  func number(_ f: Frame) -> Double? { nil }

  /// The value as a condition (`if`, `while`); comparisons override it to skip boxing.
  func test(_ r: Interpreter, _ f: Frame) throws -> Bool {
    try truth(r, try eval(r, f), span)
  }
}

final class Nop: Node {
  override func exec(_ r: Interpreter, _ f: Frame) throws -> Signal { .normal }
  override func eval(_ r: Interpreter, _ f: Frame) throws -> Value { .nil }
}
