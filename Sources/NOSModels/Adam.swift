// Adam (L2 weight decay added to the gradient) and AdamW (decoupled weight decay).
import Foundation
import NOSGrad
import NOSTensor

/// torch.optim.Adam and AdamW. At step t with gradient g:
/// Adam adds weight_decay·p to g; AdamW first scales p by 1 − lr·weight_decay. Then
/// m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², and
/// p ← p − lr/(1 − β1^t) · m / (√v / √(1 − β2^t) + ε).
/// A complex parameter is updated as two real ones (its real and imaginary parts), as
/// PyTorch does with `view_as_real`: v holds re(g)² and im(g)² separately.
public final class Adam: ElementwiseOptimizer {
  public let name: String
  public var lr: Double
  public let beta1: Double
  public let beta2: Double
  public let eps: Double
  public let weightDecay: Double
  /// AdamW's decoupled weight decay rather than Adam's L2 term.
  public let decoupled: Bool
  public let parameters: any ParameterContainer
  public let layout: ParameterLayout
  public private(set) var steps = 0
  private var moments: [(m: Tensor, v: Tensor)] = []

  /// Adam; `decoupled: true` makes it AdamW (see `Adam.adamW` for AdamW's defaults).
  public init(_ parameters: any ParameterContainer, lr: Double = 1e-3, beta1: Double = 0.9,
              beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0,
              decoupled: Bool = false) throws {
    let name = decoupled ? "adamw" : "adam"
    try checkNonNegative(lr, "lr", name)
    try checkNonNegative(eps, "eps", name)
    try checkNonNegative(weightDecay, "weight_decay", name)
    for (b, what) in [(beta1, "beta1"), (beta2, "beta2")] where !(b >= 0 && b < 1) {
      throw TensorError("\(name): \(what) must be in [0, 1), got \(b)")
    }
    self.name = name
    self.parameters = parameters
    self.lr = lr
    self.beta1 = beta1
    self.beta2 = beta2
    self.eps = eps
    self.weightDecay = weightDecay
    self.decoupled = decoupled
    layout = try ParameterLayout(parameters, optimizer: name)
  }

  /// AdamW with PyTorch's defaults (weight decay 1e-2).
  public static func adamW(_ parameters: any ParameterContainer, lr: Double = 1e-3,
                           beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8,
                           weightDecay: Double = 1e-2) throws -> Adam {
    try Adam(parameters, lr: lr, beta1: beta1, beta2: beta2, eps: eps,
             weightDecay: weightDecay, decoupled: true)
  }

  public var settings: [String] {
    var s: [String] = []
    if beta1 != 0.9 || beta2 != 0.999 {
      s.append("betas=[\(shortNumber(beta1)), \(shortNumber(beta2))]")
    }
    if eps != 1e-8 { s.append("eps=\(shortNumber(eps))") }
    if weightDecay != (decoupled ? 1e-2 : 0) {
      s.append("weight_decay=\(shortNumber(weightDecay))")
    }
    return s
  }

  public func exportState() -> (steps: Int, arrays: [(String, Tensor)]) {
    (steps, moments.enumerated().flatMap { i, mv in [("m.\(i)", mv.m), ("v.\(i)", mv.v)] })
  }

  public func importState(steps: Int, arrays: [String: Tensor]) throws {
    guard steps <= 1 << 53 else {
      throw TensorError("\(name): the saved step count \(steps) is out of range")
    }
    guard steps > 0 else { moments = []; self.steps = 0; return }
    moments = try (0..<layout.count).map { i in
      (try layout.restored(arrays, "m.\(i)", i, optimizer: name),
       try layout.restored(arrays, "v.\(i)", i, optimizer: name))
    }
    self.steps = steps
  }

  public func update(_ values: [Tensor], _ grads: [Tensor]) throws -> [Tensor] {
    if moments.isEmpty {
      moments = try values.map {
        (try stateBuffer(like: $0.dtype, reals: $0.realCount),
         try stateBuffer(like: $0.dtype, reals: $0.realCount))
      }
    }
    let t = Double(steps + 1)
    let c = Kernels.AdamStep(
      stepSize: lr / (1 - pow(beta1, t)), beta1: beta1, beta2: beta2,
      bc2Sqrt: (1 - pow(beta2, t)).squareRoot(), eps: eps,
      l2: decoupled ? 0 : weightDecay, decay: decoupled ? 1 - lr * weightDecay : 1)
    let out = try values.indices.map { i -> Tensor in
      let p = values[i], o = try Tensor(uninitialized: p.shape, dtype: p.dtype)
      let (m, v) = moments[i]
      Kernels.adam(p: p, g: grads[i], out: o, m: m, v: v, c)
      return o
    }
    steps += 1
    return out
  }
}
