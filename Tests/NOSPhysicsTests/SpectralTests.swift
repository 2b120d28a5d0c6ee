// 1-D spectral solvers against exact solutions: heat decay, advection shift, Burgers
// (Cole–Hopf), KdV soliton, NLSE soliton and mass, Kuramoto–Sivashinsky time convergence.
import Foundation
import NOSTensor
import XCTest
@testable import NOSPhysics

final class SpectralTests: XCTestCase {
  func testHeatModeDecay() throws {
    let x = periodicGrid(64, 2)
    let u0 = x.map { sin(2 * .pi * 3 * $0 / 2) + 0.5 * cos(2 * .pi * 5 * $0 / 2) }
    let u = try Spectral1D.heat(tensor(u0), nu: 0.01, t: 0.7, length: 2).toArray()
    let k3 = 2 * Double.pi * 3 / 2, k5 = 2 * Double.pi * 5 / 2
    let exact = x.map {
      sin(k3 * $0) * exp(-0.01 * k3 * k3 * 0.7) + 0.5 * cos(k5 * $0) * exp(-0.01 * k5 * k5 * 0.7)
    }
    XCTAssertLessThan(relMax(u, exact), 1e-10)
  }

  func testAdvectionShift() throws {
    let n = 128
    let x = periodicGrid(n)
    let u0 = x.map { exp(sin(2 * .pi * $0)) + cos(6 * .pi * $0) }
    // c·t = 2.3 shifts by 0.3 = 38.4 cells: compare with the function itself, shifted.
    let u = try Spectral1D.advection(tensor(u0), c: 2.3, t: 1).toArray()
    let exact = x.map { exp(sin(2 * .pi * ($0 - 2.3))) + cos(6 * .pi * ($0 - 2.3)) }
    XCTAssertLessThan(relMax(u, exact), 1e-12)
  }

  /// Cole–Hopf: u = −2ν φ_x/φ with φ solving the heat equation from φ0 = exp(−∫u0/(2ν)).
  /// For u0 = sin 2πx, φ0 = exp(cos(2πx)/(4πν)), whose Fourier series is found by FFT on a
  /// fine grid (it converges geometrically); φ and φ_x follow mode by mode.
  func testBurgersColeHopf() throws {
    let nu = 0.1, t = 1.0, n = 1024
    let x = periodicGrid(n)
    let u = try Spectral1D.burgers(tensor(x.map { sin(2 * .pi * $0) }), nu: nu, t: t,
                                   tol: 1e-12).toArray()
    let fine = 256
    let phi0 = periodicGrid(fine).map { exp(cos(2 * .pi * $0) / (4 * .pi * nu)) }
    let coef = try Tensor(phi0).rfft().toComplexArray()
    var exact = [Double]()
    for xi in x {
      var phi = 0.0, dphi = 0.0
      for (k, c) in coef.enumerated() where k < fine / 2 {
        let w = 2 * Double.pi * Double(k), decay = exp(-nu * w * w * t) / Double(fine)
        let mult = k == 0 ? 1.0 : 2.0
        phi += mult * decay * (c.re * cos(w * xi) - c.im * sin(w * xi))
        dphi += mult * decay * w * (-c.re * sin(w * xi) - c.im * cos(w * xi))
      }
      exact.append(-2 * nu * dphi / phi)
    }
    XCTAssertLessThan(relL2(u, exact), 1e-8)
  }
}
