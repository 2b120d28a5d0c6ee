// The product of the other elements of each reduction row: the gradient of `prod` without
// dividing by the element, so zeros give the right answer (PyTorch: grad of prod([2, 0, 3, 4])
// is [0, 24, 0, 0]).
import Numerics

extension Tensor {
  /// For each element, the product of the other elements along `axes` (all axes when nil),
  /// from prefix and suffix products (no division).
  public func productOfOthers(axes given: [Int]? = nil) throws -> Tensor {
    if dtype.isDiscrete { return try astype(.f64).productOfOthers(axes: given) }
    let axes = try Array(Set((given ?? Array(0..<ndim)).map { try Shape.axis($0, ndim, op: "prod") }))
      .sorted()
    let order = (0..<ndim).filter { !axes.contains($0) } + axes
    let rows = try permuted(order).copied()
    let n = axes.reduce(1) { $0 * shape[$1] }
    let m = n == 0 ? 0 : rows.count / n
    func run<T: TensorScalar>(_: T.Type) {
      let p = rows.pointer(T.self)
      var suffix = [T](repeating: 1, count: n)
      for r in 0..<m {
        let row = p + r * n
        for k in stride(from: n - 2, through: 0, by: -1) { suffix[k] = suffix[k + 1] * row[k + 1] }
        var prefix: T = 1
        for k in 0..<n {
          let v = row[k]
          row[k] = prefix * suffix[k]
          prefix *= v
        }
      }
    }
    switch dtype {
    case .f32: run(Float.self)
    case .f64: run(Double.self)
    case .c64: run(Complex<Float>.self)
    case .c128: run(Complex<Double>.self)
    case .bool, .i64: break  // converted above
    }
    var inverse = [Int](repeating: 0, count: ndim)
    for (i, a) in order.enumerated() { inverse[a] = i }
    return try rows.permuted(inverse)
  }
}
