// Builtins: a name, parameters with defaults, a doc paragraph and a Swift function.

/// One parameter of a builtin.
public struct Param: Sendable {
  public let name: String
  /// The value used when the argument is not given; nil makes the parameter required.
  public let defaultValue: Value?
  /// A variadic parameter takes all remaining positional arguments (`Arguments.rest`).
  public let variadic: Bool

  public init(_ name: String) {
    self.name = name
    self.defaultValue = nil
    self.variadic = false
  }

  public init(_ name: String, default value: Value) {
    self.name = name
    self.defaultValue = value
    self.variadic = false
  }

  public static func variadic(_ name: String) -> Param { Param(name, variadic: true) }

  private init(_ name: String, variadic: Bool) {
    self.name = name
    self.defaultValue = nil
    self.variadic = variadic
  }
}

/// Sendable by hand: a value crosses threads only with its session, which runs one cell at a
/// time on one thread (the kernel's control thread touches no values); parallel builtins
/// work on tensors, never on shared `Value`s.
extension Value: @unchecked Sendable {}

/// One gradient check of a differentiable builtin: `body` is a nos expression in `x`, a
/// tensor made by `input`; the test suite compares its gradient (and, when `second`, the
/// gradient of its gradient) with central differences.
public struct GradCheck: Sendable {
  public let body: String
  public let input: String
  public let second: Bool

  public init(_ body: String, input: String = "randn(3, 4)", second: Bool = true) {
    self.body = body
    self.input = input
    self.second = second
  }
}

/// A function implemented in Swift, declared once: name, parameters with defaults, doc,
/// body, whether gradients flow through it (with the inputs that check them), and whether
/// it is also a method or property of a type (`x.sum()`, `m.params`). `help`, completion,
/// docs/builtins.md and the gradient-check suite all read these declarations.
/// Register with `Interpreter.register(_:)`.
/// Sendable by hand: every field is a `let`; the body runs on the calling session's thread.
public final class Builtin: @unchecked Sendable {
  public let name: String
  public let params: [Param]
  public let doc: String
  /// When true, named arguments that match no parameter go to `Arguments.extraNamed`.
  public let acceptsExtraNamed: Bool
  /// Gradients flow through it (inside `grad`); `gradChecks` then says how to test them.
  public let differentiable: Bool
  public let gradChecks: [GradCheck]
  /// The type (`typeof` name: "tensor", "model", "optimizer", ...) whose values offer this
  /// after a dot, the value being the first argument: `x.sum()` is `sum(x)`. nil: a function.
  public let receiver: String?
  /// A property of `receiver`, read without parentheses (`x.shape`); the body gets the value.
  public let isProperty: Bool
  /// The fields of the record it returns (`d.x` of a generator's result), declared as
  /// properties that read the record, for help and the reference.
  public let fields: [Builtin]
  public let body: (Arguments) throws -> Value
  /// True when no parameter is variadic: a call with positional arguments only then binds
  /// by position (`Interpreter.callBuiltin`'s fast path).
  let positionalOnly: Bool

  public init(
    _ name: String, _ params: [Param], doc: String, acceptsExtraNamed: Bool = false,
    differentiable: Bool = false, receiver: String? = nil, gradChecks: [GradCheck] = [],
    isProperty: Bool = false, fields: [(String, String)] = [],
    _ body: @escaping (Arguments) throws -> Value
  ) {
    self.name = name
    self.params = params
    self.doc = doc
    self.acceptsExtraNamed = acceptsExtraNamed
    self.differentiable = differentiable
    self.gradChecks = gradChecks
    self.receiver = receiver
    self.isProperty = isProperty
    self.fields = fields.map { field, doc in
      Builtin(field, [Param("record")], doc: doc, receiver: name, isProperty: true) { a in
        guard case .record(let r) = a[0], let v = r[field] else {
          throw a.bad(0, expected: "record with a field '\(field)'")
        }
        return v
      }
    }
    self.body = body
    positionalOnly = !params.contains { $0.variadic }
  }

  /// A property of `receiver` (`x.shape`): the body reads it from the value (argument 0).
  public static func property(
    _ name: String, of receiver: String, doc: String,
    _ body: @escaping (Arguments) throws -> Value
  ) -> Builtin {
    Builtin(name, [Param("self")], doc: doc, receiver: receiver, isProperty: true, body)
  }

  /// `name(a, b, k=2, rest...)`, for help and error messages; a property is `x.name`.
  public var signature: String {
    if isProperty { return "\(receiver.map(Self.variable) ?? "x").\(name)" }
    let ps = params.map { p -> String in
      if p.variadic { return p.name + "..." }
      if let d = p.defaultValue { return "\(p.name)=\(Display.repr(d))" }
      return p.name
    }
    return "\(name)(\(ps.joined(separator: ", ")))"
  }

  /// `opt.step(g)`: the call as a method of `receiver` (the first parameter is the value).
  public var methodSignature: String {
    guard let r = receiver, !isProperty else { return signature }
    let rest = Builtin(name, Array(params.dropFirst()), doc: doc) { _ in .nil }.signature
    return Self.variable(r) + "." + rest
  }

  /// The usual variable name for a receiver type in help: `m.params`, `opt.step(g)`.
  public static func variable(_ receiver: String) -> String {
    ["tensor": "x", "model": "m", "optimizer": "opt", "scheduler": "sched", "figure": "fig",
     "normalizer": "nz"][receiver] ?? receiver
  }
}

/// Arguments as written at a call site, before binding to parameters.
public struct CallArguments {
  public var positional: [Value]
  public var named: [(name: String, value: Value)]
  public let interpreter: Interpreter

  public init(positional: [Value], named: [(name: String, value: Value)] = [],
              interpreter: Interpreter) {
    self.positional = positional
    self.named = named
    self.interpreter = interpreter
  }

  /// Binds to `params` with the one set of rules and messages used for every call.
  public func bind(_ params: [Param], name: String, acceptsExtraNamed: Bool = false)
    throws -> Arguments
  {
    let spec = ParamSpec(names: params.map(\.name), required: params.map {
      $0.defaultValue == nil && !$0.variadic
    }, variadic: params.firstIndex(where: \.variadic))
    let bound = try spec.bind(positional: positional, named: named, callee: name,
                              acceptsExtraNamed: acceptsExtraNamed)
    var values: [Value] = []
    values.reserveCapacity(params.count)
    for (i, p) in params.enumerated() { values.append(bound.values[i] ?? p.defaultValue ?? .nil) }
    return Arguments(name: name, values: values, rest: bound.rest, extraNamed: bound.extra,
                     variadicIndex: spec.variadic, interpreter: interpreter,
                     paramNames: spec.names, named: named)
  }
}

/// Parameter names and which are required: the binding rules shared by builtins and
/// user functions.
struct ParamSpec {
  var names: [String]
  var required: [Bool]
  var variadic: Int?

  struct Bound {
    var values: [Value?]
    var rest: [Value] = []
    var extra: [(String, Value)] = []
  }

  func bind(positional: [Value], named: [(name: String, value: Value)], callee: String,
            acceptsExtraNamed: Bool = false) throws -> Bound {
    var out = Bound(values: [Value?](repeating: nil, count: names.count))
    let maxPositional = variadic ?? names.count
    for (i, v) in positional.enumerated() {
      if i < maxPositional {
        out.values[i] = v
      } else if variadic != nil {
        out.rest.append(v)
      } else {
        throw RuntimeError("too many arguments to '\(callee)' (expected at most "
          + "\(names.count), got \(positional.count))")
      }
    }
    for (name, v) in named {
      guard let j = names.firstIndex(of: name), j != variadic else {
        if acceptsExtraNamed {
          out.extra.append((name, v))
          continue
        }
        var message = "unknown argument '\(name)' to '\(callee)'"
        if let a = Hints.arguments[name], names.contains(a) {
          message += " — nos calls it '\(a)='"
        } else if let s = Suggest.closest(to: name, in: names) {
          message += " — did you mean '\(s)'?"
        }
        var e = RuntimeError(message)
        e.argument = name
        throw e
      }
      if out.values[j] != nil {
        var e = RuntimeError("argument '\(name)' given twice to '\(callee)'")
        e.argument = name
        throw e
      }
      out.values[j] = v
    }
    for j in names.indices where required[j] && out.values[j] == nil {
      throw RuntimeError("missing argument '\(names[j])' to '\(callee)'")
    }
    return out
  }
}

/// "Did you mean" suggestions by edit distance.
public enum Suggest {
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let limit = max(1, min(3, word.count / 3 + 1))
    var best: (String, Int)?
    for c in candidates where c != word {
      let related = c.hasPrefix(word) || word.hasPrefix(c)
      // Prefix relatives win ties; unrelated names must share most characters.
      let d = distance(Array(word), Array(c)) * 2 - (related ? 1 : 0)
      guard d <= limit * 2, related || d / 2 < word.count else { continue }
      if best.map({ d < $0.1 }) ?? true { best = (c, d) }
    }
    return best?.0
  }

  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var row = previous
    for i in 1...a.count {
      row[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &row)
    }
    return previous[b.count]
  }
}
