// Training.fit: shuffled mini-batch training with validation, a schedule, progress and Ctrl-C.
import NOSGrad
import NOSTensor

/// Where `Training.fit` reports: the start of each epoch, each batch (samples seen so far
/// in the epoch and their mean loss), each epoch's end, and an interruption.
public protocol FitProgress: AnyObject {
  func startEpoch(_ epoch: Int)
  func batch(seen: Int, loss: Double)
  func endEpoch(loss: Double, val: Double?)
  func interrupted(_ epoch: Int)
}

/// Plain Swift options of `Training.fit`. `isInterrupted` is asked after every batch (and may
/// clear the request it reports); `scheduler` is stepped once per epoch.
public struct FitOptions {
  public var epochs: Int
  public var batchSize: Int
  public var scheduler: (any Scheduler)?
  public var progress: (any FitProgress)?
  public var isInterrupted: () -> Bool
  /// Data-parallel training over the ranks of a job (nil: this process alone).
  public var parallel: DataParallel?

  public init(epochs: Int = 100, batchSize: Int = 20, scheduler: (any Scheduler)? = nil,
              progress: (any FitProgress)? = nil, isInterrupted: @escaping () -> Bool = { false },
              parallel: DataParallel? = nil) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.scheduler = scheduler
    self.progress = progress
    self.isInterrupted = isInterrupted
    self.parallel = parallel
  }
}

/// What `Training.fit` returns: the per-epoch sample-weighted mean training loss, the
/// validation loss per epoch (nil without validation data), and the epoch an interruption
/// stopped (its loss is the mean over the batches done).
public struct FitHistory {
  public var loss: [Double] = []
  public var val: [Double]?
  public var interruptedEpoch: Int?

  public init(loss: [Double] = [], val: [Double]? = nil) {
    self.loss = loss
    self.val = val
  }
}

/// The training loop behind the language's `fit`, usable from Swift without an interpreter.
public enum Training {
  /// Trains the parameters in `parameters` (which `loss` reads) with `optimizer` for
  /// `options.epochs` epochs of shuffled mini-batches drawn with `rng`. A non-finite batch
  /// loss stops with an error before that batch's update; an interruption stops after the
  /// current batch, keeping the weights.
  ///
  /// `resume` continues a run whose first `resume.loss.count` epochs are done (the caller
  /// has restored the weights, optimizer, scheduler and `rng` as they were after them);
  /// `afterEpoch` sees the history and the shuffle stream after every completed epoch (and
  /// its scheduler step), which is what a checkpoint needs to resume from there.
  public static func fit<Data: SampleSet, G: RandomNumberGenerator>(
    _ parameters: any ParameterContainer, optimizer: any Optimizer, train: Data,
    validation: Data? = nil, options: FitOptions, rng: inout G,
    resume: FitHistory? = nil, afterEpoch: ((FitHistory, G) throws -> Void)? = nil,
    loss: (Data.Batch) throws -> Variable
  ) throws -> FitHistory {
    guard options.epochs >= 0, options.batchSize >= 1 else {
      throw TensorError("fit: epochs must be non-negative and the batch size positive, got "
        + "\(options.epochs) and \(options.batchSize)")
    }
    var history = resume ?? FitHistory(val: validation == nil ? nil : [])
    for epoch in stride(from: history.loss.count + 1, through: options.epochs, by: 1) {
      options.progress?.startEpoch(epoch)
      let order = permutation(train.count, &rng)
      let (mean, stopped) = try runEpoch(epoch, order, parameters, optimizer, train, options, loss)
      history.loss.append(mean)
      if stopped {
        // h.val stays as long as h.loss: the interrupted epoch is validated too.
        if let validation {
          history.val?.append(try evaluate(validation, batchSize: options.batchSize, loss: loss))
        }
        history.interruptedEpoch = epoch
        options.progress?.interrupted(epoch)
        break
      }
      let v = try validation.map { try evaluate($0, batchSize: options.batchSize, loss: loss) }
      if let v { history.val?.append(v) }
      options.progress?.endEpoch(loss: mean, val: v)
      options.scheduler?.step()
      try afterEpoch?(history, rng)
    }
    return history
  }

  /// One epoch over `order`; returns the sample-weighted mean loss and whether an
  /// interruption stopped it.
  private static func runEpoch<Data: SampleSet>(
    _ epoch: Int, _ order: [Int], _ parameters: any ParameterContainer,
    _ optimizer: any Optimizer, _ train: Data, _ options: FitOptions,
    _ lossFn: (Data.Batch) throws -> Variable
  ) throws -> (Double, Bool) {
    var total = 0.0, seen = 0
    for lo in stride(from: 0, to: order.count, by: options.batchSize) {
      let idx = Array(order[lo..<min(lo + options.batchSize, order.count)])
      let values = try parameters.readLeaves().map { try $0.value.contiguous() }
      let (loss, grads) = try options.parallel?.step(idx, parameters, values, train, lossFn)
        ?? LossEvaluation.lossAndGradients(parameters, values, {
          try lossFn(try train.subset(idx))
        }, "fit")
      guard loss.isFinite else {
        throw TensorError("fit: the loss became \(loss.isNaN ? "nan" : "infinite") in epoch "
          + "\(epoch) (batch \(lo / options.batchSize + 1)); the weights are those before "
          + "that batch")
      }
      try optimizer.step(gradients: grads)
      total += loss * Double(idx.count)
      seen += idx.count
      options.progress?.batch(seen: seen, loss: total / Double(seen))
      if options.isInterrupted() { return (total / Double(seen), true) }
    }
    return (total / Double(max(seen, 1)), false)
  }

  /// The sample-weighted mean loss over `data` in batches of `batchSize`, without gradients.
  public static func evaluate<Data: SampleSet>(
    _ data: Data, batchSize: Int, loss: (Data.Batch) throws -> Variable
  ) throws -> Double {
    guard batchSize >= 1 else {
      throw TensorError("evaluate: the batch size must be positive, got \(batchSize)")
    }
    var total = 0.0
    for lo in stride(from: 0, to: data.count, by: batchSize) {
      let n = min(batchSize, data.count - lo)
      let batch = try data.subset(Array(lo..<(lo + n)))
      let l = try GradMode.with(recording: false) { try loss(batch) }
      total += try l.value.item() * Double(n)
    }
    return total / Double(max(data.count, 1))
  }
}
