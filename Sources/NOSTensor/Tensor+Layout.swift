// Changing shape without changing values: reshape, permute, transpose, squeeze, unsqueeze.

extension Tensor {
  /// The same elements with a new shape; one size may be -1 (inferred). A view when possible.
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    var target = newShape
    let unknown = target.indices.filter { target[$0] == -1 }
    if unknown.count > 1 { throw TensorError("reshape: only one size may be -1, got \(shapeText(newShape))") }
    if target.contains(where: { $0 < -1 }) {
      throw TensorError("reshape: negative size in \(shapeText(newShape))")
    }
    if let u = unknown.first {
      let known = try Shape.count(target.filter { $0 != -1 }, op: "reshape")
      guard known > 0, count % known == 0 else {
        throw TensorError("cannot reshape tensor of shape \(shapeText(shape)) into \(shapeText(newShape))")
      }
      target[u] = count / known
    }
    guard try Shape.count(target, op: "reshape") == count else {
      throw TensorError("cannot reshape tensor of shape \(shapeText(shape)) into \(shapeText(newShape))")
    }
    let base = try contiguous()
    return Tensor(storage: base.storage, dtype: dtype, shape: target,
                  strides: Shape.contiguousStrides(target), offset: base.offset)
  }

  /// Axes reordered: result axis i is this tensor's axis `order[i]` (a view).
  public func permuted(_ order: [Int]) throws -> Tensor {
    let axes = try order.map { try Shape.axis($0, ndim, op: "permute") }
    guard axes.count == ndim, Set(axes).count == ndim else {
      throw TensorError("permute: \(shapeText(order)) is not a permutation of \(ndim) axes")
    }
    return Tensor(storage: storage, dtype: dtype, shape: axes.map { shape[$0] },
                  strides: axes.map { strides[$0] }, offset: offset)
  }

  /// Swaps two axes (a view).
  public func transposed(_ a: Int, _ b: Int) throws -> Tensor {
    let i = try Shape.axis(a, ndim, op: "transpose"), j = try Shape.axis(b, ndim, op: "transpose")
    var order = Array(0..<ndim)
    order.swapAt(i, j)
    return try permuted(order)
  }

  /// All axes reversed, as NumPy's `.T`.
  public var T: Tensor {
    Tensor(storage: storage, dtype: dtype, shape: shape.reversed(), strides: strides.reversed(),
           offset: offset)
  }

  /// Drops axes of size 1 (all of them, or only `axis`, which must have size 1).
  public func squeezed(axis: Int? = nil) throws -> Tensor {
    var keep = Array(0..<ndim)
    if let axis {
      let a = try Shape.axis(axis, ndim, op: "squeeze")
      guard shape[a] == 1 else {
        throw TensorError("squeeze: axis \(axis) has size \(shape[a]), not 1 (shape \(shapeText(shape)))")
      }
      keep.remove(at: a)
    } else {
      keep = keep.filter { shape[$0] != 1 }
    }
    return Tensor(storage: storage, dtype: dtype, shape: keep.map { shape[$0] },
                  strides: keep.map { strides[$0] }, offset: offset)
  }

  /// Inserts an axis of size 1 at `axis` (negative counts from the end of the result).
  public func unsqueezed(axis: Int) throws -> Tensor {
    let a = try Shape.axis(axis, ndim + 1, op: "unsqueeze")
    var sh = shape, st = strides
    sh.insert(1, at: a)
    st.insert(a < ndim ? strides[a] &* shape[a] : 1, at: a)
    return Tensor(storage: storage, dtype: dtype, shape: sh, strides: st, offset: offset)
  }

  /// A 1-D view or copy of all elements.
  public func flattened() throws -> Tensor { try reshaped([count]) }
}
