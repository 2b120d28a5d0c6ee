// Where an optimizer's parameters live: the container seam, a plain list, and the fixed layout.
import NOSGrad
import NOSTensor

/// Anything that holds a flat, ordered list of parameter tensors an optimizer can update:
/// a Swift list, a nos record or list of tensors, a model. Optimizers read the leaves, compute
/// new values and write them back in the same order; the closure form of `step` writes
/// tracked leaves, evaluates the loss, and writes plain values back.
public protocol ParameterContainer: AnyObject {
  /// The current parameters, in a fixed order.
  func readLeaves() throws -> [Variable]
  /// Replaces the parameters (same order, count and shapes as `readLeaves`).
  func writeLeaves(_ leaves: [Variable]) throws
  /// A name for leaf `i` in messages (`params.w`); the default is "parameter i+1".
  func leafName(_ i: Int) -> String
}

extension ParameterContainer {
  public func leafName(_ i: Int) -> String { "parameter \(i + 1)" }
}

/// The simplest container: an array of variables owned by Swift code.
public final class ParameterList: ParameterContainer {
  public var leaves: [Variable]

  public init(_ tensors: [Tensor]) { leaves = tensors.map { Variable($0) } }

  /// The current values as plain tensors.
  public var tensors: [Tensor] { leaves.map(\.value) }

  public func readLeaves() throws -> [Variable] { leaves }

  public func writeLeaves(_ new: [Variable]) throws {
    guard new.count == leaves.count else {
      throw TensorError("parameters: expected \(leaves.count) tensors, got \(new.count)")
    }
    leaves = new
  }
}

/// Shapes and dtypes of the parameters when the optimizer was made; every step checks the
/// container still matches, so per-parameter state always lines up with its parameter.
public struct ParameterLayout: Sendable {
  public let shapes: [[Int]]
  public let dtypes: [DType]

  /// Reads the layout of `container`; an empty container is an error.
  public init(_ container: any ParameterContainer, optimizer: String) throws {
    let leaves = try container.readLeaves()
    guard !leaves.isEmpty else {
      throw TensorError("\(optimizer): there are no parameters to optimize")
    }
    shapes = leaves.map(\.shape)
    dtypes = leaves.map(\.dtype)
  }

  public var count: Int { shapes.count }
  /// Elements over all parameters (a complex element counts once).
  public var elements: Int { shapes.reduce(0) { $0 + $1.reduce(1, *) } }
  /// Real numbers over all parameters (a complex element counts twice).
  public var reals: Int {
    zip(shapes, dtypes).reduce(0) { $0 + $1.0.reduce(1, *) * ($1.1.isComplex ? 2 : 1) }
  }

  /// The container's current values as contiguous tensors, checked against the layout.
  func values(of container: any ParameterContainer, _ optimizer: String) throws -> [Tensor] {
    let leaves = try container.readLeaves()
    guard leaves.count == count else {
      throw TensorError("\(optimizer): the parameters changed since the optimizer was made "
        + "(\(count) tensors then, \(leaves.count) now)")
    }
    return try leaves.enumerated().map { i, v in
      guard v.shape == shapes[i], v.dtype == dtypes[i] else {
        throw TensorError("\(optimizer): \(container.leafName(i)) changed since the optimizer was "
          + "made (\(describe(shapes[i], dtypes[i])) then, \(describe(v.shape, v.dtype)) now)")
      }
      return try v.value.contiguous()
    }
  }

  /// Gradients converted to the parameters' dtypes and made contiguous; a count, shape or
  /// real/complex mismatch is an error naming the parameter.
  func gradients(_ grads: [Tensor], _ container: any ParameterContainer,
                 _ optimizer: String) throws -> [Tensor] {
    guard grads.count == count else {
      throw TensorError("\(optimizer): expected \(count) gradient tensors, got \(grads.count)")
    }
    return try grads.enumerated().map { i, g in
      guard g.shape == shapes[i] else {
        throw TensorError("\(optimizer): the gradient of \(container.leafName(i)) has shape "
          + "\(shapeText(g.shape)), the parameter has \(shapeText(shapes[i]))")
      }
      if g.dtype.isComplex && !dtypes[i].isComplex {
        throw TensorError("\(optimizer): the gradient of \(container.leafName(i)) is complex, "
          + "the parameter is real")
      }
      return try g.astype(dtypes[i]).contiguous()
    }
  }
}

private func describe(_ shape: [Int], _ dtype: DType) -> String { "\(dtype) \(shapeText(shape))" }
