// Training data as named tensors with samples along axis 0: subsets, split, batches, shuffles.
import NOSTensor

/// What `Training.fit` trains on: `count` samples, any subset of which makes a batch.
public protocol SampleSet {
  associatedtype Batch
  var count: Int { get }
  /// The samples at `indices` (in that order).
  func subset(_ indices: [Int]) throws -> Batch
}

/// Named tensors seen as samples along their first axis. The sample count is the first axis
/// of the first tensor that has one; tensors whose first axis differs (a shared grid, a
/// DeepONet's query points) and 0-d tensors are shared by every subset, as the FNO and
/// DeepONet data sets keep their grids.
public struct TensorSamples: SampleSet {
  public let names: [String]
  public let tensors: [Tensor]
  public let count: Int
  /// Whether tensor i is split along samples (false: shared by every subset).
  public let perSample: [Bool]

  /// `fields` in order; `what` names the caller in the error for a set without samples.
  public init(_ fields: [(String, Tensor)], what: String = "samples") throws {
    guard let first = fields.first(where: { $0.1.ndim > 0 })?.1 else {
      throw TensorError("\(what): the record holds no tensors")
    }
    let n = first.shape[0]
    self.init(names: fields.map(\.0), tensors: fields.map(\.1), count: n,
              perSample: fields.map { $0.1.ndim > 0 && $0.1.shape[0] == n })
  }

  private init(names: [String], tensors: [Tensor], count: Int, perSample: [Bool]) {
    self.names = names
    self.tensors = tensors
    self.count = count
    self.perSample = perSample
  }

  /// The tensor named `name` (nil when absent).
  public func tensor(_ name: String) -> Tensor? {
    names.firstIndex(of: name).map { tensors[$0] }
  }

  /// The samples at `indices`; a run of consecutive indices is a view, others a gather.
  public func subset(_ indices: [Int]) throws -> TensorSamples {
    guard indices.allSatisfy({ $0 >= 0 && $0 < count }) else {
      throw TensorError("samples: an index is outside 0..<\(count)")
    }
    let lo = indices.first ?? 0
    let run = zip(indices, indices.dropFirst()).allSatisfy { $1 == $0 + 1 }
    let index = try Tensor(indices.map(Double.init), shape: [indices.count])
    let parts = try zip(tensors, perSample).map { t, split -> Tensor in
      guard split else { return t }
      return run ? try t.get([.slice(start: lo, stop: lo + indices.count, step: 1)])
        : try t.get([.gather(index)])
    }
    return TensorSamples(names: names, tensors: parts, count: indices.count, perSample: perSample)
  }

  /// The first `n` samples and the rest (shared tensors go to both).
  public func split(_ n: Int) throws -> (TensorSamples, TensorSamples) {
    guard n >= 0, n <= count else {
      throw TensorError("split: n must be between 0 and \(count) (the number of samples), "
        + "got \(n)")
    }
    return (try subset(Array(0..<n)), try subset(Array(n..<count)))
  }

  /// Mini-batches of `size` samples (the last may be smaller), in an order shuffled by `rng`
  /// unless `shuffle` is false.
  public func batches<G: RandomNumberGenerator>(size: Int, shuffle: Bool = true,
                                                rng: inout G) throws -> [TensorSamples] {
    try Training.batchIndices(count, size: size, shuffle: shuffle, rng: &rng).map(subset)
  }
}

extension Training {
  /// A uniformly random permutation of 0..<n (Fisher–Yates, one draw `next() % (i+1)` per
  /// position from the top, so a seeded generator gives the same order on every machine).
  public static func permutation<G: RandomNumberGenerator>(_ n: Int, _ g: inout G) -> [Int] {
    var p = Array(0..<max(n, 0))
    if n < 2 { return p }
    for i in stride(from: n - 1, to: 0, by: -1) {
      let j = Int(g.next() % UInt64(i + 1))
      p.swapAt(i, j)
    }
    return p
  }

  /// The indices of each mini-batch of `size` over `n` samples, shuffled unless `shuffle`
  /// is false (then 0..<n in order).
  public static func batchIndices<G: RandomNumberGenerator>(
    _ n: Int, size: Int, shuffle: Bool, rng: inout G
  ) throws -> [[Int]] {
    guard size >= 1 else {
      throw TensorError("batches: size must be a positive integer, got \(size)")
    }
    let order = shuffle ? permutation(n, &rng) : Array(0..<max(n, 0))
    return stride(from: 0, to: order.count, by: size).map {
      Array(order[$0..<min($0 + size, order.count)])
    }
  }
}
