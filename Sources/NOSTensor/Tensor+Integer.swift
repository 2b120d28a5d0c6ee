// The i64 dtype's own paths: exact conversion from floats, element access, weak scalars, and
// the elementwise operations that stay integral (NumPy's int64: + - * // % ^, comparisons).
import Numerics

/// `x` truncated toward zero as an Int64, never trapping: NaN gives 0 and values beyond the
/// range saturate (callers that must refuse them, as `astype`, check first).
@inline(__always)
func truncatedInt64(_ x: Double) -> Int64 {
  if x.isNaN { return 0 }
  if x >= 9_223_372_036_854_775_808.0 { return .max }  // 2^63
  if x <= -9_223_372_036_854_775_808.0 { return .min }
  return Int64(x)
}

extension Tensor {
  /// A 1-D or n-D i64 tensor from row-major integers.
  public init(int64 values: [Int64], shape: [Int]) throws {
    guard try Shape.count(shape) == values.count else {
      throw TensorError("tensor: \(values.count) values do not fill shape \(shapeText(shape))")
    }
    try self.init(uninitialized: shape, dtype: .i64)
    let p = pointer(Int64.self)
    for (i, v) in values.enumerated() { p[i] = v }
  }

  /// A 1-D i64 tensor of positions or counts.
  public init(indices: [Int]) {
    self.init(storage: Storage(validated: indices.count, dtype: .i64), dtype: .i64,
              shape: [indices.count], strides: [1])
    let p = pointer(Int64.self)
    for (i, v) in indices.enumerated() { p[i] = Int64(v) }
  }

  /// The element at row-major position `i` of this view as an integer: exact for i64 (an
  /// f64 read would round past 2^53), truncated toward zero for other dtypes.
  public func intElement(_ i: Int) -> Int64 {
    guard dtype == .i64 else { return truncatedInt64(element(i).re) }
    var rest = i, off = offset
    for d in stride(from: ndim - 1, through: 0, by: -1) where shape[d] > 0 {
      off += (rest % shape[d]) * strides[d]
      rest /= shape[d]
    }
    return storage.raw.assumingMemoryBound(to: Int64.self)[off]
  }

  /// All elements in row-major order as integers (exact for i64).
  public func toInt64Array() -> [Int64] {
    guard dtype == .i64 else { return (0..<count).map { intElement($0) } }
    guard let c = try? contiguous() else { return (0..<count).map { intElement($0) } }
    return Array(UnsafeBufferPointer(start: c.pointer(Int64.self), count: count))
  }

  /// A plain number beside a tensor of `dtype`, as NumPy 2's weak Python scalars: it takes
  /// the tensor's dtype, except that with an i64 tensor only an integral number in range
  /// stays i64 (others give f64), and with a bool tensor it is f64.
  public static func weakScalar(_ x: Double, like dtype: DType) -> Tensor {
    if dtype == .i64 {
      let integral = x.rounded(.towardZero) == x && x >= -0x1p63 && x < 0x1p63
      return Tensor(x, dtype: integral ? .i64 : .f64)
    }
    return Tensor(x, dtype: dtype.arithmetic)
  }

  /// Conversion to i64 (truncation toward zero, as NumPy's astype); NaN, ±inf and numbers
  /// beyond the i64 range are an error naming the value.
  func toInt64() throws -> Tensor {
    if dtype.isComplex {
      throw TensorError("cannot convert a \(dtype) tensor to i64; take real(x) first")
    }
    let out = try Tensor(uninitialized: shape, dtype: .i64)
    let p = out.pointer(Int64.self)
    for i in 0..<count {
      let x = element(i).re
      guard x.isFinite, x >= -0x1p63, x < 0x1p63 else {
        throw TensorError("cannot convert \(x) to i64 (only finite numbers within ±2^63)")
      }
      p[i] = Int64(x)
    }
    return out
  }
}

extension BinaryOp {
  /// Ops whose result stays i64 when both operands are integers (`/` gives f64, as NumPy).
  var keepsIntegers: Bool { self != .div }
}

/// `a op b` for two i64 tensors already broadcast-compatible to `shape`: wrapping + - * (as
/// NumPy), floor division and Python's remainder with x // 0 = x % 0 = 0 (NumPy's values,
/// without its warning), powers by squaring, comparisons giving bool.
func integerBinary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ shape: [Int]) throws -> Tensor {
  if op == .pow, try b.containsNegative() {
    throw TensorError("integers to negative integer powers are not allowed (i64 ^ a negative "
      + "i64); convert first: f64(x) ^ n")
  }
  let out = try Tensor(uninitialized: shape, dtype: op.isComparison ? .bool : .i64)
  let w = RowWalker(shape: shape, try a.broadcast(to: shape).strides,
                    try b.broadcast(to: shape).strides)
  let o = out.pointer(Int64.self), f = out.pointer(UInt8.self)
  typealias I = Int64
  switch op {
  case .add: zip2(a, b, o, w) { (x: I, y: I) in x &+ y }
  case .sub: zip2(a, b, o, w) { (x: I, y: I) in x &- y }
  case .mul: zip2(a, b, o, w) { (x: I, y: I) in x &* y }
  case .div: throw TensorError("internal: true division of integers")
  case .floorDiv: zip2(a, b, o, w) { (x: I, y: I) in floorDivide(x, y) }
  case .mod: zip2(a, b, o, w) { (x: I, y: I) in floorModulo(x, y) }
  case .pow: zip2(a, b, o, w, cost: 8) { (x: I, y: I) in integerPower(x, y) }
  case .maximum: zip2(a, b, o, w) { (x: I, y: I) in Swift.max(x, y) }
  case .minimum: zip2(a, b, o, w) { (x: I, y: I) in Swift.min(x, y) }
  case .eq: zip2(a, b, f, w) { (x: I, y: I) -> UInt8 in x == y ? 1 : 0 }
  case .ne: zip2(a, b, f, w) { (x: I, y: I) -> UInt8 in x != y ? 1 : 0 }
  case .lt: zip2(a, b, f, w) { (x: I, y: I) -> UInt8 in x < y ? 1 : 0 }
  case .le: zip2(a, b, f, w) { (x: I, y: I) -> UInt8 in x <= y ? 1 : 0 }
  case .gt: zip2(a, b, f, w) { (x: I, y: I) -> UInt8 in x > y ? 1 : 0 }
  case .ge: zip2(a, b, f, w) { (x: I, y: I) -> UInt8 in x >= y ? 1 : 0 }
  }
  return out
}

extension Tensor {
  fileprivate func containsNegative() throws -> Bool {
    toInt64Array().contains { $0 < 0 }
  }
}

/// ⌊x / y⌋ without trapping: y = 0 gives 0 (NumPy), Int64.min // -1 wraps to Int64.min.
@inline(__always)
public func floorDivide(_ x: Int64, _ y: Int64) -> Int64 {
  if y == 0 { return 0 }
  if y == -1 { return 0 &- x }
  let q = x / y
  return (x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q
}

/// x − ⌊x / y⌋·y, the sign of the divisor (Python's %); y = 0 gives 0 (NumPy).
@inline(__always)
public func floorModulo(_ x: Int64, _ y: Int64) -> Int64 {
  if y == 0 || y == -1 { return 0 }
  let r = x % y
  return r != 0 && (r < 0) != (y < 0) ? r + y : r
}

/// x^n for n ≥ 0 by squaring, wrapping on overflow (NumPy's int64 power); 0^0 = 1.
@inline(__always)
public func integerPower(_ x: Int64, _ n: Int64) -> Int64 {
  var result: Int64 = 1, base = x, e = n
  while e > 0 {
    if e & 1 == 1 { result = result &* base }
    e >>= 1
    if e > 0 { base = base &* base }
  }
  return result
}

extension Tensor {
  /// neg, abs, sign and square of an i64 tensor stay i64 (wrapping: −Int64.min is
  /// Int64.min, as NumPy); nil for the ops that compute in f64.
  func integerUnary(_ op: UnaryOp) throws -> Tensor? {
    let f: (Int64) -> Int64
    switch op {
    case .neg: f = { 0 &- $0 }
    case .abs: f = { $0 < 0 ? 0 &- $0 : $0 }
    case .sign: f = { $0.signum() }
    case .square: f = { $0 &* $0 }
    default: return nil
    }
    let out = try Tensor(uninitialized: shape, dtype: .i64)
    map1(self, out.pointer(Int64.self), RowWalker(shape: shape, strides), cost: 1, f)
    return out
  }
}
