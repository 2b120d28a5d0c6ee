// The f32 small GEMM kernels (narrow dense layers: [m, k<=32]·[k, n<=32] and Aᵀ B over a long
// batch) against a naive triple loop in Double, over their widths, layouts and split paths;
// f64 (which stays with OpenBLAS) runs the same checks.
import XCTest
@testable import NOSTensor

final class SmallGemmTests: XCTestCase {
  /// C = A B from row-major values, summed in Double.
  func naive(_ a: [Double], _ b: [Double], _ m: Int, _ k: Int, _ n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for p in 0..<k { for j in 0..<n { c[i * n + j] += a[i * k + p] * b[p * n + j] } }
    }
    return c
  }

  func values(_ rng: inout TestRNG, _ count: Int, _ dt: DType) -> [Double] {
    let v = rng.array(count)
    return dt == .f32 ? asFloat(v) : v
  }

  /// Rounding of a k-term sum (a different order of additions than the naive loop's).
  func tol(_ dt: DType, _ k: Int) -> Double {
    (dt == .f32 ? 2e-6 : 5e-14) * Double(k).squareRoot()
  }

  /// Every accumulator width (8, 16, 24, 32 and the rounding up to them), row counts that
  /// leave an odd row and spill into rows written later, and the row-split threaded path
  /// (m = 5000); B plain and as a transposed view (a weight's Wᵀ in the input gradient).
  func testTallTimesNarrow() throws {
    var rng = TestRNG(240)
    for dt in [DType.f64, .f32] {
      for (m, k) in [(1, 1), (2, 2), (3, 20), (7, 32), (257, 5), (2000, 20)] {
        for n in [3, 8, 9, 16, 20, 24, 25, 32] {
          let av = values(&rng, m * k, dt), bv = values(&rng, k * n, dt)
          let want = naive(av, bv, m, k, n)
          let a = try tensor(av, [m, k], dt), b = try tensor(bv, [k, n], dt)
          let what = "\(dt) \(m)x\(k)x\(n)"
          assertClose(try Tensor.matmul(a, b).toArray(), want, tol: tol(dt, k), what)
          let bt = try tensor((0..<(n * k)).map { bv[($0 % k) * n + $0 / k] }, [n, k], dt)
          assertClose(try Tensor.matmul(a, bt.T).toArray(), want, tol: tol(dt, k), what + " bT")
        }
      }
    }
  }

  /// Aᵀ B (a weight gradient): every width, m not a multiple of the row block, k not a
  /// multiple of the 128-row batch block, one thread's part and the split among threads.
  func testTransposedTimesLong() throws {
    var rng = TestRNG(241)
    for dt in [DType.f64, .f32] {
      for (m, k) in [(1, 64), (3, 129), (20, 1000), (32, 10001)] {
        for n in [1, 3, 8, 20, 32] {
          let av = values(&rng, k * m, dt), bv = values(&rng, k * n, dt)
          // [m, k]: the transpose of A as stored ([k, m]).
          let at = (0..<(m * k)).map { av[($0 % k) * m + $0 / k] }
          let want = naive(at, bv, m, k, n)
          let a = try tensor(av, [k, m], dt), b = try tensor(bv, [k, n], dt)
          assertClose(try Tensor.matmul(a.T, b).toArray(), want, tol: tol(dt, k),
                      "\(dt) \(m)x\(k)x\(n)")
        }
      }
    }
  }

  /// B as the last columns of a wider matrix: its rows are read a full vector wide only
  /// where that stays inside B, so the last rows (which end at the storage's end) are read
  /// through a padded copy; A as a column slice too. Values must equal the naive product.
  func testColumnSlicesAtTheStorageEnd() throws {
    var rng = TestRNG(242)
    for dt in [DType.f64, .f32] {
      let (k, m, n, wide) = (300, 20, 20, 32)
      let av = values(&rng, k * wide, dt), bv = values(&rng, k * wide, dt)
      let a = try tensor(av, [k, wide], dt).get([.all, .slice(start: 1, stop: 1 + m, step: 1)])
      let b = try tensor(bv, [k, wide], dt)
        .get([.all, .slice(start: wide - n, stop: wide, step: 1)])
      let aRows = (0..<(k * m)).map { av[($0 / m) * wide + 1 + $0 % m] }  // [k, m]
      let bRows = (0..<(k * n)).map { bv[($0 / n) * wide + wide - n + $0 % n] }
      let at = (0..<(m * k)).map { aRows[($0 % k) * m + $0 / k] }
      assertClose(try Tensor.matmul(a.T, b).toArray(), naive(at, bRows, m, k, n),
                  tol: tol(dt, k), "\(dt) sliced Aᵀ B")
      let x = try tensor(values(&rng, 50 * n, dt), [50, n], dt)
      let w = try b.get([.slice(start: k - n, stop: k, step: 1)])  // [n, n], last rows of storage
      let wRows = Array(bRows[((k - n) * n)...])
      assertClose(try Tensor.matmul(x, w).toArray(), naive(x.toArray(), wRows, 50, n, n),
                  tol: tol(dt, n), "\(dt) x · sliced W")
    }
  }

  /// Non-finite values stay where they belong (a spilled store must not leave stale values).
  func testNonFiniteValuesStayInTheirRows() throws {
    for dt in [DType.f64, .f32] {
      var av = [Double](repeating: 1, count: 9 * 4)
      av[4 * 4] = .nan  // row 4
      let a = try tensor(av, [9, 4], dt)
      let b = try tensor([Double](repeating: 0.5, count: 4 * 5), [4, 5], dt)
      let c = try Tensor.matmul(a, b).toArray()
      for i in 0..<9 {
        for j in 0..<5 {
          if i == 4 { XCTAssert(c[i * 5 + j].isNaN, "\(dt) row 4") } else {
            XCTAssertEqual(c[i * 5 + j], 2, "\(dt) row \(i)")
          }
        }
      }
    }
  }
}
