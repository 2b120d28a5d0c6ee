// Indexing, fields and iteration over lists, strings, records, ranges and host objects.

extension Interpreter {
  /// A user number used as an index or count: integral, or an error.
  static func integer(_ x: Double, _ what: String) throws -> Int {
    guard let n = Int(exactly: x) else {
      throw RuntimeError("\(what) must be an integer, got \(Display.number(x))")
    }
    return n
  }

  private static func position(_ item: IndexItem, count: Int, _ type: String) throws -> Int {
    guard case .value(let v) = item, let x = v.asNumber else {
      throw RuntimeError("\(type) index must be a number")
    }
    let i = try integer(x, "index")
    let j = i < 0 ? i + count : i
    guard j >= 0 && j < count else {
      throw RuntimeError("index \(i) out of range for \(type) of length \(count)")
    }
    return j
  }

  func getIndex(_ container: Value, _ items: [IndexItem]) throws -> Value {
    if case .host(let h) = container { return try h.index(items) }
    guard items.count == 1 else {
      throw RuntimeError("\(withArticle(container.typeName)) takes one index, got \(items.count)")
    }
    let item = items[0]
    switch container {
    case .list(let l):
      if case .slice(let s) = item {
        return .list(try s.indices(count: l.items.count).map { l.items[$0] })
      }
      return l.items[try Interpreter.position(item, count: l.items.count, "list")]
    case .string(let s):
      let chars = Array(s)
      if case .slice(let sl) = item {
        return .string(String(try sl.indices(count: chars.count).map { chars[$0] }))
      }
      return .string(String(chars[try Interpreter.position(item, count: chars.count, "string")]))
    case .record(let r):
      guard case .value(.string(let key)) = item else {
        throw RuntimeError("record index must be a string")
      }
      guard let v = r[key] else { throw Interpreter.noField(key, in: r) }
      return v
    case .range(let r):
      if case .slice = item { throw RuntimeError("cannot slice a range") }
      return .number(r.element(try Interpreter.position(item, count: r.count, "range")))
    default:
      throw RuntimeError("cannot index \(withArticle(container.typeName))")
    }
  }

  /// Sets `container[items] = v` and returns the updated container (to store back).
  func setIndex(_ container: Value, _ items: [IndexItem], _ v: Value) throws -> Value {
    if case .host(let h) = container { return try h.setIndex(items, to: v) }
    guard items.count == 1 else {
      throw RuntimeError("\(withArticle(container.typeName)) takes one index, got \(items.count)")
    }
    switch container {
    case .list(let l):
      if case .slice = items[0] { throw RuntimeError("cannot assign to a slice of a list") }
      l.items[try Interpreter.position(items[0], count: l.items.count, "list")] = v
      return container
    case .record(let r):
      guard case .value(.string(let key)) = items[0] else {
        throw RuntimeError("record index must be a string")
      }
      r[key] = v
      return container
    case .string: throw RuntimeError("strings cannot be changed in place")
    default: throw RuntimeError("cannot assign to an index of \(withArticle(container.typeName))")
    }
  }

  static func noField(_ name: String, in r: RecordBox) -> RuntimeError {
    var message = "record has no field '\(name)'"
    if let s = Suggest.closest(to: name, in: r.keys) { message += " — did you mean '\(s)'?" }
    return RuntimeError(message)
  }

  func getField(_ object: Value, _ name: String) throws -> Value {
    switch object {
    case .record(let r):
      guard let v = r[name] else { throw Interpreter.noField(name, in: r) }
      return v
    case .host(let h):
      if let v = try h.field(name) { return v }
      var message = "\(withArticle(h.typeName)) has no field '\(name)'"
      if let s = Suggest.closest(to: name, in: h.fieldNames) {
        message += " — did you mean '\(s)'?"
      } else if h.method(name) != nil || builtins[name] != nil {
        message += " (call it as a method: .\(name)())"
      }
      throw RuntimeError(message)
    default:
      throw RuntimeError("\(withArticle(object.typeName)) has no field '\(name)'")
    }
  }

  func setField(_ object: Value, _ name: String, _ v: Value) throws -> Value {
    switch object {
    case .record(let r):
      r[name] = v
      return object
    case .host(let h):
      return try h.setField(name, to: v)
    default:
      throw RuntimeError("cannot set field '\(name)' of \(withArticle(object.typeName))")
    }
  }

  /// An iterator over anything `for` accepts.
  func iterator(_ v: Value) throws -> () throws -> Value? {
    switch v {
    case .list(let l):
      var i = 0
      return {
        guard i < l.items.count else { return nil }
        i += 1
        return l.items[i - 1]
      }
    case .range(let r):
      var i = 0
      let n = r.count
      return {
        guard i < n else { return nil }
        i += 1
        return .number(r.element(i - 1))
      }
    case .string(let s):
      var it = s.makeIterator()
      return { it.next().map { .string(String($0)) } }
    case .record(let r):
      var i = 0
      let keys = r.keys
      return {
        guard i < keys.count else { return nil }
        i += 1
        return .string(keys[i - 1])
      }
    case .host(let h):
      return try h.makeIterator()
    default:
      throw RuntimeError("cannot iterate over \(withArticle(v.typeName))")
    }
  }

  /// `len(v)`.
  func length(_ v: Value) throws -> Int {
    switch v {
    case .list(let l): return l.items.count
    case .string(let s): return s.count
    case .record(let r): return r.count
    case .range(let r): return r.count
    case .host(let h): return try h.length()
    default: throw RuntimeError("\(withArticle(v.typeName)) has no length")
    }
  }

  /// Elements of an iterable as an array (for destructuring and `list`).
  func elements(_ v: Value, limit: Int? = nil) throws -> [Value] {
    if case .list(let l) = v { return l.items }
    let next = try iterator(v)
    var out: [Value] = []
    while let x = try next() {
      out.append(x)
      if out.count > (limit ?? maxCollection) { throw RuntimeError("too many elements") }
    }
    return out
  }
}
