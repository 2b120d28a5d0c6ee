// Builtins for files (filled in by its issue).
import NOSLang

enum IOBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] { [] }
  /// Names of this area's differentiable builtins (each needs a gradient-check entry).
  static let differentiable: [String] = []
}
