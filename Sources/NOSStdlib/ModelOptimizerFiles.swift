// The optimizer part of a model file: "optimizer" in nos.json and "optimizer.*" arrays.
import Foundation
import NOSLang
import NOSModels
import NOSTensor

enum OptimizerFiles {
  static func save(_ o: OptimizerValue, model: ModelValue, config: String,
                   arrays: inout [(name: String, tensor: Tensor)]) throws -> String {
    guard let state = o.optimizer as? any OptimizerState else {
      throw RuntimeError("savemodel: the state of \(o.optimizer.name) cannot be saved (adam, adamw and sgd can)")
    }
    let shapes = try model.optimizerParameters().readLeaves().map(\.shape)
    guard o.optimizer.layout.shapes == shapes else {
      throw RuntimeError("savemodel: opt= must be an optimizer of this model")
    }
    let (steps, buffers) = state.exportState()
    for (name, t) in buffers { arrays.append(("optimizer.\(name)", t)) }
    guard var d = (try? JSONSerialization.jsonObject(with: Data(config.utf8))) as? [String: Any] else {
      throw RuntimeError("savemodel: internal configuration error")
    }
    d["optimizer"] = ["name": o.optimizer.name, "steps": steps,
                      "hyperparameters": state.hyperparameters] as [String: Any]
    let data = try JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  static func load(_ config: String, arrays: [String: Tensor], model: ModelValue,
                   path: String) throws -> Value {
    guard let d = (try? JSONSerialization.jsonObject(with: Data(config.utf8))) as? [String: Any],
          let o = d["optimizer"] as? [String: Any], let name = o["name"] as? String,
          let h = o["hyperparameters"] as? [String: Double] else {
      throw RuntimeError("cannot load \"\(path)\": it holds no optimizer (save it with savemodel(model, path, opt=opt))")
    }
    let steps = o["steps"] as? Int ?? 0
    let params = try model.optimizerParameters()
    guard let opt = try ModelRegistry.optimizer(named: name, params, hyperparameters: h) else {
      throw RuntimeError("cannot load \"\(path)\": unknown optimizer '\(name)'")
    }
    var state: [String: Tensor] = [:]
    for (k, t) in arrays where k.hasPrefix("optimizer.") { state[String(k.dropFirst(10))] = t }
    do { try opt.importState(steps: steps, arrays: state) } catch {
      throw RuntimeError("cannot load \"\(path)\": \(error)")
    }
    return .host(OptimizerValue(opt, params: params))
  }
}
