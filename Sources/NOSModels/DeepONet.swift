// DeepONet (Lu et al.): branch net on sensor values, trunk net on query points, dot product + bias.
import NOSGrad
import NOSTensor

/// `net(u, y)`: branch MLP on `u [B, m]` → `[B, p]`, trunk MLP on `y [P, d]` → `[P, p]`
/// (activation also after the trunk's last layer, as DeepXDE), output
/// `G(u)(y) = Σ_k branch_k · trunk_k + b0` of shape `[B, P]` (Cartesian product). Points
/// given per sample, `y [B, P, d]`, are evaluated aligned (sample b at its own points).
/// Glorot-uniform weights, zero biases.
public final class DeepONet: Model {
  public let branch: [Int]
  public let trunk: [Int]
  public let act: Activation
  public let dtype: DType

  public init(branch: [Int], trunk: [Int], act: String = "relu", dtype: DType = .f64) throws {
    guard branch.count >= 2, trunk.count >= 2 else {
      throw TensorError("deeponet: branch and trunk need at least two sizes each")
    }
    guard branch.last == trunk.last else {
      throw TensorError("deeponet: the branch and trunk must end in the same width, got "
        + "\(branch.last ?? 0) and \(trunk.last ?? 0)")
    }
    for s in branch + trunk { try positive(s, "every size", "deeponet") }
    guard !dtype.isComplex else { throw TensorError("deeponet: dtype must be f32 or f64") }
    self.branch = branch
    self.trunk = trunk
    self.act = try Activation(act, model: "deeponet")
    self.dtype = dtype
  }

  public var kind: String { "deeponet" }
  public var arity: Int { 2 }
  public var signature: String {
    "deeponet(branch=\(shapeText(branch)), trunk=\(shapeText(trunk)), act=\"\(act.name)\")"
  }

  public func initialParams() throws -> Params {
    func net(_ s: [Int]) throws -> Params {
      .list(try (0..<(s.count - 1)).map { try Dense.glorot(s[$0], s[$0 + 1], dtype) })
    }
    return .record([("branch", try net(branch)), ("trunk", try net(trunk)),
                    ("bias", .tensor(Variable(try Tensor.zeros([], dtype: dtype))))])
  }

  private func run(_ p: Params, _ x: Variable, _ n: Int, lastAct: Bool) throws -> Variable {
    var x = x
    for i in 0..<n {
      x = try Dense.apply(p.item(i), x)
      if i < n - 1 || lastAct { x = try act(x) }
    }
    return x
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 2 else {
      throw TensorError("deeponet: call it with two inputs, net(u, y)")
    }
    let u = try input(inputs[0]), y = try input(inputs[1])
    guard u.value.ndim == 2, u.shape[1] == branch[0] else {
      throw TensorError("deeponet: u must be [B, \(branch[0])], got shape \(u.shape)")
    }
    let d = trunk[0]
    guard y.value.ndim == 2 || y.value.ndim == 3, y.shape.last == d else {
      throw TensorError("deeponet: y must be [P, \(d)] or [B, P, \(d)], got shape \(y.shape)")
    }
    if y.value.ndim == 3 && y.shape[0] != u.shape[0] {
      throw TensorError("deeponet: per-sample points y [B, P, \(d)] need B = \(u.shape[0]), "
        + "got \(y.shape[0])")
    }
    let b = try run(p.field("branch"), u, branch.count - 1, lastAct: false)
    let t = try run(p.field("trunk"), y, trunk.count - 1, lastAct: true)
    let out = y.value.ndim == 2
      ? try matmul(b, transposeLast(t))
      : try squeeze(matmul(t, unsqueeze(b, axis: 2)), axis: 2)
    return try add(out, p.tensor("bias"))
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    let rows = { (name: String, s: [Int]) in
      (0..<(s.count - 1)).map { i in
        SummaryRow(block: "\(name) \(i + 1)", shape: shapeText([name == "branch" ? "B" : "P",
                                                              "\(s[i + 1])"]),
                   parameters: Dense.count(s[i], s[i + 1]))
      }
    }
    return rows("branch", branch) + rows("trunk", trunk)
      + [SummaryRow(block: "bias", shape: "[B, P]", parameters: 1)]
  }

  public var parameterCount: Int {
    func c(_ s: [Int]) -> Int { (0..<(s.count - 1)).reduce(0) { $0 + Dense.count(s[$1], s[$1 + 1]) } }
    return c(branch) + c(trunk) + 1
  }
}
