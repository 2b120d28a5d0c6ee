// irfftConsuming (the spectral layer's inverse transform without a copy or a 1/n pass)
// against a naive inverse DFT and against irfft2.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class FFTConsumingTests: XCTestCase {
  /// 1-D: the result is the unscaled inverse times `scale`, i.e. n·scale·irfft, for even and
  /// odd n, in both precisions; checked against FFTTests' naive Hermitian inverse DFT.
  func testOneDEqualsScaledNaiveInverse() throws {
    var rng = TestRNG(31)
    for dt in [DType.c128, .c64] {
      for n in [8, 9, 16] {
        let half = rng.complexArray(3 * (n / 2 + 1))
        let values = dt.isDouble ? half : asFloat(half)
        let spectrum = try ctensor(values, [3, n / 2 + 1]).astype(dt)
        let scale = 0.25
        let got = try spectrum.irfftConsuming(sizes: [n], scale: scale)
        XCTAssertEqual(got.shape, [3, n])
        XCTAssertEqual(got.dtype, dt.real)
        let want = stride(from: 0, to: values.count, by: n / 2 + 1).flatMap {
          hermitianInverse(Array(values[$0..<($0 + n / 2 + 1)]), n).map { $0 * scale }
        }
        assertClose(got.toArray(), want, tol: dt.isDouble ? 1e-11 : 2e-5 * Double(n),
                    "\(dt) n=\(n)")
      }
    }
  }

  /// 2-D with scale 1/n equals irfft2 (checked against a naive DFT in FFTTests); scale 1
  /// gives n times it.
  func testTwoDMatchesIrfft2() throws {
    var rng = TestRNG(32)
    let r = 6, c = 5, shape = [2, r, c / 2 + 1]
    let spectrum = try ctensor(rng.complexArray(shape.reduce(1, *)), shape)
    let want = try spectrum.irfft2(s: [r, c]).toArray()
    let fresh = try spectrum.copied().irfftConsuming(sizes: [r, c], scale: 1 / Double(r * c))
    assertClose(fresh.toArray(), want, tol: 1e-12, "scale 1/n")
    let unscaled = try spectrum.copied().irfftConsuming(sizes: [r, c], scale: 1)
    assertClose(unscaled.toArray(), want.map { $0 * Double(r * c) }, tol: 1e-11, "scale 1")
  }

  /// Σ_k full[k]·e^{2πijk/n} (no 1/n) of the Hermitian extension of `half`, whose DC and
  /// (even n) Nyquist imaginary parts are dropped as NumPy's irfft does.
  func hermitianInverse(_ half: [Complex<Double>], _ n: Int) -> [Double] {
    let full = (0..<n).map { k -> Complex<Double> in
      let v = k <= n / 2 ? half[k] : half[n - k].conjugate
      return k == 0 || 2 * k == n ? Complex(v.real, 0) : v
    }
    return naiveDFT(full, inverse: true).map { $0.real * Double(n) }
  }

  func testWrongSizeCountThrows() throws {
    let x = try Tensor.zeros([2, 3], dtype: .c128)
    assertThrows("irfft: expected 1 or 2 sizes, got [1, 2, 3]",
                 try x.irfftConsuming(sizes: [1, 2, 3], scale: 1))
  }
}
