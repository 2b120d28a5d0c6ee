// Models as nos objects: callable, with .params (a record the optimizers update), .summary().
import NOSGrad
import NOSLang
import NOSModels
import NOSTensor

/// An object `grad` differentiates through a value it holds (a model through its params):
/// `grad(loss, model)` makes leaves of `gradValue`, runs `loss(model)` with the model reading
/// those leaves, and returns gradients shaped like `gradValue`.
protocol GradTarget: HostObject {
  var gradValue: Value { get }
  func withParameters<R>(_ p: Value, _ body: () throws -> R) throws -> R
}

/// A model in the language: `typeof` "model", `net(x)` / `net(u, y)`, `.params` (a nested
/// record of tensors; optimizers write new tensors into it), `.nparams`, `.summary()`.
public final class ModelValue: HostObject, ParameterHost, GradTarget {
  public let model: any Model
  /// The parameter record users see and optimizers update.
  public let params: Value
  /// Parameters `grad` substitutes while it evaluates a loss.
  private var override: Value?

  public init(_ model: any Model) throws {
    self.model = model
    params = Self.value(try model.initialParams())
  }

  public var typeName: String { "model" }

  public func display(nested: Bool) -> String {
    let n = (try? current().count) ?? 0
    return "\(model.signature): \(n) parameters, \(model.dtype)"
  }

  /// `m.params`, `m.nparams`, `m.dtype`, `m.kind` and `m.summary()`.
  static let declaredMembers = Builtin.properties(of: "model", [
    ("params", """
      The parameters: nested records and lists of tensors (one entry per block), the value \
      `grad(loss, m.params)` differentiates and optimizers update in place.
      """),
    ("nparams", "The number of elements in the parameter tensors (PyTorch's sum of "
      + "numel: a complex element counts once; fno and tfno keep spectral weights as real "
      + "and imaginary parts)."),
    ("dtype", "The parameters' dtype: \"f64\" or \"f32\"."),
    ("kind", "The architecture: \"mlp\", \"fno\", \"tfno\", \"deeponet\" or \"linear\"."),
  ]) + [summaryBuiltin]

  public var fieldNames: [String] { Self.declaredMembers.filter(\.isProperty).map(\.name) }
  public var members: [Builtin] { Self.declaredMembers }

  public func field(_ name: String) throws -> Value? {
    switch name {
    case "params": return params
    case "nparams": return .number(Double(try current().count))
    case "dtype": return .string(model.dtype.rawValue)
    case "kind": return .string(model.kind)
    case "summary":
      return .builtin(Builtin("summary", [], doc: Self.summaryBuiltin.doc) { [self] a in
        a.interpreter.output.write(summaryText())
        return .nil
      })
    default: return nil
    }
  }

  public func setField(_ name: String, to value: Value) throws -> Value {
    // `net.params.w = t` writes into the record and stores the same record back.
    if name == "params", value.isSameContainer(as: params) { return .host(self) }
    if fieldNames.contains(name) {
      throw RuntimeError("the field '\(name)' of a model is read-only (change the tensors inside "
        + "model.params instead)")
    }
    throw RuntimeError("a model has no field '\(name)'")
  }

  public func method(_ name: String) -> Builtin? { name == "summary" ? Self.summaryBuiltin : nil }
  public var methodNames: [String] { ["summary"] }

  static let summaryBuiltin = Builtin("summary", [Param("model")], doc: """
    Prints a table of the model's blocks: name, output shape and parameter count, with the total.
    """, receiver: "model") { a in
    let m = try a.host(0, as: ModelValue.self, expected: "model")
    a.interpreter.output.write(m.summaryText())
    return .nil
  }

  public var isCallable: Bool { true }

  public func call(_ args: CallArguments) throws -> Value {
    guard args.named.isEmpty else {
      throw RuntimeError("\(model.kind): a model takes no named arguments")
    }
    guard args.positional.count == model.arity else {
      let want = model.arity == 1 ? "one input, net(x)" : "two inputs, net(u, y)"
      throw RuntimeError("\(model.kind): expected \(want), got \(args.positional.count) "
        + "argument\(args.positional.count == 1 ? "" : "s")")
    }
    let inputs = try args.positional.enumerated().map { i, v -> Variable in
      switch v {
      case .host(let t as TensorValue): return t.variable
      case .number(let x): return Variable(Tensor(x))
      default:
        throw RuntimeError("\(model.kind): input \(i + 1) must be a tensor, got \(article(v.typeName))")
      }
    }
    return wrap(try forward(inputs))
  }

  /// The model applied to `inputs` with the current (or substituted) parameters.
  func forward(_ inputs: [Variable]) throws -> Variable {
    try model.forward(try current(), inputs)
  }

  /// The parameters as a tree, read from the record on every call.
  func current() throws -> Params { try Self.params(override ?? params, depth: 0) }

  public func optimizerParameters() throws -> any LanguageParameters {
    try ValueParameters(params, optimizer: model.kind)
  }

  var gradValue: Value { params }

  func withParameters<R>(_ p: Value, _ body: () throws -> R) throws -> R {
    let saved = override
    override = p
    defer { override = saved }
    return try body()
  }

  func summaryText() -> String {
    let p = try? current()
    let rows = p.map { model.summary($0) } ?? []
    let header = ["block", "output", "parameters"]
    let table = rows.map { [$0.block, $0.shape, String($0.parameters)] }
    let total = p?.count ?? 0
    let all = [header] + table + [["total", "", String(total)]]
    let widths = (0..<3).map { c in all.map { $0[c].count }.max() ?? 0 }
    func line(_ r: [String]) -> String {
      r[0].padding(toLength: widths[0] + 2, withPad: " ", startingAt: 0)
        + r[1].padding(toLength: widths[1] + 2, withPad: " ", startingAt: 0)
        + String(repeating: " ", count: widths[2] - r[2].count) + r[2]
    }
    let rule = String(repeating: "-", count: widths.reduce(4, +))
    return ([model.signature, line(header), rule] + table.map(line) + [rule, line(all.last ?? [])])
      .joined(separator: "\n") + "\n"
  }

  static func value(_ p: Params) -> Value {
    switch p {
    case .tensor(let v): return wrap(v)
    case .record(let f): return .record(RecordBox(f.map { ($0.0, value($0.1)) }))
    case .list(let l): return .list(ListBox(l.map(value)))
    }
  }

  static func params(_ v: Value, depth: Int) throws -> Params {
    guard depth < 64 else { throw RuntimeError("model parameters are nested too deeply") }
    switch v {
    case .host(let t as TensorValue): return .tensor(t.variable)
    case .number(let x): return .tensor(Variable(Tensor(x)))
    case .record(let r):
      return .record(try zip(r.keys, r.values).map { ($0, try params($1, depth: depth + 1)) })
    case .list(let l): return .list(try l.items.map { try params($0, depth: depth + 1) })
    default:
      throw RuntimeError("model parameters must be tensors, got \(article(v.typeName))")
    }
  }
}

extension Value {
  /// Whether two values are the same record or list box.
  func isSameContainer(as other: Value) -> Bool {
    switch (self, other) {
    case (.record(let a), .record(let b)): return a === b
    case (.list(let a), .list(let b)): return a === b
    default: return false
    }
  }
}
