// Builtins for plots (filled in by its issue).
import NOSLang

enum PlotBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] { [] }
  /// Names of this area's differentiable builtins (each needs a gradient-check entry).
  static let differentiable: [String] = []
}
