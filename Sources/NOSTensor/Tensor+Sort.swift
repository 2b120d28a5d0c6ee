// Sorting kernels: a stable argsort along the last axis (NaN last, as NumPy) and unique values.

extension Tensor {
  /// Indices (i64, as NumPy's intp) that sort each row along the last axis: ascending, or
  /// descending with `descending`. Stable (equal elements keep their order); NaN sorts last
  /// either way, as NumPy's `sort`. i64 rows compare exactly. Complex tensors are refused.
  public func argsortLast(descending: Bool = false, op: String = "argsort") throws -> Tensor {
    guard !dtype.isComplex else {
      throw TensorError("\(op): complex tensors have no order")
    }
    guard ndim > 0 else { return Tensor(0, dtype: .i64) }
    let n = shape[ndim - 1]
    var out = [Int64](repeating: 0, count: count)
    if dtype == .i64 {
      let values = toInt64Array()
      Self.sortRows(&out, n) { i, j in descending ? values[i] > values[j] : values[i] < values[j] }
    } else {
      let values = try astype(.f64).contiguous().toArray()
      Self.sortRows(&out, n) { i, j in
        let a = values[i], b = values[j]
        if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN }
        return descending ? a > b : a < b
      }
    }
    return try Tensor(int64: out, shape: shape)
  }

  /// Fills `out` row by row (rows of `n`) with the stable order of `before` on flat positions.
  private static func sortRows(_ out: inout [Int64], _ n: Int,
                               _ before: (Int, Int) -> Bool) {
    let rows = n == 0 ? 0 : out.count / n
    for r in 0..<rows {
      let base = r * n
      let order = (0..<n).sorted { i, j in
        let (a, b) = (base + i, base + j)
        if before(a, b) { return true }
        if before(b, a) { return false }
        return i < j
      }
      for (k, i) in order.enumerated() { out[base + k] = Int64(i) }
    }
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

  /// The sorted distinct values as a 1-D tensor of this dtype (exact for i64) and, for each
  /// element in row-major order, the position of its value there (NumPy's `return_inverse`;
  /// every NaN maps to the one NaN, as NumPy 2's `equal_nan`).
  public func uniqueInverse() throws -> (values: Tensor, inverse: [Int]) {
    if dtype == .i64 {
      let all = toInt64Array()
      let values = Array(Set(all)).sorted()
      let at = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
      return (try Tensor(int64: values, shape: [values.count]), all.map { at[$0] ?? 0 })
    }
    let values = try uniqueValues()
    let at = Dictionary(uniqueKeysWithValues: values.enumerated().filter { !$1.isNaN }
      .map { ($1, $0) })
    let all = try astype(.f64).contiguous().toArray()
    let inverse = all.map { $0.isNaN ? values.count - 1 : at[$0] ?? 0 }
    return (try Tensor(values).astype(dtype), inverse)
  }
}
