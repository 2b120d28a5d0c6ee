// The optimizer protocol (SGD, Adam, AdamW, L-BFGS) and the closure form of a step.
import NOSGrad
import NOSTensor

/// An optimizer over the parameters of a container, keeping per-parameter state between
/// steps. `step(gradients:)` applies gradients shaped like the parameters;
/// `step(closure:)` evaluates the loss itself (the closure reads the container's leaves).
public protocol Optimizer: AnyObject {
  /// "sgd", "adam", "adamw" or "lbfgs".
  var name: String { get }
  /// The learning rate; schedulers change it between steps.
  var lr: Double { get set }
  var parameters: any ParameterContainer { get }
  /// Shapes and dtypes the parameters had when the optimizer was made.
  var layout: ParameterLayout { get }
  /// Hyper-parameters other than lr that differ from their defaults ("momentum=0.9").
  var settings: [String] { get }
  /// Steps taken so far.
  var steps: Int { get }
  /// One update from gradients in the container's leaf order.
  func step(gradients: [Tensor]) throws
  /// Evaluates the loss with `closure`, differentiates it and updates; returns the loss at
  /// the parameters the step started from (as PyTorch's `step(closure)`).
  @discardableResult func step(closure: () throws -> Variable) throws -> Double
}

/// An optimizer whose update is a function of the current values and gradients alone.
public protocol ElementwiseOptimizer: Optimizer {
  /// New values from the current ones and their gradients (same layout); advances the
  /// optimizer's state by one step.
  func update(_ values: [Tensor], _ grads: [Tensor]) throws -> [Tensor]
}

extension ElementwiseOptimizer {
  public func step(gradients: [Tensor]) throws {
    let values = try layout.values(of: parameters, name)
    let grads = try layout.gradients(gradients, parameters, name)
    try parameters.writeLeaves(update(values, grads).map { Variable($0) })
  }

  @discardableResult
  public func step(closure: () throws -> Variable) throws -> Double {
    let values = try layout.values(of: parameters, name)
    let (loss, raw) = try LossEvaluation.lossAndGradients(parameters, values, closure, name)
    let grads = try layout.gradients(raw, parameters, name)
    try parameters.writeLeaves(update(values, grads).map { Variable($0) })
    return loss
  }
}

public enum LossEvaluation {
  /// Writes a fresh leaf of each of `values` into `container`, calls `closure` (which
  /// computes the loss from the container's leaves), and differentiates the loss with
  /// respect to the leaves. The container holds the plain `values` afterwards, also when the
  /// closure throws, so no graph outlives the call.
  public static func lossAndGradients(
    _ container: any ParameterContainer, _ values: [Tensor], _ closure: () throws -> Variable,
    _ optimizer: String
  ) throws -> (Double, [Tensor]) {
    let leaves = values.map { Variable.leaf(Variable($0)) }
    try container.writeLeaves(leaves)
    defer { try? container.writeLeaves(values.map { Variable($0) }) }
    let loss = try GradMode.with(recording: true) { try closure() }
    guard loss.value.count == 1 else {
      throw TensorError("\(optimizer): the closure must return a single number, got a tensor "
        + "of shape \(shapeText(loss.shape))")
    }
    guard !loss.dtype.isComplex else {
      throw TensorError("\(optimizer): the closure must return a real number, got a complex one")
    }
    let grads = try Autodiff.gradients(of: loss, wrt: leaves, createGraph: false)
    return (try loss.value.item(), grads.map(\.value))
  }
}

/// Checks shared by the constructors: finite and non-negative.
func checkNonNegative(_ x: Double, _ what: String, _ optimizer: String) throws {
  guard x.isFinite, x >= 0 else {
    throw TensorError("\(optimizer): \(what) must be a non-negative number, got \(x)")
  }
}

/// "0.001", "0.9", "1e-08": numbers in summaries, integral ones without a decimal point.
func shortNumber(_ x: Double) -> String {
  if abs(x) < 1e15, let i = Int(exactly: x) { return String(i) }
  return "\(x)"
}
