// NumPy's advanced indexing: index tensors broadcast against each other and pick elements in
// pairs (`x[[0, 1], [2, 3]]` is x[0, 2] and x[1, 3]); a boolean mask stands for the index
// tensors of its true positions. Reading gathers, writing scatters, adding accumulates.
import Numerics

/// Where an index with index tensors (or masks) reads: the view left by the slices, which of
/// its axes the index tensors address, and the broadcast positions along each of them.
struct AdvancedIndex {
  /// The tensor after slices; every advanced axis is still there at full length.
  let view: Tensor
  /// Axes of `view` that index tensors address, in order.
  let axes: [Int]
  /// For each of `axes`, the checked positions, one per element of the broadcast index.
  let positions: [[Int]]
  /// The broadcast shape of the index tensors.
  let indexShape: [Int]
  /// NumPy's rule: advanced entries next to each other put their shape where they stood;
  /// separated by a slice, it goes first.
  let adjacent: Bool

  init(view: Tensor, axes: [Int], positions: [[Int]], indexShape: [Int], adjacent: Bool) {
    self.view = view
    self.axes = axes
    self.positions = positions
    self.indexShape = indexShape
    self.adjacent = adjacent
    restAxes = (0..<view.ndim).filter { !axes.contains($0) }
  }

  /// The view's axes not addressed by index tensors (they keep their place and length);
  /// stored, since every slab of a gather or scatter reads it.
  let restAxes: [Int]
  var count: Int { positions.first?.count ?? 0 }

  /// Shape of the result as `x[...]` returns it.
  var resultShape: [Int] {
    let rest = restAxes.map { view.shape[$0] }
    let lead = adjacent ? restAxes.filter { $0 < axes[0] }.count : 0
    return Array(rest[..<lead]) + indexShape + Array(rest[lead...])
  }

  /// The order that turns a `[indexShape..., rest...]` tensor into `resultShape`.
  var resultOrder: [Int] {
    let b = indexShape.count, rest = restAxes.count
    let lead = adjacent ? restAxes.filter { $0 < axes[0] }.count : 0
    return Array(b..<(b + lead)) + Array(0..<b) + Array((b + lead)..<(b + rest))
  }

  /// The sub-view of the rest axes at broadcast position `p`.
  func slab(_ p: Int) -> Tensor {
    var off = view.offset
    for (j, a) in axes.enumerated() { off &+= positions[j][p] &* view.strides[a] }
    return Tensor(storage: view.storage, dtype: view.dtype, shape: restShape,
                  strides: restAxes.map { view.strides[$0] }, offset: off)
  }

  var restShape: [Int] { restAxes.map { view.shape[$0] } }

  /// Element offsets into the storage when every axis is addressed (no rest axes).
  func elementOffsets() -> [Int] {
    (0..<count).map { p in
      var off = view.offset
      for (j, a) in axes.enumerated() { off &+= positions[j][p] &* view.strides[a] }
      return off
    }
  }
}

extension Tensor {
  /// True when `indices` hold an index tensor or mask (NumPy's advanced indexing).
  static func isAdvanced(_ indices: [TensorIndex]) -> Bool {
    indices.contains { if case .at = $0 { return false }; if case .slice = $0 { return false }; return true }
  }

  /// Resolves an index holding index tensors or masks. Integers then count as 0-d index
  /// tensors (NumPy: `x[0, :, [1, 2]]` puts the pair's axis first).
  func advancedIndex(_ indices: [TensorIndex]) throws -> AdvancedIndex {
    let used = indices.reduce(0) { n, i in if case .mask(let m) = i { return n + m.ndim }; return n + 1 }
    guard used <= ndim else {
      throw TensorError("too many indices for tensor of shape \(shapeText(shape)): \(used)")
    }
    var sh: [Int] = [], st: [Int] = [], off = offset
    var axes: [Int] = [], arrays: [(shape: [Int], values: [Int])] = [], items: [Int] = []
    var axis = 0
    for (item, index) in indices.enumerated() {
      switch index {
      case .slice(let start, let stop, let step):
        let (first, count, by) = try sliceBounds(shape[axis], start, stop, step)
        off &+= first &* strides[axis]
        sh.append(count)
        st.append(strides[axis] * by)
        axis += 1
      case .at(let i):
        axes.append(sh.count); items.append(item)
        arrays.append(([], [try checkedPosition(i, size: shape[axis], axis: axis)]))
        sh.append(shape[axis]); st.append(strides[axis])
        axis += 1
      case .gather(let t):
        axes.append(sh.count); items.append(item)
        arrays.append((t.shape, try t.indexList(size: shape[axis], axis: axis)))
        sh.append(shape[axis]); st.append(strides[axis])
        axis += 1
      case .mask(let m):
        let covered = Array(shape[axis..<(axis + m.ndim)])
        guard m.ndim > 0, m.shape == covered else {
          throw TensorError("boolean index of shape \(shapeText(m.shape)) does not match the indexed "
            + "axes of shape \(shapeText(covered)) (tensor shape \(shapeText(shape)))")
        }
        let where_ = try m.nonzeroIndices()
        for d in 0..<m.ndim {
          axes.append(sh.count); items.append(item)
          arrays.append(([where_[d].count], where_[d]))
          sh.append(shape[axis]); st.append(strides[axis])
          axis += 1
        }
      }
    }
    sh += shape[axis...]
    st += strides[axis...]
    var b: [Int] = []
    for a in arrays { b = try Shape.broadcast(b, a.shape, op: "index") }
    let positions = try arrays.map { try broadcastPositions($0.values, from: $0.shape, to: b) }
    let adjacent = zip(items, items.dropFirst()).allSatisfy { $1 - $0 <= 1 }
    let view = Tensor(storage: storage, dtype: dtype, shape: sh, strides: st, offset: off)
    return AdvancedIndex(view: view, axes: axes, positions: positions, indexShape: b,
                         adjacent: adjacent)
  }

  /// `x[adv]`: a fresh tensor.
  func gather(_ adv: AdvancedIndex) throws -> Tensor {
    let rest = adv.restShape
    var out = try Tensor(uninitialized: [adv.count] + rest, dtype: dtype)
    if rest.isEmpty {
      let offsets = adv.elementOffsets()
      let raw = storage.raw, dst = out.storage.raw, size = dtype.size
      for (p, o) in offsets.enumerated() {
        (dst + p * size).copyMemory(from: raw + o * size, byteCount: size)
      }
    } else {
      for p in 0..<adv.count { try out.select(0, p).assign(adv.slab(p)) }
    }
    out = try out.reshaped(adv.indexShape + rest)
    return try out.permuted(adv.resultOrder)
  }

  /// Writes (or, with `accumulate`, adds) `value` broadcast to the result's shape at `adv`.
  func scatter(_ adv: AdvancedIndex, _ value: Tensor, accumulate: Bool, op: String) throws {
    let order = adv.resultOrder
    var inverse = [Int](repeating: 0, count: order.count)
    for (i, a) in order.enumerated() { inverse[a] = i }
    let rest = adv.restShape
    let src = try value.broadcast(to: adv.resultShape, op: op).permuted(inverse)
      .reshaped([adv.count] + rest)
    if rest.isEmpty {
      try scatterElements(adv.elementOffsets(), try src.astype(dtype).contiguous(), accumulate)
      return
    }
    for p in 0..<adv.count {
      let dst = adv.slab(p), part = src.select(0, p)
      try dst.assign(accumulate ? Tensor.binary(.add, dst, part).astype(dtype) : part)
    }
  }
}

extension Tensor {
  /// Element-wise scatter of the contiguous `src` (this tensor's dtype) to storage offsets.
  fileprivate func scatterElements(_ offsets: [Int], _ src: Tensor, _ accumulate: Bool) throws {
    func run<T: TensorScalar>(_: T.Type) {
      let d = storage.raw.assumingMemoryBound(to: T.self), s = src.pointer(T.self)
      for (p, o) in offsets.enumerated() { d[o] = accumulate ? d[o] + s[p] : s[p] }
    }
    switch dtype {
    case .f32: run(Float.self)
    case .f64: run(Double.self)
    case .c64: run(Complex<Float>.self)
    case .c128: run(Complex<Double>.self)
    case .bool:
      let d = storage.raw.assumingMemoryBound(to: UInt8.self), s = src.pointer(UInt8.self)
      for (p, o) in offsets.enumerated() { d[o] = accumulate ? d[o] | s[p] : s[p] }
    case .i64:  // wraps on overflow, as NumPy's np.add.at on int64
      let d = storage.raw.assumingMemoryBound(to: Int64.self), s = src.pointer(Int64.self)
      for (p, o) in offsets.enumerated() { d[o] = accumulate ? d[o] &+ s[p] : s[p] }
    }
  }
}

/// Positions of an index tensor broadcast from `shape` to `target`, row-major.
private func broadcastPositions(_ values: [Int], from shape: [Int], to target: [Int]) throws -> [Int] {
  if shape == target { return values }
  let n = try Shape.count(target)
  let lead = target.count - shape.count
  var strides = [Int](repeating: 0, count: target.count)
  var s = 1
  for i in stride(from: shape.count - 1, through: 0, by: -1) {
    strides[lead + i] = shape[i] == 1 ? 0 : s
    s *= shape[i]
  }
  var out = [Int](repeating: 0, count: n)
  var index = [Int](repeating: 0, count: target.count)
  for k in 0..<n {
    var src = 0
    for d in 0..<target.count { src += index[d] * strides[d] }
    out[k] = values[src]
    var d = target.count - 1
    while d >= 0 {
      index[d] += 1
      if index[d] < target[d] { break }
      index[d] = 0
      d -= 1
    }
  }
  return out
}

/// A checked, non-negative position along an axis of length `size`.
func checkedPosition(_ i: Int, size: Int, axis: Int) throws -> Int {
  let j = i < 0 ? i + size : i
  guard j >= 0 && j < size else {
    throw TensorError("index \(i) is out of range for axis \(axis) with size \(size)")
  }
  return j
}

extension Tensor {
  /// `x[m]` for a mask of x's whole shape (the common `x[x > 0]`): one pass over both,
  /// without building index lists.
  func maskedElements(_ m: Tensor) throws -> Tensor {
    let src = try contiguous(), mask = try m.contiguous()
    let flags = mask.pointer(UInt8.self)
    var n = 0
    for i in 0..<count where flags[i] != 0 { n += 1 }
    let out = try Tensor(uninitialized: [n], dtype: dtype)
    func run<T>(_: T.Type) {
      let s = src.pointer(T.self), d = out.pointer(T.self)
      // Branch-free: write every element, advance only past the kept ones (a random mask
      // would mispredict every other branch). The last write lands in bounds: j < n while
      // any kept element remains, and the loop stops writing once j == n.
      var j = 0
      for i in 0..<count {
        if j < n { d[j] = s[i] }
        j &+= Int(flags[i] & 1)
      }
    }
    switch dtype.size {
    case 1: run(UInt8.self)
    case 4: run(UInt32.self)
    case 8: run(UInt64.self)
    default: run(Complex16.self)
    }
    return out
  }

  /// True when `indices` is one mask covering every axis.
  static func isWholeMask(_ indices: [TensorIndex], _ shape: [Int]) -> Tensor? {
    guard indices.count == 1, case .mask(let m) = indices[0], m.shape == shape else { return nil }
    return m
  }
}
