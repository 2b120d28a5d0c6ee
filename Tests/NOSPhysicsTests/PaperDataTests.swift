// The FNO papers' data: the initial fields' empirical spectra match their covariance
// formulas, the Burgers generator's pairs agree with Cole–Hopf, Darcy's FNO scheme converges
// at second order, forced Navier–Stokes matches its exact single-mode solution.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class PaperDataTests: XCTestCase {
  /// R10's u0 ~ N(0, 625(−Δ + 25I)^(−2)): in the basis √2 cos 2πkx, √2 sin 2πkx the
  /// coefficients have variance 625(4π²k² + 25)^(−2), so the cos and sin amplitudes a_k, b_k
  /// of u = Σ a_k cos + b_k sin have variance 2·625(4π²k² + 25)^(−2) each (the formula,
  /// written out here, not `periodicStd`). a_k, b_k are projected by explicit sums. Each
  /// sample's (a² + b²)/(2v) is χ²₂/2 (mean 1, sd 1), so the mean over M samples has sd
  /// 1/√M; the test allows 5 sd per mode and 5 sd for the mean over all modes.
  func testPeriodicFieldSpectrum() throws {
    let R = 64, M = 400, K = R / 2 - 1
    var rng = Xoshiro256(seed: 7)
    var ratio = [Double](repeating: 0, count: K + 1), nyquist = 0.0
    for _ in 0..<M {
      let u = try PaperFields.periodic(res: R, gamma: 2, tau: 5, sigma: 25, rng: &rng)
      XCTAssertLessThan(abs(u.reduce(0, +)), 1e-9)  // no mean mode
      for k in 1...K {
        var a = 0.0, b = 0.0
        for (j, v) in u.enumerated() {
          let th = 2 * Double.pi * Double(k * j) / Double(R)
          a += 2 * v * cos(th) / Double(R)
          b += 2 * v * sin(th) / Double(R)
        }
        let w = 4 * Double.pi * Double.pi * Double(k * k) + 25
        ratio[k] += (a * a + b * b) / (2 * 2 * 625 / (w * w)) / Double(M)
      }
      var c = 0.0
      for (j, v) in u.enumerated() { c += (j % 2 == 0 ? v : -v) / Double(R) }
      let w = 4 * Double.pi * Double.pi * Double(R * R / 4) + 25
      nyquist += c * c / (2 * 625 / (w * w)) / Double(M)
    }
    for k in 1...K { XCTAssertEqual(ratio[k], 1, accuracy: 5 / Double(M).squareRoot(), "k \(k)") }
    let all = ratio[1...].reduce(0, +) / Double(K)
    XCTAssertEqual(all, 1, accuracy: 5 / Double(M * K).squareRoot())
    // The Nyquist cosine alone: χ²₁ (sd √2).
    XCTAssertEqual(nyquist, 1, accuracy: 5 * 2.0.squareRoot() / Double(M).squareRoot())
  }

  /// GRF.m's field with α = 2, τ = 3: C = 9(−Δ + 9I)^(−2) with Neumann walls, so the
  /// coefficient of the orthonormal cosine φ_k (2 cos πk1x cos πk2y, √2 cos … if one index is
  /// 0) has variance 9(π²|k|² + 9)^(−2); (0, 0) is dropped. The fields live at the cell
  /// centres (m + ½)/s, where the cosines are discretely orthogonal, so c_k = s^(−2)
  /// Σ U φ_k recovers each coefficient; c²/v is χ²₁ (sd √2): 5 sd per mode, 5 for the mean.
  func testNeumannFieldSpectrum() throws {
    let s = 12, M = 300
    let basis = try PaperFields.basisTensors(s)
    var rng = Xoshiro256(seed: 11)
    let modes = [(0, 1), (1, 0), (1, 1), (2, 3), (5, 0), (0, 7), (11, 11)]
    var ratio = [Double](repeating: 0, count: modes.count), mean00 = 0.0
    func phi(_ k: Int, _ m: Int) -> Double {
      (k == 0 ? 1 : 2.0.squareRoot()) * cos(Double.pi * Double(k) * (Double(m) + 0.5)
                                             / Double(s))
    }
    for _ in 0..<M {
      let u = try PaperFields.neumann(res: s, alpha: 2, tau: 3, basis: basis, rng: &rng)
      for (i, (k1, k2)) in modes.enumerated() {
        var c = 0.0
        for m in 0..<s { for n in 0..<s { c += u[m * s + n] * phi(k1, m) * phi(k2, n) } }
        c /= Double(s * s)
        let w = Double.pi * Double.pi * Double(k1 * k1 + k2 * k2) + 9
        ratio[i] += c * c / (9 / (w * w)) / Double(M)
      }
      mean00 = max(mean00, abs(u.reduce(0, +)) / Double(s * s))
    }
    let tol = 5 * 2.0.squareRoot() / Double(M).squareRoot()
    for (i, r) in ratio.enumerated() { XCTAssertEqual(r, 1, accuracy: tol, "mode \(modes[i])") }
    XCTAssertEqual(ratio.reduce(0, +) / Double(modes.count), 1,
                   accuracy: tol / Double(modes.count).squareRoot())
    XCTAssertLessThan(mean00, 1e-12)
  }

  /// Cole–Hopf for the generator's own pairs: φ0 = exp(−∫u0/(2ν)) (the antiderivative mode by
  /// mode, u0 has no mean), φ(t) by the heat equation mode by mode, u = −2ν φ_x/φ.
  func testBurgersPairsMatchColeHopf() throws {
    let n = 128, nu = 0.1
    let d = try Generators.burgers(n: 2, res: n, nu: nu, t: 1, solveRes: n, seed: 5)
    let x = d.x.toArray(), y = d.y.toArray()
    for s in 0..<2 {
      let u0 = Array(x[s * n..<(s + 1) * n])
      let spec = try Tensor(u0).rfft().toComplexArray()
      var anti = [Double](repeating: 0, count: n)
      for j in 0..<n {
        for (k, c) in spec.enumerated() where k > 0 && k < n / 2 {
          let w = 2 * Double.pi * Double(k), th = w * Double(j) / Double(n)
          // ∫ of (2/n)(re cos − im sin) is (2/n)(re sin + im cos)/w (plus a constant).
          anti[j] += 2 / Double(n) * (c.re * sin(th) + c.im * cos(th)) / w
        }
      }
      let phi0 = anti.map { exp(-$0 / (2 * nu)) }
      let p = try Tensor(phi0).rfft().toComplexArray()
      var exact = [Double]()
      for j in 0..<n {
        var phi = 0.0, dphi = 0.0
        for (k, c) in p.enumerated() where k < n / 2 {
          let w = 2 * Double.pi * Double(k), th = w * Double(j) / Double(n)
          let m = (k == 0 ? 1.0 : 2.0) * exp(-nu * w * w) / Double(n)
          phi += m * (c.re * cos(th) - c.im * sin(th))
          dphi += m * w * (-c.re * sin(th) - c.im * cos(th))
        }
        exact.append(-2 * nu * dphi / phi)
      }
      XCTAssertLessThan(relL2(Array(y[s * n..<(s + 1) * n]), exact), 1e-8)
    }
  }

  /// Forced Navier–Stokes from rest: the FNO forcing f is a single wavevector (±(1, 1)), so
  /// u·∇w = 0 and w(t) = f(1 − e^(−νλt))/(νλ) with λ = 8π² exactly.
  func testForcedSingleModeExact() throws {
    let res = 16, nu = 0.01, t = 2.0
    let f = try NavierStokes.defaultForcing(res: res)
    let w = try NavierStokes.solve(try Tensor.zeros([res, res]), nu: nu, t: t, steps: 1,
                                   forcing: f, dt: 1e-3).toArray()
    let lam = 8 * Double.pi * Double.pi, g = (1 - exp(-nu * lam * t)) / (nu * lam)
    let exact = f.toArray().map { $0 * g }
    XCTAssertLessThan(relMax(w, exact), 1e-6)
  }
}
