// The builtin reference (docs/builtins.md) generated from the same tables `help` reads.
import NOSLang

extension Stdlib {
  /// Markdown listing every builtin by area with its signature and doc.
  public static func reference() -> String {
    let session = Stdlib.session(output: BufferOutput())
    let interp = session.interpreter
    var out = "# nos builtins\n\nGenerated from the builtin tables (`help(name)` shows the same text).\n"
    var listed = Set<String>()
    for (area, list) in areas(session: session, options: StdlibOptions()) where !list.isEmpty {
      out += "\n## \(area)\n\n"
      for b in list {
        listed.insert(b.name)
        out += "- `\(b.signature)` — \(b.doc.replacingOccurrences(of: "\n", with: " "))\n"
      }
    }
    let rest = interp.builtinNames.filter { !listed.contains($0) }.compactMap(interp.builtin(named:))
    if !rest.isEmpty {
      out += "\n## language\n\n"
      for b in rest { out += "- `\(b.signature)` — \(b.doc.replacingOccurrences(of: "\n", with: " "))\n" }
    }
    return out
  }
}
