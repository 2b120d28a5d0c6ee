// Model parameters as nested records of variables, and the papers' initialisations.
import NOSGrad
import NOSTensor

/// A model's parameters: named fields (in order) and lists, nested, with tensors at the
/// leaves. Models read their weights from this tree on every call, so an optimizer that
/// writes new leaves into the tree (or the language record it mirrors) updates the model.
public indirect enum Params {
  case tensor(Variable)
  case record([(String, Params)])
  case list([Params])

  /// The field `name` of a record (an error naming the field when missing).
  public func field(_ name: String) throws -> Params {
    guard case .record(let fields) = self else {
      throw TensorError("model parameters: expected a record holding '\(name)'")
    }
    guard let p = fields.first(where: { $0.0 == name })?.1 else {
      throw TensorError("model parameters: the field '\(name)' is missing")
    }
    return p
  }

  /// Item `i` of a list.
  public func item(_ i: Int) throws -> Params {
    guard case .list(let items) = self, i >= 0, i < items.count else {
      throw TensorError("model parameters: expected a list with an item \(i)")
    }
    return items[i]
  }

  /// The tensor at field `name`.
  public func tensor(_ name: String) throws -> Variable {
    guard case .tensor(let v) = try field(name) else {
      throw TensorError("model parameters: the field '\(name)' must be a tensor")
    }
    return v
  }

  /// Every tensor in order (fields in order, list items in order).
  public var leaves: [Variable] {
    switch self {
    case .tensor(let v): return [v]
    case .record(let f): return f.flatMap { $0.1.leaves }
    case .list(let l): return l.flatMap(\.leaves)
    }
  }

  /// The same tree with the leaves replaced in order (as many as `leaves` has).
  public func replacingLeaves(_ new: [Variable]) throws -> Params {
    var i = 0
    func go(_ p: Params) throws -> Params {
      switch p {
      case .tensor:
        guard i < new.count else { throw TensorError("model parameters: too few leaves") }
        defer { i += 1 }
        return .tensor(new[i])
      case .record(let f): return .record(try f.map { ($0.0, try go($0.1)) })
      case .list(let l): return .list(try l.map(go))
      }
    }
    let out = try go(self)
    guard i == new.count else { throw TensorError("model parameters: too many leaves") }
    return out
  }

  /// Numbers over all leaves (a complex element counts once, as PyTorch's numel).
  public var count: Int { leaves.reduce(0) { $0 + $1.value.count } }
}

/// Random initial weights drawn from the process-wide seeded stream.
public enum Init {
  /// Uniform on [-a, a) with the given shape and dtype (complex: both parts uniform).
  public static func uniform(_ shape: [Int], bound a: Double, dtype: DType) throws -> Tensor {
    let u = try Tensor.rand(shape, dtype: dtype)
    return try Tensor.binary(.sub, Tensor.binary(.mul, u, 2 * a), a)
  }

  /// Glorot (Xavier) uniform for a [fanIn, fanOut] weight: bound √(6 / (in + out)).
  public static func glorot(_ fanIn: Int, _ fanOut: Int, dtype: DType) throws -> Tensor {
    let a = (6 / Double(max(1, fanIn + fanOut))).squareRoot()
    return try uniform([fanIn, fanOut], bound: a, dtype: dtype)
  }

  /// The FNO paper's spectral weights: scale·U[0, 1) in both parts, scale = 1/(in·out).
  public static func spectral(_ shape: [Int], fanIn: Int, fanOut: Int, dtype: DType) throws
    -> Tensor {
    let scale = 1 / Double(max(1, fanIn * fanOut))
    return try Tensor.binary(.mul, Tensor.rand(shape, dtype: dtype.complex), scale)
  }

  /// PyTorch's default for a linear layer's weight and bias: U(±1/√fanIn).
  public static func kaiming(_ shape: [Int], fanIn: Int, dtype: DType) throws -> Tensor {
    try uniform(shape, bound: 1 / Double(max(1, fanIn)).squareRoot(), dtype: dtype)
  }
}

/// Checks a model size argument is a positive integer.
func positive(_ n: Int, _ what: String, _ model: String) throws {
  guard n >= 1 else { throw TensorError("\(model): \(what) must be a positive integer, got \(n)") }
}

/// A `Params` tree owned by Swift code, as an optimizer's container (leaves in tree order).
public final class ParamsBox: ParameterContainer {
  public var params: Params

  public init(_ params: Params) { self.params = params }

  public func readLeaves() throws -> [Variable] { params.leaves }

  public func writeLeaves(_ leaves: [Variable]) throws {
    params = try params.replacingLeaves(leaves)
  }
}
