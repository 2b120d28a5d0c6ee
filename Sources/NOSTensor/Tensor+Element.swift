// Cheap element access and small vectors for the interpreter's scalar paths: no struct copy,
// no shape arithmetic, no buffer-pool round trip for a handful of numbers.

extension Tensor {
  /// The element of an f64 tensor at one index per axis (negatives count from the end); nil
  /// for another dtype, another number of indices, or an index out of range.
  public func f64Element(at index: (Int) -> Int?, count: Int) -> Double? {
    guard dtype == .f64, count == shape.count else { return nil }
    var at = offset
    for k in 0..<count {
      guard let i = index(k) else { return nil }
      let n = shape[k]
      let j = i < 0 ? i &+ n : i  // Int.min + n must not trap: it is out of range anyway
      guard j >= 0, j < n else { return nil }
      at &+= j &* strides[k]
    }
    return storage.raw.assumingMemoryBound(to: Double.self)[at]
  }

  /// Address of element 0, count and stride of a 1-D f64 tensor, else nil.
  public var f64VectorLayout: (UnsafeMutablePointer<Double>, Int, Int)? {
    guard dtype == .f64, shape.count == 1 else { return nil }
    return (storage.raw.assumingMemoryBound(to: Double.self) + offset, shape[0], strides[0])
  }

  /// The value of a 0-d f64 tensor, else nil.
  public var f64Scalar: Double? {
    guard dtype == .f64, shape.isEmpty else { return nil }
    return storage.raw.assumingMemoryBound(to: Double.self)[offset]
  }

  /// A 1-D f64 tensor of `count` elements written by `value(i)`: a bracket literal of numbers.
  /// Shapes and strides of short vectors are shared arrays, so this allocates only the
  /// storage.
  public static func f64Vector(count: Int, _ value: (Int) -> Double) -> Tensor {
    let shape = count < SmallShapes.vectors.count ? SmallShapes.vectors[count] : [count]
    let t = Tensor(storage: Storage(validated: count, dtype: .f64), dtype: .f64, shape: shape,
                   strides: SmallShapes.unit)
    let p = t.storage.raw.assumingMemoryBound(to: Double.self)
    for i in 0..<count { p[i] = value(i) }
    return t
  }
}

/// Shape arrays shared by short vectors (copying one is a retain, not an allocation).
enum SmallShapes {
  static let vectors: [[Int]] = (0..<16).map { [$0] }
  static let unit = [1]
}
