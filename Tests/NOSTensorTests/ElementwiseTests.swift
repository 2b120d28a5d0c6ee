// Every BinaryOp against plain Swift arithmetic: f64, f32, complex, NumPy's %, ^ and 0/1 comparisons.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class ElementwiseTests: XCTestCase {
  /// Python's float remainder (CPython's float_rem): sign of the divisor, signed zero too.
  /// (truncatingRemainder is C's fmod: exact, so the same for f64 and f32.)
  func pyRem<T: BinaryFloatingPoint>(_ a: T, _ b: T) -> T {
    var m = a.truncatingRemainder(dividingBy: b)
    if m != 0 {
      if (b < 0) != (m < 0) { m += b }
    } else {
      m = T(signOf: b, magnitudeOf: 0)
    }
    return m
  }

  /// `op` in plain Swift arithmetic at precision T; `pow` is C's pow or powf.
  func ref<T: BinaryFloatingPoint>(_ op: BinaryOp, _ x: T, _ y: T, pow: (T, T) -> T) -> T {
    switch op {
    case .add: return x + y
    case .sub: return x - y
    case .mul: return x * y
    case .div: return x / y
    case .pow: return pow(x, y)
    case .mod: return pyRem(x, y)
    case .floorDiv: return (x / y).rounded(.down)
    case .eq: return x == y ? 1 : 0
    case .ne: return x != y ? 1 : 0
    case .lt: return x < y ? 1 : 0
    case .le: return x <= y ? 1 : 0
    case .gt: return x > y ? 1 : 0
    case .ge: return x >= y ? 1 : 0
    case .maximum: return x.isNaN || y.isNaN ? .nan : (x > y ? x : y)
    case .minimum: return x.isNaN || y.isNaN ? .nan : (x < y ? x : y)
    }
  }

  func refF64(_ op: BinaryOp, _ x: Double, _ y: Double) -> Double {
    ref(op, x, y, pow: Foundation.pow)
  }

  func refF32(_ op: BinaryOp, _ x: Float, _ y: Float) -> Float { ref(op, x, y, pow: powf) }

  /// Operands that exercise each op: equal pairs for comparisons, integral exponents with
  /// negative bases for ^, a NaN for maximum/minimum, no zero divisors.
  func operands(_ rng: inout TestRNG, _ n: Int) -> ([Double], [Double]) {
    var a = rng.array(n, -4, 4), b = rng.array(n, -4, 4)
    for i in 0..<n {
      switch i % 6 {
      case 0: b[i] = a[i]
      case 1: b[i] = Double(rng.int(-3, 3))
      case 2: a[i] = Double(rng.int(-5, 5)); b[i] = Double(rng.int(1, 3)) * (i % 4 == 0 ? -1 : 1)
      case 3: a[i] = -Double(rng.int(1, 4)); b[i] = 2
      default: break
      }
      if b[i] == 0 { b[i] = 0.5 }
    }
    a[n - 1] = .nan
    return (a, b)
  }

  func testEveryOpF64AndF32() throws {
    var rng = TestRNG(10)
    let n = 60
    let (av, bv) = operands(&rng, n)
    for dt in [DType.f64, .f32] {
      let x = dt == .f32 ? asFloat(av) : av, y = dt == .f32 ? asFloat(bv) : bv
      let a = try tensor(x, [6, 10], dt), b = try tensor(y, [6, 10], dt)
      for op in BinaryOp.allCases {
        let r = try Tensor.binary(op, a, b)
        XCTAssertEqual(r.dtype, op.isComparison ? .bool : dt, "\(op) \(dt)")
        XCTAssertEqual(r.shape, [6, 10])
        let got = r.toArray()
        for i in 0..<n {
          let want = dt == .f64 ? refF64(op, x[i], y[i]) : Double(refF32(op, Float(x[i]), Float(y[i])))
          let ok = want.isNaN ? got[i].isNaN : (got[i] == want && got[i].sign == want.sign)
          if !ok && !close(got[i], want, dt == .f64 ? 1e-15 : 1e-6) {
            XCTFail("\(dt) \(x[i]) \(op.rawValue) \(y[i]) = \(got[i]), expected \(want)")
          }
        }
      }
    }
  }

  func testNumPySemantics() throws {
    // % takes the sign of the divisor (values from Python 3).
    let a = try tensor([-7, 7, -7, 7.5, -7.5, 5, -4, 4, 0], [9])
    let b = try tensor([3, -3, -3, 2, 2, 5, 2, -2, -3], [9])
    let m = try Tensor.binary(.mod, a, b).toArray()
    XCTAssertEqual(m, [2, -2, -1, 1.5, 0.5, 0, 0, 0, 0])
    // Zero results carry the divisor's sign, as Python and NumPy: -4 % 2 = 0.0, 4 % -2 = -0.0.
    XCTAssertEqual(m.map { $0.sign }, [.plus, .minus, .minus, .plus, .plus, .plus, .plus, .minus, .minus])
    // Powers of negative bases with integral exponents are real.
    let p = try Tensor.binary(.pow, tensor([-2, -2, -3, 2, -8], [5]), tensor([2, 3, -1, 0.5, 1.0 / 3], [5]))
    let pv = p.toArray()
    XCTAssertEqual(Array(pv[0..<4]), [4, -8, -1.0 / 3, 2.0.squareRoot()])
    XCTAssertTrue(pv[4].isNaN)
    XCTAssertEqual(try Tensor.binary(.pow, Tensor(-2), 2).item(), 4)
    // Comparisons give bool tensors (true/false read back as 1/0).
    let c = try Tensor.binary(.lt, tensor([1, 2, 3], [3], .f32), 2)
    XCTAssertEqual(c.dtype, .bool)
    XCTAssertEqual(c.toArray(), [1, 0, 0])
    let nan = Tensor(.nan)
    XCTAssertEqual(try Tensor.binary(.eq, nan, nan).item(), 0)
    XCTAssertEqual(try Tensor.binary(.ne, nan, nan).item(), 1)
    XCTAssertTrue(try Tensor.binary(.maximum, nan, Tensor(1)).item().isNaN)
    XCTAssertTrue(try Tensor.binary(.minimum, Tensor(1), nan).item().isNaN)
    // Division by zero follows IEEE.
    XCTAssertEqual(try Tensor.binary(.div, tensor([1, -1], [2]), 0).toArray(), [.infinity, -.infinity])
  }

  func testDTypePromotion() throws {
    let table: [(DType, DType, DType)] = [
      (.f32, .f32, .f32), (.f32, .f64, .f64), (.f64, .f32, .f64), (.f64, .f64, .f64),
      (.f32, .c64, .c64), (.f32, .c128, .c128), (.f64, .c64, .c128), (.c64, .f64, .c128),
      (.c64, .c64, .c64), (.c64, .c128, .c128), (.c128, .f32, .c128), (.c128, .c128, .c128),
    ]
    for (x, y, want) in table {
      XCTAssertEqual(DType.promote(x, y), want)
      let r = try Tensor.ones([2], dtype: x) + Tensor.full([2], 2, dtype: y)
      XCTAssertEqual(r.dtype, want, "\(x) + \(y)")
      XCTAssertEqual(r.toArray(), [3, 3])
      XCTAssertEqual(try Tensor.binary(.eq, Tensor.ones([2], dtype: x), Tensor.ones([2], dtype: y)).dtype,
                     .bool)
    }
    // Numbers are weak: they take the tensor's dtype (f64 with a bool tensor).
    for dt in DType.allCases {
      XCTAssertEqual(try (Tensor.ones([2], dtype: dt) + 1.5).dtype, dt.arithmetic)
      XCTAssertEqual(try (2.5 * Tensor.ones([2], dtype: dt)).dtype, dt.arithmetic)
    }
    XCTAssertEqual(try (Tensor.ones([2], dtype: .bool) + 1.5).toArray(), [2.5, 2.5])
    // bool gives way to every number type; two bools compute in f64.
    for dt in DType.allCases {
      XCTAssertEqual(DType.promote(.bool, dt), dt)
      let sum = try Tensor.ones([2], dtype: .bool) + Tensor.ones([2], dtype: dt)
      XCTAssertEqual(sum.dtype, dt == .i64 ? .i64 : dt.arithmetic)  // bool + i64 is i64
    }
    let f = try Tensor.full([1], 1, dtype: .f32) + 0.1
    XCTAssertEqual(f.toArray(), [Double(Float(1) + Float(0.1))])
    // A 0-d f64 tensor is not weak: it promotes.
    XCTAssertEqual(try (Tensor.ones([2], dtype: .f32) + Tensor(1)).dtype, .f64)
  }

  func complexRef(_ op: BinaryOp, _ x: Complex<Double>, _ y: Complex<Double>) -> Complex<Double> {
    let (a, b, c, d) = (x.real, x.imaginary, y.real, y.imaginary)
    switch op {
    case .add: return Complex(a + c, b + d)
    case .sub: return Complex(a - c, b - d)
    case .mul: return Complex(a * c - b * d, a * d + b * c)
    case .div:
      let den = c * c + d * d
      return Complex((a * c + b * d) / den, (b * c - a * d) / den)
    case .pow:
      // exp(y log x) with log x = ln|x| + i arg x.
      let lr = Foundation.log((a * a + b * b).squareRoot()), th = atan2(b, a)
      let er = c * lr - d * th, ei = c * th + d * lr
      return Complex(Foundation.exp(er) * cos(ei), Foundation.exp(er) * sin(ei))
    case .eq: return Complex(a == c && b == d ? 1 : 0, 0)
    default: return Complex(a == c && b == d ? 0 : 1, 0)
    }
  }

  func testComplexOps() throws {
    var rng = TestRNG(11)
    var x = rng.complexArray(24), y = rng.complexArray(24)
    for i in stride(from: 0, to: 24, by: 5) { y[i] = x[i] }
    y[3] = Complex(2, 0)  // integral exponent
    y[4] = Complex(-3, 0)
    for dt in [DType.c128, .c64] {
      let xs = dt == .c64 ? asFloat(x) : x, ys = dt == .c64 ? asFloat(y) : y
      let a = try ctensor(xs, [4, 6], dt), b = try ctensor(ys, [4, 6], dt)
      for op in [BinaryOp.add, .sub, .mul, .div, .pow, .eq, .ne] {
        let r = try Tensor.binary(op, a, b)
        XCTAssertEqual(r.dtype, op.isComparison ? .bool : dt, "\(op)")
        let want = zip(xs, ys).map { complexRef(op, $0, $1) }
        assertClose(r.toComplexArray(), want, tol: dt == .c128 ? 1e-12 : 1e-5, "\(dt) \(op.rawValue)")
      }
      for op in [BinaryOp.lt, .le, .gt, .ge, .mod, .maximum, .minimum] {
        assertThrows("\(op.rawValue) is not defined for complex tensors", try Tensor.binary(op, a, b))
      }
    }
    // real + complex promotes and keeps the real operand's values.
    let r = try Tensor.binary(.mul, tensor([2, 3], [2]), ctensor([Complex(1, 1), Complex(0, -1)], [2]))
    XCTAssertEqual(r.dtype, .c128)
    assertClose(r.toComplexArray(), [Complex(2, 2), Complex(0, -3)])
    // 0^0 = 1 and 0^w = 0 for Re w > 0.
    let z = try Tensor.binary(.pow, ctensor([.zero, .zero], [2]), ctensor([.zero, Complex(2, 1)], [2]))
    assertClose(z.toComplexArray(), [.one, .zero])
  }

  func testComplexNaNComparisons() throws {
    // NumPy: NaN is unequal to everything, also inside a complex number.
    let n = try ctensor([Complex(.nan, 0), Complex(1, .nan), Complex(.infinity, 0)], [3])
    let m = try ctensor([Complex(.nan, 0), Complex(1, .nan), Complex(-.infinity, 0)], [3])
    XCTAssertEqual(try Tensor.binary(.eq, n, m).toArray(), [0, 0, 0])
    XCTAssertEqual(try Tensor.binary(.ne, n, m).toArray(), [1, 1, 1])
    XCTAssertEqual(try Tensor.binary(.eq, n, n).toArray(), [0, 0, 1])
    XCTAssertFalse(try Tensor.allclose(n, n))
  }

  func testOpsOnNonContiguousViews() throws {
    var rng = TestRNG(12)
    let (av, bv) = operands(&rng, 60)
    let a = try tensor(av, [6, 10]), b = try tensor(bv, [10, 6])
    // a[::-2, 1::3] op b.T[::-2, 1::3]
    let sl: [TensorIndex] = [.slice(start: nil, stop: nil, step: -2), .slice(start: 1, stop: nil, step: 3)]
    let va = try a.get(sl), vb = try b.T.get(sl)
    XCTAssertEqual(va.shape, [3, 3])
    for op in BinaryOp.allCases {
      let got = try Tensor.binary(op, va, vb).toArray()
      for i in 0..<9 {
        let (r, c) = (5 - 2 * (i / 3), 1 + 3 * (i % 3))
        let want = refF64(op, av[r * 10 + c], bv[c * 6 + r])
        XCTAssertTrue(close(got[i], want, 1e-15), "\(op) at \(i): \(got[i]) vs \(want)")
      }
      // Against a broadcast row view.
      let row = try a.get([.at(2)]).broadcast(to: [6, 10])
      let g2 = try Tensor.binary(op, row, a).toArray()
      for i in 0..<60 where !close(g2[i], refF64(op, av[20 + i % 10], av[i]), 1e-15) {
        XCTFail("\(op) broadcast row at \(i)")
        break
      }
    }
  }

  func testNormAllcloseAllAny() throws {
    let a = try tensor([3, -4, 0, 12], [2, 2])
    XCTAssertEqual(try a.norm().item(), 13)
    XCTAssertEqual(try a.norm(axis: 1).toArray(), [5, 12])
    XCTAssertTrue(try Tensor.allclose(a, a + 1e-9))
    XCTAssertFalse(try Tensor.allclose(a, a + 1e-3))
    XCTAssertTrue(try Tensor.allclose(tensor([.infinity], [1]), tensor([.infinity], [1])))
    XCTAssertFalse(try Tensor.allclose(tensor([.nan], [1]), tensor([.nan], [1])))
    XCTAssertFalse(try a.all())
    XCTAssertTrue(try a.any())
    XCTAssertTrue(try Tensor.zeros([0]).all())
    XCTAssertFalse(try Tensor.zeros([3]).any())
  }
}
