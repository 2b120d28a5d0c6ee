// The builtin reference (docs/builtins.md) generated from the same declarations `help` reads:
// builtins by area, the properties and methods of each object type, and the operators.
import NOSLang

extension Stdlib {
  /// Markdown listing every builtin by area with its signature and doc, then what follows
  /// the dot of each object type, then the operators.
  public static func reference() -> String {
    let session = Stdlib.session(output: BufferOutput())
    let interp = session.interpreter
    var out = "# nos builtins\n\nGenerated from the builtin declarations (`help(name)` shows the "
      + "same text; *(differentiable)* marks those gradients flow through).\n"
    var listed = Set<String>()
    for (area, list) in areas(session: session, options: StdlibOptions()) where !list.isEmpty {
      out += "\n## \(area)\n\n"
      for b in list {
        listed.insert(b.name)
        out += line(b, b.signature)
        for f in b.fields { out += "  - `.\(f.name)` — \(f.doc)\n" }
      }
    }
    let rest = interp.builtinNames.filter { !listed.contains($0) }
      .compactMap(interp.builtin(named:))
    if !rest.isEmpty {
      out += "\n## language\n\n"
      for b in rest { out += line(b, b.signature) }
    }
    out += "\n## methods and properties\n\nWhat follows the dot of each kind of value "
      + "(`help(x)` lists the same for a value x).\n"
    for (type, members) in memberDeclarations { out += section(type, members, interp) }
    out += "\n## operators\n\n"
    for op in operators {
      out += "- `\(op.form)` — \(op.doc)\(op.differentiable ? " *(differentiable)*" : "")\n"
    }
    return out
  }

  private static func line(_ b: Builtin, _ head: String) -> String {
    let doc = b.doc.replacingOccurrences(of: "\n", with: " ")
    return "- `\(head)` — \(doc)\(b.differentiable ? " *(differentiable)*" : "")\n"
  }

  /// One object type: its properties and methods, then the builtins usable as its methods.
  private static func section(_ type: String, _ members: [Builtin], _ interp: Interpreter)
    -> String
  {
    var out = "\n### \(type)\n\n"
    let me = Builtin.variable(type)
    for b in members { out += line(b, b.isProperty ? "\(me).\(b.name)" : b.methodSignature) }
    let shared = methods(of: type, interp).map(\.name)
    if !shared.isEmpty {
      out += "\nAs methods (`\(me).name(...)` is `name(\(me), ...)`): "
        + shared.map { "`\($0)`" }.joined(separator: ", ") + ".\n"
    }
    return out
  }
}
