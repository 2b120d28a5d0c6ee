// Sorting kernels: a stable argsort along the last axis (NaN last, as NumPy) and unique values.

extension Tensor {
  /// Indices (f64) that sort each row along the last axis: ascending, or descending with
  /// `descending`. Stable (equal elements keep their order); NaN sorts last either way, as
  /// NumPy's `sort`. Complex tensors are refused (no order).
  public func argsortLast(descending: Bool = false, op: String = "argsort") throws -> Tensor {
    guard !dtype.isComplex else {
      throw TensorError("\(op): complex tensors have no order")
    }
    guard ndim > 0 else { return Tensor(0) }
    let n = shape[ndim - 1]
    let values = try astype(.f64).contiguous().toArray()
    let rows = n == 0 ? 0 : values.count / n
    var out = [Double](repeating: 0, count: values.count)
    for r in 0..<rows {
      let base = r * n
      let order = (0..<n).sorted { i, j in
        let a = values[base + i], b = values[base + j]
        if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN || (a.isNaN && b.isNaN && i < j) }
        if a == b { return i < j }
        return descending ? a > b : a < b
      }
      for (k, i) in order.enumerated() { out[base + k] = Double(i) }
    }
    return try Tensor(out, shape: shape)
  }

  /// The sorted distinct values of all elements (NaN once, last), as `numpy.unique`.
  public func uniqueValues() throws -> [Double] {
    guard !dtype.isComplex else {
      throw TensorError("unique: complex tensors have no order")
    }
    let values = try astype(.f64).contiguous().toArray()
    var out = Array(Set(values.filter { !$0.isNaN })).sorted()
    if values.contains(where: \.isNaN) { out.append(.nan) }
    return out
  }
}
