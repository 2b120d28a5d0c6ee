// Shape arithmetic: element counts without overflow, strides, broadcasting, axis checks.

enum Shape {
  /// The number of elements, or an error when a size is negative or the product overflows.
  static func count(_ shape: [Int], op: String = "tensor") throws -> Int {
    var n = 1
    for d in shape {
      if d < 0 { throw TensorError("\(op): negative size in shape \(shapeText(shape))") }
      let (m, o) = n.multipliedReportingOverflow(by: d)
      if o { throw TensorError("\(op): shape \(shapeText(shape)) has too many elements") }
      n = m
    }
    return n
  }

  /// Row-major (C order) strides in elements.
  static func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[i] = s
      s &*= max(shape[i], 1)
    }
    return strides
  }

  /// NumPy broadcasting of two shapes.
  static func broadcast(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
    let n = max(a.count, b.count)
    var out = [Int](repeating: 1, count: n)
    for i in 0..<n {
      let x = i < n - a.count ? 1 : a[i - (n - a.count)]
      let y = i < n - b.count ? 1 : b[i - (n - b.count)]
      if x == y || y == 1 { out[i] = x } else if x == 1 { out[i] = y } else {
        throw TensorError("shape mismatch in \(op): \(shapeText(a)) and \(shapeText(b))")
      }
    }
    return out
  }

  /// Normalises a possibly negative axis for a tensor of rank `ndim`.
  static func axis(_ axis: Int, _ ndim: Int, op: String) throws -> Int {
    let a = axis < 0 ? axis + ndim : axis
    guard a >= 0 && a < ndim else {
      throw TensorError("\(op): axis \(axis) is out of range for a tensor with \(ndim) dimensions")
    }
    return a
  }
}

extension Tensor {
  /// `axis` normalised for rank `ndim` (negative counts from the end), or the standard error.
  public static func axis(_ axis: Int, ndim: Int, op: String) throws -> Int {
    try Shape.axis(axis, ndim, op: op)
  }
}
