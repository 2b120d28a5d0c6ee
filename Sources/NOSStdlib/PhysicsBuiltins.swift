// Builtins for physics data (filled in by its issue).
import NOSLang

enum PhysicsBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] { [] }
  /// Names of this area's differentiable builtins (each needs a gradient-check entry).
  static let differentiable: [String] = []
}
