// Reading and writing parts of a tensor: integers, slices with steps, gathers by index tensors.
import Numerics

/// One entry of `x[...]`: an integer drops its axis, a slice keeps it, an index tensor gathers.
public enum TensorIndex: Sendable {
  case at(Int)
  case slice(start: Int?, stop: Int?, step: Int?)
  case gather(Tensor)

  public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)
}

extension Tensor {
  /// `x[indices...]`: a view for integers and slices, a copy when an index tensor gathers.
  public func get(_ indices: [TensorIndex]) throws -> Tensor {
    let (view, gathers) = try basicView(indices)
    var out = view, shift = 0
    for (axis, idx) in gathers {
      // An index tensor of rank r turns one axis into r, moving the axes after it.
      out = try out.indexSelect(axis: axis + shift, idx)
      shift += idx.ndim - 1
    }
    return out
  }

  /// `x[indices...] = value`, broadcasting `value`; copies the storage first if it is shared.
  public mutating func set(_ indices: [TensorIndex], _ value: Tensor) throws {
    // A broadcast view (stride 0 along a longer axis) shares one element among positions, so
    // writing through it would change them all: it gets its own storage first, like a shared one.
    if !isKnownUniquelyReferenced(&storage) || zip(shape, strides).contains(where: { $0 > 1 && $1 == 0 }) {
      self = try copied()
    }
    let (view, gathers) = try basicView(indices)
    let v = try value.astype(dtype)
    guard gathers.count <= 1 else {
      throw TensorError("index assignment: at most one index tensor is supported")
    }
    guard let (axis, idx) = gathers.first else {
      try view.assign(v.broadcast(to: view.shape, op: "index assignment"))
      return
    }
    let positions = try idx.indexList(size: view.shape[axis], op: "index assignment")
    var gshape = view.shape
    gshape.replaceSubrange(axis...axis, with: idx.shape)
    let src = try v.broadcast(to: gshape, op: "index assignment")
      .reshaped(Array(view.shape[..<axis]) + [positions.count] + Array(view.shape[(axis + 1)...]))
    for (j, p) in positions.enumerated() {
      try view.select(axis, p).assign(src.select(axis, j))
    }
  }

  /// `x[indices] += value` where repeated gather positions accumulate (a scatter-add, the
  /// adjoint of `get`).
  public mutating func add(_ indices: [TensorIndex], _ value: Tensor) throws {
    if !isKnownUniquelyReferenced(&storage) || strides.contains(0) { self = try copied() }
    let (view, gathers) = try basicView(indices)
    let v = try value.astype(dtype)
    guard gathers.count <= 1 else {
      throw TensorError("index add: at most one index tensor is supported")
    }
    guard let (axis, idx) = gathers.first else {
      try view.assign(Tensor.binary(.add, view, v.broadcast(to: view.shape, op: "index add")))
      return
    }
    let positions = try idx.indexList(size: view.shape[axis], op: "index add")
    var gshape = view.shape
    gshape.replaceSubrange(axis...axis, with: idx.shape)
    let src = try v.broadcast(to: gshape, op: "index add")
      .reshaped(Array(view.shape[..<axis]) + [positions.count] + Array(view.shape[(axis + 1)...]))
    for (j, p) in positions.enumerated() {
      let dst = view.select(axis, p)
      try dst.assign(Tensor.binary(.add, dst, src.select(axis, j)))
    }
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
    case .f64, .c64: assignElements(Double.self, src)
    case .c128: assignElements(Complex16.self, src)
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

  /// Applies integer and slice indices as a view; returns gathers still to do, with the axis
  /// of the view they apply to.
  private func basicView(_ indices: [TensorIndex]) throws -> (Tensor, [(Int, Tensor)]) {
    guard indices.count <= ndim else {
      throw TensorError("too many indices for tensor of shape \(fmt(shape)): \(indices.count)")
    }
    var sh: [Int] = [], st: [Int] = [], off = offset
    var gathers: [(Int, Tensor)] = []
    for (axis, index) in indices.enumerated() {
      let n = shape[axis]
      switch index {
      case .at(let i):
        let j = i < 0 ? i + n : i
        guard j >= 0 && j < n else {
          throw TensorError("index \(i) is out of range for axis \(axis) with size \(n)")
        }
        off &+= j &* strides[axis]  // an empty tensor's strides may be huge: never read
      case .slice(let start, let stop, let step):
        let (first, count, by) = try sliceBounds(n, start, stop, step)
        off &+= first &* strides[axis]
        sh.append(count)
        st.append(strides[axis] &* by)
      case .gather(let idx):
        gathers.append((sh.count, idx))
        sh.append(n)
        st.append(strides[axis])
      }
    }
    sh += shape[indices.count...]
    st += strides[indices.count...]
    return (Tensor(storage: storage, dtype: dtype, shape: sh, strides: st, offset: off), gathers)
  }

  /// Elements along `axis` picked by the integers in `idx` (any shape; it replaces the axis).
  public func indexSelect(axis: Int, _ idx: Tensor) throws -> Tensor {
    let a = try Shape.axis(axis, ndim, op: "gather")
    let positions = try idx.indexList(size: shape[a], op: "gather")
    var outShape = shape
    outShape.replaceSubrange(a...a, with: [positions.count])
    var out = try Tensor(uninitialized: outShape, dtype: dtype)
    for (j, p) in positions.enumerated() { try out.select(a, j).assign(select(a, p)) }
    var finalShape = shape
    finalShape.replaceSubrange(a...a, with: idx.shape)
    return try out.reshaped(finalShape)
  }

  /// The elements of an index tensor as checked, non-negative positions below `size`.
  func indexList(size: Int, op: String) throws -> [Int] {
    guard !dtype.isComplex else { throw TensorError("\(op): index tensor must be real") }
    return try toArray().map { v in
      guard let i = Int(exactly: v) else {
        throw TensorError("\(op): index \(v) is not an integer")
      }
      let j = i < 0 ? i + size : i
      guard j >= 0 && j < size else {
        throw TensorError("\(op): index \(i) is out of range for axis with size \(size)")
      }
      return j
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
