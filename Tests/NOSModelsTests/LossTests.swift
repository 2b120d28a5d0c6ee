// mse, rel_l2 and h1 against direct computations; gradients against finite differences.
import Foundation
import NOSGrad
import NOSModels
import NOSTensor
import Numerics
import XCTest

final class LossTests: XCTestCase {
  func testMSEAgainstDirectSums() throws {
    let a = try pseudoRandom([3, 4], seed: 1), b = try pseudoRandom([3, 4], seed: 2)
    let (x, y) = (a.toArray(), b.toArray())
    let want = zip(x, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 12
    XCTAssertEqual(try Losses.mse(Variable(a), Variable(b)).value.item(), want, accuracy: 1e-14)
    // A single number on one side broadcasts.
    let s = try Losses.mse(Variable(a), Variable(Tensor(0.5))).value.item()
    XCTAssertEqual(s, x.map { ($0 - 0.5) * ($0 - 0.5) }.reduce(0, +) / 12, accuracy: 1e-14)
    let column = Variable(try Tensor([1, 2, 3], shape: [3, 1]))
    XCTAssertThrowsError(try Losses.mse(Variable(vec([1, 2, 3])), column)) { e in
      XCTAssertEqual("\(e)", "shape mismatch in mse: [3] and [3, 1]")
    }
  }

  func testComplexMSEIsTheMeanSquaredModulus() throws {
    let a = try Tensor(complex: [.init(1, 2), .init(-1, 0.5)], shape: [2])
    let b = try Tensor(complex: [.init(0, 0), .init(2, -1)], shape: [2])
    // |1+2i|² = 5, |−3+1.5i|² = 11.25
    let m = try Losses.mse(Variable(a), Variable(b))
    XCTAssertEqual(m.dtype, .f64)
    XCTAssertEqual(try m.value.item(), (5 + 11.25) / 2, accuracy: 1e-14)
  }

  func testRelativeL2AgainstDirectSums() throws {
    let p = try pseudoRandom([3, 2, 4], seed: 3), t = try pseudoRandom([3, 2, 4], seed: 4)
    let (x, y) = (p.toArray(), t.toArray())
    var want = 0.0
    for i in 0..<3 {
      let r = (i * 8)..<(i * 8 + 8)
      let num = r.map { (x[$0] - y[$0]) * (x[$0] - y[$0]) }.reduce(0, +).squareRoot()
      let den = r.map { y[$0] * y[$0] }.reduce(0, +).squareRoot()
      want += num / den / 3
    }
    let got = try Losses.relativeL2(Variable(p), Variable(t)).value.item()
    XCTAssertEqual(got, want, accuracy: 1e-14)
    // A 1-D tensor is one sample: ‖[4, 5] − [3, 4]‖ / ‖[3, 4]‖ = √2/5.
    let one = try Losses.relativeL2(Variable(vec([4, 5])), Variable(vec([3, 4]))).value.item()
    XCTAssertEqual(one, 2.0.squareRoot() / 5, accuracy: 1e-15)
    XCTAssertThrowsError(try Losses.relativeL2(Variable(Tensor(1)), Variable(Tensor(1))))
  }

  func testH1OfSineModesMatchesTheAnalyticNorms() throws {
    // On the unit interval ‖A sin(2πkx)‖²_H1 = A²/2 · (1 + 4π²k²).
    let n = 16
    let xs = (0..<n).map { Double($0) / Double(n) }
    let t0 = xs.map { sin(2 * Double.pi * $0) }
    let p0 = xs.map { sin(2 * Double.pi * $0) + 0.1 * cos(4 * Double.pi * $0) }
    let t1 = xs.map { cos(6 * Double.pi * $0) }, p1 = t1.map { 0.5 * $0 }
    let pred = try Tensor(p0 + p1, shape: [2, 1, n]), truth = try Tensor(t0 + t1, shape: [2, 1, n])
    let pi2 = Double.pi * Double.pi
    let sample0 = (0.01 * (1 + 16 * pi2) / (1 + 4 * pi2)).squareRoot()
    let want = (sample0 + 0.5) / 2
    let got = try Losses.h1(Variable(pred), Variable(truth)).value.item()
    XCTAssertEqual(got, want, accuracy: 1e-13)
  }

  func testH1In2DAgainstAnExplicitDFT() throws {
    let shape = [2, 2, 4, 6]
    let p = try pseudoRandom(shape, seed: 5), t = try pseudoRandom(shape, seed: 6)
    let want = (0..<2).map { b in
      (weightedEnergy(p, t, b, shape) / weightedEnergy(t, nil, b, shape)).squareRoot()
    }.reduce(0, +) / 2
    XCTAssertEqual(try Losses.h1(Variable(p), Variable(t)).value.item(), want, accuracy: 1e-12)
    XCTAssertThrowsError(try Losses.h1(Variable(vec([1, 2])), Variable(vec([1, 2])))) { e in
      XCTAssertEqual("\(e)", "h1: expects fields of shape [B, C, X] or [B, C, X, Y], got [2]")
    }
  }

  /// Σ_c Σ_k (1 + 4π²|k|²)|DFT(u − v)|² of sample b, the DFT summed out by hand.
  private func weightedEnergy(_ u: Tensor, _ v: Tensor?, _ b: Int, _ shape: [Int]) -> Double {
    let (nc, nx, ny) = (shape[1], shape[2], shape[3])
    let a = u.toArray(), c = v?.toArray()
    var total = 0.0
    for ch in 0..<nc {
      let base = (b * nc + ch) * nx * ny
      for kx in 0..<nx {
        for ky in 0..<ny {
          var re = 0.0, im = 0.0
          for x in 0..<nx {
            for y in 0..<ny {
              let value = a[base + x * ny + y] - (c?[base + x * ny + y] ?? 0)
              let turns = Double(kx * x) / Double(nx) + Double(ky * y) / Double(ny)
              let phase = -2 * Double.pi * turns
              re += value * cos(phase)
              im += value * sin(phase)
            }
          }
          let k2 = pow(Double(min(kx, nx - kx)), 2) + pow(Double(min(ky, ny - ky)), 2)
          total += (1 + 4 * Double.pi * Double.pi * k2) * (re * re + im * im)
        }
      }
    }
    return total
  }

  func testGradientsMatchFiniteDifferences() throws {
    let a = try pseudoRandom([3, 5], seed: 7), b = Variable(try pseudoRandom([3, 5], seed: 8))
    try checkGradient(a) { try Losses.mse($0, b) }
    try checkGradient(a) { try Losses.mse(b, $0) }
    try checkGradient(a) { try Losses.relativeL2($0, b) }
    try checkGradient(a) { try Losses.relativeL2(b, $0) }
    let f = try pseudoRandom([2, 1, 8], seed: 9)
    let g = Variable(try pseudoRandom([2, 1, 8], seed: 10))
    try checkGradient(f) { try Losses.h1($0, g) }
    try checkGradient(f) { try Losses.h1(g, $0) }
    let f2 = try pseudoRandom([1, 2, 4, 5], seed: 11)
    let g2 = Variable(try pseudoRandom([1, 2, 4, 5], seed: 12))
    try checkGradient(f2) { try Losses.h1($0, g2) }
  }

  func testGradientIsZeroNotNaNWhereThePredictionIsExact() throws {
    let t = try pseudoRandom([2, 3], seed: 13)
    for loss in [Losses.relativeL2, Losses.mse] {
      let leaf = Variable.leaf(Variable(t))
      let out = try loss(leaf, Variable(t))
      let g = try Autodiff.gradients(of: out, wrt: [leaf], createGraph: false)[0]
      XCTAssertEqual(g.value.toArray(), [Double](repeating: 0, count: 6))
    }
    let f = try pseudoRandom([1, 1, 8], seed: 14)
    let leaf = Variable.leaf(Variable(f))
    let out = try Losses.h1(leaf, Variable(f))
    let g = try Autodiff.gradients(of: out, wrt: [leaf], createGraph: false)[0]
    XCTAssertEqual(g.value.toArray(), [Double](repeating: 0, count: 8))
  }
}
