// fit(model, train, ...): mini-batch training with shuffling, validation, schedules and progress.
import Foundation
import NOSGrad
import NOSLang
import NOSModels
import NOSTensor

struct ModelFit {
  static let builtin = Builtin("fit", [
    Param("model"), Param("train"), Param("target", default: .nil),
    Param("epochs", default: 100), Param("batch", default: 20),
    Param("lr", default: 1e-3), Param("loss", default: "rel_l2"),
    Param("optimizer", default: "adam"), Param("schedule", default: .nil),
    Param("val", default: .nil), Param("x", default: "x"), Param("y", default: "y"),
    Param("verbose", default: 1), Param("distributed", default: false),
    Param("checkpoint", default: .nil),
  ], doc: """
    Trains a model on a record of tensors in shuffled mini-batches (seeded by seed(n)) and \
    returns the history {loss, val} (per-epoch means as 1-D tensors; val is nil without \
    validation data). fit(model, x, y) with two tensors trains on {x, y} (val= may then be \
    a record or [xv, yv]). loss: "rel_l2", "mse", "h1" or a function (model, batch) -> \
    number; optimizer: "adam", "adamw", "sgd" or an optimizer made on the model; schedule: \
    nil, "cosine" (over the epochs), {step: k, gamma: g}, or a scheduler (stepped once per \
    epoch). x and y name the input and target fields (a DeepONet reads u and y and predicts \
    s; its points are shared by all samples). Progress goes to stderr: a bar on a terminal, \
    else about 20 epoch lines (epoch 1, evenly spaced ones and the last); verbose=0 is \
    silent, verbose=2 writes every epoch. Ctrl-C stops after the current batch keeping the \
    weights; a nan or infinite loss stops with an error naming the epoch (the weights are \
    those before that batch). distributed=true (under mpirun): data-parallel, each rank \
    takes a block of every batch and the gradients are averaged over the ranks (SPEC §14); \
    progress is written by rank 0 only. checkpoint="run.nosm" saves the training state \
    (weights, optimizer, schedule, shuffle stream, history) after every epoch and, when the \
    file exists, resumes from it: a run that was stopped goes on where it stopped and gives \
    what an uninterrupted run gives; the file is a model file that loadmodel reads.
    """) { a in try ModelFit(a).run() }

  let a: Arguments
  let model: ModelValue
  let train: DataSet
  let val: DataSet?
  let inputs: [String]
  let target: String
  let epochs: Int
  let batch: Int
  let verbose: Int

  init(_ a: Arguments) throws {
    self.a = a
    model = try a.host(0, as: ModelValue.self, expected: "model")
    epochs = try a.nonNegativeInt(3)
    batch = try a.positiveInt(4)
    verbose = try a.int(12)
    guard (0...2).contains(verbose) else { throw a.error(12, "must be 0, 1 or 2, got \(verbose)") }
    let arity = model.model.arity
    if !a[2].isNil {
      guard arity == 1 else {
        throw a.error(2, "a target tensor needs a one-input model; this one takes \(arity) "
          + "inputs: give a record such as {u, y, s}")
      }
      train = try DataSet(x: a[1], y: a[2], what: "fit")
      (inputs, target) = (["x"], "y")
      val = try a[9].isNil ? nil : DataSet(validation: a[9], x: "x", y: "y")
      return
    }
    train = try DataSet(a[1], what: "fit")
    var xs = try ModelFit.fieldNames(a, 10)
    var y = try a.string(11)
    if arity == 2, xs == ["x"], train.tensor("x") == nil, train.tensor("u") != nil {
      xs = ["u", "y"]
      if y == "y" { y = "s" }
    }
    guard xs.count == arity else {
      throw a.error(10, "the model takes \(arity) input\(arity == 1 ? "" : "s"), "
        + "x names \(xs.count)")
    }
    for k in xs + [y] where train.tensor(k) == nil {
      throw a.error(1, "the training data has no tensor field '\(k)'")
    }
    inputs = xs
    target = y
    val = try a[9].isNil ? nil : DataSet(validation: a[9], x: xs.count == 1 ? xs[0] : nil, y: y)
  }

  /// Argument `i`: one field name or a list of names.
  private static func fieldNames(_ a: Arguments, _ i: Int) throws -> [String] {
    if case .string(let s) = a[i] { return [s] }
    let items = sequenceItems(a[i]) ?? []
    let names = items.compactMap { v -> String? in
      if case .string(let s) = v { return s } else { return nil }
    }
    guard !names.isEmpty, names.count == items.count else {
      throw a.bad(i, expected: "field name or list of names")
    }
    return names
  }

  /// Converts the arguments to NOSModels' `Training.fit` and its history back to a record.
  func run() throws -> Value {
    let params = try model.optimizerParameters()
    let opt = try optimizer(params)
    let sched = try scheduler(opt)
    let lossFn = try lossFunction()
    let out = a.interpreter.errorOutput
    let parallel = try dataParallel()
    let rank0 = (parallel?.rank ?? 0) == 0
    let progress = FitProgressText(write: { out.write($0) }, epochs: epochs,
                                   samples: train.count,
                                   terminal: out is StandardError && isatty(STDERR_FILENO) != 0,
                                   verbose: rank0 ? verbose : 0)
    let interrupt = a.interpreter.interrupt
    let options = FitOptions(epochs: epochs, batchSize: batch, scheduler: sched,
                             progress: progress, isInterrupted: {
      guard interrupt.isRequested else { return false }
      interrupt.clear()
      return true
    }, parallel: parallel)
    var g = SeededGenerator(base: a.interpreter.stdlib.rng.split())
    let saver = try checkpoint(opt, sched)
    // Every rank reads the file only after rank 0 has written its last one (a fit just before).
    if saver != nil, parallel != nil { try a.interpreter.stdlib.comm().barrier() }
    let resumed = try saver.flatMap { try resume($0, &g, say: rank0 && verbose > 0) }
    var afterEpoch: ((FitHistory, SeededGenerator) throws -> Void)?
    if let saver, rank0 { afterEpoch = { try saver.save($0, rng: $1.base) } }
    let h = try Training.fit(params, optimizer: opt.optimizer, train: train, validation: val,
                             options: options, rng: &g, resume: resumed,
                             afterEpoch: afterEpoch, loss: lossFn)
    let loss = wrap(try Tensor(h.loss, shape: [h.loss.count]))
    let vals: Value = try h.val.map { wrap(try Tensor($0, shape: [$0.count])) } ?? .nil
    return .record(RecordBox([("loss", loss), ("val", vals)]))
  }

  /// checkpoint="path": where the training state goes after every epoch (nil: nowhere).
  private func checkpoint(_ opt: OptimizerValue, _ sched: (any Scheduler)?) throws
    -> FitCheckpoint?
  {
    if a[14].isNil { return nil }
    let path = try a.string(14)
    guard !path.isEmpty else { throw a.error(14, "must name a file") }
    let folder = (path as NSString).deletingLastPathComponent
    guard FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) else {
      throw a.error(14, "cannot write to the folder \"\(folder)\"")
    }
    let saver = FitCheckpoint(path: path, model: model, optimizer: opt, scheduler: sched,
                              samples: train.count, batch: batch)
    _ = try saver.state
    return saver
  }

  /// The history so far when `saver`'s file exists (weights, optimizer, schedule and the
  /// shuffle stream `g` restored from it), else nil; `say`: tell the user on stderr.
  private func resume(_ saver: FitCheckpoint, _ g: inout SeededGenerator, say: Bool) throws
    -> FitHistory?
  {
    guard let (history, stream) = try saver.restore(epochs: epochs, validation: val != nil)
    else { return nil }
    g.base = stream
    if say {
      a.interpreter.errorOutput.write("fit: resuming from \"\(saver.path)\" after epoch "
        + "\(history.loss.count) of \(epochs)\n")
    }
    return history
  }

  /// distributed=true: the session's ranks, the sum an allreduce (nil: one process).
  private func dataParallel() throws -> DataParallel? {
    guard try a.bool(13) else { return nil }
    let c = try a.interpreter.stdlib.comm()
    return DataParallel(rank: c.rank, size: c.size) { v in
      try c.allreduce(try Tensor(v, shape: [v.count]), op: "sum").toArray()
    }
  }

  /// The loss of one batch record as a variable.
  private func lossFunction() throws -> (Value) throws -> Variable {
    if a[6].isCallable {
      let f = a[6], interp = a.interpreter, m = Value.host(model)
      return { b in
        let context = interp.stdlib
        context.gradDepth += 1
        defer { context.gradDepth -= 1 }
        let r = try interp.call(f, [m, b])
        switch r {
        case .number(let x): return Variable(Tensor(x))
        case .host(let t as TensorValue) where t.tensor.count == 1: return t.variable
        default:
          throw RuntimeError("fit: the loss function must return a number, got "
            + article(r.typeName))
        }
      }
    }
    let name = try a.string(6)
    guard let metric = Training.metric(named: name) else {
      throw a.error(6, "unknown loss \"\(name)\"; use \"rel_l2\", \"mse\", \"h1\" or a function")
    }
    let names = inputs, y = target, m = model
    return { b in
      guard case .record(let r) = b else { throw RuntimeError("fit: bad batch") }
      func field(_ k: String) throws -> Variable {
        guard case .host(let t as TensorValue)? = r[k] else {
          throw RuntimeError("fit: the batch has no tensor '\(k)'")
        }
        return t.variable
      }
      let pred = try m.forward(names.map(field))
      let truth = try field(y)
      return try metric(pred, truth.dtype == pred.dtype ? truth : cast(truth, pred.dtype))
    }
  }

  private func optimizer(_ p: any LanguageParameters) throws -> OptimizerValue {
    if case .host(let o as OptimizerValue) = a[7] { return o }
    let lr = try a.number(5)
    let s = try a.string(7)
    guard let o = try Training.optimizer(named: s, p, lr: lr) else {
      throw a.error(7, "unknown optimizer \"\(s)\"; use \"adam\", \"adamw\", \"sgd\" or an "
        + "optimizer")
    }
    return OptimizerValue(o, params: p)
  }

  private func scheduler(_ o: OptimizerValue) throws -> (any Scheduler)? {
    switch a[8] {
    case .nil: return nil
    case .host(let s as SchedulerValue): return s.scheduler
    case .string("cosine"): return try CosineLR(o.optimizer, total: max(1, epochs))
    case .record(let r):
      guard let k = r["step"]?.asNumber, let n = Int(exactly: k), n >= 1,
            let gamma = r["gamma"]?.asNumber else {
        throw a.error(8, "a step schedule is {step: k, gamma: g}")
      }
      return try StepLR(o.optimizer, stepSize: n, gamma: gamma)
    default:
      throw a.error(8, "use nil, \"cosine\", {step: k, gamma: g} or a scheduler")
    }
  }
}
