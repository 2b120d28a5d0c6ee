// solve, inv, det (LAPACK) checked by residuals, identities and hand-computed values.
import Numerics
import XCTest
@testable import NOSTensor

final class LinalgTests: XCTestCase {
  /// A well-conditioned random matrix: random entries plus n on the diagonal.
  func matrix(_ rng: inout TestRNG, _ n: Int, _ dt: DType, batch: Int = 1) -> [Complex<Double>] {
    var v = dt.isComplex ? rng.complexArray(batch * n * n) : real(rng.array(batch * n * n))
    for b in 0..<batch { for i in 0..<n { v[b * n * n + i * n + i] = v[b * n * n + i * n + i] + Complex(Double(n), 0) } }
    return dt.isDouble ? v : asFloat(v)
  }

  func tol(_ dt: DType) -> Double { dt.isDouble ? 1e-11 : 2e-4 }

  func testSolveResidualsEveryDType() throws {
    var rng = TestRNG(90)
    for dt in DType.numeric {
      for n in [1, 2, 5, 9] {
        let av = matrix(&rng, n, dt)
        let a = try ctensor(av, [n, n]).astype(dt)
        // Vector right-hand side.
        let bv = dt.isComplex ? rng.complexArray(n) : real(rng.array(n))
        let x = try Tensor.solve(a, ctensor(bv, [n]).astype(dt))
        XCTAssertEqual(x.shape, [n])
        XCTAssertEqual(x.dtype, dt)
        let ax = naiveMatmul(av, x.toComplexArray(), n, n, 1)
        assertClose(ax, dt.isDouble ? bv : asFloat(bv), tol: tol(dt), "solve vector \(dt) n=\(n)")
        // Matrix right-hand side.
        let bm = dt.isComplex ? rng.complexArray(n * 3) : real(rng.array(n * 3))
        let xm = try Tensor.solve(a, ctensor(bm, [n, 3]).astype(dt))
        XCTAssertEqual(xm.shape, [n, 3])
        assertClose(naiveMatmul(av, xm.toComplexArray(), n, n, 3), dt.isDouble ? bm : asFloat(bm), tol: tol(dt),
                    "solve matrix \(dt) n=\(n)")
      }
    }
  }

  func testBatchedSolveAndBroadcast() throws {
    var rng = TestRNG(91)
    let n = 4
    for dt in [DType.f64, .c128] {
      let av = matrix(&rng, n, dt, batch: 3)
      let a = try ctensor(av, [3, n, n]).astype(dt)
      let bv = dt.isComplex ? rng.complexArray(3 * n * 2) : real(rng.array(3 * n * 2))
      let x = try Tensor.solve(a, ctensor(bv, [3, n, 2]).astype(dt))
      XCTAssertEqual(x.shape, [3, n, 2])
      let xs = x.toComplexArray()
      for b in 0..<3 {
        let r = naiveMatmul(Array(av[(b * n * n)..<((b + 1) * n * n)]), Array(xs[(b * n * 2)..<((b + 1) * n * 2)]), n, n, 2)
        assertClose(r, Array(bv[(b * n * 2)..<((b + 1) * n * 2)]), tol: 1e-11, "batch \(b)")
      }
      // One right-hand side vector shared by the batch.
      let v = rng.array(n)
      let xv = try Tensor.solve(a, tensor(v, [n]))
      XCTAssertEqual(xv.shape, [3, n])
      for b in 0..<3 {
        let r = naiveMatmul(Array(av[(b * n * n)..<((b + 1) * n * n)]), Array(xv.toComplexArray()[(b * n)..<((b + 1) * n)]),
                            n, n, 1)
        assertClose(r, real(v), tol: 1e-11, "shared rhs \(b)")
      }
      // One matrix, a batch of right-hand sides [2, n, 1].
      let xb = try Tensor.solve(a.get([.at(0)]), tensor(rng.array(2 * n), [2, n, 1]))
      XCTAssertEqual(xb.shape, [2, n, 1])
    }
    // A transposed (non-contiguous) matrix is read as the view.
    let m = try tensor([2, 1, 0, 3], [2, 2]).T  // [[2, 0], [1, 3]]
    assertTensor(try Tensor.solve(m, tensor([4, 7], [2])), shape: [2], [2, 5.0 / 3])
    // Mixed dtypes promote.
    XCTAssertEqual(try Tensor.solve(Tensor.eye(2, dtype: .f32), tensor([1, 2], [2])).dtype, .f64)
  }

  func testInverse() throws {
    var rng = TestRNG(92)
    for dt in DType.numeric {
      for n in [1, 3, 6] {
        let av = matrix(&rng, n, dt)
        let inv = try ctensor(av, [n, n]).astype(dt).inv()
        XCTAssertEqual(inv.dtype, dt)
        let eye = (0..<(n * n)).map { $0 / n == $0 % n ? Complex<Double>.one : .zero }
        assertClose(naiveMatmul(inv.toComplexArray(), av, n, n, n), eye, tol: tol(dt), "inv·A \(dt) n=\(n)")
        assertClose(naiveMatmul(av, inv.toComplexArray(), n, n, n), eye, tol: tol(dt), "A·inv \(dt) n=\(n)")
      }
    }
    // Batched, and of a view.
    let b = try tensor([2, 0, 0, 4, 1, 2, 3, 4], [2, 2, 2])
    assertTensor(try b.inv(), shape: [2, 2, 2], [0.5, 0, 0, 0.25, -2, 1, 1.5, -0.5])
    assertTensor(try tensor([1, 3, 2, 4], [2, 2]).T.inv(), shape: [2, 2], [-2, 1, 1.5, -0.5])
  }

  func testDeterminant() throws {
    // Hand-computed: [[2, -1, 0], [1, 3, 2], [0, 1, 4]]: 2(12 - 2) + 1(4 - 0) = 24.
    let a = try tensor([2, -1, 0, 1, 3, 2, 0, 1, 4], [3, 3])
    for dt in DType.numeric {
      let d = try a.astype(dt).det()
      XCTAssertEqual(d.shape, [])
      XCTAssertEqual(d.dtype, dt)
      XCTAssertEqual(try d.item(), 24, accuracy: dt.isDouble ? 1e-12 : 1e-4)
    }
    // [[1, 2, 3], [4, 5, 6], [7, 8, 10]]: 1(50-48) - 2(40-42) + 3(32-35) = -3.
    XCTAssertEqual(try tensor([1, 2, 3, 4, 5, 6, 7, 8, 10], [3, 3]).det().item(), -3, accuracy: 1e-12)
    // Permutation matrices: the sign of the permutation.
    let perms: [([Int], Double)] = [([0, 1, 2], 1), ([1, 0, 2], -1), ([1, 2, 0], 1), ([2, 1, 0], -1),
                                    ([3, 0, 1, 2], -1), ([1, 0, 3, 2], 1)]
    for (p, sign) in perms {
      let n = p.count
      var v = [Double](repeating: 0, count: n * n)
      for i in 0..<n { v[i * n + p[i]] = 1 }
      XCTAssertEqual(try tensor(v, [n, n]).det().item(), sign, "perm \(p)")
    }
    // Complex: det [[i, 1], [2, 1+i]] = i(1+i) - 2 = -3 + i.
    let z = try ctensor([Complex(0, 1), .one, Complex(2, 0), Complex(1, 1)], [2, 2])
    assertClose([try z.det().complexItem()], [Complex(-3, 1)])
    // Batched and empty.
    let batch = try tensor([1, 2, 3, 4, 2, 0, 0, 2], [2, 2, 2])
    assertTensor(try batch.det(), shape: [2], [-2, 4])
    XCTAssertEqual(try Tensor.zeros([0, 0]).det().item(), 1)
    // det of a transposed view equals det of the matrix.
    XCTAssertEqual(try a.T.det().item(), 24, accuracy: 1e-12)
  }

  func testSingular() throws {
    let s = try tensor([1, 2, 2, 4], [2, 2])
    for dt in DType.numeric {
      let m = try s.astype(dt)
      assertThrows("solve: matrix is singular", try Tensor.solve(m, tensor([1, 1], [2])))
      assertThrows("inv: matrix is singular", try m.inv())
      XCTAssertEqual(try m.det().item(), 0)
    }
    assertThrows("inv: matrix is singular", try Tensor.zeros([3, 3]).inv())
    XCTAssertEqual(try Tensor.zeros([3, 3]).det().item(), 0)
    // One singular matrix in a batch.
    XCTAssertEqual(try tensor([1, 0, 0, 1, 1, 1, 1, 1], [2, 2, 2]).det().toArray(), [1, 0])
  }

  /// Regression: LAPACKE's NaN check made solve/inv return their input unchanged and det read
  /// uninitialised pivots when a matrix held NaN; NumPy gives NaN results.
  func testNaNInputsGiveNaN() throws {
    let a = try tensor([.nan, 1, 2, 3], [2, 2])
    XCTAssertTrue(try Tensor.solve(a, tensor([1, 1], [2])).toArray().allSatisfy(\.isNaN))
    XCTAssertTrue(try a.inv().toArray().allSatisfy(\.isNaN))
    XCTAssertTrue(try a.det().item().isNaN)
    XCTAssertTrue(try Tensor.solve(Tensor.eye(2), tensor([.nan, 1], [2])).toArray()[0].isNaN)
  }

  func testErrors() throws {
    assertThrows("solve: needs square matrices [..., n, n], got shape [2, 3]", try Tensor.solve(Tensor.zeros([2, 3]), Tensor.zeros([2])))
    assertThrows("inv: needs square matrices [..., n, n], got shape [3]", try Tensor.zeros([3]).inv())
    assertThrows("det: needs square matrices", try Tensor(1).det())
    assertThrows("shape mismatch in solve: [2, 2] and [3]", try Tensor.solve(Tensor.eye(2), Tensor.zeros([3])))
    assertThrows("shape mismatch in solve: [2, 2] and [3, 1]", try Tensor.solve(Tensor.eye(2), Tensor.zeros([3, 1])))
    assertThrows("shape mismatch in solve", try Tensor.solve(Tensor.zeros([3, 2, 2]), Tensor.zeros([2, 2, 1])))
    assertThrows("shape mismatch in solve", try Tensor.solve(Tensor.eye(2), Tensor(1)))
  }
}
