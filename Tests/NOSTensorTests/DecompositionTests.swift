// svd, eigh, eig, qr, cholesky (LAPACK) checked by reconstruction, orthonormality, invariants
// (trace, determinant, Frobenius norm), analytic 2×2 cases and NumPy values, every dtype.
import Numerics
import XCTest
@testable import NOSTensor

final class DecompositionTests: XCTestCase {
  func tol(_ dt: DType) -> Double { dt.isDouble ? 1e-11 : 3e-4 }

  func random(_ rng: inout TestRNG, _ shape: [Int], _ dt: DType) throws -> Tensor {
    let n = product(shape)
    let v = dt.isComplex ? rng.complexArray(n) : rng.array(n).map { Complex($0, 0) }
    return try ctensor(v, shape).astype(dt)
  }

  /// Matrix `b` of a batch as complex row-major values.
  func mat(_ t: Tensor, _ b: Int) -> [Complex<Double>] {
    let r = t.shape[t.ndim - 2], c = t.shape[t.ndim - 1]
    return (0..<(r * c)).map { t.element(b * r * c + $0) }
  }

  func adjoint(_ a: [Complex<Double>], _ r: Int, _ c: Int) -> [Complex<Double>] {
    (0..<(c * r)).map { k in a[(k % r) * c + k / r].conjugate }
  }

  func identity(_ n: Int) -> [Complex<Double>] {
    (0..<(n * n)).map { $0 / n == $0 % n ? .one : .zero }
  }

  func testSVDReconstructsAndIsOrthonormalEveryDType() throws {
    var rng = TestRNG(301)
    for dt in DType.numeric {
      for (m, n) in [(4, 3), (3, 5), (4, 4), (1, 3)] {
        let a = try random(&rng, [2, m, n], dt)
        for full in [true, false] {
          let (u, s, vh) = try a.svd(fullMatrices: full)
          let k = min(m, n), uc = full ? m : k, vr = full ? n : k
          XCTAssertEqual([u.shape, s.shape, vh.shape], [[2, m, uc], [2, k], [2, vr, n]])
          XCTAssertEqual(s.dtype, dt.real)
          for b in 0..<2 {
            let sv = (0..<k).map { s.element(b * k + $0).re }
            XCTAssertEqual(sv, sv.sorted(by: >), "descending \(dt)")
            XCTAssertGreaterThanOrEqual(sv.last ?? 0, 0)
            // U[:, :k] diag(S) Vh[:k] == A.
            let um = mat(u, b), vm = mat(vh, b)
            let us = (0..<(m * k)).map { um[($0 / k) * uc + $0 % k] * Complex(sv[$0 % k], 0) }
            let rec = naiveMatmul(us, Array(vm[0..<(k * n)]), m, k, n)
            assertClose(rec, mat(a, b), tol: tol(dt), "svd \(dt) \(m)x\(n) full=\(full)")
            assertClose(naiveMatmul(adjoint(um, m, uc), um, uc, m, uc), identity(uc), tol: tol(dt),
                        "UᴴU \(dt)")
            assertClose(naiveMatmul(vm, adjoint(vm, vr, n), vr, n, vr), identity(vr), tol: tol(dt),
                        "Vh Vhᴴ \(dt)")
          }
        }
      }
    }
  }

  func testSingularValuesOfA2x2ByHand() throws {
    // [[3, 0], [4, 5]]: S₁S₂ = |det| = 15 and S₁² + S₂² = 50, so S = [3√5, √5].
    let s = try tensor([3, 0, 4, 5], [2, 2]).svdvals()
    assertClose(s.toArray(), [3 * 5.0.squareRoot(), 5.0.squareRoot()], tol: 1e-14, "svdvals")
    let (_, s2, _) = try tensor([3, 0, 4, 5], [2, 2], .f32).svd(fullMatrices: true)
    assertClose(s2.toArray(), [3 * 5.0.squareRoot(), 5.0.squareRoot()], tol: 1e-6, "f32")
  }

  func testEighEveryDType() throws {
    var rng = TestRNG(302)
    for dt in DType.numeric {
      let n = 5
      let b = try random(&rng, [3, n, n], dt)
      let a = try Tensor.matmul(b, b.transposed(1, 2).unary(.conj))
      let (w, v) = try a.eigh()
      XCTAssertEqual([w.shape, v.shape], [[3, n], [3, n, n]])
      XCTAssertEqual(w.dtype, dt.real)
      for k in 0..<3 {
        let wv = (0..<n).map { w.element(k * n + $0).re }
        XCTAssertEqual(wv, wv.sorted(), "ascending")
        let vm = mat(v, k), am = mat(a, k)
        let vw = (0..<(n * n)).map { vm[$0] * Complex(wv[$0 % n], 0) }
        assertClose(naiveMatmul(am, vm, n, n, n), vw, tol: tol(dt) * 10, "A V = V w \(dt)")
        assertClose(naiveMatmul(adjoint(vm, n, n), vm, n, n, n), identity(n), tol: tol(dt), "VᴴV")
        let trace = (0..<n).reduce(0.0) { $0 + am[$1 * n + $1].real }
        XCTAssertEqual(wv.reduce(0, +), trace, accuracy: tol(dt) * 100)
      }
    }
  }

  func testEighAgainstNumPy() throws {
    // numpy.linalg.eigh([[4, 1, 2], [1, 3, 0], [2, 0, 5]])[0] (NumPy 2.4).
    let (w, _) = try tensor([4, 1, 2, 1, 3, 0, 2, 0, 5], [3, 3]).eigh()
    assertClose(w.toArray(), [1.854897308799577, 3.476023602918134, 6.669079088282288],
                tol: 1e-12, "eigh")
  }

  func testEigSatisfiesAVEqualsVwAndTheInvariants() throws {
    var rng = TestRNG(303)
    for dt in DType.numeric {
      let n = 6
      let a = try random(&rng, [2, n, n], dt)
      let (w, v) = try a.eig()
      XCTAssertEqual([w.dtype, v.dtype], [dt.complex, dt.complex])
      let dets = try a.det()
      for k in 0..<2 {
        let am = mat(a, k), vm = mat(v, k)
        let wv = (0..<n).map { w.element(k * n + $0) }
        let vw = (0..<(n * n)).map { vm[$0] * wv[$0 % n] }
        assertClose(naiveMatmul(am, vm, n, n, n), vw, tol: tol(dt) * 10, "eig \(dt)")
        let trace = (0..<n).reduce(Complex<Double>.zero) { $0 + am[$1 * n + $1] }
        assertClose([wv.reduce(.zero, +)], [trace], tol: tol(dt) * 10, "trace \(dt)")
        assertClose([wv.reduce(.one, *)], [dets.element(k)], tol: tol(dt) * 10, "det \(dt)")
      }
    }
  }

  func testEigOfARotationIsPlusMinusI() throws {
    let (w, _) = try tensor([0, -1, 1, 0], [2, 2]).eig()
    let ws = [w.element(0), w.element(1)].sorted { $0.imaginary < $1.imaginary }
    assertClose(ws, [Complex(0, -1), Complex(0, 1)], tol: 1e-14, "±i")
  }

  func testQRReducedAndCompleteEveryDType() throws {
    var rng = TestRNG(304)
    for dt in DType.numeric {
      for (m, n) in [(5, 3), (3, 5), (4, 4)] {
        let a = try random(&rng, [m, n], dt)
        for complete in [false, true] {
          let (q, r) = try a.qr(complete: complete)
          let qc = complete ? m : min(m, n)
          XCTAssertEqual([q.shape, r.shape], [[m, qc], [qc, n]])
          let qm = mat(q, 0), rm = mat(r, 0)
          assertClose(naiveMatmul(qm, rm, m, qc, n), mat(a, 0), tol: tol(dt), "QR \(dt)")
          assertClose(naiveMatmul(adjoint(qm, m, qc), qm, qc, m, qc), identity(qc), tol: tol(dt),
                      "QᴴQ \(dt)")
          for i in 0..<qc { for j in 0..<min(i, n) { XCTAssertEqual(rm[i * n + j], .zero) } }
        }
      }
    }
  }

  func testCholeskyEveryDTypeAndByHand() throws {
    var rng = TestRNG(305)
    for dt in DType.numeric {
      let n = 4
      let b = try random(&rng, [2, n, n], dt)
      let a = try Tensor.matmul(b, b.transposed(1, 2).unary(.conj)) + Tensor.eye(n, dtype: dt)
      let l = try a.cholesky()
      for k in 0..<2 {
        let lm = mat(l, k)
        assertClose(naiveMatmul(lm, adjoint(lm, n, n), n, n, n), mat(a, k), tol: tol(dt), "LLᴴ")
        for i in 0..<n {
          XCTAssertGreaterThan(lm[i * n + i].real, 0)
          for j in (i + 1)..<n { XCTAssertEqual(lm[i * n + j], .zero) }
        }
      }
    }
    let l = try tensor([4, 2, 2, 3], [2, 2]).cholesky()
    assertClose(l.toArray(), [2, 0, 1, 2.0.squareRoot()], tol: 1e-15, "[[4, 2], [2, 3]]")
  }

  func testBadInputsAreErrorsNotCrashes() throws {
    let vector = try tensor([1, 2, 3], [3])
    XCTAssertThrowsError(try vector.svd(fullMatrices: true)) { e in
      XCTAssertEqual("\(e)", "svd: needs matrices [..., m, n], got shape [3]")
    }
    let wide = try Tensor.ones([2, 3])
    for (name, f) in [("eigh", { _ = try wide.eigh() }), ("eig", { _ = try wide.eig() }),
                      ("cholesky", { _ = try wide.cholesky() })] as [(String, () throws -> Void)] {
      XCTAssertThrowsError(try f()) { e in
        XCTAssertEqual("\(e)", "\(name): needs square matrices [..., n, n], got shape [2, 3]")
      }
    }
    XCTAssertThrowsError(try tensor([1, 2, 2, 1], [2, 2]).cholesky()) { e in
      XCTAssertEqual("\(e)", "cholesky: matrix is not positive definite")
    }
    // NaN input: an error or NaN results, never a trap.
    let nan = try tensor([.nan, 1, 2, 3], [2, 2])
    _ = try? nan.svd(fullMatrices: true)
    _ = try? nan.eigh()
    _ = try? nan.eig()
    _ = try? nan.qr(complete: true)
    _ = try? nan.cholesky()
  }

  func testEmptyMatricesAnswerLikeNumPy() throws {
    let (u, s, vh) = try Tensor.zeros([2, 0, 3]).svd(fullMatrices: true)
    XCTAssertEqual([u.shape, s.shape, vh.shape], [[2, 0, 0], [2, 0], [2, 3, 3]])
    XCTAssertEqual(vh.toArray(), [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1])
    let (q, r) = try Tensor.zeros([3, 0]).qr(complete: true)
    XCTAssertEqual([q.shape, r.shape], [[3, 3], [3, 0]])
    XCTAssertEqual(try Tensor.zeros([0, 0]).cholesky().shape, [0, 0])
    XCTAssertEqual(try Tensor.zeros([0, 0]).eigh().w.shape, [0])
    XCTAssertEqual(try Tensor.zeros([4, 0, 0]).eig().v.shape, [4, 0, 0])
  }
}
