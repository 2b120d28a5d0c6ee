// The states an ODE integrator can carry: plain [Double] (native right-hand sides), tensors
// (a nos function outside `grad`) and autodiff variables (inside `grad`: backprop through steps).
import NOSGrad
import NOSTensor

/// A vector space element the Runge–Kutta steps combine.
public protocol ODEVector {
  /// base + Σ cᵢ·vᵢ.
  static func combine(_ base: Self, _ terms: [(Double, Self)]) throws -> Self
  /// The values as reals (for error norms; no gradient flows through them).
  func reals() throws -> [Double]
  /// Throws unless this value of f can be combined with the state `y`.
  func check(like y: Self) throws
}

/// The message for a right-hand side of the wrong shape.
func shapeError(_ got: [Int], _ want: [Int]) -> TensorError {
  TensorError("odeint: f returned shape \(got) for a state of shape \(want)")
}

extension Array: ODEVector where Element == Double {
  public static func combine(_ base: [Double], _ terms: [(Double, [Double])]) throws -> [Double] {
    var out = base
    for (c, v) in terms where c != 0 {
      guard v.count == out.count else {
        throw TensorError("odeint: f returned \(v.count) values for a state of \(out.count)")
      }
      for i in out.indices { out[i] += c * v[i] }
    }
    return out
  }
  public func reals() throws -> [Double] { self }
  public func check(like y: [Double]) throws {
    guard count == y.count else { throw shapeError([count], [y.count]) }
  }
}

extension Tensor: ODEVector {
  public static func combine(_ base: Tensor, _ terms: [(Double, Tensor)]) throws -> Tensor {
    var out = base
    for (c, v) in terms where c != 0 {
      guard v.shape == base.shape else {
        throw TensorError("odeint: f returned shape \(v.shape) for a state of shape \(base.shape)")
      }
      out = try Tensor.binary(.add, out, try Tensor.binary(.mul, v, c))
    }
    return out
  }
  public func reals() throws -> [Double] { try doubles() }
  public func check(like y: Tensor) throws {
    guard shape == y.shape else { throw shapeError(shape, y.shape) }
    guard !dtype.isComplex else { throw TensorError("odeint: f must return real values") }
  }
}

extension Variable: ODEVector {
  public static func combine(_ base: Variable, _ terms: [(Double, Variable)]) throws -> Variable {
    var out = base
    for (c, v) in terms where c != 0 {
      guard v.shape == base.shape else {
        throw TensorError("odeint: f returned shape \(v.shape) for a state of shape \(base.shape)")
      }
      out = try add(out, try mul(v, Variable(Tensor(c, dtype: v.dtype))))
    }
    return out
  }
  public func reals() throws -> [Double] { try value.doubles() }
  public func check(like y: Variable) throws { try value.check(like: y.value) }
}
