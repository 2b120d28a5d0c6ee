// Reading and writing parts of a tensor: integers, slices with steps, gathers by index tensors.
import Numerics

/// One entry of `x[...]`: an integer drops its axis, a slice keeps it, an index tensor gathers
/// (several broadcast against each other and pair up, as NumPy), a bool mask of k axes picks
/// the true positions of those axes.
public enum TensorIndex: Sendable {
  case at(Int)
  case slice(start: Int?, stop: Int?, step: Int?)
  case gather(Tensor)
  case mask(Tensor)

  public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)
}

extension Tensor {
  /// `x[indices...]`: a view for integers and slices, a copy when index tensors gather.
  public func get(_ indices: [TensorIndex]) throws -> Tensor {
    if let m = Tensor.isWholeMask(indices, shape), ndim > 0 { return try maskedElements(m) }
    if Tensor.isAdvanced(indices) { return try gather(advancedIndex(indices)) }
    return try basicView(indices)
  }

  /// `x[indices...] = value`, broadcasting `value`; copies the storage first if it is shared.
  /// A position named twice by index tensors gets the last value written.
  public mutating func set(_ indices: [TensorIndex], _ value: Tensor) throws {
    try write(indices, value, accumulate: false, op: "index assignment")
  }

  /// `x[indices] += value` where repeated gather positions accumulate (a scatter-add, the
  /// adjoint of `get`).
  public mutating func add(_ indices: [TensorIndex], _ value: Tensor) throws {
    try write(indices, value, accumulate: true, op: "index add")
  }

  private mutating func write(_ indices: [TensorIndex], _ value: Tensor, accumulate: Bool,
                              op: String) throws {
    // A broadcast view (stride 0 along a longer axis) shares one element among positions, so
    // writing through it would change them all: it gets its own storage first, like a shared one.
    if !isKnownUniquelyReferenced(&storage) || zip(shape, strides).contains(where: { $0 > 1 && $1 == 0 }) {
      self = try copied()
    }
    let v = try value.astype(dtype)
    if Tensor.isAdvanced(indices) {
      try scatter(advancedIndex(indices), v, accumulate: accumulate, op: op)
      return
    }
    let view = try basicView(indices)
    let src = try v.broadcast(to: view.shape, op: op)
    try view.assign(accumulate ? Tensor.binary(.add, view, src).astype(dtype) : src)
  }

  /// The sub-view at position `i` along `axis` (the axis is dropped; `i` must be valid).
  func select(_ axis: Int, _ i: Int) -> Tensor {
    var sh = shape, st = strides
    let off = offset &+ i &* strides[axis]  // wraps only for empty tensors (never read)
    sh.remove(at: axis)
    st.remove(at: axis)
    return Tensor(storage: storage, dtype: dtype, shape: sh, strides: st, offset: off)
  }

  /// Copies `src` (same shape and dtype) into the elements this view refers to.
  func assign(_ src: Tensor) throws {
    switch dtype {
    case .f32: assignElements(Float.self, src)
    case .f64, .c64, .i64: assignElements(Double.self, src)
    case .c128: assignElements(Complex16.self, src)
    case .bool: assignElements(UInt8.self, src)
    }
  }

  private func assignElements<T>(_: T.Type, _ src: Tensor) {
    let d = pointer(T.self), s = src.pointer(T.self)
    let w = RowWalker(shape: shape, strides, src.strides)
    let (sd, ss, _) = w.innerStrides
    w.forRuns(0..<(w.rows * w.inner)) { _, n, o in
      let a = d + o.0, b = s + o.1
      for k in 0..<n { a[k * sd] = b[k * ss] }
    }
  }

  /// Applies integer and slice indices as a view.
  private func basicView(_ indices: [TensorIndex]) throws -> Tensor {
    guard indices.count <= ndim else {
      throw TensorError("too many indices for tensor of shape \(shapeText(shape)): \(indices.count)")
    }
    var sh: [Int] = [], st: [Int] = [], off = offset
    for (axis, index) in indices.enumerated() {
      switch index {
      case .at(let i):
        // An empty tensor's strides may be huge and are never read: wrapping arithmetic.
        off &+= try checkedPosition(i, size: shape[axis], axis: axis) &* strides[axis]
      case .slice(let start, let stop, let step):
        let (first, count, by) = try sliceBounds(shape[axis], start, stop, step)
        off &+= first &* strides[axis]
        sh.append(count)
        st.append(strides[axis] &* by)
      case .gather, .mask:
        throw TensorError("internal: index tensor in a basic index")
      }
    }
    sh += shape[indices.count...]
    st += strides[indices.count...]
    return Tensor(storage: storage, dtype: dtype, shape: sh, strides: st, offset: off)
  }

  /// The elements of an index tensor used on `axis` of length `size`, checked and made
  /// non-negative (the same messages as an integer index).
  func indexList(size: Int, axis: Int) throws -> [Int] {
    guard !dtype.isComplex else { throw TensorError("an index tensor must be real, got \(dtype)") }
    if dtype == .i64 {
      return try toInt64Array().map { try checkedPosition(Int($0), size: size, axis: axis) }
    }
    return try toArray().map { v in
      guard let i = Int(exactly: v) else {
        throw TensorError("index \(v) is not an integer")
      }
      return try checkedPosition(i, size: size, axis: axis)
    }
  }
}

/// NumPy slice semantics: (first position, number of elements, step).
func sliceBounds(_ n: Int, _ start: Int?, _ stop: Int?, _ step: Int?) throws -> (Int, Int, Int) {
  let raw = step ?? 1
  guard raw != 0 else { throw TensorError("slice step cannot be zero") }
  // A step longer than the axis picks at most one element; capping it avoids overflow.
  let by = raw > 0 ? Swift.min(raw, n + 1) : Swift.max(raw, -(n + 1))
  func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(v, lo), hi) }
  func norm(_ v: Int) -> Int { v < 0 ? v &+ n : v }
  let lo: Int, hi: Int
  if by > 0 {
    lo = clamp(norm(start ?? 0), 0, n)
    hi = clamp(norm(stop ?? n), 0, n)
    return (lo, hi > lo ? (hi - lo + by - 1) / by : 0, by)
  }
  lo = clamp(norm(start ?? n - 1), -1, n - 1)
  hi = clamp(stop.map(norm) ?? -1, -1, n - 1)
  return (Swift.max(lo, 0), lo > hi ? (lo - hi - by - 1) / -by : 0, by)
}
