// Bound arguments of a builtin call, with typed accessors that raise the standard errors.

/// The arguments of a builtin call after binding: one value per parameter (defaults
/// filled), extra positionals of a variadic parameter in `rest`.
public struct Arguments {
  public let name: String
  public var values: [Value]
  public var rest: [Value]
  public var extraNamed: [(String, Value)]
  let variadicIndex: Int?
  public let interpreter: Interpreter
  /// The parameters' names and the names the caller gave (`name=value`), read only when an
  /// error names an argument.
  let paramNames: [String]
  let named: [(name: String, value: Value)]

  init(name: String, values: [Value], rest: [Value], extraNamed: [(String, Value)],
       variadicIndex: Int?, interpreter: Interpreter, paramNames: [String] = [],
       named: [(name: String, value: Value)] = []) {
    self.name = name
    self.values = values
    self.rest = rest
    self.extraNamed = extraNamed
    self.variadicIndex = variadicIndex
    self.interpreter = interpreter
    (self.paramNames, self.named) = (paramNames, named)
  }

  /// The value bound to parameter `i` (0-based); `.nil` when out of range.
  public subscript(i: Int) -> Value { i >= 0 && i < values.count ? values[i] : .nil }

  /// `bad argument #n to 'name' (expected expected, got type)` for parameter `i`;
  /// `bad argument 'verbose' to 'fit' (…)` when the caller gave it by name.
  public func bad(_ i: Int, expected: String) -> RuntimeError {
    error(i, "\(expected) expected, got \(self[i].typeName)")
  }

  /// The name of parameter `i` if the caller gave it as `name=value`.
  func namedParameter(_ i: Int) -> String? {
    guard i >= 0, i < paramNames.count, named.contains(where: { $0.name == paramNames[i] }) else { return nil }
    return paramNames[i]
  }

  /// How an error names parameter `i`: `'verbose'` if the caller named it, else `#13`.
  public func which(_ i: Int) -> String {
    if let n = namedParameter(i) { return "'\(n)'" }
    return "#\(i + 1)"
  }

  /// The same error for element `k` of the variadic arguments.
  public func badRest(_ k: Int, expected: String) -> RuntimeError {
    let got = k >= 0 && k < rest.count ? rest[k] : .nil
    return bad(position: (variadicIndex ?? values.count) + 1 + k, expected: expected, got: got)
  }

  public func bad(position: Int, expected: String, got: Value) -> RuntimeError {
    RuntimeError("bad argument #\(position) to '\(name)' (\(expected) expected, got "
      + "\(got.typeName))")
  }

  /// A message about argument `i` in the standard form: `bad argument #2 to 'f' (message)`
  /// (`bad argument 'lr' to 'adam' (message)` when the caller named it).
  public func error(_ i: Int, _ message: String) -> RuntimeError {
    var e = RuntimeError("bad argument \(which(i)) to '\(name)' (\(message))")
    e.argument = namedParameter(i)
    return e
  }

  public func number(_ i: Int) throws -> Double {
    guard let x = self[i].asNumber else { throw bad(i, expected: "number") }
    return x
  }

  /// An integral number that fits in `Int`.
  public func int(_ i: Int) throws -> Int {
    let x = try number(i)
    guard let n = Int(exactly: x) else {
      throw error(i, "integer expected, got \(Display.number(x))")
    }
    return n
  }

  public func optionalNumber(_ i: Int) throws -> Double? {
    if self[i].isNil { return nil }
    return try number(i)
  }

  public func optionalInt(_ i: Int) throws -> Int? {
    if self[i].isNil { return nil }
    return try int(i)
  }

  public func string(_ i: Int) throws -> String {
    guard case .string(let s) = self[i] else { throw bad(i, expected: "string") }
    return s
  }

  public func bool(_ i: Int) throws -> Bool {
    guard case .bool(let b) = self[i] else { throw bad(i, expected: "bool") }
    return b
  }

  public func list(_ i: Int) throws -> ListBox {
    guard case .list(let l) = self[i] else { throw bad(i, expected: "list") }
    return l
  }

  public func record(_ i: Int) throws -> RecordBox {
    guard case .record(let r) = self[i] else { throw bad(i, expected: "record") }
    return r
  }

  /// A function, builtin or callable host object.
  public func callable(_ i: Int) throws -> Value {
    guard self[i].isCallable else { throw bad(i, expected: "function") }
    return self[i]
  }

  /// A host object of class `T`; `expected` names it in the error (`"tensor"`).
  public func host<T: HostObject>(_ i: Int, as type: T.Type, expected: String) throws -> T {
    guard case .host(let h) = self[i], let t = h as? T else { throw bad(i, expected: expected) }
    return t
  }

  /// Calls a nos function (or builtin) from Swift, e.g. a loss closure.
  public func call(_ f: Value, _ args: [Value], named: [(name: String, value: Value)] = [])
    throws -> Value
  {
    try interpreter.call(f, args, named: named)
  }
}
