// The host-object protocol: how the embedding library (tensors, models, figures) plugs in.

/// A slice `start:stop:step` as written in an index; absent parts are nil.
/// Components are integers (the interpreter rejects non-integral numbers).
public struct Slice: Equatable, Sendable {
  public var start: Int?
  public var stop: Int?
  public var step: Int?

  public init(start: Int? = nil, stop: Int? = nil, step: Int? = nil) {
    self.start = start
    self.stop = stop
    self.step = step
  }

  /// Python semantics: the indices this slice selects from a sequence of `count` elements.
  /// Throws for a zero step.
  public func indices(count: Int) throws -> [Int] {
    let step = self.step ?? 1
    guard step != 0 else { throw RuntimeError("slice step cannot be zero") }
    func clamp(_ v: Int?, _ dflt: Int, _ lo: Int, _ hi: Int) -> Int {
      guard var v = v else { return dflt }
      if v < 0 { v += count }
      return min(max(v, lo), hi)
    }
    var out: [Int] = []
    if step > 0 {
      var i = clamp(start, 0, 0, count)
      let stop = clamp(self.stop, count, 0, count)
      while i < stop {
        out.append(i)
        let (next, overflow) = i.addingReportingOverflow(step)
        if overflow { break }
        i = next
      }
    } else {
      var i = clamp(start, count - 1, -1, count - 1)
      let stop = clamp(self.stop, -1, -1, count - 1)
      while i > stop {
        out.append(i)
        let (next, overflow) = i.addingReportingOverflow(step)
        if overflow { break }
        i = next
      }
    }
    return out
  }
}

/// One item of an index expression `x[i, a:b, t]`.
public enum IndexItem {
  /// A plain expression's value: a number, a host value (an index tensor), ...
  case value(Value)
  case slice(Slice)
}

/// What the stdlib implements to make its objects first-class nos values.
/// Every requirement has a default that throws a clear "not supported" error,
/// so an object implements only what it supports.
public protocol HostObject: AnyObject {
  /// `typeof(x)`: `"tensor"`, `"model"`, `"optimizer"`, `"figure"`, `"object"`, ...
  var typeName: String { get }
  /// Display form (what `print` writes and the REPL shows); `nested` when inside a container.
  func display(nested: Bool) -> String
  /// What `print`, `str` and f-strings write: like NumPy's `str`, values without a header.
  /// Defaults to `display(nested: false)`.
  func text() -> String

  /// A property read `x.name` (no parentheses); nil when there is no such field.
  func field(_ name: String) throws -> Value?
  /// Field names, for completion and "did you mean" suggestions.
  var fieldNames: [String] { get }
  /// `x.name = v`; returns the updated object (self for mutable objects, a new value for
  /// value types), which the interpreter stores back where `x` came from.
  func setField(_ name: String, to value: Value) throws -> Value

  /// A method of this object for `x.name(args)`; the receiver is passed as the first
  /// argument. When nil, `x.name(args)` falls back to the builtin `name(x, args)`.
  func method(_ name: String) -> Builtin?
  var methodNames: [String] { get }
  /// The declared properties and methods of this value (`Builtin`s with a `receiver`), for
  /// help, completion and the reference; builtins declared with the same receiver type
  /// (`x.sum()` on tensors) come on top of these.
  var members: [Builtin] { get }

  /// `x[items]`.
  func index(_ items: [IndexItem]) throws -> Value
  /// `x[i]` with one plain item, the commonest index (the default calls `index(_:)`).
  func index(single item: Value) throws -> Value
  /// `x[k]` for an integer constant k as a plain number, or nil to take `index(single:)`'s
  /// path (the default).
  func number(at k: Int) -> Double?
  /// `x[items] = v`; returns the updated object (tensors are values: return a new one).
  func setIndex(_ items: [IndexItem], to value: Value) throws -> Value

  /// A binary operator with `other` on the right, or on the left when `reversed`
  /// (`2 * t` calls `t.binary(.mul, 2, reversed: true)`). Return nil when unsupported;
  /// the interpreter then tries the other operand, then reports an error.
  func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value?
  /// `-x`, `+x`, `not x`; nil when unsupported (`not` then uses `truth()`).
  func unary(_ op: UnaryOp) throws -> Value?

  /// Truth value in `if`, `while`, `and`, `or`, `not` (a 0-d tensor is its value).
  func truth() throws -> Bool
  /// `for v in x`: a function returning the next element, or nil at the end.
  func makeIterator() throws -> () throws -> Value?
  /// `len(x)`.
  func length() throws -> Int

  /// The number this object stands for where a number is needed (sizes, indices, range
  /// bounds), or nil. A one-element real tensor answers its value.
  var numberValue: Double? { get }

  /// Whether `x(...)` works (models are callable).
  var isCallable: Bool { get }
  /// `x(args)`.
  func call(_ args: CallArguments) throws -> Value
}

extension HostObject {
  public func display(nested: Bool) -> String { "<\(typeName)>" }
  public func text() -> String { display(nested: false) }
  public func field(_ name: String) throws -> Value? { nil }
  public var fieldNames: [String] { [] }
  public func setField(_ name: String, to value: Value) throws -> Value {
    throw RuntimeError("cannot set field '\(name)' of \(withArticle(typeName))")
  }
  public func method(_ name: String) -> Builtin? { nil }
  public var methodNames: [String] { [] }
  public var members: [Builtin] { [] }
  public func index(_ items: [IndexItem]) throws -> Value {
    throw RuntimeError("cannot index \(withArticle(typeName))")
  }
  public func index(single item: Value) throws -> Value { try index([.value(item)]) }
  public func number(at k: Int) -> Double? { nil }
  public func setIndex(_ items: [IndexItem], to value: Value) throws -> Value {
    throw RuntimeError("cannot assign to an index of \(withArticle(typeName))")
  }
  public func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? { nil }
  public func unary(_ op: UnaryOp) throws -> Value? { nil }
  public func truth() throws -> Bool { true }
  public func makeIterator() throws -> () throws -> Value? {
    throw RuntimeError("cannot iterate over \(withArticle(typeName))")
  }
  public func length() throws -> Int { throw RuntimeError("\(withArticle(typeName)) has no length") }
  public var numberValue: Double? { nil }
  public var isCallable: Bool { false }
  public func call(_ args: CallArguments) throws -> Value {
    throw RuntimeError("\(withArticle(typeName)) is not callable")
  }
}

/// Builds the value of a bracket literal `[a, b, ...]` (never called for `[]`).
/// `elements` are the evaluated elements; `literal[i]` is true when element `i` was itself
/// written as a bracket literal (so a ragged nested literal can be told from a list of
/// tensors). Return nil to make a list. Installed as `Interpreter.bracketBuilder`.
public typealias BracketBuilder = (_ elements: [Value], _ literal: [Bool]) throws -> Value?
