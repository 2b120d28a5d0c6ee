// The public entry point: run source against a persistent workspace, check, inspect, reset.

import Foundation

/// A REPL or script session: one interpreter and its workspace. Each `run` parses,
/// resolves and executes a cell against the same globals.
public final class Session {
  public let interpreter: Interpreter
  /// Stack for running code (deep recursion is bounded by this, never a crash); smaller
  /// when the address space is limited (see `BigStack`).
  public static let stackSize = 1 << 30
  /// Maximum loop iterations + calls per `run` (nil = unlimited); for fuzzing and tests.
  public var stepLimit: Int?

  /// `output` receives what the program prints, `errorOutput` progress and notes. `interrupt`
  /// is this session's own flag unless given (the REPL and kernel pass `Interrupt.shared`,
  /// which their SIGINT handler and control channel set).
  public init(output: TextOutput = StandardOutput(), errorOutput: TextOutput = StandardError(),
              interrupt: Interrupt = Interrupt()) {
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
    let bytes = Session.withoutBOM(bytes)
    return try BigStack.run {
      guard let scope = self.interpreter.cellScope else {
        return try self.runHere(bytes: bytes, file: file)
      }
      return try scope { try self.runHere(bytes: bytes, file: file) }
    }
  }

  /// The text without a leading UTF-8 byte-order mark (editors on Windows add one).
  static func withoutBOM(_ bytes: [UInt8]) -> [UInt8] {
    bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
  }

  /// Parses only; returns the lexical and syntax errors (empty when the text is valid).
  public static func check(source: String, file: String = "<input>") -> [Diagnostic] {
    check(bytes: Array(source.utf8), file: file)
  }

  public static func check(bytes: [UInt8], file: String = "<input>") -> [Diagnostic] {
    let bytes = withoutBOM(bytes)
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
    // A run inside a running program (`run("f.nos")`) is one more call: recursion through
    // files meets the same limit as ordinary recursion, and the stack is checked every time
    // (a file's parse and top level may take more stack than a call).
    let nested = interpreter.state.pointee.stackLimit != 0
    if nested {
      if interpreter.belowStackLimit() { throw RuntimeError("recursion too deep") }
      try interpreter.enterCall(nil)
    }
    defer { if nested { interpreter.state.pointee.depth -= 1 } }
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
    state.pointee.result = .nil
    if saved.stackLimit == 0 {
      // A cell of its own: fresh depth and step budget.
      state.pointee.depth = 0
      state.pointee.budget = stepLimit ?? Int.max
      state.pointee.stackLimit = BigStack.limit()
    }
    defer {
      state.pointee.depth = saved.depth
      state.pointee.stackLimit = saved.stackLimit
      if saved.stackLimit == 0 { state.pointee.budget = saved.budget }
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

