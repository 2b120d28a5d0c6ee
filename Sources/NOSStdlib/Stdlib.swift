// The one list that opens every library into a session: tables of builtins by area.
import Foundation
import NOSLang
import NOSTensor

/// Settings that builtins read (set from the command line).
public struct StdlibOptions: Sendable {
  public var quick = false
  /// Where plots go: "window", "terminal", "file", "off" (nil: decide from the environment).
  public var plots: String?
  public init(quick: Bool = false, plots: String? = nil) {
    self.quick = quick
    self.plots = plots
  }
}

public enum Stdlib {
  /// Builtins by area, in the order `help()` lists them.
  public static func areas(session: Session, options: StdlibOptions) -> [(String, [Builtin])] {
    [
      ("base", BaseBuiltins.all(session: session, options: options)),
      ("tensor creation", TensorCreationBuiltins.all),
      ("tensor math", TensorMathBuiltins.all + TensorStapleBuiltins.all),
      ("sorting and order statistics", TensorSortBuiltins.all),
      ("truth values", TensorLogicBuiltins.all),
      ("tensor shape", TensorShapeBuiltins.all),
      ("products, transforms, solves", TensorLinalgBuiltins.all + TensorDCTBuiltins.all),
      ("convolution, pooling, attention", TensorConvBuiltins.all),
      ("decompositions", TensorDecompositionBuiltins.all),
      ("differentiation", GradBuiltins.all),
      ("optimizers and losses", OptimizerBuiltins.all + LossBuiltins.all),
      ("models and training", ModelBuiltins.all(session: session, options: options)),
      ("physics data", PhysicsBuiltins.all(session: session, options: options)),
      ("chaotic systems and forecasts", ChaosBuiltins.all),
      ("plots", PlotBuiltins.all(session: session, options: options)),
      ("files", IOBuiltins.all(session: session, options: options)),
      ("parallel runs (MPI)", DistributedBuiltins.all),
    ]
  }

  /// Every declaration `session` knows: its registered builtins (the language's own, the
  /// library's, help) and the properties and methods of each object type. `help`, the
  /// reference and the gradient-check suite read this.
  public static func declarations(in session: Session) -> [Builtin] {
    let interp = session.interpreter
    var seen = Set<ObjectIdentifier>()
    let all = interp.builtinNames.compactMap(interp.builtin(named:))
      + memberDeclarations.flatMap(\.1)
    return all.filter { seen.insert(ObjectIdentifier($0)).inserted }
  }

  /// Names of the differentiable builtins and operators (from their declarations).
  public static var differentiable: Set<String> {
    let s = session(output: BufferOutput(), errorOutput: BufferOutput())
    return Set(declarations(in: s).filter(\.differentiable).map(\.name)
      + operators.filter(\.differentiable).map(\.symbol))
  }

  /// Registers every builtin and the bracket-literal rule in `session`.
  public static func install(into session: Session, options: StdlibOptions = StdlibOptions()) {
    let interp = session.interpreter
    _ = interp.stdlib  // the session's own context: random stream, grad state, plots
    let areas = areas(session: session, options: options)
    for (_, list) in areas { interp.register(list) }
    interp.register([HelpBuiltin.make(areas: areas)])
    interp.numberVectorBuilder = { numbers in
      wrap(Tensor.f64Vector(count: numbers.count) { numbers[$0] })
    }
    interp.bracketBuilder = { elements, literal in
      return try buildVariable(elements, literal: literal).map(wrap)
    }
  }

  /// A session with the whole standard library, as `nos` runs it. `interrupt` is the
  /// session's own flag unless given (the REPL and kernel pass `Interrupt.shared`).
  public static func session(output: TextOutput = StandardOutput(),
                             errorOutput: TextOutput = StandardError(),
                             options: StdlibOptions = StdlibOptions(),
                             interrupt: Interrupt = Interrupt()) -> Session {
    let s = Session(output: output, errorOutput: errorOutput, interrupt: interrupt)
    install(into: s, options: options)
    return s
  }
}
