// Saving and restoring an optimizer's running state (Adam's moments, SGD's momentum), so
// training can resume from a model file exactly where it stopped.
import NOSTensor

/// An optimizer whose state can be written out and read back.
public protocol OptimizerState: Optimizer {
  /// The hyperparameters needed to make the same optimizer again.
  var hyperparameters: [String: Double] { get }
  /// The step count and named state tensors (empty before the first step).
  func exportState() -> (steps: Int, arrays: [(String, Tensor)])
  /// Restores what `exportState` gave; shapes and dtypes must match the parameters.
  func importState(steps: Int, arrays: [String: Tensor]) throws
}

extension ParameterLayout {
  /// The state buffer layout of parameter i: its numbers as reals (complex counts twice).
  func stateShape(_ i: Int) -> ([Int], DType) {
    let n = shapes[i].reduce(1, *) * (dtypes[i].isComplex ? 2 : 1)
    return ([n], dtypes[i].real)
  }

  /// The saved buffer `name` for parameter i, checked against that parameter.
  func restored(_ arrays: [String: Tensor], _ name: String, _ i: Int, optimizer: String) throws -> Tensor {
    guard let t = arrays[name] else { throw TensorError("\(optimizer): the saved state lacks '\(name)'") }
    let (shape, dtype) = stateShape(i)
    guard t.shape == shape, t.dtype == dtype else {
      throw TensorError("\(optimizer): the saved '\(name)' does not fit parameter \(i)")
    }
    return try t.copied()
  }
}

extension Adam: OptimizerState {
  public var hyperparameters: [String: Double] {
    ["lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps, "weight_decay": weightDecay,
     "decoupled": decoupled ? 1 : 0]
  }
}

extension SGD: OptimizerState {
  public var hyperparameters: [String: Double] {
    ["lr": lr, "momentum": momentum, "dampening": dampening, "weight_decay": weightDecay,
     "nesterov": nesterov ? 1 : 0]
  }
}
