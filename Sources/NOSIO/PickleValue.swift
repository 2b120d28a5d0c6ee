// The Python values a safe unpickler can build: numbers, strings, containers, tensors, names.
import NOSTensor

/// A value read from a Python pickle. Lists and dicts are shared boxes because pickles build
/// them in place (APPEND, SETITEM) after they are remembered in the memo.
public indirect enum PickleValue {
  case none
  case bool(Bool)
  case int(Int)
  case float(Double)
  case string(String)
  case bytes([UInt8])
  case tuple([PickleValue])
  case list(PickleList)
  case dict(PickleDict)
  /// A class or function named by the pickle but never called (kept as an inert name).
  case global(module: String, name: String)
  /// A PyTorch storage (raw bytes of one element type) named by a persistent id.
  case storage(TorchStorage)
  case tensor(Tensor)

  /// What the value is, for error messages (`a tuple`, `torch.FloatStorage`, ...).
  public var kind: String {
    switch self {
    case .none: "None"
    case .bool: "a bool"
    case .int: "an int"
    case .float: "a float"
    case .string: "a str"
    case .bytes: "bytes"
    case .tuple: "a tuple"
    case .list: "a list"
    case .dict: "a dict"
    case .global(let m, let n): "the name \(m).\(n)"
    case .storage: "a storage"
    case .tensor: "a tensor"
    }
  }
}

/// A Python list being built by the unpickler.
public final class PickleList {
  public var items: [PickleValue]
  init(_ items: [PickleValue] = []) { self.items = items }
  deinit { PickleTeardown.release(&items) }
}

/// A Python dict in insertion order (keys are usually strings).
public final class PickleDict {
  public var entries: [(key: PickleValue, value: PickleValue)] = []
  init() {}
  deinit {
    var flat = entries.flatMap { [$0.key, $0.value] }
    entries = []
    PickleTeardown.release(&flat)
  }

  /// Sets `key` (replacing an equal string or int key, as a dict does).
  func set(_ key: PickleValue, _ value: PickleValue) {
    if let i = entries.firstIndex(where: { PickleDict.same($0.key, key) }) {
      entries[i].value = value
    } else {
      entries.append((key, value))
    }
  }

  static func same(_ a: PickleValue, _ b: PickleValue) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): x == y
    case (.int(let x), .int(let y)): x == y
    default: false
    }
  }
}

/// The bytes of one storage of a PyTorch file, with the element type its class names.
public final class TorchStorage {
  let element: RawElement
  let data: [UInt8]
  init(element: RawElement, data: [UInt8]) {
    self.element = element
    self.data = data
  }
}

/// Frees nested pickled containers in a loop instead of by recursion: a hostile pickle can
/// nest lists a million deep in a few megabytes, and releasing that recursively would
/// overflow the stack. Boxes still shared with live values are left alone.
enum PickleTeardown {
  static func release(_ items: inout [PickleValue]) {
    var lists: [PickleList] = [], dicts: [PickleDict] = []
    collect(items, &lists, &dicts)
    items = []
    while !lists.isEmpty || !dicts.isEmpty {
      if var b = lists.popLast(), isKnownUniquelyReferenced(&b) {
        let inner = b.items
        b.items = []
        collect(inner, &lists, &dicts)
      }
      if var d = dicts.popLast(), isKnownUniquelyReferenced(&d) {
        let inner = d.entries.flatMap { [$0.key, $0.value] }
        d.entries = []
        collect(inner, &lists, &dicts)
      }
    }
  }

  private static func collect(_ values: [PickleValue], _ lists: inout [PickleList],
                              _ dicts: inout [PickleDict]) {
    var pending = values
    while let v = pending.popLast() {
      switch v {
      case .list(let b): lists.append(b)
      case .dict(let d): dicts.append(d)
      case .tuple(let t): pending += t
      default: break
      }
    }
  }
}
