// help(x) on a value: what it is (a model's kind, size and parameter layout, an optimizer's
// hyper-parameters, a figure's panels) and the declared properties and methods after its dot.
import NOSLang
import NOSTensor

enum ObjectHelp {
  /// The description of a host object followed by its members.
  static func describe(_ h: HostObject, _ interp: Interpreter, width: Int) -> String {
    let me = Builtin.variable(receiver(h))
    var out = "\(me): \(withArticle(receiver(h))) — \(h.display(nested: true))\n"
    out += facts(h).map { HelpText.wrap($0, width: width, indent: "    ", first: "  ") }
      .joined()
    if let m = h as? ModelValue {
      let rows = layout(m.params, path: "\(me).params")
      out += "  parameter layout:\n" + rows.prefix(40).map { "    " + $0 + "\n" }.joined()
      if rows.count > 40 { out += "    … and \(rows.count - 40) more tensors\n" }
    }
    // Members an object answers to without declaring them are listed too (doc when known).
    let declared = Set(h.members.map(\.name))
    let properties = h.members.filter(\.isProperty)
      + h.fieldNames.filter { !declared.contains($0) }.map {
        Builtin.property($0, of: receiver(h), doc: "") { _ in .nil }
      }
    let methods = h.members.filter { !$0.isProperty }
      + h.methodNames.filter { !declared.contains($0) }.compactMap(h.method).map {
        Builtin($0.name, $0.params, doc: $0.doc, receiver: receiver(h), $0.body)
      }
    if !properties.isEmpty { out += "properties:\n" + list(properties, me, width) }
    if !methods.isEmpty { out += "methods:\n" + list(methods, me, width) }
    let shared = Stdlib.methods(of: receiver(h), interp).map(\.name)
    if !shared.isEmpty {
      out += HelpBuiltin.wrapped("builtins as methods (\(me).name(...) is name(\(me), ...)): ",
                                 shared, width: width)
    }
    return out
  }

  /// The receiver type a host object's members are declared for (a scheduler's typeof is
  /// "object", its members say "scheduler").
  static func receiver(_ h: HostObject) -> String {
    h.members.first?.receiver ?? h.typeName
  }

  /// `me.name — doc` for each member, the doc wrapped under a deeper indent.
  private static func list(_ members: [Builtin], _ me: String, _ width: Int) -> String {
    members.map { b in
      let head = b.isProperty ? "\(me).\(b.name)" : b.methodSignature
      let text = b.doc.isEmpty ? head : head + " — " + b.doc
      return HelpText.wrap(text, width: width, indent: "      ", first: "  ")
    }.joined()
  }

  /// Lines about this object beyond its display: kind, sizes, layout, settings.
  static func facts(_ h: HostObject) -> [String] {
    switch h {
    case let m as ModelValue:
      let n = (try? m.current().count) ?? 0
      return ["kind \(m.model.kind), \(n) parameters, \(m.model.dtype)"]
    case let o as OptimizerValue:
      let opt = o.optimizer
      let settings = ["lr=\(Display.number(opt.lr))"] + opt.settings
      return ["kind \(opt.name); hyper-parameters: " + settings.joined(separator: ", "),
              "updates \(plural(opt.layout.count, "tensor")) "
                + "(\(plural(opt.layout.elements, "number"))); \(plural(opt.steps, "step")) taken"]
    case let f as FigureValue:
      let fig = f.figure
      var lines = ["kind \(fig.kind), \(plural(fig.panels.count, "panel")), "
        + "\(plural(fig.frames.count, "frame")), \(fig.width)×\(fig.height) pixels"]
      if let t = fig.title { lines.append("title \"\(t)\"") }
      return lines
    case let t as TensorValue:
      return ["dtype \(t.tensor.dtype), shape \(shapeText(t.tensor.shape)), "
        + "\(t.tensor.count) elements"]
    default:
      return []
    }
  }

  /// "1 tensor", "2 tensors".
  static func plural(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

  /// `params.layers[0].w  f64 [1, 32]` for every tensor in a parameter tree.
  static func layout(_ v: Value, path: String) -> [String] {
    switch v {
    case .host(let t as TensorValue):
      return ["\(path)  \(t.tensor.dtype) \(shapeText(t.tensor.shape))"]
    case .record(let r):
      return zip(r.keys, r.values).flatMap { layout($1, path: path + "." + $0) }
    case .list(let l):
      return l.items.enumerated().flatMap { layout($1, path: path + "[\($0)]") }
    default:
      return []
    }
  }

  /// `help(d)` on a record: its fields with what each holds, and, when a builtin declares
  /// records with exactly these fields (a generator's result), what each field means.
  static func describe(record r: RecordBox, _ interp: Interpreter, width: Int) -> String {
    // Only a single match is named: darcy and navier_stokes both return {x, y}.
    let makers = interp.builtinNames.compactMap(interp.builtin(named:)).filter {
      !$0.fields.isEmpty && $0.fields.map(\.name) == r.keys
    }
    let maker = makers.count == 1 ? makers.first : nil
    var out = "a record with \(plural(r.keys.count, "field"))"
      + (maker.map { " (as \($0.name) returns it)" } ?? "") + ":\n"
    for (k, v) in zip(r.keys, r.values) {
      var text = String(Display.repr(v).prefix(60))
      if case .host(let h) = v { text = h.display(nested: true) }
      if let doc = maker?.fields.first(where: { $0.name == k })?.doc { text += " — " + doc }
      out += HelpText.wrap(".\(k) — " + text, width: width, indent: "      ", first: "  ")
    }
    return out
  }
}
