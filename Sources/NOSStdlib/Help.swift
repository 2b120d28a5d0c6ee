// help(): the builtins by area, one builtin's signature and doc, an operator, or an object
// (model, optimizer, figure, tensor, record) with its properties and methods.
import NOSLang

/// `help(name)`: the signature and doc of a builtin; `help()` lists every builtin by area;
/// `help(m)` describes an object and what follows its dot. Wrapped to the terminal width.
public enum HelpBuiltin {
  static func make(areas: [(String, [Builtin])]) -> Builtin {
    Builtin("help", [Param("name", default: .nil)], doc: """
      Shows the documentation of a builtin: `help(sum)` or `help("sum")`; `help()` lists all; \
      `help(m)` on a model, optimizer, figure, tensor or record describes it and its methods.
      """) { a in
      let out = a.interpreter.output
      let width = HelpText.width(for: out)
      switch a[0] {
      case .nil:
        out.write(overview(areas, a.interpreter, width: width))
      case .builtin(let b):
        out.write(text(b, interpreter: a.interpreter, width: width))
      case .string(let name):
        out.write(try named(name, a.interpreter, width: width))
      case .function:
        out.write("a function defined in nos (no documentation)\n")
      case .host, .record:
        out.write(describe(a[0], a.interpreter, width: width) ?? "")
      default:
        throw a.bad(0, expected: "builtin, name or object")
      }
      return .nil
    }
  }

  /// `help()`: the language's own builtins, then each area's names.
  static func overview(_ areas: [(String, [Builtin])], _ interp: Interpreter, width: Int)
    -> String
  {
    // The language's own builtins (print, len, ...) and help itself come first.
    let listed = Set(areas.flatMap { $0.1.map(\.name) })
    let core = interp.builtinNames.filter { !listed.contains($0) }
    var out = wrapped("language: ", core, width: width)
    for (area, list) in areas where !list.isEmpty {
      out += wrapped(area + ": ", list.map(\.name), width: width)
    }
    out += wrapped("operators: ", Stdlib.operators.map(\.symbol), width: width)
    return out + "help(name) shows one of them; help(x) describes a value and its methods.\n"
  }

  /// `help("name")`: a builtin, else an operator, else an error suggesting a name.
  static func named(_ name: String, _ interp: Interpreter, width: Int) throws -> String {
    if let b = interp.builtin(named: name) { return text(b, interpreter: interp, width: width) }
    if let op = Stdlib.operators.first(where: { $0.symbol == name }) {
      return op.form + "\n" + HelpText.wrap(op.doc, width: width, indent: "  ")
    }
    var msg = "help: no builtin named '\(name)'"
    if let s = Suggest.closest(to: name, in: interp.builtinNames) {
      msg += " — did you mean '\(s)'?"
    }
    throw RuntimeError(msg)
  }

  /// `help(x)` for an object or record (also the Jupyter kernel's inspect text); nil for
  /// other values.
  public static func describe(_ v: Value, _ interp: Interpreter, width: Int = 80) -> String? {
    switch v {
    case .host(let h): return ObjectHelp.describe(h, interp, width: width)
    case .record(let r): return ObjectHelp.describe(record: r, interp, width: width)
    default: return nil
    }
  }

  /// `title` followed by the names, wrapped to `width` under an indent of four.
  static func wrapped(_ title: String, _ names: [String], width: Int = 80) -> String {
    HelpText.fill(names, width: width, first: title, rest: "    ")
      .joined(separator: "\n") + "\n"
  }

  /// What `help(b)` prints (also the Jupyter kernel's inspect text): the signature, the doc
  /// wrapped under an indent of two, and the fields of the record it returns. A method of an
  /// object shows as `opt.step(g)`.
  public static func text(_ b: Builtin, interpreter: Interpreter? = nil, width: Int = 80)
    -> String
  {
    let registered = interpreter.map { $0.builtin(named: b.name) === b } ?? true
    let head = registered || b.receiver == nil ? b.signature : b.methodSignature
    var out = head + "\n" + HelpText.wrap(b.doc, width: width, indent: "  ")
    if !b.fields.isEmpty {
      out += "  fields of the result:\n" + b.fields.map {
        HelpText.wrap(".\($0.name) — " + $0.doc, width: width, indent: "        ", first: "    ")
      }.joined()
    }
    return out
  }
}
