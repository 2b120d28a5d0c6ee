// FFTs (fft ifft rfft irfft fft2 ifft2 rfft2 irfft2) against a naive O(n²) DFT.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class FFTTests: XCTestCase {
  func tol(_ dt: DType) -> Double { dt.isDouble ? 1e-11 : 2e-5 }

  /// Applies a 1-D transform to every row along the last axis of a row-major [rows, n] array.
  func rows(_ x: [Complex<Double>], _ n: Int, _ f: ([Complex<Double>]) -> [Complex<Double>]) -> [Complex<Double>] {
    stride(from: 0, to: x.count, by: n).flatMap { f(Array(x[$0..<($0 + n)])) }
  }

  /// A 2-D transform over the last two axes of [batch, r, c]: rows, then columns.
  func naive2(_ x: [Complex<Double>], _ r: Int, _ c: Int, inverse: Bool) -> [Complex<Double>] {
    var out: [Complex<Double>] = []
    for b in stride(from: 0, to: x.count, by: r * c) {
      var m = rows(Array(x[b..<(b + r * c)]), c) { naiveDFT($0, inverse: inverse) }
      for j in 0..<c {
        let col = naiveDFT((0..<r).map { m[$0 * c + j] }, inverse: inverse)
        for i in 0..<r { m[i * c + j] = col[i] }
      }
      out += m
    }
    return out
  }

  /// NumPy's irfft: the Hermitian extension of the first n/2+1 values (imaginary parts of the
  /// zero and Nyquist terms ignored), inverse DFT, real part.
  func naiveIrfft(_ half: [Complex<Double>], _ n: Int) -> [Complex<Double>] {
    let h = resized(half, n / 2 + 1)
    var full = [Complex<Double>](repeating: .zero, count: n)
    for k in 0..<n {
      let j = k <= n / 2 ? k : n - k
      let v = h[j]
      full[k] = k <= n / 2 ? v : v.conjugate
    }
    full[0] = Complex(full[0].real, 0)
    if n % 2 == 0 { full[n / 2] = Complex(full[n / 2].real, 0) }
    return naiveDFT(full, inverse: true).map { Complex($0.real, 0) }
  }

  func input(_ rng: inout TestRNG, _ n: Int, _ dt: DType) -> [Complex<Double>] {
    let v = dt.isComplex ? rng.complexArray(n) : real(rng.array(n))
    return dt.isDouble ? v : asFloat(v)
  }

  func testFFTAndIFFTEveryDType() throws {
    var rng = TestRNG(80)
    for dt in DType.numeric {
      for n in [1, 2, 5, 8, 9, 16, 17] {
        let x = input(&rng, 3 * n, dt)
        let t = try ctensor(x, [3, n]).astype(dt)
        let f = try t.fft()
        XCTAssertEqual(f.dtype, dt.complex)
        XCTAssertEqual(f.shape, [3, n])
        assertClose(f.toComplexArray(), rows(x, n) { naiveDFT($0) }, tol: tol(dt) * Double(n), "fft \(dt) n=\(n)")
        assertClose(try t.ifft().toComplexArray(), rows(x, n) { naiveDFT($0, inverse: true) }, tol: tol(dt),
                    "ifft \(dt) n=\(n)")
        // Round trip.
        assertClose(try f.ifft().toComplexArray(), x, tol: tol(dt) * 4, "ifft(fft) \(dt) n=\(n)")
      }
    }
  }

  func testPaddingAndTruncation() throws {
    var rng = TestRNG(81)
    let x = rng.complexArray(12)
    let t = try ctensor(x, [2, 6])
    for n in [3, 6, 7, 10, 1] {
      let want = rows(x, 6) { naiveDFT(resized($0, n)) }
      assertTensor(try t.fft(n: n), shape: [2, n], want.map(\.real), tol: 1e-12, "fft n=\(n)")
      assertClose(try t.fft(n: n).toComplexArray(), want, tol: 1e-12, "fft n=\(n)")
      assertClose(try t.ifft(n: n).toComplexArray(), rows(x, 6) { naiveDFT(resized($0, n), inverse: true) },
                  tol: 1e-12, "ifft n=\(n)")
    }
    // fft2 with s=: pad rows, truncate columns.
    let m = try ctensor(x, [3, 4])
    var padded = [Complex<Double>](repeating: .zero, count: 5 * 3)
    for i in 0..<3 { for j in 0..<3 { padded[i * 3 + j] = x[i * 4 + j] } }
    assertClose(try m.fft2(s: [5, 3]).toComplexArray(), naive2(padded, 5, 3, inverse: false), tol: 1e-12, "fft2 s=")
    XCTAssertEqual(try m.fft2(s: [5, 3]).shape, [5, 3])
  }

  func testRealTransforms() throws {
    var rng = TestRNG(82)
    for dt in [DType.f64, .f32] {
      for n in [1, 2, 7, 8, 15, 16] {
        let x = input(&rng, 2 * n, dt)
        let t = try ctensor(x, [2, n]).astype(dt)
        let r = try t.rfft()
        XCTAssertEqual(r.shape, [2, n / 2 + 1])
        XCTAssertEqual(r.dtype, dt.complex)
        assertClose(r.toComplexArray(), rows(x, n) { Array(naiveDFT($0).prefix(n / 2 + 1)) },
                    tol: tol(dt) * Double(n), "rfft \(dt) n=\(n)")
        // irfft(rfft(x), n) ≈ x for even and odd n.
        let back = try r.irfft(n: n)
        XCTAssertEqual(back.dtype, dt)
        XCTAssertEqual(back.shape, [2, n])
        assertClose(back.toArray(), x.map(\.real), tol: tol(dt) * 4, "irfft(rfft) \(dt) n=\(n)")
      }
      // rfft with n= padding / truncation.
      let x = input(&rng, 10, dt)
      let t = try ctensor(x, [10]).astype(dt)
      for n in [4, 10, 13] {
        assertClose(try t.rfft(n: n).toComplexArray(), Array(naiveDFT(resized(x, n)).prefix(n / 2 + 1)),
                    tol: tol(dt) * 10, "rfft n=\(n)")
      }
    }
  }

  func testIrfftOfArbitraryComplexInput() throws {
    var rng = TestRNG(83)
    let h = rng.complexArray(15)  // [3, 5]
    let t = try ctensor(h, [3, 5])
    // Default n = 2(m-1) = 8, and explicit odd / even / truncating sizes.
    assertClose(try t.irfft().toComplexArray(), rows(h, 5) { naiveIrfft($0, 8) }, tol: 1e-12, "irfft default")
    for n in [9, 7, 4, 12, 1] {
      let r = try t.irfft(n: n)
      XCTAssertEqual(r.shape, [3, n])
      XCTAssertEqual(r.dtype, .f64)
      assertClose(r.toComplexArray(), rows(h, 5) { naiveIrfft($0, n) }, tol: 1e-12, "irfft n=\(n)")
    }
    // A real input is treated as complex.
    assertClose(try tensor([1, 2, 3], [3]).irfft().toComplexArray(), naiveIrfft(real([1, 2, 3]), 4), tol: 1e-12)
  }

  func testTwoDimensionalTransforms() throws {
    var rng = TestRNG(84)
    for dt in DType.numeric {
      let (b, r, c) = (2, 5, 6)
      let x = input(&rng, b * r * c, dt)
      let t = try ctensor(x, [b, r, c]).astype(dt)
      let f = try t.fft2()
      XCTAssertEqual(f.shape, [b, r, c])
      let want = naive2(x, r, c, inverse: false)
      assertClose(f.toComplexArray(), want, tol: tol(dt) * 30, "fft2 \(dt)")
      assertClose(try t.ifft2().toComplexArray(), naive2(x, r, c, inverse: true), tol: tol(dt), "ifft2 \(dt)")
      assertClose(try f.ifft2().toComplexArray(), x, tol: tol(dt) * 4, "ifft2(fft2) \(dt)")
      guard !dt.isComplex else { continue }
      let rf = try t.rfft2()
      XCTAssertEqual(rf.shape, [b, r, c / 2 + 1])
      var wantHalf: [Complex<Double>] = []
      for row in 0..<(b * r) { wantHalf += want[(row * c)...(row * c + c / 2)] }
      assertClose(rf.toComplexArray(), wantHalf, tol: tol(dt) * 30, "rfft2 \(dt)")
      // irfft2 back to even and odd last sizes.
      assertClose(try rf.irfft2(s: [r, c]).toArray(), x.map(\.real), tol: tol(dt) * 4, "irfft2(rfft2) \(dt)")
      let odd = try ctensor(Array(x[0..<(r * 7)]), [r, 7]).astype(dt)
      assertClose(try odd.rfft2().irfft2(s: [r, 7]).toArray(), x[0..<(r * 7)].map(\.real), tol: tol(dt) * 4,
                  "irfft2 odd \(dt)")
    }
  }

  func testIrfft2OfArbitraryComplexInput() throws {
    // NumPy: irfft2(X, s) = irfft(ifft(X, n=s0, axis=-2), n=s1, axis=-1).
    var rng = TestRNG(88)
    let (r, m) = (3, 4)
    let h = rng.complexArray(2 * r * m)
    for s1 in [6, 7] {
      var want: [Complex<Double>] = []
      for b in 0..<2 {
        var cols = [Complex<Double>](repeating: .zero, count: r * m)
        for j in 0..<m {
          let col = naiveDFT((0..<r).map { h[b * r * m + $0 * m + j] }, inverse: true)
          for i in 0..<r { cols[i * m + j] = col[i] }
        }
        want += rows(cols, m) { naiveIrfft($0, s1) }
      }
      let got = try ctensor(h, [2, r, m]).irfft2(s: [r, s1])
      XCTAssertEqual(got.shape, [2, r, s1])
      assertClose(got.toComplexArray(), want, tol: 1e-12, "irfft2 s1=\(s1)")
    }
  }

  func testParseval() throws {
    var rng = TestRNG(85)
    let x = rng.complexArray(64)
    let f = try ctensor(x, [64]).fft()
    let ex = x.reduce(0.0) { $0 + $1.lengthSquared }
    let ef = f.toComplexArray().reduce(0.0) { $0 + $1.lengthSquared }
    XCTAssertEqual(ef / 64, ex, accuracy: 1e-10 * ex)
    let y = rng.array(50)
    let ry = try tensor(y, [50]).rfft().toComplexArray()
    // Σ|x|² = (|X0|² + 2 Σ_{0<k<25} |Xk|² + |X25|²) / n for even n.
    var s = ry[0].lengthSquared + ry[25].lengthSquared
    for k in 1..<25 { s += 2 * ry[k].lengthSquared }
    XCTAssertEqual(s / 50, y.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-10)
  }

  func testBatchedAndNonContiguousInputs() throws {
    var rng = TestRNG(86)
    let x = rng.complexArray(2 * 3 * 8)
    let t = try ctensor(x, [2, 3, 8])
    assertClose(try t.fft().toComplexArray(), rows(x, 8) { naiveDFT($0) }, tol: 1e-11, "batched")
    // Transposed: transform along what was axis 0 of [8, 6].
    let m = try ctensor(Array(x[0..<48]), [8, 6]).T  // [6, 8] view
    let mt = (0..<48).map { x[($0 % 8) * 6 + $0 / 8] }
    assertClose(try m.fft().toComplexArray(), rows(mt, 8) { naiveDFT($0) }, tol: 1e-11, "fft of .T")
    // Stepped slice: every other element, and an offset view (unaligned start).
    let s = try ctensor(x, [48]).get([.slice(start: 1, stop: nil, step: 2)])
    assertClose(try s.fft().toComplexArray(), naiveDFT(stride(from: 1, to: 48, by: 2).map { x[$0] }), tol: 1e-11)
    let real48 = rng.array(49)
    let off = try tensor(real48, [49], .f32).get([.slice(start: 1, stop: nil, step: nil)])
    assertClose(try off.rfft().toComplexArray(), Array(naiveDFT(asFloat(real(Array(real48[1...])))).prefix(25)),
                tol: 1e-4, "offset f32 view")
    // Broadcast view input.
    let bc = try ctensor(Array(x[0..<4]), [1, 4]).broadcast(to: [3, 4])
    assertClose(try bc.fft().toComplexArray(), (0..<3).flatMap { _ in naiveDFT(Array(x[0..<4])) }, tol: 1e-12)
  }

  func testPlanReuseGivesSameAnswer() throws {
    var rng = TestRNG(87)
    let x = try tensor(rng.array(4 * 4096), [4, 4096])  // large enough for a measured, threaded plan
    let a = try x.rfft().toComplexArray(), b = try x.rfft().toComplexArray()
    XCTAssertEqual(a, b)
    let c1 = try x.fft().toComplexArray(), c2 = try x.fft().toComplexArray()
    XCTAssertEqual(c1, c2)
    // The input is untouched by the transforms (c2r gets a private copy).
    let h = try x.rfft()
    let before = h.toComplexArray()
    _ = try h.irfft(n: 4096)
    XCTAssertEqual(h.toComplexArray(), before)
    assertClose(try h.irfft(n: 4096).toArray(), x.toArray(), tol: 1e-12)
  }

  func testErrors() throws {
    assertThrows("fft: needs a tensor with at least 1 dimension(s)", try Tensor(1).fft())
    assertThrows("fft2: needs a tensor with at least 2 dimension(s), got shape [3]", try Tensor.zeros([3]).fft2())
    assertThrows("fft: invalid transform size [0]", try Tensor.zeros([3]).fft(n: 0))
    assertThrows("fft: invalid transform size [0]", try Tensor.zeros([2, 0]).fft())
    assertThrows("ifft: invalid transform size [-2]", try Tensor.zeros([3]).ifft(n: -2))
    assertThrows("rfft needs a real tensor, got c128", try ctensor([.zero], [1]).rfft())
    assertThrows("irfft: invalid transform size [0]", try Tensor.zeros([1]).irfft())
    assertThrows("irfft2: needs a tensor with at least 2 dimension(s)", try Tensor.zeros([4]).irfft2())
    XCTAssertEqual(try Tensor.zeros([0, 4]).fft().shape, [0, 4])
    XCTAssertEqual(try Tensor.zeros([0, 4]).rfft().shape, [0, 3])
  }
}
