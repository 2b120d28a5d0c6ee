// Learning-rate schedules: StepLR and CosineAnnealingLR with PyTorch's chainable rules.
import Foundation
import NOSTensor

/// Changes an optimizer's learning rate once per `step()` (usually once per epoch).
/// Like PyTorch's schedulers, the rules are "chainable": each step scales the optimizer's
/// current lr, so a change made by hand in between carries on.
public protocol Scheduler: AnyObject {
  /// "steplr" or "cosine".
  var name: String { get }
  var optimizer: any Optimizer { get }
  /// The optimizer's lr when the scheduler was made (PyTorch's base_lr).
  var baseLR: Double { get }
  /// Steps taken (PyTorch's last_epoch).
  var epoch: Int { get }
  /// The schedule's settings for summaries ("step=10, gamma=0.5").
  var settings: [String] { get }
  /// Advances one epoch and sets the optimizer's lr.
  func step()
  /// Sets the step count to a saved one, leaving the lr alone (a resumed `fit` restores the
  /// optimizer's lr itself).
  func resume(epoch: Int)
}

/// torch.optim.lr_scheduler.StepLR: lr is multiplied by gamma every `stepSize` epochs, so
/// without outside changes lr(epoch) = base·gamma^⌊epoch/stepSize⌋.
public final class StepLR: Scheduler {
  public let name = "steplr"
  public let optimizer: any Optimizer
  public let baseLR: Double
  public let stepSize: Int
  public let gamma: Double
  public private(set) var epoch = 0

  public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Double) throws {
    guard stepSize >= 1 else {
      throw TensorError("steplr: step must be at least 1, got \(stepSize)")
    }
    try checkNonNegative(gamma, "gamma", "steplr")
    self.optimizer = optimizer
    self.stepSize = stepSize
    self.gamma = gamma
    baseLR = optimizer.lr
  }

  public var settings: [String] { ["step=\(stepSize)", "gamma=\(shortNumber(gamma))"] }

  public func step() {
    epoch += 1
    if epoch % stepSize == 0 { optimizer.lr *= gamma }
  }

  public func resume(epoch: Int) { self.epoch = epoch }
}

/// torch.optim.lr_scheduler.CosineAnnealingLR: without outside changes
/// lr(epoch) = eta_min + (base − eta_min)·(1 + cos(π·epoch/total))/2, which reaches eta_min
/// at epoch = total and, as in PyTorch, rises again after it (a period of 2·total).
public final class CosineLR: Scheduler {
  public let name = "cosine"
  public let optimizer: any Optimizer
  public let baseLR: Double
  public let total: Int
  public let etaMin: Double
  public private(set) var epoch = 0

  public init(_ optimizer: any Optimizer, total: Int, etaMin: Double = 0) throws {
    guard total >= 1 else { throw TensorError("cosine: total must be at least 1, got \(total)") }
    guard total <= 1 << 40 else { throw TensorError("cosine: total is too large (\(total))") }
    try checkNonNegative(etaMin, "eta_min", "cosine")
    self.optimizer = optimizer
    self.total = total
    self.etaMin = etaMin
    baseLR = optimizer.lr
  }

  public var settings: [String] {
    ["total=\(total)"] + (etaMin != 0 ? ["eta_min=\(shortNumber(etaMin))"] : [])
  }

  public func step() {
    epoch += 1
    let T = Double(total), e = Double(epoch), lr = optimizer.lr
    if (epoch - 1 - total) % (2 * total) == 0 {
      optimizer.lr = lr + (baseLR - etaMin) * (1 - cos(Double.pi / T)) / 2
    } else {
      optimizer.lr = (1 + cos(Double.pi * e / T)) / (1 + cos(Double.pi * (e - 1) / T))
        * (lr - etaMin) + etaMin
    }
  }

  public func resume(epoch: Int) { self.epoch = epoch }
}
