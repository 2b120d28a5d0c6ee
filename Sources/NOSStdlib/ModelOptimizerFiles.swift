// The optimizer part of a model file: "optimizer" in nos.json and "optimizer.*" arrays.
import Foundation
import NOSLang
import NOSModels
import NOSTensor

enum OptimizerFiles {
  /// `config` (a model's architecture JSON) with the optimizer entry added; its state goes
  /// into `arrays`.
  static func save(_ o: OptimizerValue, model: ModelValue, config: String,
                   arrays: inout [(name: String, tensor: Tensor)]) throws -> String {
    guard var d = dictionary(config) else {
      throw RuntimeError("savemodel: internal configuration error")
    }
    d["optimizer"] = try entry(o, model: model, arrays: &arrays)
    return try text(d)
  }

  /// The "optimizer" entry of nos.json for `o` (name, steps, hyperparameters); its state
  /// buffers are appended to `arrays` as "optimizer.NAME".
  static func entry(_ o: OptimizerValue, model: ModelValue,
                    arrays: inout [(name: String, tensor: Tensor)]) throws -> [String: Any] {
    guard let state = o.optimizer as? any OptimizerState else {
      throw RuntimeError("savemodel: the state of \(o.optimizer.name) cannot be saved (adam, adamw and sgd can)")
    }
    let shapes = try model.optimizerParameters().readLeaves().map(\.shape)
    guard o.optimizer.layout.shapes == shapes else {
      throw RuntimeError("savemodel: opt= must be an optimizer of this model")
    }
    let (steps, buffers) = state.exportState()
    for (name, t) in buffers { arrays.append(("optimizer.\(name)", t)) }
    return ["name": o.optimizer.name, "steps": steps, "hyperparameters": state.hyperparameters]
  }

  /// What an "optimizer" entry and the file's arrays say: its name, step count and state
  /// buffers (keys without the "optimizer." prefix); nil when the entry is missing or damaged.
  static func savedState(_ entry: [String: Any]?, arrays: [String: Tensor])
    -> (name: String, steps: Int?, state: [String: Tensor])?
  {
    guard let entry, let name = entry["name"] as? String else { return nil }
    var state: [String: Tensor] = [:]
    for (k, t) in arrays where k.hasPrefix("optimizer.") { state[String(k.dropFirst(10))] = t }
    return (name, entry["steps"] as? Int, state)
  }

  /// nos.json as a dictionary (nil when it is not a JSON object).
  static func dictionary(_ json: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
  }

  /// A dictionary as nos.json text (sorted keys: the same content gives the same bytes).
  static func text(_ d: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: d, options: [.sortedKeys]),
           as: UTF8.self)
  }

  static func load(_ config: String, arrays: [String: Tensor], model: ModelValue,
                   path: String) throws -> Value {
    let d = dictionary(config)
    guard let (name, steps, state) = savedState(d?["optimizer"] as? [String: Any], arrays: arrays),
          let h = (d?["optimizer"] as? [String: Any])?["hyperparameters"] as? [String: Double] else {
      throw RuntimeError("cannot load \"\(path)\": it holds no optimizer (save it with savemodel(model, path, opt=opt))")
    }
    let params = try model.optimizerParameters()
    guard let opt = try ModelRegistry.optimizer(named: name, params, hyperparameters: h) else {
      throw RuntimeError("cannot load \"\(path)\": unknown optimizer '\(name)'")
    }
    do { try opt.importState(steps: steps ?? 0, arrays: state) } catch {
      throw RuntimeError("cannot load \"\(path)\": \(error)")
    }
    return .host(OptimizerValue(opt, params: params))
  }
}
