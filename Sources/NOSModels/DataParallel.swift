// Data-parallel training for Training.fit: each rank takes a block of every batch, and the
// ranks' sample-weighted losses and gradients are summed in one reduction per step.
import NOSGrad
import NOSTensor

/// How `Training.fit` shares batches among the processes of a job (see the language's
/// `fit(distributed=true)`). Every rank shuffles with the same seed, so all see the same
/// batches; rank r computes the loss and gradients of its block of each batch and `sum`
/// adds a vector over all ranks (an MPI allreduce). The optimizer then takes the same step
/// on every rank, so the weights stay identical.
public struct DataParallel {
  public let rank: Int
  public let size: Int
  /// The elementwise sum of `values` over all ranks, on every rank.
  public let sum: ([Double]) throws -> [Double]

  public init(rank: Int, size: Int, sum: @escaping ([Double]) throws -> [Double]) {
    self.rank = rank
    self.size = size
    self.sum = sum
  }

  /// This rank's block of a batch: contiguous, in rank order, the first ones one longer.
  public func share(_ batch: [Int]) -> [Int] {
    let q = batch.count / size, extra = batch.count % size
    func start(_ r: Int) -> Int { r * q + min(r, extra) }
    return Array(batch[start(rank)..<start(rank + 1)])
  }

  /// The batch's mean loss and its gradients from each rank's mean over its `mine` of
  /// `total` samples: Σ_r mine_r·(loss_r, grads_r) / total, in one reduction (in f64; a
  /// complex gradient as its real and imaginary parts).
  func combine(loss: Double, grads: [Tensor], mine: Int, total: Int) throws -> (Double, [Tensor]) {
    let w = Double(mine)
    var packed = [loss * w]
    let flat = try grads.map { try $0.contiguous() }
    for g in flat { packed += Self.reals(g).map { $0 * w } }
    let all = try sum(packed)
    guard all.count == packed.count else {
      throw TensorError("fit: the ranks' gradients differ in size (\(all.count) values, "
        + "\(packed.count) here): is the model the same on every rank?")
    }
    let n = Double(total)
    var at = 1, out = [Tensor]()
    for g in flat {
      let k = g.count * (g.dtype.isComplex ? 2 : 1)
      out.append(try Self.tensor(all[at..<at + k].map { $0 / n }, like: g))
      at += k
    }
    return (all[0] / n, out)
  }

  /// The real numbers of a contiguous tensor's memory (re, im interleaved when complex).
  static func reals(_ t: Tensor) -> [Double] {
    let k = t.count * (t.dtype.isComplex ? 2 : 1)
    if t.dtype.real == .f32 {
      let p = t.memory(as: Float.self)
      return (0..<k).map { Double(p[$0]) }
    }
    let p = t.memory(as: Double.self)
    return Array(UnsafeBufferPointer(start: p, count: k))
  }

  /// A fresh tensor shaped and typed as `like` holding `values` (as `reals` lays them out).
  static func tensor(_ values: [Double], like: Tensor) throws -> Tensor {
    let t = try Tensor(uninitialized: like.shape, dtype: like.dtype)
    if like.dtype.real == .f32 {
      let p = t.memory(as: Float.self)
      for (i, v) in values.enumerated() { p[i] = Float(v) }
    } else {
      let p = t.memory(as: Double.self)
      for (i, v) in values.enumerated() { p[i] = v }
    }
    return t
  }

  /// Loss and gradients of this rank's block of `batch` (zero for an empty block), combined
  /// over all ranks into those of the whole batch.
  func step<Data: SampleSet>(_ batch: [Int], _ parameters: any ParameterContainer,
                             _ values: [Tensor], _ train: Data,
                             _ lossFn: (Data.Batch) throws -> Variable
  ) throws -> (Double, [Tensor]) {
    guard size > 1 else {  // alone: exactly the plain step
      let b = try train.subset(batch)
      return try LossEvaluation.lossAndGradients(parameters, values, { try lossFn(b) }, "fit")
    }
    let mine = share(batch)
    var loss = 0.0, grads = try values.map { try Tensor.zeros($0.shape, dtype: $0.dtype) }
    if !mine.isEmpty {
      let b = try train.subset(mine)
      (loss, grads) = try LossEvaluation.lossAndGradients(parameters, values, { try lossFn(b) },
                                                          "fit")
    }
    return try combine(loss: loss, grads: grads, mine: mine.count, total: batch.count)
  }
}
