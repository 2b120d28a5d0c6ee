// Data helpers for training: normalizer (unit Gaussian per point), split, batches.
import NOSGrad
import NOSLang
import NOSModels
import NOSTensor

/// A record of tensors seen as samples along the first axis: NOSModels' `TensorSamples` over
/// the tensor fields, with the record's other fields (numbers, strings) shared by every subset.
struct DataSet: SampleSet {
  let keys: [String]
  let values: [Value]
  /// The tensor fields, in record order.
  let samples: TensorSamples
  /// For field i, its position in `samples` (nil for a non-tensor field).
  let slot: [Int?]

  var count: Int { samples.count }

  init(_ v: Value, what: String) throws {
    guard case .record(let r) = v else {
      let pair = what == "fit" ? " (or two tensors: fit(model, x, y))" : ""
      throw RuntimeError("\(what): expected a record of tensors such as {x: ..., y: ...}\(pair), "
        + "got " + article(v.typeName))
    }
    keys = r.keys
    values = r.values
    var fields: [(String, Tensor)] = [], slot: [Int?] = []
    for (k, v) in zip(keys, values) {
      guard case .host(let t as TensorValue) = v else { slot.append(nil); continue }
      slot.append(fields.count)
      fields.append((k, t.tensor))
    }
    self.slot = slot
    samples = try TensorSamples(fields, what: what)
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
  func tensor(_ key: String) -> Tensor? { samples.tensor(key) }

  /// The samples at `indices` (a contiguous range is a view) as a record; shared fields are
  /// the record's own values.
  func subset(_ indices: [Int]) throws -> Value {
    let part = try samples.subset(indices)
    let fields = zip(keys, values).enumerated().map { i, kv -> (String, Value) in
      guard let j = slot[i], samples.perSample[j] else { return kv }
      return (kv.0, wrap(part.tensors[j]))
    }
    return .record(RecordBox(fields))
  }
}

/// The process-wide seeded stream's generator as a Swift `RandomNumberGenerator`, for
/// NOSModels' shuffles.
struct SeededGenerator: RandomNumberGenerator {
  var base: Xoshiro256
  mutating func next() -> UInt64 { base.next() }
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
        return .host(NormalizerValue(try Normalizer(fitting: x, eps: try a.number(1))))
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
        let size = try a.positiveInt(1)
        var g = SeededGenerator(base: a.interpreter.stdlib.rng.split())
        let groups = try Training.batchIndices(d.count, size: size, shuffle: try a.bool(2), rng: &g)
        return .list(ListBox(try groups.map(d.subset)))
      },
    ]
  }
}

/// `normalizer(x)`: encode/decode with per-point mean and standard deviation (NOSModels'
/// `Normalizer`).
final class NormalizerValue: HostObject {
  let normalizer: Normalizer
  var mean: Tensor { normalizer.mean }
  var std: Tensor { normalizer.std }

  init(_ normalizer: Normalizer) { self.normalizer = normalizer }

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
    try encode ? normalizer.encode(x) : normalizer.decode(x)
  }
}
