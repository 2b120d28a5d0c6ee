// The public entry point: run source against a persistent workspace, check, inspect, reset.

import Foundation

/// A REPL or script session: one interpreter and its workspace. Each `run` parses,
/// resolves and executes a cell against the same globals.
public final class Session {
  public let interpreter: Interpreter
  /// Stack for running code (deep recursion is bounded by this, never a crash).
  public static let stackSize = 1 << 30
  /// Maximum loop iterations + calls per `run` (nil = unlimited); for fuzzing and tests.
  public var stepLimit: Int?

  /// `output` receives what the program prints, `errorOutput` progress and notes.
  public init(output: TextOutput = StandardOutput(), errorOutput: TextOutput = StandardError(),
              interrupt: Interrupt = .shared) {
    interpreter = Interpreter(output: output, errorOutput: errorOutput, interrupt: interrupt)
  }

  /// Runs a cell. Returns the value of the last statement when it is an expression (and the
  /// input does not end with `;`), else nil. Throws `NOSError`.
  @discardableResult
  public func run(source: String, file: String = "<input>") throws -> Value? {
    try run(bytes: Array(source.utf8), file: file)
  }

  @discardableResult
  public func run(bytes: [UInt8], file: String = "<input>") throws -> Value? {
    try BigStack.run { try self.runHere(bytes: bytes, file: file) }
  }

  /// Parses only; returns the lexical and syntax errors (empty when the text is valid).
  public static func check(source: String, file: String = "<input>") -> [Diagnostic] {
    check(bytes: Array(source.utf8), file: file)
  }

  public static func check(bytes: [UInt8], file: String = "<input>") -> [Diagnostic] {
    let source = SourceFile(name: file, text: String(decoding: bytes, as: UTF8.self))
    let errors = (try? BigStack.run { Parser.parse(bytes: bytes).errors }) ?? []
    return errors.map { d in
      var d = d
      d.file = source
      return d
    }
  }

  /// User-defined global names in definition order (for `:vars`).
  public var globalNames: [String] { interpreter.userGlobalNames }
  /// Every defined global, builtins and constants included (for completion).
  public var allGlobalNames: [String] { interpreter.globalNames }
  public func global(_ name: String) -> Value? { interpreter.global(name) }
  public func setGlobal(_ name: String, _ value: Value) { interpreter.setGlobal(name, value) }
  /// Forgets user globals; builtins and constants stay.
  public func reset() { interpreter.resetWorkspace() }

  private func runHere(bytes: [UInt8], file: String) throws -> Value? {
    defer { interpreter.noteDefinitions() }
    let source = SourceFile(name: file, text: String(decoding: bytes, as: UTF8.self))
    let (program, parseErrors) = Parser.parse(bytes: bytes)
    func attach(_ list: [Diagnostic]) -> NOSError {
      NOSError(list.map { d in
        var d = d
        d.file = source
        return d
      })
    }
    if !parseErrors.isEmpty { throw attach(parseErrors) }
    let (node, resolveErrors) = Resolver.resolve(program, file: source, interp: interpreter)
    if !resolveErrors.isEmpty { throw attach(resolveErrors) }
    let state = interpreter.state
    let saved = state.pointee
    state.pointee.depth = 0
    state.pointee.result = .nil
    state.pointee.budget = stepLimit ?? Int.max
    if saved.stackLimit == 0 { state.pointee.stackLimit = BigStack.limit() }
    defer {
      state.pointee.depth = saved.depth
      state.pointee.stackLimit = saved.stackLimit
      state.pointee.budget = saved.budget
    }
    do {
      let signal = try node.exec(interpreter, Frame.topLevel)
      _ = signal
    } catch var e as RuntimeError {
      e.finish(in: source)
      throw NOSError([e.diagnostic])
    } catch let s as ControlSignal {
      _ = s
      throw NOSError([Diagnostic(phase: .runtime, message: "'break' or 'return' outside its "
        + "loop or function", span: nil, file: source)])
    }
    let value = interpreter.take(&state.pointee.result)
    guard case .expression = program.statements.last?.kind, !program.endsWithSemicolon else {
      return nil
    }
    return value
  }
}

/// Runs work on a thread with a large stack (once per call; nested calls run inline).
enum BigStack {
  private static let key = "nos.bigstack.base"

  final class Box: @unchecked Sendable {
    var result: Result<Any, Error>?
    let work: () throws -> Any
    init(_ work: @escaping () throws -> Any) { self.work = work }
  }

  static func run<T>(_ work: @escaping () throws -> T) throws -> T {
    if Thread.current.threadDictionary[key] != nil { return try work() }
    let box = Box { try work() }
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      var marker: UInt8 = 0
      let base = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
      Thread.current.threadDictionary[key] = base
      box.result = Result { try box.work() }
      done.signal()
    }
    thread.stackSize = Session.stackSize
    thread.start()
    done.wait()
    switch box.result {
    case .success(let v)?:
      guard let t = v as? T else { throw RuntimeError("internal: thread result") }
      return t
    case .failure(let e)?: throw e
    case nil: throw RuntimeError("internal: thread did not run")
    }
  }

  /// The lowest stack address calls may use on this thread (0 when unknown).
  static func limit() -> UInt {
    guard let base = Thread.current.threadDictionary[key] as? UInt else { return 0 }
    let margin = UInt(4 << 20)
    return base - UInt(Session.stackSize) + margin
  }
}
