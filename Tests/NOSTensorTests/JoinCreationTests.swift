// concat, stack, where, clip, and the constructors (zeros ones full eye linspace arange).
import Numerics
import XCTest
@testable import NOSTensor

final class JoinCreationTests: XCTestCase {
  func testConcat() throws {
    let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
    let b = try tensor([7, 8, 9], [1, 3])
    assertTensor(try Tensor.concat([a, b]), shape: [3, 3], dtype: .f64, (1...9).map(Double.init))
    let c = try tensor([10, 20], [2, 1])
    assertTensor(try Tensor.concat([a, c], axis: 1), shape: [2, 4], [1, 2, 3, 10, 4, 5, 6, 20])
    assertTensor(try Tensor.concat([c, a, c], axis: -1), shape: [2, 5], [10, 1, 2, 3, 10, 20, 4, 5, 6, 20])
    // dtypes promote.
    let m = try Tensor.concat([tensor([1], [1], .f32), tensor([2], [1], .f64)])
    XCTAssertEqual(m.dtype, .f64)
    let z = try Tensor.concat([tensor([1], [1], .f32), ctensor([Complex(0, 1)], [1], .c64)])
    XCTAssertEqual(z.dtype, .c64)
    XCTAssertEqual(z.toComplexArray(), [Complex(1, 0), Complex(0, 1)])
    // Errors.
    assertThrows("shape mismatch in concat: [2, 3] and [2, 1]", try Tensor.concat([a, c]))
    assertThrows("shape mismatch in concat: [2, 3] and [3]", try Tensor.concat([a, tensor([1, 2, 3], [3])]))
    assertThrows("concat: needs at least one tensor", try Tensor.concat([]))
    assertThrows("concat: cannot join 0-d tensors", try Tensor.concat([Tensor(1), Tensor(2)]))
    assertThrows("concat: axis 2 is out of range", try Tensor.concat([a, a], axis: 2))
  }

  func testConcatOfViews() throws {
    let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
    let b = try tensor([7, 8, 9], [3, 1])
    let r = try Tensor.concat([a.T, b.get([.slice(start: nil, stop: nil, step: -1)])], axis: 1)
    assertTensor(r, shape: [3, 3], [1, 4, 9, 2, 5, 8, 3, 6, 7])
    let e = try Tensor.concat([Tensor.zeros([0, 2]), a.T.get([.slice(start: 1, stop: nil, step: nil)])])
    assertTensor(e, shape: [2, 2], [2, 5, 3, 6])
  }

  func testStack() throws {
    let a = try tensor([1, 2, 3], [3]), b = try tensor([4, 5, 6], [3])
    assertTensor(try Tensor.stack([a, b]), shape: [2, 3], [1, 2, 3, 4, 5, 6])
    assertTensor(try Tensor.stack([a, b], axis: 1), shape: [3, 2], [1, 4, 2, 5, 3, 6])
    assertTensor(try Tensor.stack([a, b], axis: -1), shape: [3, 2], [1, 4, 2, 5, 3, 6])
    assertTensor(try Tensor.stack([Tensor(1), Tensor(2)]), shape: [2], [1, 2])
    XCTAssertEqual(try Tensor.stack([a, ctensor([.zero, .zero, .zero], [3])]).dtype, .c128)
    assertThrows("shape mismatch in stack: [3] and [2]", try Tensor.stack([a, tensor([1, 2], [2])]))
    assertThrows("stack: axis 2 is out of range", try Tensor.stack([a, b], axis: 2))
    assertThrows("stack: needs at least one tensor", try Tensor.stack([]))
  }

  func testWhereBroadcastsAllThree() throws {
    let cond = try tensor([1, 0, 1], [3])  // [3]
    let a = try tensor([10, 20], [2, 1])  // [2, 1]
    let b = try tensor([-1, -2, -3, -4, -5, -6], [2, 1, 3])  // [2, 1, 3]
    let r = try Tensor.where(cond, a, b)
    XCTAssertEqual(r.shape, [2, 2, 3])
    let want = (0..<12).map { i -> Double in
      let x = unravel(i, [2, 2, 3])
      return [1.0, 0, 1][x[2]] != 0 ? [10.0, 20][x[1]] : [-1.0, -2, -3, -4, -5, -6][x[0] * 3 + x[2]]
    }
    XCTAssertEqual(r.toArray(), want)
    // Comparisons as conditions, NaN counts as true (nonzero), dtypes promote.
    let x = try tensor([-2, 3, .nan], [3])
    assertTensor(try Tensor.where(Tensor.binary(.gt, x, 0), x, Tensor(0)), shape: [3], [0, 3, 0])
    let w = try Tensor.where(x, Tensor(1, dtype: .f32), Tensor(complex: Complex(0, 1)))
    XCTAssertEqual(w.dtype, .c128)
    XCTAssertEqual(try Tensor.where(tensor([0, 1], [2], .f32), tensor([1, 2], [2], .f32),
                                    tensor([3, 4], [2], .f32)).dtype, .f32)
    assertThrows("shape mismatch in where: [3] and [2]", try Tensor.where(cond, tensor([1, 2], [2]), Tensor(0)))
  }

  func testClip() throws {
    let x = try tensor([-3, -1, 0, 2, 5, .nan], [6])
    let c = try x.clip(-1, 2).toArray()
    XCTAssertEqual(Array(c[0..<5]), [-1, -1, 0, 2, 2])
    XCTAssertTrue(c[5].isNaN)
    XCTAssertEqual(Array(try x.clip(nil, 0).toArray()[0..<5]), [-3, -1, 0, 0, 0])
    XCTAssertEqual(Array(try x.clip(1, nil).toArray()[0..<5]), [1, 1, 1, 2, 5])
    XCTAssertEqual(Array(try x.clip(nil, nil).toArray()[0..<5]), [-3, -1, 0, 2, 5])
    XCTAssertEqual(try tensor([1, 5], [2], .f32).clip(2, 3).dtype, .f32)
    assertThrows("clip is not defined for complex tensors", try ctensor([.zero], [1]).clip(0, 1))
  }

  func testConstructorsEveryDType() throws {
    for dt in DType.numeric {
      let z = try Tensor.zeros([2, 3], dtype: dt)
      assertTensor(z, shape: [2, 3], dtype: dt, [Double](repeating: 0, count: 6))
      XCTAssertEqual(z.toComplexArray(), [Complex<Double>](repeating: .zero, count: 6))
      assertTensor(try Tensor.ones([4], dtype: dt), shape: [4], dtype: dt, [1, 1, 1, 1])
      assertTensor(try Tensor.full([2, 2], -2.5, dtype: dt), shape: [2, 2], dtype: dt, [-2.5, -2.5, -2.5, -2.5])
      assertTensor(try Tensor.eye(3, dtype: dt), shape: [3, 3], dtype: dt, [1, 0, 0, 0, 1, 0, 0, 0, 1])
      assertTensor(try Tensor.linspace(0, 1, 5, dtype: dt), shape: [5], dtype: dt, [0, 0.25, 0.5, 0.75, 1])
      assertTensor(try Tensor.arange(0, 5, dtype: dt), shape: [5], dtype: dt, [0, 1, 2, 3, 4])
      XCTAssertEqual(try Tensor.zeros([], dtype: dt).shape, [])
      XCTAssertEqual(try Tensor.ones([0, 5], dtype: dt).count, 0)
    }
    XCTAssertEqual(try Tensor.eye(0).shape, [0, 0])
    XCTAssertEqual(Tensor([1, 2, 3]).shape, [3])
    XCTAssertEqual(Tensor(2.5, dtype: .c64).toComplexArray(), [Complex(2.5, 0)])
    assertThrows("tensor: 3 values do not fill shape [2, 2]", try tensor([1, 2, 3], [2, 2]))
    assertThrows("tensor: 1 values do not fill shape [2]", try ctensor([.zero], [2]))
  }

  func testLinspaceEndpointsExact() throws {
    var rng = TestRNG(50)
    for _ in 0..<200 {
      let a = rng.uniform(-1e3, 1e3), b = rng.uniform(-1e3, 1e3), n = rng.int(2, 97)
      let v = try Tensor.linspace(a, b, n).toArray()
      XCTAssertEqual(v.count, n)
      XCTAssertEqual(v.first, a)
      XCTAssertEqual(v.last, b)
      let step = (b - a) / Double(n - 1)
      for i in 0..<n { XCTAssertEqual(v[i], a + Double(i) * step, accuracy: 1e-9) }
    }
    XCTAssertEqual(try Tensor.linspace(3, 7, 1).toArray(), [3])
    XCTAssertEqual(try Tensor.linspace(3, 7, 0).shape, [0])
    XCTAssertEqual(try Tensor.linspace(0.1, 0.7, 7, dtype: .f32).toArray().last, Double(Float(0.7)))
    assertThrows("linspace: number of points must be ≥ 0, got -1", try Tensor.linspace(0, 1, -1))
  }

  func testArange() throws {
    // (start, stop, step, count) as NumPy: ceil((stop - start) / step).
    let cases: [(Double, Double, Double, Int)] = [
      (0, 10, 1, 10), (0, 10, 3, 4), (10, 0, -1, 10), (10, 0, -3, 4), (0, 1, 0.1, 10),
      (1, 1, 1, 0), (5, 0, 1, 0), (0, 5, -1, 0), (-2.5, 2.5, 0.5, 10), (0, 1e-9, 1, 1),
    ]
    for (a, b, s, n) in cases {
      let v = try Tensor.arange(a, b, step: s).toArray()
      XCTAssertEqual(v.count, n, "arange(\(a), \(b), \(s))")
      for i in v.indices { XCTAssertEqual(v[i], a + Double(i) * s, accuracy: 1e-12) }
      if n > 0 { XCTAssertTrue(s > 0 ? v.last! < b : v.last! > b) }
    }
    assertThrows("arange: start, stop and step must be finite and step nonzero", try Tensor.arange(0, 1, step: 0))
    assertThrows("arange", try Tensor.arange(0, .infinity))
    assertThrows("arange", try Tensor.arange(.nan, 1))
    assertThrows("arange", try Tensor.arange(0, 1e300, step: 1e-300))
    assertThrows("arange", try Tensor.arange(0, 1e20))
  }

  /// Regression: a step so small that (stop - start) / step overflows to -inf crashed Int(-inf).
  func testArangeHugeNegativeCountIsEmpty() throws {
    XCTAssertEqual(try Tensor.arange(0, 1e300, step: -1e-300).shape, [0])
    XCTAssertEqual(try Tensor.arange(1e300, -1e300, step: 1e-300).shape, [0])
    XCTAssertEqual(try Tensor.arange(0, 1e300, step: -1).shape, [0])
  }
}
