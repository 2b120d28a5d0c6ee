// Models against hand computations: a one-mode spectral convolution, parameter counts,
// finite-difference gradients of every model, resolution invariance, tiny overfits.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import Numerics
import XCTest

final class ModelTests: XCTestCase {
  override func setUp() { Random.seed(7) }

  /// Mode 1 of cos(2πx) is N/2; with weight a+bi on it (and 0 elsewhere) the layer gives
  /// a·cos(2πx) − b·sin(2πx); the other harmonics and the mean are cut.
  func testOneModeSpectralConvolutionMatchesHandDFT() throws {
    let n = 16, a = 0.7, b = -0.4
    let x = (0..<n).map { j -> Double in
      let t = 2 * Double.pi * Double(j) / Double(n)
      return cos(t) + 0.5 * sin(3 * t) + 2
    }
    let fno = try FNO(modes: [2], width: 1, layers: 1)
    let w = try Tensor(complex: [Complex(0, 0), Complex(a, b)], shape: [1, 1, 2])
    let y = try fno.spectral(Variable(Tensor(x, shape: [1, 1, n])), Variable(w), [n])
    let want = (0..<n).map { j -> Double in
      let t = 2 * Double.pi * Double(j) / Double(n)
      return a * cos(t) - b * sin(t)
    }
    assertClose(y.value.toArray(), want, tol: 1e-12, "1-D")
  }

  /// 2-D: cos(2π(x + 2y)) has bins (1, 2) and (−1, −2) = conj (N−1, 2) in the half spectrum.
  /// Weight c on row 1 col 2 and d on row N−1 col 2 gives Re(c e^{iθ} + d̄ e^{iθ})/… checked
  /// through the plane wave e^{iθ}: y = Re((c + conj(d))/2 · e^{iθ})·… (see below).
  func testTwoDSpectralConvolutionMatchesHandDFT() throws {
    let n = 8, m = 3
    let c = Complex(0.3, 0.2)
    var vals = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n {
      vals[i * n + j] = cos(2 * Double.pi * Double(i + 2 * j) / Double(n))
    } }
    let fno = try FNO(modes: [m, m], width: 1, layers: 1)
    // Weight rows 0..<m are k1 = 0..<m, rows m..<2m are k1 = n−m..<n.
    var w = [Complex<Double>](repeating: .zero, count: 2 * m * m)
    w[1 * m + 2] = c  // (k1 = 1, k2 = 2)
    let wt = try Tensor(complex: w, shape: [1, 1, 2 * m, m])
    let y = try fno.spectral(Variable(Tensor(vals, shape: [1, 1, n, n])), Variable(wt), [n, n])
    // X[1,2] = n²/2; irfft2 of the half spectrum holding c·n²/2 at (1,2) is
    // (1/n²)·2·Re(c·n²/2·e^{iθ}) = Re(c e^{iθ}) = c.re cos θ − c.im sin θ.
    var want = vals
    for i in 0..<n { for j in 0..<n {
      let t = 2 * Double.pi * Double(i + 2 * j) / Double(n)
      want[i * n + j] = c.re * cos(t) - c.im * sin(t)
    } }
    assertClose(y.value.toArray(), want, tol: 1e-12, "2-D")
  }

  func testParameterCountsMatchClosedForms() throws {
    let m = try MLP(sizes: [3, 20, 20, 2])
    XCTAssertEqual(try m.initialParams().count, 3 * 20 + 20 + 20 * 20 + 20 + 20 * 2 + 2)
    let d = try DeepONet(branch: [100, 40, 40], trunk: [1, 40, 40])
    XCTAssertEqual(try d.initialParams().count,
                   (100 * 40 + 40 + 40 * 40 + 40) + (1 * 40 + 40 + 40 * 40 + 40) + 1)
    let f = try FNO(modes: [16], width: 64, layers: 4, proj: 128)
    let f1 = (2 * 64 + 64) + 4 * (64 * 64 * 16 + 64 * 64 + 64) + (64 * 128 + 128) + (128 + 1)
    XCTAssertEqual(try f.initialParams().count, f1)
    XCTAssertEqual(f.parameterCount, f1)
    let f2d = try FNO(modes: [12, 12], width: 32, layers: 4, proj: 128)
    let f2 = (3 * 32 + 32) + 4 * (32 * 32 * 24 * 12 + 32 * 32 + 32) + (32 * 128 + 128) + 129
    XCTAssertEqual(try f2d.initialParams().count, f2)
    let cp = try FNO(modes: [16], width: 64, factorization: .cp(rank: 0.1))
    let r = Int((0.1 * 64 * 64 * 16 / Double(1 + 64 + 64 + 16)).rounded())
    XCTAssertEqual(try cp.initialParams().count, f1 - 4 * (64 * 64 * 16 - r * (1 + 144)))
    let tk = try FNO(modes: [16], width: 64, factorization: .tucker(rank: 0.1))
    let spectral = try tk.initialParams().field("blocks").item(0).field("spectral").count
    // Input rank 2: core 2·64·16, input factor 64·2 and output factor 64·64 = 6272 ≤ 6553.6
    // (3 would be 7360).
    XCTAssertEqual(spectral, 2 * 64 * 16 + 64 * 2 + 64 * 64)
    XCTAssertEqual(try tk.initialParams().count, f1 - 4 * (64 * 64 * 16 - spectral))
    let tk2 = try FNO(modes: [12, 12], width: 32, factorization: .tucker(rank: 0.1))
    // 2-D: weight [32, 32, 24, 12]; rank 3 gives 3·32·288 + 32·3 + 32·32 = 28,768 ≤ 29,491.2.
    let spectral2 = try tk2.initialParams().field("blocks").item(0).field("spectral").count
    XCTAssertEqual(spectral2, 3 * 32 * 24 * 12 + 32 * 3 + 32 * 32)
    // Too small a budget for the 64² output factor: input rank 3 alone, 3·1088 ≤ 3276.8.
    let small = try FNO(modes: [16], width: 64, factorization: .tucker(rank: 0.05))
    let spectral3 = try small.initialParams().field("blocks").item(0).field("spectral").count
    XCTAssertEqual(spectral3, 3 * 64 * 16 + 64 * 3)
    XCTAssertEqual(try tk.initialParams().count, tk.parameterCount)
  }

  /// A factorised weight starts at the dense initialisation's scale 1/(in·out) (RMS of |w|).
  func testFactorisedWeightsStartAtTheDenseScale() throws {
    func rms(_ t: Tensor) -> Double {
      let z = t.toComplexArray()
      return (z.reduce(0) { $0 + $1.re * $1.re + $1.im * $1.im } / Double(z.count)).squareRoot()
    }
    let dims = [32, 32, 8], scale = 1.0 / (32 * 32)
    Random.seed(3)
    for f in [Factorization.tucker(rank: 0.2), .cp(rank: 0.2)] {
      let w = try f.weight(try f.initial(dims, dtype: .f64), dims).value
      XCTAssertEqual(rms(w) / scale, 1, accuracy: 0.2, "\(f): reconstructed scale")
    }
  }

  /// The Tucker factors [in, r] and [out, out] start with orthogonal columns of norm
  /// √(in/r) and 1 once multiplied by the stored step.
  func testTuckerFactorsStartOrthogonal() throws {
    Random.seed(4)
    let dims = [32, 32, 8], f = Factorization.tucker(rank: 0.2)
    let p = try f.initial(dims, dtype: .f32), factors = try p.field("factors")
    // The input channel axis gets rank r, the output channels a square factor, the mode
    // axis none: 2·32·8 + 32·2 + 32·32 = 1600 ≤ 0.2·8192 = 1638.4 < 1888 (r = 3).
    let layout = Factorization.tuckerLayout(dims, 0.2)
    XCTAssertEqual(layout.r, 2)
    XCTAssertTrue(layout.outputFactor)
    XCTAssertEqual(try p.tensor("core").value.shape, [2, 32, 8])
    XCTAssertEqual(try factors.tensorItem(1).value.shape, [32, 32])
    XCTAssertThrowsError(try factors.item(2))
    for k in 0..<2 {
      let u = try factors.tensorItem(k).value
      let q = try Tensor.binary(.mul, u, Factorization.tuckerFactorStep)
      let gram = try Tensor.matmul(q.transposed(0, 1), q).toComplexArray()
      let n = u.shape[0], r = u.shape[1], norm2 = Double(n) / Double(r)
      for i in 0..<r {
        for j in 0..<r {
          XCTAssertEqual(gram[i * r + j].re, i == j ? norm2 : 0, accuracy: 1e-5 * norm2)
          XCTAssertEqual(gram[i * r + j].im, 0, accuracy: 1e-5)
        }
      }
    }
    // The weight is W[i, o, k] = Σ_a Σ_b U[i, a] G[a, b, k] V[o, b], summed here by hand.
    let s = Factorization.tuckerFactorStep
    let u = try factors.tensorItem(0).value.toComplexArray()
    let v = try factors.tensorItem(1).value.toComplexArray()
    let g = try p.tensor("core").value.toComplexArray()
    let w = try f.weight(p, dims).value.toComplexArray()
    var worst = 0.0, largest = 0.0
    for i in 0..<32 {
      for o in 0..<32 {
        for k in 0..<8 {
          var re = 0.0, im = 0.0
          for a in 0..<2 {
            for b in 0..<32 {
              let x = u[i * 2 + a], y = g[(a * 32 + b) * 8 + k], z = v[o * 32 + b]
              let xyRe = x.re * y.re - x.im * y.im, xyIm = x.re * y.im + x.im * y.re
              re += (xyRe * z.re - xyIm * z.im) * s * s
              im += (xyRe * z.im + xyIm * z.re) * s * s
            }
          }
          let got = w[(i * 32 + o) * 8 + k]
          worst = max(worst, abs(got.re - re), abs(got.im - im))
          largest = max(largest, abs(re), abs(im))
        }
      }
    }
    XCTAssertLessThan(worst, 1e-5 * largest)
  }

  func testGradientsMatchFiniteDifferences() throws {
    let cases: [(Model, [Tensor])] = [
      (try MLP(sizes: [2, 5, 3], act: "tanh"), [try Tensor.randn([4, 2])]),
      (try DeepONet(branch: [5, 6, 4], trunk: [1, 6, 4], act: "tanh"),
       [try Tensor.randn([3, 5]), try Tensor.randn([4, 1])]),
      (try FNO(modes: [3], width: 3, layers: 2, proj: 4), [try Tensor.randn([2, 1, 8])]),
      (try FNO(modes: [2, 2], width: 2, layers: 2, proj: 3), [try Tensor.randn([1, 1, 6, 4])]),
      // Tucker input rank 2 of 4 (1 would hide a transposed factor) with the output factor,
      // and input rank 2 of 6 without it.
      (try FNO(modes: [4], width: 4, layers: 2, proj: 4, factorization: .tucker(rank: 0.9)),
       [try Tensor.randn([2, 1, 8])]),
      (try FNO(modes: [2, 2], width: 4, layers: 1, proj: 3, factorization: .tucker(rank: 0.7)),
       [try Tensor.randn([1, 1, 6, 4])]),
      (try FNO(modes: [2], width: 6, layers: 1, proj: 3, factorization: .tucker(rank: 0.5)),
       [try Tensor.randn([2, 1, 6])]),
      (try FNO(modes: [2, 2], width: 2, layers: 1, proj: 3, factorization: .cp(rank: 0.5)),
       [try Tensor.randn([1, 1, 6, 4])]),
    ]
    XCTAssertTrue(Factorization.tuckerLayout([4, 4, 4], 0.9) == (2, true))
    XCTAssertTrue(Factorization.tuckerLayout([4, 4, 4, 2], 0.7) == (2, true))
    XCTAssertTrue(Factorization.tuckerLayout([6, 6, 2], 0.5) == (2, false))
    // The output factor would leave input rank 1 (512 + 32 + 1024 ≤ 1638.4 < 2112): none.
    XCTAssertTrue(Factorization.tuckerLayout([32, 32, 16], 0.1) == (3, false))
    for (model, inputs) in cases {
      try checkParameterGradient(model, inputs.map { Variable($0) })
    }
  }

  /// A smooth input sampled at 64 and 128 points: outputs agree at the shared points.
  func testFNOIsResolutionInvariant() throws {
    let fno = try FNO(modes: [8], width: 16, layers: 3, proj: 32)
    let p = try fno.initialParams()
    func sample(_ n: Int) throws -> Tensor {
      let v = (0..<n).map { j -> Double in
        let x = Double(j) / Double(n)
        return sin(2 * .pi * x) + 0.3 * cos(4 * .pi * x)
      }
      return try Tensor(v, shape: [1, 1, n])
    }
    let y64 = try fno.forward(p, [Variable(sample(64))]).value.toArray()
    let y128 = try fno.forward(p, [Variable(sample(128))]).value.toArray()
    let shared = stride(from: 0, to: 128, by: 2).map { y128[$0] }
    let scale = y64.map(abs).max() ?? 1
    let diff = zip(y64, shared).map { abs($0 - $1) }.max() ?? 0
    XCTAssertLessThan(diff, 1e-3 * scale, "max difference \(diff), scale \(scale)")
    // Not trivially equal: a coarser sampling (16 points) of the same function differs more.
    let y16 = try fno.forward(p, [Variable(sample(16))]).value.toArray()
    let diff16 = zip(y16, stride(from: 0, to: 128, by: 8).map { y128[$0] }).map { abs($0 - $1) }
    XCTAssertGreaterThan(diff16.max() ?? 0, diff)
  }

  func testEachModelOverfitsATinyDataSet() throws {
    let xs = try Tensor.randn([4, 1, 16])
    let ys = try Tensor.binary(.mul, xs.unary(.sin), 2)
    let cases: [(Model, [Tensor], Tensor, Int, Double)] = [
      (try MLP(sizes: [1, 16, 16, 1], act: "tanh"), [try Tensor.linspace(-1, 1, 8).reshaped([8, 1])],
       try Tensor.linspace(-1, 1, 8).reshaped([8, 1]).unary(.sin), 300, 1e-2),
      (try DeepONet(branch: [16, 16, 16], trunk: [1, 16, 16], act: "tanh"),
       [try xs.reshaped([4, 16]), try Tensor.linspace(0, 1, 5).reshaped([5, 1])],
       try Tensor.randn([4, 5]), 400, 1e-2),
      (try FNO(modes: [4], width: 8, layers: 2, proj: 16), [xs], ys, 300, 1e-2),
      (try FNO(modes: [4], width: 8, layers: 2, proj: 16, factorization: .tucker(rank: 0.5)),
       [xs], ys, 300, 1e-2),
    ]
    for (model, inputs, target, steps, lr) in cases {
      let box = ParamsBox(try model.initialParams())
      let opt = try Adam(box, lr: lr)
      let loss = { try Losses.mse(model.forward(box.params, inputs.map { Variable($0) }),
                                  Variable(target)) }
      let first = try loss().value.item()
      for _ in 0..<steps { try opt.step(closure: loss) }
      let last = try loss().value.item()
      XCTAssertLessThan(last, first / 100, "\(model.kind): \(first) → \(last)")
    }
  }

  /// d/dθ of Σ out·r for each parameter element against central differences (real and
  /// imaginary parts separately for complex weights).
  private func checkParameterGradient(_ model: Model, _ inputs: [Variable]) throws {
    let p = try model.initialParams()
    let probe = try Tensor.randn(try model.forward(p, inputs).shape)
    func loss(_ q: Params) throws -> Variable {
      try reduceSum(mul(model.forward(q, inputs), Variable(probe)))
    }
    // The first 12 elements of each leaf, real and imaginary parts apart.
    try assertGradient(model.kind, at: p.leaves.map(\.value), limit: 12) { leaves in
      try loss(p.replacingLeaves(leaves))
    }
  }
}
