// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay.
import NOSGrad
import NOSTensor

/// torch.optim.SGD: with gradient g and d = g + weight_decay·p, the momentum buffer is
/// b = d on the first step and b = momentum·b + (1 − dampening)·d after; the step uses
/// d + momentum·b (Nesterov) or b (plain momentum) or d (no momentum): p ← p − lr·step.
public final class SGD: ElementwiseOptimizer {
  public let name = "sgd"
  public var lr: Double
  public let momentum: Double
  public let dampening: Double
  public let weightDecay: Double
  public let nesterov: Bool
  public let parameters: any ParameterContainer
  public let layout: ParameterLayout
  public private(set) var steps = 0
  /// One momentum buffer per parameter (reals), made on the first step when momentum > 0.
  private var buffers: [Tensor] = []

  public init(_ parameters: any ParameterContainer, lr: Double, momentum: Double = 0,
              dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) throws {
    try checkNonNegative(lr, "lr", "sgd")
    try checkNonNegative(momentum, "momentum", "sgd")
    try checkNonNegative(dampening, "dampening", "sgd")
    try checkNonNegative(weightDecay, "weight_decay", "sgd")
    if nesterov && (momentum <= 0 || dampening != 0) {
      throw TensorError("sgd: nesterov needs momentum > 0 and no dampening")
    }
    self.parameters = parameters
    self.lr = lr
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    layout = try ParameterLayout(parameters, optimizer: "sgd")
  }

  public var settings: [String] {
    var s: [String] = []
    if momentum != 0 { s.append("momentum=\(shortNumber(momentum))") }
    if dampening != 0 { s.append("dampening=\(shortNumber(dampening))") }
    if nesterov { s.append("nesterov=true") }
    if weightDecay != 0 { s.append("weight_decay=\(shortNumber(weightDecay))") }
    return s
  }

  public func exportState() -> (steps: Int, arrays: [(String, Tensor)]) {
    (steps, buffers.enumerated().map { i, b in ("momentum.\(i)", b) })
  }

  public func importState(steps: Int, arrays: [String: Tensor]) throws {
    guard steps <= 1 << 53 else {
      throw TensorError("\(name): the saved step count \(steps) is out of range")
    }
    buffers = steps > 0 && momentum != 0
      ? try (0..<layout.count).map { try layout.restored(arrays, "momentum.\($0)", $0, optimizer: name) } : []
    self.steps = steps
  }

  public func update(_ values: [Tensor], _ grads: [Tensor]) throws -> [Tensor] {
    if momentum != 0 && buffers.isEmpty {
      buffers = try values.map { try stateBuffer(like: $0.dtype, reals: $0.realCount) }
    }
    let first = steps == 0
    let out = try values.indices.map { i -> Tensor in
      let p = values[i], o = try Tensor(uninitialized: p.shape, dtype: p.dtype)
      let b = buffers.isEmpty ? nil : buffers[i]
      if p.dtype.isDouble {
        Kernels.sgd(Double.self, p: p, g: grads[i], out: o, buffer: b, first: first, lr: lr,
                    momentum: momentum, dampening: dampening, weightDecay: weightDecay,
                    nesterov: nesterov)
      } else {
        Kernels.sgd(Float.self, p: p, g: grads[i], out: o, buffer: b, first: first, lr: lr,
                    momentum: momentum, dampening: dampening, weightDecay: weightDecay,
                    nesterov: nesterov)
      }
      return o
    }
    steps += 1
    return out
  }
}
