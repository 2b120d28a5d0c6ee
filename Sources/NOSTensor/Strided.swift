// Walking strided views row by row: the loop skeleton under every elementwise kernel.

/// The layout of up to three input views over one output shape, with axes of size 1 dropped
/// and adjacent axes merged where every input allows, so most loops become one long row.
struct RowWalker {
  let inner: Int
  let rows: Int
  let innerStrides: (Int, Int, Int)
  private let outer: [Int]
  private let outerStrides: [(Int, Int, Int)]

  init(shape: [Int], _ s0: [Int], _ s1: [Int] = [], _ s2: [Int] = []) {
    var dims: [Int] = []
    var st: [(Int, Int, Int)] = []
    // An empty output has no rows, whatever its other axes (zeros(1e11, 0) + 1 must not
    // walk 1e11 empty rows).
    for i in 0..<shape.count where shape[i] != 1 && !shape.contains(0) {
      let t = (s0[i], s1.isEmpty ? 0 : s1[i], s2.isEmpty ? 0 : s2[i])
      if let last = dims.last, let ls = st.last,
         ls.0 == t.0 &* shape[i], ls.1 == t.1 &* shape[i], ls.2 == t.2 &* shape[i] {
        dims[dims.count - 1] = last &* shape[i]
        st[st.count - 1] = t
      } else {
        dims.append(shape[i])
        st.append(t)
      }
    }
    if dims.isEmpty {
      dims = [shape.contains(0) ? 0 : 1]
      st = [(0, 0, 0)]
    }
    inner = dims[dims.count - 1]
    innerStrides = st[st.count - 1]
    outer = Array(dims.dropLast())
    outerStrides = Array(st.dropLast())
    rows = outer.reduce(1, &*)
  }

  /// When the rows form a single outer axis: the inputs' strides along it.
  var singleOuterStrides: (Int, Int, Int)? {
    outer.count == 1 ? outerStrides[0] : (outer.isEmpty ? (0, 0, 0) : nil)
  }

  /// Element offsets of the start of row `r` in each input.
  @inline(__always)
  func offsets(row r: Int) -> (Int, Int, Int) {
    var r = r
    var o = (0, 0, 0)
    var i = outer.count - 1
    while i >= 0 {
      let d = outer[i]
      let q = r / d
      let k = r - q * d
      let s = outerStrides[i]
      o.0 &+= k &* s.0; o.1 &+= k &* s.1; o.2 &+= k &* s.2
      r = q
      i -= 1
    }
    return o
  }

  /// Calls `body(flatIndex, n, offsets)` for runs of consecutive output elements covering
  /// `range`, where `offsets` locate the run's first element in each input.
  @inline(__always)
  func forRuns(_ range: Range<Int>, _ body: (Int, Int, (Int, Int, Int)) -> Void) {
    guard inner > 0 else { return }
    var idx = range.lowerBound
    while idx < range.upperBound {
      let row = idx / inner
      let col = idx - row * inner
      let n = min(inner - col, range.upperBound - idx)
      var o = offsets(row: row)
      o.0 &+= col &* innerStrides.0; o.1 &+= col &* innerStrides.1; o.2 &+= col &* innerStrides.2
      body(idx, n, o)
      idx += n
    }
  }
}

extension Tensor {
  /// A view of this tensor broadcast to `shape` (stride 0 along repeated axes).
  public func broadcast(to target: [Int], op: String = "broadcast") throws -> Tensor {
    if target == shape { return self }
    guard target.count >= ndim, target.allSatisfy({ $0 >= 0 }) else {
      throw TensorError("\(op): cannot broadcast \(shapeText(shape)) to \(shapeText(target))")
    }
    let lead = target.count - ndim
    var st = [Int](repeating: 0, count: target.count)
    for i in 0..<ndim {
      if shape[i] == target[lead + i] { st[lead + i] = strides[i] } else if shape[i] != 1 {
        throw TensorError("shape mismatch in \(op): cannot broadcast \(shapeText(shape)) to \(shapeText(target))")
      }
    }
    return Tensor(storage: storage, dtype: dtype, shape: target, strides: st, offset: offset)
  }

  /// This tensor's elements in a fresh row-major buffer (or itself when already so).
  public func contiguous() throws -> Tensor {
    isContiguous ? self : try copied()
  }

  /// A fresh row-major copy that shares nothing with this tensor.
  public func copied() throws -> Tensor {
    var out = try Tensor(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .f32: copyElements(Float.self, into: &out)
    case .f64, .c64, .i64: copyElements(Double.self, into: &out)
    case .c128: copyElements(Complex16.self, into: &out)
    case .bool: copyElements(UInt8.self, into: &out)
    }
    return out
  }

  private func copyElements<T>(_: T.Type, into out: inout Tensor) {
    let src = pointer(T.self), dst = out.pointer(T.self)
    let walk = RowWalker(shape: shape, strides)
    let s = walk.innerStrides.0
    Parallel.forRanges(count) { range in
      walk.forRuns(range) { i, n, o in
        let a = src + o.0
        if s == 1 { (dst + i).update(from: a, count: n) }
        else if s == 0 { (dst + i).update(repeating: a[0], count: n) }  // a broadcast value
        else { for k in 0..<n { dst[i + k] = a[k * s] } }
      }
    }
  }
}

/// A 16-byte element, used to move complex doubles without caring what they are.
struct Complex16 { var a: Double; var b: Double }
