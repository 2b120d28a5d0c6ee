// Data helpers for training: normalizer (unit Gaussian per point), split, batches.
import NOSGrad
import NOSLang
import NOSTensor

/// A record of tensors seen as samples along the first axis. The sample count is the first
/// axis of the first tensor field; fields whose first axis differs (a shared grid or set of
/// query points) and non-tensor fields are shared by every subset.
struct DataSet {
  let keys: [String]
  let values: [Value]
  let count: Int
  /// Whether field i is split along samples.
  let perSample: [Bool]

  init(_ v: Value, what: String) throws {
    guard case .record(let r) = v else {
      let pair = what == "fit" ? " (or two tensors: fit(model, x, y))" : ""
      throw RuntimeError("\(what): expected a record of tensors such as {x: ..., y: ...}\(pair), "
        + "got " + article(v.typeName))
    }
    keys = r.keys
    values = r.values
    let first = values.lazy.compactMap { v -> Tensor? in
      if case .host(let t as TensorValue) = v, t.tensor.ndim > 0 { return t.tensor }
      return nil
    }.first
    guard let first else { throw RuntimeError("\(what): the record holds no tensors") }
    count = first.shape[0]
    perSample = values.map { v in
      if case .host(let t as TensorValue) = v { return t.tensor.ndim > 0 && t.tensor.shape[0] == first.shape[0] }
      return false
    }
  }

  /// Keras's habit, fit(model, x, y): tensors x and y with one sample count become the
  /// record {x, y} (under `names`).
  init(x: Value, y: Value, names: (String, String) = ("x", "y"), what: String) throws {
    func tensor(_ v: Value, _ name: String) throws -> Tensor {
      guard case .host(let t as TensorValue) = v, t.tensor.ndim > 0 else {
        throw RuntimeError("\(what): \(name) must be a tensor with a sample axis, got "
          + article(v.typeName))
      }
      return t.tensor
    }
    let tx = try tensor(x, "x"), ty = try tensor(y, "y")
    guard tx.shape[0] == ty.shape[0] else {
      throw RuntimeError("\(what): x has \(tx.shape[0]) samples (shape \(shapeText(tx.shape))) "
        + "and y has \(ty.shape[0]) (shape \(shapeText(ty.shape)))")
    }
    try self.init(.record(RecordBox([(names.0, x), (names.1, y)])), what: what)
  }

  /// fit's val=: a record, or the pair [xv, yv] for a one-input model (a bracket of two tensors
  /// of one shape stacks them, so a tensor with a leading axis of 2 is taken as that pair).
  init(validation v: Value, x: String?, y: String) throws {
    let what = "fit: val"
    if case .record = v {
      try self.init(v, what: what)
      return
    }
    var pair: (Value, Value)?
    if case .list(let l) = v, l.items.count == 2 { pair = (l.items[0], l.items[1]) }
    if case .host(let t as TensorValue) = v, t.tensor.ndim >= 2, t.tensor.shape[0] == 2 {
      pair = (wrap(try t.tensor.get([.at(0)])), wrap(try t.tensor.get([.at(1)])))
    }
    guard let pair else {
      throw RuntimeError("\(what): expected a record of tensors or [x, y], got "
        + article(v.typeName))
    }
    guard let x else {
      throw RuntimeError("\(what): [x, y] needs a one-input model; give a record")
    }
    try self.init(x: pair.0, y: pair.1, names: (x, y), what: what)
  }

  /// The tensor in field `key` (nil when absent).
  func tensor(_ key: String) -> Tensor? {
    guard let i = keys.firstIndex(of: key), case .host(let t as TensorValue) = values[i] else {
      return nil
    }
    return t.tensor
  }

  /// The samples at `indices` (a contiguous range is a view).
  func subset(_ indices: [Int]) throws -> Value {
    let idx = try Tensor(indices.map(Double.init), shape: [indices.count])
    let contiguous = indices.isEmpty || zip(indices, indices.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let fields = try zip(keys, values).enumerated().map { i, kv -> (String, Value) in
      guard perSample[i], case .host(let t as TensorValue) = kv.1 else { return kv }
      let lo = indices.first ?? 0
      let part = contiguous
        ? try t.tensor.get([.slice(start: lo, stop: lo + indices.count, step: 1)])
        : try t.tensor.get([.gather(idx)])
      return (kv.0, wrap(part))
    }
    return .record(RecordBox(fields))
  }
}

/// A seeded permutation of 0..<n (Fisher–Yates on a stream split from the global one).
func shuffled(_ n: Int, _ g: inout Xoshiro256) -> [Int] {
  var p = Array(0..<n)
  if n < 2 { return p }
  for i in stride(from: n - 1, to: 0, by: -1) {
    let j = Int(g.next() % UInt64(i + 1))
    p.swapAt(i, j)
  }
  return p
}

enum ModelData {
  static var all: [Builtin] {
    [
      Builtin("normalizer", [Param("x"), Param("eps", default: 1e-5)], doc: """
        Unit-Gaussian normalizer per point (the FNO paper's): mean and standard deviation over \
        the first (sample) axis of x. `n.encode(x)` is (x − mean)/(std + eps), `n.decode(y)` is \
        y·(std + eps) + mean; both are differentiable. A point with zero variance encodes to 0.
        """) { a in
        let x = try a.tensor(0)
        guard x.ndim >= 1, x.shape[0] >= 1, !x.dtype.isComplex else {
          throw a.error(0, "needs a real tensor with at least one sample along axis 0")
        }
        let mean = try x.reduce(.mean, axes: [0], keepdims: false)
        let centred = try Tensor.binary(.sub, x, mean)
        let variance = try Tensor.binary(.mul, centred, centred).reduce(.mean, axes: [0],
                                                                         keepdims: false)
        let std = try variance.unary(.sqrt)
        return .host(NormalizerValue(mean: mean, std: std, eps: try a.number(1)))
      },
      Builtin("split", [Param("data"), Param("n")], doc: """
        `[first, rest]`: the first n samples of a record of tensors (or a tensor) and the \
        others, along axis 0. Fields whose first axis is not the sample count (a shared grid) \
        go to both.
        """) { a in
        let n = try a.int(1)
        if case .host(let t as TensorValue) = a[0] {
          let total = t.tensor.ndim > 0 ? t.tensor.shape[0] : 0
          guard n >= 0, n <= total else {
            throw a.error(1, "must be between 0 and \(total) (the number of samples), got \(n)")
          }
          return .list(ListBox([wrap(try t.tensor.get([.slice(start: 0, stop: n, step: 1)])),
                                wrap(try t.tensor.get([.slice(start: n, stop: total, step: 1)]))]))
        }
        let d = try DataSet(a[0], what: "split")
        guard n >= 0, n <= d.count else {
          throw a.error(1, "must be between 0 and \(d.count) (the number of samples), got \(n)")
        }
        return .list(ListBox([try d.subset(Array(0..<n)), try d.subset(Array(n..<d.count))]))
      },
      Builtin("batches", [Param("data"), Param("size"), Param("shuffle", default: true)], doc: """
        The samples of a record of tensors in mini-batches of `size` (the last may be smaller), \
        as a list of records for `for b in batches(train, 20) { ... }`; shuffled with the \
        seeded stream unless shuffle=false.
        """) { a in
        let d = try DataSet(a[0], what: "batches")
        let size = try a.int(1)
        guard size >= 1 else { throw a.error(1, "must be a positive integer, got \(size)") }
        var g = a.interpreter.stdlib.rng.split()
        let order = try a.bool(2) ? shuffled(d.count, &g) : Array(0..<d.count)
        let items = try stride(from: 0, to: d.count, by: size).map { lo in
          try d.subset(Array(order[lo..<min(lo + size, d.count)]))
        }
        return .list(ListBox(items))
      },
    ]
  }
}

/// `normalizer(x)`: encode/decode with per-point mean and standard deviation.
final class NormalizerValue: HostObject {
  let mean: Tensor
  let std: Tensor
  let eps: Double

  init(mean: Tensor, std: Tensor, eps: Double) {
    self.mean = mean
    self.std = std
    self.eps = eps
  }

  var typeName: String { "object" }
  func display(nested: Bool) -> String { "normalizer(\(shapeText(mean.shape)) per point)" }
  var fieldNames: [String] { ["mean", "std"] }

  func field(_ name: String) throws -> Value? {
    switch name {
    case "mean": return wrap(mean)
    case "std": return wrap(std)
    case "encode", "decode":
      let m = method(name)
      return .builtin(Builtin(name, [Param("x")], doc: m?.doc ?? "") { [self] a in
        wrap(try apply(name == "encode", try a.variable(0)))
      })
    default: return nil
    }
  }

  func method(_ name: String) -> Builtin? {
    switch name {
    case "encode":
      return Builtin("encode", [Param("n"), Param("x")], doc: "(x − mean)/(std + eps).") { a in
        let n = try a.host(0, as: NormalizerValue.self, expected: "normalizer")
        return wrap(try n.apply(true, a.variable(1)))
      }
    case "decode":
      return Builtin("decode", [Param("n"), Param("y")], doc: "y·(std + eps) + mean.") { a in
        let n = try a.host(0, as: NormalizerValue.self, expected: "normalizer")
        return wrap(try n.apply(false, a.variable(1)))
      }
    default: return nil
    }
  }
  var methodNames: [String] { ["encode", "decode"] }

  func apply(_ encode: Bool, _ x: Variable) throws -> Variable {
    let dt = x.dtype.isComplex ? x.dtype : x.dtype
    let m = Variable(try mean.astype(dt)), s = Variable(try Tensor.binary(.add, std, eps).astype(dt))
    let tail = Array(x.shape.suffix(mean.ndim))
    guard tail == mean.shape else {
      throw RuntimeError("normalizer: expected samples of shape \(shapeText(mean.shape)), got a "
        + "tensor of shape \(shapeText(x.shape))")
    }
    return encode ? try div(sub(x, m), s) : try add(mul(x, s), m)
  }
}
