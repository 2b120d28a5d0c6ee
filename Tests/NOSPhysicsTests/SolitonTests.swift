// KdV and NLSE solitons, Kuramoto–Sivashinsky time convergence, Navier–Stokes Taylor–Green.
import Foundation
import NOSTensor
import Numerics
import XCTest
@testable import NOSPhysics

final class SolitonTests: XCTestCase {
  /// u = (c/2) sech²(√c(x − x0 − ct)/2) returns to itself after one period length/c.
  func testKdVSolitonAfterOnePeriod() throws {
    let c = 1.0, length = 40.0, n = 128
    let x = periodicGrid(n, length)
    let u0 = x.map { c / 2 / pow(cosh(c.squareRoot() * ($0 - 20) / 2), 2) }
    let u = try Spectral1D.kdv(tensor(u0), t: length / c, length: length, tol: 1e-8).toArray()
    XCTAssertLessThan(relMax(u, u0), 1e-6)
  }

  /// ψ = sech(x − x0) e^{it/2}: |ψ| keeps its shape; the mass ∫|ψ|² is conserved.
  func testNLSESolitonShapeAndMass() throws {
    let length = 40.0, n = 256, t = 5.0
    let x = periodicGrid(n, length)
    let psi0 = x.map { 1 / cosh($0 - 20) }
    let psi = try Spectral1D.nlse(tensor(psi0), t: t, length: length, tol: 1e-12)
      .toComplexArray()
    var err = 0.0
    for (i, z) in psi.enumerated() {
      let exact = Complex(psi0[i] * cos(t / 2), psi0[i] * sin(t / 2))
      err = max(err, (z - exact).length)
    }
    XCTAssertLessThan(err, 1e-6)
    let m0 = psi0.map { $0 * $0 }.reduce(0, +), m1 = psi.map(\.lengthSquared).reduce(0, +)
    XCTAssertLessThan(abs(m1 - m0) / m0, 1e-10)
  }

  /// ETDRK4 is fourth order: halving dt cuts the error by about 16.
  func testKSFourthOrderInTime() throws {
    let n = 64, length = 32 * Double.pi
    let x = periodicGrid(n, length)
    let u0 = tensor(x.map { cos($0 / 16) * (1 + sin($0 / 16)) })
    let ref = try Spectral1D.ks(u0, t: 4, length: length, dt: 1.0 / 64).toArray()
    let e1 = relL2(try Spectral1D.ks(u0, t: 4, length: length, dt: 0.5).toArray(), ref)
    let e2 = relL2(try Spectral1D.ks(u0, t: 4, length: length, dt: 0.25).toArray(), ref)
    let order = log2(e1 / e2)
    XCTAssertGreaterThan(order, 3.6)
    XCTAssertLessThan(order, 4.6)
  }

  /// w = cos 2πx cos 2πy has u·∇w = 0, so it decays as exp(−8π²νt).
  func testTaylorGreenDecay() throws {
    let res = 32, nu = 1e-3, t = 1.0
    var w0 = [Double]()
    for i in 0..<res { for j in 0..<res {
      w0.append(cos(2 * .pi * Double(i) / Double(res)) * cos(2 * .pi * Double(j) / Double(res)))
    } }
    let w = try NavierStokes.solve(try Tensor.from(w0, shape: [res, res]), nu: nu, t: t,
                                   steps: 2, forcing: nil, dt: 1e-3)
    XCTAssertEqual(w.shape, [2, res, res])
    let last = try w.get([.at(1)]).toArray()
    let decay = exp(-8 * .pi * .pi * nu * t)
    XCTAssertLessThan(relMax(last, w0.map { $0 * decay }), 1e-8)
  }

  /// The sign and size of the advection term: for w0 = cos 2πx + cos 4πy (ψ from −Δψ = w,
  /// u = ψ_y, v = −ψ_x) by hand u·∇w = −1.5 sin 2πx sin 4πy, so w_t(0) = 1.5 sin 2πx sin 4πy.
  func testAdvectionTermByHand() throws {
    let res = 16, t = 1e-4
    var w0 = [Double](), rate = [Double]()
    for i in 0..<res { for j in 0..<res {
      let x = Double(i) / Double(res), y = Double(j) / Double(res)
      w0.append(cos(2 * .pi * x) + cos(4 * .pi * y))
      rate.append(1.5 * sin(2 * .pi * x) * sin(4 * .pi * y))
    } }
    let w = try NavierStokes.solve(try Tensor.from(w0, shape: [res, res]), nu: 0, t: t,
                                   steps: 1, forcing: nil, dt: 1e-5).toArray()
    let observed = zip(w, w0).map { ($0 - $1) / t }
    XCTAssertLessThan(relMax(observed, rate), 1e-3)
  }
}
