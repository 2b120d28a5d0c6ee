// fit's choices by name: the loss metric, the optimizer, the schedule; the supervised loss.
import NOSGrad
import NOSTensor

extension Training {
  /// A prediction-versus-truth metric by name: "rel_l2", "mse" or "h1" (nil otherwise).
  public static func metric(named name: String) -> ((Variable, Variable) throws -> Variable)? {
    switch name {
    case "rel_l2": return Losses.relativeL2
    case "mse": return Losses.mse
    case "h1": return Losses.h1
    default: return nil
    }
  }

  /// An optimizer by name: "adam", "adamw" or "sgd" with learning rate `lr` (nil otherwise).
  public static func optimizer(named name: String, _ parameters: any ParameterContainer,
                               lr: Double) throws -> (any Optimizer)? {
    switch name {
    case "adam": return try Adam(parameters, lr: lr)
    case "adamw": return try Adam.adamW(parameters, lr: lr)
    case "sgd": return try SGD(parameters, lr: lr)
    default: return nil
    }
  }

  /// The supervised loss of a batch: `metric(model(inputs...), target)`, with the target
  /// cast to the prediction's dtype. `params` gives the weights the model reads (the tree
  /// an optimizer's container holds).
  public static func supervisedLoss(
    _ model: any Model, params: @escaping () throws -> Params, inputs: [String],
    target: String, metric: @escaping (Variable, Variable) throws -> Variable
  ) -> (TensorSamples) throws -> Variable {
    { batch in
      func field(_ k: String) throws -> Variable {
        guard let t = batch.tensor(k) else {
          throw TensorError("fit: the batch has no tensor '\(k)'")
        }
        return Variable(t)
      }
      let pred = try model.forward(params(), inputs.map(field))
      let truth = try field(target)
      return try metric(pred, truth.dtype == pred.dtype ? truth : cast(truth, pred.dtype))
    }
  }
}
