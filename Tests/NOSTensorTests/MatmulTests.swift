// Tensor.matmul (BLAS gemm) against a naive triple loop: dtypes, views, batches, 1-D cases.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class MatmulTests: XCTestCase {
  func values(_ rng: inout TestRNG, _ n: Int, _ dt: DType) -> [Complex<Double>] {
    let v = dt.isComplex ? rng.complexArray(n) : real(rng.array(n))
    return dt.isDouble ? v : asFloat(v)
  }

  func make(_ v: [Complex<Double>], _ shape: [Int], _ dt: DType) throws -> Tensor {
    try ctensor(v, shape, .c128).astype(dt)
  }

  func tol(_ dt: DType) -> Double { dt.isDouble ? 1e-12 : 1e-5 }

  // OpenBLAS falls back to SSE3 ("Prescott") kernels on a CPU model newer than itself;
  // CKernels/blas_core.c has it choose again (an LSM step on Emerald Rapids: 4.2 -> 2.6 s).
  func testOpenBLASRunsVectorKernelsOnAVX2CPUs() throws {
    guard let core = Runtime.blasCore else { throw XCTSkip("the BLAS is not OpenBLAS") }
    guard Runtime.cpuHasAVX2FMA else { throw XCTSkip("this CPU has no AVX2 with FMA") }
    if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil {
      throw XCTSkip("OPENBLAS_CORETYPE chooses the kernels")
    }
    let withoutAVX2 = ["Unknown", "Prescott", "Core2", "Penryn", "Nehalem", "Atom", "Barcelona",
                       "Opteron", "Opteron_SSE3", "Sandybridge", "Bobcat"]
    XCTAssertFalse(withoutAVX2.contains { $0.lowercased() == core.lowercased() },
                   "OpenBLAS runs its \(core) kernels on a CPU with AVX2 and FMA")
  }

  func testEveryDTypeAgainstNaive() throws {
    var rng = TestRNG(60)
    for dt in DType.numeric {
      for (m, k, n) in [(1, 1, 1), (3, 4, 5), (7, 2, 3), (1, 9, 1), (16, 33, 17)] {
        let av = values(&rng, m * k, dt), bv = values(&rng, k * n, dt)
        let c = try Tensor.matmul(make(av, [m, k], dt), make(bv, [k, n], dt))
        XCTAssertEqual(c.shape, [m, n])
        XCTAssertEqual(c.dtype, dt)
        assertClose(c.toComplexArray(), naiveMatmul(av, bv, m, k, n), tol: tol(dt), "\(dt) \(m)x\(k)x\(n)")
      }
    }
  }

  func testTransposedAndStridedOperands() throws {
    var rng = TestRNG(61)
    for dt in DType.numeric {
      let (m, k, n) = (5, 6, 4)
      let av = values(&rng, m * k, dt), bv = values(&rng, k * n, dt)
      let want = naiveMatmul(av, bv, m, k, n)
      // Stored transposed: at is [k, m], so at.T is a [m, k] view with strides (1, m).
      let at = try make((0..<(k * m)).map { av[($0 % m) * k + $0 / m] }, [k, m], dt)
      let bt = try make((0..<(n * k)).map { bv[($0 % k) * n + $0 / k] }, [n, k], dt)
      let a = try make(av, [m, k], dt), b = try make(bv, [k, n], dt)
      assertClose(try Tensor.matmul(at.T, b).toComplexArray(), want, tol: tol(dt), "\(dt) aT b")
      assertClose(try Tensor.matmul(a, bt.transposed(0, 1)).toComplexArray(), want, tol: tol(dt), "\(dt) a bT")
      assertClose(try Tensor.matmul(at.T, bt.T).toComplexArray(), want, tol: tol(dt), "\(dt) aT bT")
      // Every other row of a taller matrix: x[::2] has row stride 2k.
      var tall = [Complex<Double>](repeating: Complex(99, 0), count: 2 * m * k)
      for i in 0..<m { for j in 0..<k { tall[2 * i * k + j] = av[i * k + j] } }
      let sa = try make(tall, [2 * m, k], dt).get([.slice(start: nil, stop: nil, step: 2)])
      assertClose(try Tensor.matmul(sa, b).toComplexArray(), want, tol: tol(dt), "\(dt) x[::2]")
      // Column-strided (x[:, ::2]) and reversed (x[::-1]) views need a copy before BLAS.
      var wide = [Complex<Double>](repeating: Complex(-5, 0), count: k * 2 * n)
      for i in 0..<k { for j in 0..<n { wide[i * 2 * n + 2 * j] = bv[i * n + j] } }
      let sb = try make(wide, [k, 2 * n], dt).get([.all, .slice(start: nil, stop: nil, step: 2)])
      assertClose(try Tensor.matmul(a, sb).toComplexArray(), want, tol: tol(dt), "\(dt) x[:, ::2]")
      let rev = try make((0..<(m * k)).map { av[(m - 1 - $0 / k) * k + $0 % k] }, [m, k], dt)
      assertClose(try Tensor.matmul(rev.get([.slice(start: nil, stop: nil, step: -1)]), b).toComplexArray(),
                  want, tol: tol(dt), "\(dt) x[::-1]")
    }
  }

  func testBatchedWithBroadcasting() throws {
    var rng = TestRNG(62)
    for dt in DType.numeric {
      let (m, k, n) = (3, 4, 2)
      // a: [2, 1, m, k], b: [3, k, n] -> [2, 3, m, n].
      let av = values(&rng, 2 * m * k, dt), bv = values(&rng, 3 * k * n, dt)
      let c = try Tensor.matmul(make(av, [2, 1, m, k], dt), make(bv, [3, k, n], dt))
      XCTAssertEqual(c.shape, [2, 3, m, n])
      var want: [Complex<Double>] = []
      for i in 0..<2 {
        for j in 0..<3 {
          want += naiveMatmul(Array(av[(i * m * k)..<((i + 1) * m * k)]), Array(bv[(j * k * n)..<((j + 1) * k * n)]),
                              m, k, n)
        }
      }
      assertClose(c.toComplexArray(), want, tol: tol(dt), "\(dt) batched broadcast")
      // A shared right operand: [4, m, k] @ [k, n] (folds into one tall GEMM).
      let a4 = values(&rng, 4 * m * k, dt)
      let d = try Tensor.matmul(make(a4, [4, m, k], dt), make(Array(bv[0..<(k * n)]), [k, n], dt))
      XCTAssertEqual(d.shape, [4, m, n])
      assertClose(d.toComplexArray(), naiveMatmul(a4, Array(bv[0..<(k * n)]), 4 * m, k, n), tol: tol(dt))
      // A shared left operand: [m, k] @ [3, k, n].
      let e = try Tensor.matmul(make(Array(av[0..<(m * k)]), [m, k], dt), make(bv, [3, k, n], dt))
      let wantE = (0..<3).flatMap { j in
        naiveMatmul(Array(av[0..<(m * k)]), Array(bv[(j * k * n)..<((j + 1) * k * n)]), m, k, n)
      }
      assertClose(e.toComplexArray(), wantE, tol: tol(dt))
      // A batch taken with a step: x[::2] of [8, m, k].
      let a8 = values(&rng, 8 * m * k, dt)
      let every = try make(a8, [8, m, k], dt).get([.slice(start: nil, stop: nil, step: 2)])
      var wantEvery: [Complex<Double>] = []
      for i in 0..<4 {
        let ai = Array(a8[(2 * i * m * k)..<((2 * i + 1) * m * k)])
        let j = i % 3
        let bi = Array(bv[(j * k * n)..<((j + 1) * k * n)])
        wantEvery += naiveMatmul(ai, bi, m, k, n)
      }
      let rhs = try make(bv, [3, k, n], dt).get([.gather(tensor([0, 1, 2, 0], [4]))])
      assertClose(try Tensor.matmul(every, rhs).toComplexArray(), wantEvery, tol: tol(dt), "\(dt) batch x[::2]")
      // Batch over a transposed batch axis: permuted [k, B, m] -> [B, m, k] view.
      let p = try make(a4, [4, m, k], dt).permuted([0, 2, 1]).copied().permuted([0, 2, 1])
      assertClose(try Tensor.matmul(p, make(Array(bv[0..<(k * n)]), [k, n], dt)).toComplexArray(),
                  naiveMatmul(a4, Array(bv[0..<(k * n)]), 4 * m, k, n), tol: tol(dt), "\(dt) permuted batch")
    }
  }

  func testVectorOperands() throws {
    let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
    let v3 = try tensor([1, 0, -1], [3]), v2 = try tensor([2, -1], [2])
    assertTensor(try Tensor.matmul(a, v3), shape: [2], [-2, -2], "2-D @ 1-D")
    assertTensor(try Tensor.matmul(v2, a), shape: [3], [-2, -1, 0], "1-D @ 2-D")
    assertTensor(try Tensor.matmul(v3, v3), shape: [], [2], "1-D @ 1-D")
    // Batched matrix with a vector on either side.
    let b = try tensor((0..<12).map(Double.init), [2, 2, 3])
    assertTensor(try Tensor.matmul(b, v3), shape: [2, 2], [-2, -2, -2, -2])
    assertTensor(try Tensor.matmul(v2, b), shape: [2, 3], [-3, -2, -1, 3, 4, 5])
    // Mixed dtypes promote.
    let z = try Tensor.matmul(tensor([1, 2], [1, 2], .f32), ctensor([Complex(0, 1), Complex(1, 0)], [2, 1]))
    XCTAssertEqual(z.dtype, .c128)
    XCTAssertEqual(z.toComplexArray(), [Complex(2, 1)])
    XCTAssertEqual(try Tensor.matmul(tensor([1], [1, 1], .f32), tensor([1], [1, 1])).dtype, .f64)
  }

  func testEmptyAndZeroK() throws {
    for dt in DType.numeric {
      let c = try Tensor.matmul(Tensor.zeros([3, 0], dtype: dt), Tensor.zeros([0, 4], dtype: dt))
      assertTensor(c, shape: [3, 4], dtype: dt, [Double](repeating: 0, count: 12), "k = 0")
      XCTAssertEqual(try Tensor.matmul(Tensor.ones([0, 2], dtype: dt), Tensor.ones([2, 5], dtype: dt)).shape, [0, 5])
      XCTAssertEqual(try Tensor.matmul(Tensor.ones([2, 0, 3]), Tensor.ones([3, 1])).shape, [2, 0, 1])
      assertTensor(try Tensor.matmul(Tensor.ones([0], dtype: dt), Tensor.ones([0], dtype: dt)), shape: [], [0])
    }
  }

  func testLargeProduct() throws {
    // Big enough for blocked/threaded BLAS paths.
    var rng = TestRNG(63)
    let (m, k, n) = (70, 130, 90)
    let av = real(rng.array(m * k)), bv = real(rng.array(k * n))
    let c = try Tensor.matmul(make(av, [m, k], .f64), make(bv, [k, n], .f64))
    assertClose(c.toComplexArray(), naiveMatmul(av, bv, m, k, n), tol: 1e-12)
  }

  func testErrors() throws {
    assertThrows("shape mismatch in @: [3, 4] and [5, 2]", try Tensor.matmul(Tensor.zeros([3, 4]), Tensor.zeros([5, 2])))
    assertThrows("shape mismatch in @: [3] and [4]", try Tensor.matmul(Tensor.zeros([3]), Tensor.zeros([4])))
    assertThrows("shape mismatch in @: [2, 3] and [2]", try Tensor.matmul(Tensor.zeros([2, 3]), Tensor.zeros([2])))
    assertThrows("shape mismatch in @: [2] and [3, 2]", try Tensor.matmul(Tensor.zeros([2]), Tensor.zeros([3, 2])))
    assertThrows("shape mismatch in @", try Tensor.matmul(Tensor.zeros([2, 3, 4]), Tensor.zeros([3, 4, 5])))
    assertThrows("matmul: operands must have at least one dimension", try Tensor.matmul(Tensor(2), Tensor.zeros([2])))
    assertThrows("matmul: operands must have at least one dimension", try Tensor.matmul(Tensor.zeros([2]), Tensor(2)))
  }
}
