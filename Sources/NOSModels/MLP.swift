// Dense networks: linear(in, out) and mlp(sizes, act, out_act), Glorot-initialised.
import NOSGrad
import NOSTensor

/// A stack of dense layers `sizes[0] → … → sizes[-1]`, `act` after every hidden layer and
/// `outAct` (if any) after the last; acts on the last axis of `[..., sizes[0]]`.
/// `linear(in, out)` is the one-layer case. Weights are Glorot-uniform, biases zero.
public final class MLP: Model {
  public let sizes: [Int]
  public let act: Activation
  public let outAct: Activation?
  public let dtype: DType
  /// True for `linear(in, out)`: parameters `{w, b}` instead of a list of layers.
  public let single: Bool

  public init(sizes: [Int], act: String = "tanh", outAct: String? = nil, dtype: DType = .f64,
              single: Bool = false) throws {
    let name = single ? "linear" : "mlp"
    guard sizes.count >= 2 else {
      throw TensorError("mlp: sizes needs at least two entries (inputs and outputs), got "
        + "\(sizes.count)")
    }
    for s in sizes { try positive(s, "every size", name) }
    guard !dtype.isComplex else { throw TensorError("\(name): dtype must be f32 or f64") }
    self.sizes = sizes
    self.act = try Activation(act, model: name)
    self.outAct = try outAct.map { try Activation($0, model: name) }
    self.dtype = dtype
    self.single = single
  }

  public var kind: String { single ? "linear" : "mlp" }
  public var arity: Int { 1 }

  public var signature: String {
    if single { return "linear(\(sizes[0]), \(sizes[1]))" }
    var s = "mlp([\(sizes.map(String.init).joined(separator: ", "))], act=\"\(act.name)\""
    if let o = outAct { s += ", out_act=\"\(o.name)\"" }
    return s + ")"
  }

  public func initialParams() throws -> Params {
    if single { return try Dense.glorot(sizes[0], sizes[1], dtype) }
    return .list(try (0..<(sizes.count - 1)).map { try Dense.glorot(sizes[$0], sizes[$0 + 1], dtype) })
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("\(kind): expected one input") }
    var x = try input(inputs[0])
    guard x.value.ndim >= 1, x.shape.last == sizes[0] else {
      throw TensorError("\(kind): expected an input [..., \(sizes[0])], got shape "
        + "\(x.shape.isEmpty ? "[]" : "\(x.shape)")")
    }
    if single { return try Dense.apply(p, x) }
    let n = sizes.count - 1
    for i in 0..<n {
      x = try Dense.apply(p.item(i), x)
      if i < n - 1 { x = try act(x) } else if let o = outAct { x = try o(x) }
    }
    return x
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    (0..<(sizes.count - 1)).map { i in
      SummaryRow(block: single ? "linear" : "dense \(i + 1)",
                 shape: shapeText(["...", "\(sizes[i + 1])"]),
                 parameters: Dense.count(sizes[i], sizes[i + 1]))
    }
  }

  /// Σ (in·out + out) over the layers.
  public var parameterCount: Int {
    (0..<(sizes.count - 1)).reduce(0) { $0 + Dense.count(sizes[$1], sizes[$1 + 1]) }
  }
}
