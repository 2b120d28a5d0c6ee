// Swift operators and small composite functions: norm, allclose, all, any, trapz, meshgrid.

extension Tensor {
  public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(.add, a, b) }
  public static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(.sub, a, b) }
  public static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(.mul, a, b) }
  public static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(.div, a, b) }
  public static func + (a: Tensor, b: Double) throws -> Tensor { try binary(.add, a, b) }
  public static func - (a: Tensor, b: Double) throws -> Tensor { try binary(.sub, a, b) }
  public static func * (a: Tensor, b: Double) throws -> Tensor { try binary(.mul, a, b) }
  public static func / (a: Tensor, b: Double) throws -> Tensor { try binary(.div, a, b) }
  public static func * (a: Double, b: Tensor) throws -> Tensor { try binary(.mul, a, b) }
  public static prefix func - (a: Tensor) throws -> Tensor { try a.unary(.neg) }

  /// Euclidean (Frobenius) norm over all elements, or along `axis`.
  public func norm(axis: Int? = nil, keepdims: Bool = false) throws -> Tensor {
    if let a = axis, a < -ndim || a >= ndim {
      throw TensorError("norm: axis \(a) is out of range for a tensor with \(ndim) dimensions")
    }
    let sq = try unary(.abs).unary(.square)
    return try sq.reduce(.sum, axes: axis.map { [$0] }, keepdims: keepdims).unary(.sqrt)
  }

  /// True when |a - b| ≤ atol + rtol·|b| everywhere (NaNs are never close), as NumPy.
  public static func allclose(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5,
                              atol: Double = 1e-8) throws -> Bool {
    _ = try Shape.broadcast(a.shape, b.shape, op: "allclose")
    let diff = try binary(.sub, a, b).unary(.abs)
    let tol = try binary(.add, binary(.mul, b.unary(.abs), rtol), atol)
    let ok = try binary(.le, diff, tol)
    let inf = try binary(.eq, a, b)  // equal infinities have a NaN difference
    return try binary(.maximum, ok, inf).all()  // true when empty, as NumPy
  }

  /// True when every element is nonzero (true for an empty tensor).
  public func all() throws -> Bool {
    count == 0 ? true : try Tensor.binary(.ne, self, 0).reduce(.min).item() == 1
  }

  /// True when some element is nonzero.
  public func any() throws -> Bool {
    count == 0 ? false : try Tensor.binary(.ne, self, 0).reduce(.max).item() == 1
  }

  /// Trapezoidal integral of `y` over its last axis, at points `x` or with spacing `dx`.
  public static func trapz(_ y: Tensor, x: Tensor? = nil, dx: Double = 1) throws -> Tensor {
    guard y.ndim >= 1 else { throw TensorError("trapz: needs at least one dimension") }
    let pre = Array(repeating: TensorIndex.all, count: y.ndim - 1)
    let hi = try y.get(pre + [.slice(start: 1, stop: nil, step: 1)])
    let lo = try y.get(pre + [.slice(start: nil, stop: -1, step: 1)])
    let mid = try binary(.mul, binary(.add, hi, lo), 0.5)
    guard let x else { return try binary(.mul, mid.reduce(.sum, axes: [-1]), dx) }
    guard x.shape.last == y.shape.last else {
      throw TensorError("shape mismatch in trapz: \(shapeText(y.shape)) and \(shapeText(x.shape))")
    }
    return try binary(.mul, mid, x.diff()).reduce(.sum, axes: [-1])
  }

  /// Coordinate grids from 1-D `x` and `y`: "xy" indexing gives [len(y), len(x)] (NumPy's
  /// default), "ij" gives [len(x), len(y)].
  public static func meshgrid(_ x: Tensor, _ y: Tensor, indexing: String = "xy") throws -> (Tensor, Tensor) {
    guard x.ndim == 1, y.ndim == 1 else {
      throw TensorError("meshgrid: needs 1-D tensors, got \(shapeText(x.shape)) and \(shapeText(y.shape))")
    }
    let (nx, ny) = (x.count, y.count)
    switch indexing {
    case "xy":
      return (try x.reshaped([1, nx]).broadcast(to: [ny, nx]).copied(),
              try y.reshaped([ny, 1]).broadcast(to: [ny, nx]).copied())
    case "ij":
      return (try x.reshaped([nx, 1]).broadcast(to: [nx, ny]).copied(),
              try y.reshaped([1, ny]).broadcast(to: [nx, ny]).copied())
    default:
      throw TensorError("meshgrid: indexing must be \"xy\" or \"ij\", got \"\(indexing)\"")
    }
  }
}
