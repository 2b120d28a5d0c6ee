// Values of the language: the `Value` enum and its reference containers (list, record).

/// Every value a nos program can hold.
public enum Value {
  case `nil`
  case bool(Bool)
  case number(Double)
  case string(String)
  /// Mutable, shared by reference.
  case list(ListBox)
  /// Ordered fields, mutable, shared by reference.
  case record(RecordBox)
  case range(RangeValue)
  /// A user function (closure).
  case function(Closure)
  case builtin(Builtin)
  /// An object supplied by the embedding library (tensor, model, figure, ...).
  case host(any HostObject)

  /// `typeof(v)`: `"nil" "bool" "number" "string" "list" "record" "range" "function"`, or
  /// the host object's `typeName` (`"tensor"`, `"model"`, ...).
  public var typeName: String {
    switch self {
    case .nil: return "nil"
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .list: return "list"
    case .record: return "record"
    case .range: return "range"
    case .function, .builtin: return "function"
    case .host(let h): return h.typeName
    }
  }

  public static func list(_ items: [Value]) -> Value { .list(ListBox(items)) }

  public var isNil: Bool {
    if case .nil = self { return true }
    return false
  }

  /// A number, or a host value that stands for one (a one-element real tensor).
  public var asNumber: Double? {
    if case .number(let x) = self { return x }
    if case .host(let h) = self { return h.numberValue }
    return nil
  }

  public var asString: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// True for functions, builtins and host objects that say they are callable.
  public var isCallable: Bool {
    switch self {
    case .function, .builtin: return true
    case .host(let h): return h.isCallable
    default: return false
    }
  }

  /// Python-like truthiness: nil, false, 0, "", [] and {} are false; hosts decide.
  public func truthy() throws -> Bool {
    switch self {
    case .nil: return false
    case .bool(let b): return b
    case .number(let x): return x != 0
    case .string(let s): return !s.isEmpty
    case .list(let l): return !l.items.isEmpty
    case .record(let r): return !r.keys.isEmpty
    case .range(let r): return r.count > 0
    case .function, .builtin: return true
    case .host(let h): return try h.truth()
    }
  }

  /// Identity of reference values (lists, records, functions, hosts).
  func sameReference(_ other: Value) -> Bool {
    switch (self, other) {
    case (.list(let a), .list(let b)): return a === b
    case (.record(let a), .record(let b)): return a === b
    case (.function(let a), .function(let b)): return a === b
    case (.builtin(let a), .builtin(let b)): return a === b
    case (.host(let a), .host(let b)): return a === b
    default: return false
    }
  }
}

extension Value: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByStringLiteral, ExpressibleByBooleanLiteral
{
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A numeric range `start..end` (end excluded) or `start..=end`, stepping by 1.
public struct RangeValue: Equatable, Sendable {
  public var start: Double
  public var end: Double
  public var inclusive: Bool

  public init(start: Double, end: Double, inclusive: Bool) {
    self.start = start
    self.end = end
    self.inclusive = inclusive
  }

  /// Number of elements (0 when empty); bounds are integral and finite by construction.
  public var count: Int {
    let n = (inclusive ? end + 1 : end) - start
    return n > 0 ? Int(exactly: n.rounded(.up)) ?? Int.max : 0
  }

  public func element(_ i: Int) -> Double { start + Double(i) }
}

/// The storage of a list value.
public final class ListBox {
  public var items: [Value]

  public init(_ items: [Value] = []) { self.items = items }

  deinit { Teardown.release(&items) }
}

/// The storage of a record value: fields in insertion order.
public final class RecordBox {
  public private(set) var keys: [String]
  public private(set) var values: [Value]

  public init() {
    keys = []
    values = []
  }

  public init(_ fields: [(String, Value)]) {
    keys = []
    values = []
    for (k, v) in fields { self[k] = v }
  }

  /// A record of fields whose names are known to be distinct (linear, where `init(_:)`
  /// checks each name against the others).
  public init(distinct fields: [(String, Value)]) {
    keys = fields.map(\.0)
    values = fields.map(\.1)
  }

  deinit { Teardown.release(&values) }

  public func index(of key: String) -> Int? {
    keys.firstIndex(of: key)
  }

  public subscript(key: String) -> Value? {
    get {
      guard let i = index(of: key) else { return nil }
      return values[i]
    }
    set {
      if let i = index(of: key) {
        if let v = newValue {
          values[i] = v
        } else {
          keys.remove(at: i)
          values.remove(at: i)
        }
      } else if let v = newValue {
        keys.append(key)
        values.append(v)
      }
    }
  }

  public var count: Int { keys.count }
}

extension RecordBox {
  func takeAll(into pending: inout [Value]) {
    pending.append(contentsOf: values)
    values = []
    keys = []
  }
}
