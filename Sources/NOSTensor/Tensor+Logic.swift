// Truth-valued operations: logical and/or/xor/not, NaN and infinity tests, nonzero positions.
import Numerics

public enum LogicalOp: String, Sendable, CaseIterable {
  case and = "logical_and", or = "logical_or", xor = "logical_xor"
}

public enum ValueTest: String, Sendable, CaseIterable {
  case isnan, isinf, isfinite
}

extension Tensor {
  /// Elementwise `a op b` on the truth values of both operands (nonzero is true), broadcast;
  /// the result is bool.
  public static func logical(_ op: LogicalOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let shape = try Shape.broadcast(a.shape, b.shape, op: op.rawValue)
    let x = try a.astype(.bool).broadcast(to: shape), y = try b.astype(.bool).broadcast(to: shape)
    var out = try Tensor(uninitialized: shape, dtype: .bool)
    let walk = RowWalker(shape: shape, x.strides, y.strides)
    let (sa, sb, _) = walk.innerStrides
    let px = x.pointer(UInt8.self), py = y.pointer(UInt8.self), po = out.pointer(UInt8.self)
    Parallel.forRanges(walk.rows * walk.inner) { range in
      walk.forRuns(range) { i, n, off in
        let p = px + off.0, q = py + off.1
        for k in 0..<n {
          let u = p[k * sa], v = q[k * sb]
          po[i + k] = switch op {
          case .and: u & v
          case .or: u | v
          case .xor: u ^ v
          }
        }
      }
    }
    out.shape = shape
    return out
  }

  /// Elementwise logical not (zero becomes true).
  public func logicalNot() throws -> Tensor {
    let t = try astype(.bool).copied()
    let p = t.pointer(UInt8.self)
    for i in 0..<t.count { p[i] ^= 1 }
    return t
  }

  /// `isnan`, `isinf`, `isfinite` elementwise (a complex element tests both parts, as NumPy).
  public func test(_ kind: ValueTest) throws -> Tensor {
    var out = try Tensor(uninitialized: shape, dtype: .bool)
    let p = out.pointer(UInt8.self)
    let src = try contiguous()
    func judge(_ re: Double, _ im: Double) -> Bool {
      switch kind {
      case .isnan: re.isNaN || im.isNaN
      case .isinf: re.isInfinite || im.isInfinite
      case .isfinite: re.isFinite && im.isFinite
      }
    }
    switch dtype {
    case .bool, .i64: for i in 0..<count { p[i] = kind == .isfinite ? 1 : 0 }
    case .f32: let s = src.pointer(Float.self); for i in 0..<count { p[i] = judge(Double(s[i]), 0) ? 1 : 0 }
    case .f64: let s = src.pointer(Double.self); for i in 0..<count { p[i] = judge(s[i], 0) ? 1 : 0 }
    case .c64:
      let s = src.pointer(Complex<Float>.self)
      for i in 0..<count { p[i] = judge(s[i].re, s[i].im) ? 1 : 0 }
    case .c128:
      let s = src.pointer(Complex<Double>.self)
      for i in 0..<count { p[i] = judge(s[i].re, s[i].im) ? 1 : 0 }
    }
    out.shape = shape
    return out
  }

  /// Row-major positions of the nonzero (true) elements, one array of indices per axis
  /// (NumPy's `nonzero`): the index tensors a boolean mask stands for.
  public func nonzeroIndices() throws -> [[Int]] {
    let t = try astype(.bool).contiguous()
    let p = t.pointer(UInt8.self)
    var out = [[Int]](repeating: [], count: ndim)
    let strides = Shape.contiguousStrides(shape)
    for i in 0..<t.count where p[i] != 0 {
      var rest = i
      for d in 0..<ndim {
        out[d].append(rest / strides[d])
        rest %= strides[d]
      }
    }
    return out
  }
}
