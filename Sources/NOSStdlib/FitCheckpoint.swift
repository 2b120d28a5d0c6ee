// fit(..., checkpoint=path): the training state after every epoch in one model file, and
// resuming a run from it (Keras's BackupAndRestore, kept as a loadmodel-readable file).
import Foundation
import NOSIO
import NOSLang
import NOSModels
import NOSTensor

/// A `fit` checkpoint: savemodel's file (architecture, weights, the optimizer's state) plus
/// a "fit" entry in nos.json (epochs done, the shuffle stream, the schedule's step count,
/// the run's sample count and batch size) and the arrays `fit.loss`, `fit.val` and `fit.lr`
/// (history and learning rate as f64, so a resumed run repeats the uninterrupted one bit
/// for bit).
struct FitCheckpoint {
  let path: String
  let model: ModelValue
  let optimizer: OptimizerValue
  let scheduler: (any Scheduler)?
  let samples: Int
  let batch: Int

  /// The checkpoint's optimizer state, or an error for optimizers whose state cannot be
  /// saved (L-BFGS); `fit` asks for it before training.
  var state: any OptimizerState {
    get throws {
      guard let s = optimizer.optimizer as? any OptimizerState else {
        throw RuntimeError("fit: checkpoint= saves adam, adamw and sgd optimizers, not "
          + optimizer.optimizer.name)
      }
      return s
    }
  }

  /// Writes the state after the epochs in `history` (atomically: a run killed while writing
  /// leaves the previous checkpoint).
  func save(_ history: FitHistory, rng: Xoshiro256) throws {
    var arrays = ModelRegistry.namedTensors(try model.current())
    guard var d = OptimizerFiles.dictionary(try ModelRegistry.json(of: model.model)) else {
      throw RuntimeError("fit: internal configuration error")
    }
    d["optimizer"] = try OptimizerFiles.entry(optimizer, model: model, arrays: &arrays)
    d["fit"] = ["epochs": history.loss.count, "samples": samples, "batch": batch,
                "rng": rng.state.map { String($0, radix: 16) },
                "schedule_epoch": scheduler?.epoch ?? 0] as [String: Any]
    arrays.append(("fit.loss", try Tensor(history.loss, shape: [history.loss.count])))
    if let v = history.val { arrays.append(("fit.val", try Tensor(v, shape: [v.count]))) }
    arrays.append(("fit.lr", try Tensor([optimizer.optimizer.lr], shape: [1])))
    try ModelFile.write(path: path, arrays: arrays, json: try OptimizerFiles.text(d),
                        format: ModelFiles.format)
  }

  /// Restores the weights, the optimizer's state and lr and the schedule's step count from
  /// the file and returns the history and shuffle stream to continue with; nil when there is
  /// no file yet. `validation`: whether this run has validation data (epochs saved without
  /// it get nan).
  func restore(epochs: Int, validation: Bool) throws -> (FitHistory, Xoshiro256)? {
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let c = try contents()
    guard var d = OptimizerFiles.dictionary(c.json) else {
      throw failure("its nos.json is not readable")
    }
    guard let fit = d.removeValue(forKey: "fit") as? [String: Any] else {
      throw failure("it is a model file without a fit checkpoint")
    }
    let opt = d.removeValue(forKey: "optimizer") as? [String: Any]
    try checkSameModel(d)
    let done = try checkRun(fit, epochs: epochs)
    let saved = Dictionary(c.arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    let history = try savedHistory(saved, done: done, validation: validation)
    let rng = try savedStream(fit)
    let leaves = try ModelRegistry.leaves(of: try model.current(), from: saved)
    try restoreOptimizer(opt, saved, fit)
    try model.optimizerParameters().writeLeaves(leaves)
    return (history, rng)
  }

  /// The file, its read errors worded as fit's.
  private func contents() throws -> ModelFile.Contents {
    do { return try ModelFile.read(path: path, supportedFormat: ModelFiles.format) } catch
      let e as IOError {
      let prefix = "cannot load \"\(path)\": "
      throw failure(e.message.hasPrefix(prefix) ? String(e.message.dropFirst(prefix.count))
                                                : e.message)
    }
  }

  /// The saved architecture must be this model's.
  private func checkSameModel(_ saved: [String: Any]) throws {
    let mine = try ModelRegistry.json(of: model.model)
    guard let d = OptimizerFiles.dictionary(mine), try OptimizerFiles.text(saved)
      == OptimizerFiles.text(d) else {
      throw failure("it holds another architecture than \(model.model.signature)")
    }
  }

  /// The number of epochs done, after checking the run's sample count and batch size.
  private func checkRun(_ fit: [String: Any], epochs: Int) throws -> Int {
    guard let done = fit["epochs"] as? Int, let n = fit["samples"] as? Int,
          let b = fit["batch"] as? Int, done >= 0 else { throw failure("its fit entry is damaged") }
    guard n == samples, b == batch else {
      throw failure("it was written for \(n) samples in batches of \(b); this call has "
        + "\(samples) in batches of \(batch)")
    }
    guard let e = fit["schedule_epoch"] as? Int, (0...(1 << 40)).contains(e) else {
      throw failure("its fit entry is damaged")
    }
    guard done <= epochs else {
      throw failure("it holds \(done) epoch\(done == 1 ? "" : "s"), more than epochs=\(epochs)")
    }
    return done
  }

  private func savedHistory(_ saved: [String: Tensor], done: Int, validation: Bool) throws
    -> FitHistory
  {
    guard let loss = saved["fit.loss"], loss.shape == [done] else {
      throw failure("its fit.loss array is missing or damaged")
    }
    var h = FitHistory(loss: loss.toArray())
    guard validation else { return h }
    if let v = saved["fit.val"] {
      guard v.shape == [done] else { throw failure("its fit.val array is damaged") }
      h.val = v.toArray()
    } else {
      h.val = Array(repeating: .nan, count: done)
    }
    return h
  }

  private func savedStream(_ fit: [String: Any]) throws -> Xoshiro256 {
    guard let words = fit["rng"] as? [String],
          let g = Xoshiro256(state: words.compactMap { UInt64($0, radix: 16) }) else {
      throw failure("its shuffle stream is damaged")
    }
    return g
  }

  private func restoreOptimizer(_ o: [String: Any]?, _ saved: [String: Tensor],
                                _ fit: [String: Any]) throws {
    guard let (name, steps, buffers) = OptimizerFiles.savedState(o, arrays: saved),
          let steps, let lr = saved["fit.lr"], lr.count == 1 else {
      throw failure("its optimizer entry is damaged")
    }
    guard name == optimizer.optimizer.name else {
      throw failure("it holds \(name)'s state, this call trains with \(optimizer.optimizer.name)")
    }
    do { try state.importState(steps: steps, arrays: buffers) } catch {
      throw failure("\(error)")
    }
    optimizer.optimizer.lr = lr.toArray()[0]
    scheduler?.resume(epoch: fit["schedule_epoch"] as? Int ?? 0)  // checked by checkRun
  }

  private func failure(_ why: String) -> RuntimeError {
    RuntimeError("fit: cannot resume from checkpoint \"\(path)\": \(why) (delete the file to "
      + "start again)")
  }
}
