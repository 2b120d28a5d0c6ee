// The i64 dtype: NumPy 2's promotion table, the integer kernels against independent
// references (exact floating division for small values, BigInt-free wrapping checks), exact
// reductions and sorting past 2^53, conversions and their errors.
import XCTest
@testable import NOSTensor

final class IntegerTests: XCTestCase {
  func i64(_ values: [Int64]) throws -> Tensor { try Tensor(int64: values, shape: [values.count]) }

  func testPromotionTable() {
    // numpy 2.4: (np.ones(2, 'int64') + np.ones(2, t)).dtype for each t.
    let table: [(DType, DType)] = [(.bool, .i64), (.f32, .f64), (.f64, .f64), (.c64, .c128),
                                   (.c128, .c128), (.i64, .i64)]
    for (other, want) in table {
      XCTAssertEqual(DType.promote(.i64, other), want, "\(other)")
      XCTAssertEqual(DType.promote(other, .i64), want, "\(other)")
    }
    XCTAssertEqual(DType.i64.arithmetic, .f64)
    XCTAssertEqual(DType(name: "int"), .i64)
    XCTAssertEqual(DType(name: "long"), .i64)
    XCTAssertEqual(DType(name: "int64"), .i64)
    XCTAssertEqual(DType.i64.size, 8)
  }

  func testWeakScalars() throws {
    XCTAssertEqual(Tensor.weakScalar(3, like: .i64).dtype, .i64)
    XCTAssertEqual(Tensor.weakScalar(-0x1p63, like: .i64).dtype, .i64)
    XCTAssertEqual(Tensor.weakScalar(0x1p63, like: .i64).dtype, .f64)  // beyond the range
    XCTAssertEqual(Tensor.weakScalar(2.5, like: .i64).dtype, .f64)
    XCTAssertEqual(Tensor.weakScalar(.nan, like: .i64).dtype, .f64)
    XCTAssertEqual(Tensor.weakScalar(2, like: .f32).dtype, .f32)
    XCTAssertEqual(try (i64([1, 2]) + 2).dtype, .i64)
    XCTAssertEqual(try (i64([1, 2]) + 2.5).toArray(), [3.5, 4.5])
  }

  /// Floor division and remainder against floor(a / b) in f64, exact for these small values,
  /// and Python's identity a == (a // b) * b + a % b.
  func testFloorDivisionAndModuloAgainstFloats() throws {
    let vals: [Int64] = Array(-9...9)
    var a: [Int64] = [], b: [Int64] = []
    for x in vals { for y in vals where y != 0 { a.append(x); b.append(y) } }
    let q = try Tensor.binary(.floorDiv, i64(a), i64(b))
    let r = try Tensor.binary(.mod, i64(a), i64(b))
    XCTAssertEqual(q.dtype, .i64)
    XCTAssertEqual(r.dtype, .i64)
    for k in 0..<a.count {
      let want = (Double(a[k]) / Double(b[k])).rounded(.down)
      XCTAssertEqual(Double(q.intElement(k)), want, "\(a[k]) // \(b[k])")
      XCTAssertEqual(q.intElement(k) * b[k] + r.intElement(k), a[k])
      XCTAssertTrue(r.intElement(k) == 0 || (r.intElement(k) < 0) == (b[k] < 0))
    }
  }

  func testDivisionByZeroAndOverflowNeverTrap() throws {
    let x = try i64([5, -5, 0, .min, .max])
    XCTAssertEqual(try Tensor.binary(.floorDiv, x, i64([0, 0, 0, -1, -1])).toInt64Array(),
                   [0, 0, 0, .min, -Int64.max])
    XCTAssertEqual(try Tensor.binary(.mod, x, i64([0, 0, 0, -1, -1])).toInt64Array(),
                   [0, 0, 0, 0, 0])
    XCTAssertEqual(try (x + 1).toInt64Array(), [6, -4, 1, .min + 1, .min])
    XCTAssertEqual(try (x * 2).toInt64Array(), [10, -10, 0, 0, -2])
    XCTAssertEqual(try x.unary(.neg).toInt64Array(), [-5, 5, 0, .min, -Int64.max])
    XCTAssertEqual(try x.unary(.abs).toInt64Array(), [5, 5, 0, .min, .max])
  }

  /// Powers by squaring against repeated wrapping multiplication.
  func testIntegerPowerMatchesRepeatedProducts() {
    for base: Int64 in [-3, -1, 0, 1, 2, 7, 1 << 20, .max] {
      var p: Int64 = 1
      for n: Int64 in 0...70 {
        XCTAssertEqual(integerPower(base, n), p, "\(base)^\(n)")
        p = p &* base
      }
    }
    assertThrows("negative integer powers", try Tensor.binary(.pow, i64([2]), i64([-1])))
  }

  func testComparisonsAndExtremaStayExact() throws {
    let big = try i64([1 << 53, (1 << 53) + 1])
    XCTAssertEqual(try Tensor.binary(.lt, big.get([.at(0)]), big.get([.at(1)])).toArray(), [1])
    XCTAssertEqual(try Tensor.binary(.maximum, big, i64([0, 0])).toInt64Array(),
                   [1 << 53, (1 << 53) + 1])
    XCTAssertEqual(try big.reduce(.argmax).intElement(0), 1)
    XCTAssertEqual(try big.reduce(.max).intElement(0), (1 << 53) + 1)
    XCTAssertEqual(try big.reduce(.sum).intElement(0), (1 << 54) + 1)
    XCTAssertEqual(try big.argsortLast(descending: true).toInt64Array(), [1, 0])
  }

  func testReductionsAlongAxes() throws {
    let x = try Tensor(int64: [3, 9, 2, 7, 1, 8], shape: [2, 3])
    XCTAssertEqual(try x.reduce(.sum, axes: [0]).toInt64Array(), [10, 10, 10])
    XCTAssertEqual(try x.reduce(.prod, axes: [1]).toInt64Array(), [54, 56])
    XCTAssertEqual(try x.reduce(.min, axes: [1]).toInt64Array(), [2, 1])
    XCTAssertEqual(try x.reduce(.argmin, axes: [0]).toInt64Array(), [0, 1, 0])
    XCTAssertEqual(try x.reduce(.argmax, axes: [1]).dtype, .i64)
    let mean = try x.reduce(.mean, axes: [1])
    XCTAssertEqual(mean.dtype, .f64)
    XCTAssertEqual(mean.toArray(), [14.0 / 3, 16.0 / 3])
    XCTAssertEqual(try x.cumsum(axis: 1).toInt64Array(), [3, 12, 14, 7, 8, 16])
    // Floats' argmax is i64 too (NumPy's intp).
    XCTAssertEqual(try Tensor([1, 5, 2]).reduce(.argmax).dtype, .i64)
  }

  func testConversions() throws {
    let t = try Tensor([1.7, -1.7, 2.5, -0.5, 0x1p62]).astype(.i64)
    XCTAssertEqual(t.toInt64Array(), [1, -1, 2, 0, 1 << 62])
    XCTAssertEqual(try i64([1 << 53 + 1]).astype(.f64).toArray(), [0x1p53])  // rounds, as NumPy
    XCTAssertEqual(try i64([0, 3]).astype(.bool).toArray(), [0, 1])
    XCTAssertEqual(try i64([-2]).astype(.c128).complexItem().re, -2)
    assertThrows("cannot convert nan to i64", try Tensor([1, .nan]).astype(.i64))
    assertThrows("cannot convert inf to i64", try Tensor([.infinity]).astype(.i64))
    assertThrows("i64", try Tensor([0x1p63]).astype(.i64))
    assertThrows("take real(x) first", try Tensor(complex: .init(1, 1)).astype(.i64))
  }

  func testFormatting() throws {
    XCTAssertEqual(try i64([(1 << 53) + 1, -3]).formatted(),
                   "tensor i64 [2]\n[9007199254740993,               -3]")
    XCTAssertEqual(try i64([7]).get([.at(0)]).formattedValues(), "7")
  }

  func testWhereConcatAndIndexKeepIntegers() throws {
    let a = try i64([(1 << 60) + 1, 2]), b = try i64([5, 6])
    let w = try Tensor.where(Tensor([1, 0]), a, b)
    XCTAssertEqual(w.toInt64Array(), [(1 << 60) + 1, 6])
    XCTAssertEqual(try Tensor.concat([a, b]).toInt64Array(), [(1 << 60) + 1, 2, 5, 6])
    XCTAssertEqual(try a.get([.gather(i64([1, 0]))]).toInt64Array(), [2, (1 << 60) + 1])
    XCTAssertEqual(try Tensor([10, 20, 30]).get([.gather(i64([-1]))]).toArray(), [30])
  }
}
