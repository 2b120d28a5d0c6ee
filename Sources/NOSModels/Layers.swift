// Building blocks shared by the models: activations, dense and pointwise layers, the Model protocol.
import NOSGrad
import NOSTensor

/// A pointwise nonlinearity chosen by name: "tanh", "relu", "gelu", "sigmoid", "softplus",
/// "sin", or "identity".
public struct Activation: Sendable {
  public let name: String
  let op: UnaryOp?

  public static let names = ["tanh", "relu", "gelu", "sigmoid", "softplus", "sin", "identity"]

  public init(_ name: String, model: String) throws {
    switch name {
    case "tanh": op = .tanh
    case "relu": op = .relu
    case "gelu": op = .gelu
    case "sigmoid": op = .sigmoid
    case "softplus": op = .softplus
    case "sin": op = .sin
    case "identity", "none", "linear": op = nil
    default:
      throw TensorError("\(model): unknown activation '\(name)' (use one of "
        + Self.names.map { "\"\($0)\"" }.joined(separator: ", ") + ")")
    }
    self.name = name
  }

  public func callAsFunction(_ x: Variable) throws -> Variable {
    guard let op else { return x }
    return try unary(op, x)
  }
}

/// One row of `model.summary()`: a block's name, its output shape and its parameter count.
public struct SummaryRow: Sendable {
  public let block: String
  public let shape: String
  public let parameters: Int
}

/// A model: an architecture whose weights live in a `Params` tree passed to every call.
public protocol Model: AnyObject {
  /// "mlp", "deeponet", "fno", "tfno", "linear".
  var kind: String { get }
  /// The constructor call that makes this architecture, e.g. `fno(modes=16, width=64, ...)`.
  var signature: String { get }
  var dtype: DType { get }
  /// How many inputs a call takes (DeepONet: 2).
  var arity: Int { get }
  /// Fresh weights, drawn from the seeded stream as the papers initialise them.
  func initialParams() throws -> Params
  /// The model applied to `inputs` with weights `p`.
  func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable
  /// Rows of the summary table.
  func summary(_ p: Params) -> [SummaryRow]
}

extension Model {
  /// Casts an input to the model's dtype (a complex input is an error).
  func input(_ x: Variable) throws -> Variable {
    guard !x.dtype.isComplex else {
      throw TensorError("\(kind): expected a real input, got a \(x.dtype) tensor")
    }
    return x.dtype == dtype ? x : try cast(x, dtype)
  }
}

/// Dense layer parameters `{w [in, out], b [out]}`.
enum Dense {
  static func glorot(_ n: Int, _ m: Int, _ dtype: DType) throws -> Params {
    .record([("w", .tensor(Variable(try Init.glorot(n, m, dtype: dtype)))),
             ("b", .tensor(Variable(try Tensor.zeros([m], dtype: dtype))))])
  }

  /// PyTorch's default linear initialisation (used inside the FNO, as its reference code).
  static func kaiming(_ n: Int, _ m: Int, _ dtype: DType) throws -> Params {
    .record([("w", .tensor(Variable(try Init.kaiming([n, m], fanIn: n, dtype: dtype)))),
             ("b", .tensor(Variable(try Init.kaiming([m], fanIn: n, dtype: dtype))))])
  }

  /// `x @ w + b` over the last axis.
  static func apply(_ p: Params, _ x: Variable) throws -> Variable {
    try add(matmul(x, p.tensor("w")), p.tensor("b"))
  }

  /// The same map on channels-first data `[B, in, ...]` → `[B, out, ...]`: one GEMM per
  /// sample with the spatial axes flattened.
  /// With `base` (shaped like the output) the result is `base + layer(x)` in one pass.
  static func channels(_ p: Params, _ x: Variable, onto base: Variable? = nil) throws -> Variable {
    let w = try p.tensor("w"), b = try p.tensor("b")
    let s = x.shape
    guard s.count >= 3, w.value.ndim == 2, s[1] == w.shape[0] else {
      throw TensorError("pointwise layer: input of shape \(s) does not fit weight \(w.shape)")
    }
    let flat = try reshape(x, [s[0], s[1], s.dropFirst(2).reduce(1, *)])
    let n = flat.shape[2]
    let out = try pointwise(flat, w, b, onto: base.map { try reshape($0, [s[0], w.shape[1], n]) })
    return try reshape(out, [s[0], w.shape[1]] + Array(s.dropFirst(2)))
  }

  static func count(_ n: Int, _ m: Int) -> Int { n * m + m }
}

func shapeText(_ s: [String]) -> String { "[" + s.joined(separator: ", ") + "]" }
