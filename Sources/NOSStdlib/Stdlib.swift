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
      ("products, transforms, solves", TensorLinalgBuiltins.all),
      ("decompositions", TensorDecompositionBuiltins.all),
      ("differentiation", GradBuiltins.all),
      ("optimizers and losses", OptimizerBuiltins.all + LossBuiltins.all),
      ("models and training", ModelBuiltins.all(session: session, options: options)),
      ("physics data", PhysicsBuiltins.all(session: session, options: options)),
      ("plots", PlotBuiltins.all(session: session, options: options)),
      ("files", IOBuiltins.all(session: session, options: options)),
    ]
  }

  /// Builtins and operators with gradients; each has an entry in the gradient-check table
  /// (Tests/NOSStdlibTests/GradCheckTests.swift), which fails for any name missing there.
  public static let differentiable: Set<String> = Set(
    TensorMathBuiltins.unaries.map(\.0)
      + ["sum", "mean", "prod", "max", "min", "var", "std", "norm", "cumsum", "diff", "trapz",
         "clip", "maximum", "minimum", "f32", "f64", "c64", "c128",
         "reshape", "flatten", "permute", "transpose", "squeeze", "unsqueeze", "concat", "stack",
         "where", "matmul", "einsum", "solve", "inv", "det",
         "fft", "ifft", "rfft", "irfft", "fft2", "ifft2", "rfft2", "irfft2",
         "+", "-", "*", "/", "^", "%", "@", "neg", "index", "setindex",
         "mse", "rel_l2", "h1", "complex"]
      + ModelBuiltins.differentiable + PhysicsBuiltins.differentiable
      + TensorDecompositionBuiltins.differentiable + TensorSortBuiltins.differentiable
      + TensorStapleBuiltins.differentiable + ["**"])

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
