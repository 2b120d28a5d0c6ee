// Releasing deep chains of lists, records, closures and cells with a loop, not recursion.

/// Releases nested values iteratively, so that dropping a deeply nested list (`x = [x]` a
/// million times) or a chain of closures (`f = mk(f)` ten million times, each closure holding
/// the previous one through a captured cell) cannot overflow the stack in `deinit`. Each
/// uniquely held object is emptied before it is dropped, so its own `deinit` has nothing left
/// to release; objects held elsewhere are only released by one.
enum Teardown {
  private struct Pending {
    var lists: [ListBox] = []
    var records: [RecordBox] = []
    var closures: [Closure] = []
    var cells: [Cell] = []
    var isEmpty: Bool { lists.isEmpty && records.isEmpty && closures.isEmpty && cells.isEmpty }
  }

  /// Empties `items` (a list's or record's storage) iteratively.
  static func release(_ items: inout [Value]) {
    guard items.contains(where: holdsReferences) else { return }
    var p = Pending()
    collect(items, &p)
    items = []
    drain(&p)
  }

  /// Releases one value taken out of a cell.
  static func release(_ value: Value) {
    var p = Pending()
    collect([value], &p)
    drain(&p)
  }

  /// Empties a closure that is being deinitialised, when its captures hold anything nested.
  static func release(_ closure: Closure) {
    var deep = false
    for i in 0..<closure.upvalCount {
      if let v = closure.upvals[i].ref.pointee, holdsReferences(v) { deep = true; break }
    }
    guard deep else { return }
    var p = Pending()
    p.cells = closure.takeCaptures()
    drain(&p)
  }

  /// Values that may own further nested objects.
  static func holdsReferences(_ v: Value) -> Bool {
    switch v {
    case .list, .record, .function: return true
    default: return false
    }
  }

  private static func drain(_ p: inout Pending) {
    while !p.isEmpty {
      if var b = p.lists.popLast(), isKnownUniquelyReferenced(&b) {
        let inner = b.items
        b.items = []
        collect(inner, &p)
      }
      if var r = p.records.popLast(), isKnownUniquelyReferenced(&r) {
        var inner: [Value] = []
        r.takeAll(into: &inner)
        collect(inner, &p)
      }
      if var c = p.closures.popLast(), isKnownUniquelyReferenced(&c) {
        p.cells += c.takeCaptures()
      }
      if var cell = p.cells.popLast(), isKnownUniquelyReferenced(&cell),
        let v = cell.ref.pointee, holdsReferences(v)
      {
        cell.ref.pointee = nil
        collect([v], &p)
      }
    }
  }

  private static func collect(_ values: [Value], _ p: inout Pending) {
    for v in values {
      switch v {
      case .list(let b): p.lists.append(b)
      case .record(let r): p.records.append(r)
      case .function(let c): p.closures.append(c)
      default: break
      }
    }
  }
}
