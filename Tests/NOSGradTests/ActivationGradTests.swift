// The fused activation derivatives (tanh, relu, sigmoid, GELU): first and second derivatives
// against central differences, values against the composed formulas they replace (bit for
// bit where the arithmetic is the same), and the single-precision GELU kernels against double.
import Foundation
import NOSGrad
import NOSTensor
import NOSTestSupport
import XCTest

final class ActivationGradTests: XCTestCase {
  /// Points away from relu's kink and spread over each function's curved part.
  private let points = (0..<41).map { Double($0) / 5 - 4.03 }

  private func gradient(_ op: UnaryOp, at t: Tensor) throws -> [Double] {
    let leaf = Variable.leaf(Variable(t))
    return try Autodiff.gradients(of: reduceSum(unary(op, leaf)), wrt: [leaf],
                                  createGraph: false)[0].value.toArray()
  }

  func testFirstAndSecondDerivativesMatchDifferences() throws {
    let x = try Tensor(points, shape: [points.count])
    for op in [UnaryOp.tanh, .relu, .sigmoid, .gelu] {
      try assertGradient("\(op)", at: [x]) { try reduceSum(unary(op, $0[0])) }
      // Second derivative: the gradient of the summed gradient against differences of it.
      let leaf = Variable.leaf(Variable(x))
      let g = try Autodiff.gradients(of: reduceSum(unary(op, leaf)), wrt: [leaf], createGraph: true)[0]
      let second = try Autodiff.gradients(of: reduceSum(g), wrt: [leaf], createGraph: false)[0]
      let h = 1e-5
      let plus = try gradient(op, at: Tensor.binary(.add, x, h))
      let minus = try gradient(op, at: Tensor.binary(.sub, x, h))
      assertClose(second.value.toArray(), zip(plus, minus).map { ($0 - $1) / (2 * h) }, tol: 1e-7,
                  "\(op) second derivative")
      // Third, through the second-derivative rules (mixed g and x terms): differences of the
      // second derivative.
      let leaf3 = Variable.leaf(Variable(x))
      let g1 = try Autodiff.gradients(of: reduceSum(unary(op, leaf3)), wrt: [leaf3], createGraph: true)[0]
      let g2 = try Autodiff.gradients(of: reduceSum(g1), wrt: [leaf3], createGraph: true)[0]
      let third = try Autodiff.gradients(of: reduceSum(g2), wrt: [leaf3], createGraph: false)[0]
      let secondAt = { (t: Tensor) throws -> [Double] in
        let l = Variable.leaf(Variable(t))
        let a = try Autodiff.gradients(of: reduceSum(unary(op, l)), wrt: [l], createGraph: true)[0]
        return try Autodiff.gradients(of: reduceSum(a), wrt: [l], createGraph: false)[0].value.toArray()
      }
      let p2 = try secondAt(Tensor.binary(.add, x, h)), m2 = try secondAt(Tensor.binary(.sub, x, h))
      assertClose(third.value.toArray(), zip(p2, m2).map { ($0 - $1) / (2 * h) }, tol: 1e-6,
                  "\(op) third derivative")
    }
  }

  /// relu's and sigmoid's kernels do the composed products' arithmetic: equal bit for bit,
  /// on special values of g and x too, in both precisions and on a tensor split between
  /// threads; tanh's to a few ulp.
  func testReluAndSigmoidMatchComposedBitForBit() throws {
    let xs: [Double] = [-2, -0.0, 0, 1e-30, 3, .nan, .infinity, -.infinity, 0.5, -0.5, 0.25]
    let gs: [Double] = [.infinity, -1, 2, .nan, -3, 1, 1, -.infinity, 0.1, 1e300, -0.0]
    let n = 70_001
    let longX = (0..<n).map { sin(Double($0) * 0.37) * 5 }, longG = (0..<n).map { cos(Double($0)) }
    for dt in [DType.f64, .f32] {
      for (x, g) in [(xs, gs), (longX, longG)] {
        let xt = try Tensor(x, shape: [x.count]).astype(dt), gt = try Tensor(g, shape: [g.count]).astype(dt)
        let y = try xt.unary(.sigmoid)
        let cases: [(String, Tensor, Tensor)] = [
          ("relu", try Tensor.reluBackward(gt, xt), try Tensor.binary(.mul, gt, Tensor.binary(.gt, xt, 0))),
          ("sigmoid", try Tensor.sigmoidBackward(gt, y),
           try Tensor.binary(.mul, gt, Tensor.binary(.mul, y, Tensor.binary(.sub, 1, y)))),
        ]
        for (name, fused, composed) in cases {
          XCTAssertEqual(fused.dtype, dt)
          let a = fused.toArray(), b = composed.toArray()
          let bad = a.indices.first { !(a[$0].bitPattern == b[$0].bitPattern || (a[$0].isNaN && b[$0].isNaN)) }
          XCTAssertNil(bad, "\(name) \(dt) at \(bad.map { "x=\(x[$0]) g=\(g[$0]): \(a[$0]) vs \(b[$0])" } ?? "")")
        }
        // tanh's kernel may fuse 1 − y·y into one rounding (FMA): equal to a few ulp of g.
        let t = try Tensor.tanhBackward(gt, y).toArray()
        let c = try Tensor.binary(.mul, gt, Tensor.binary(.sub, 1, Tensor.binary(.mul, y, y))).toArray()
        let ulp = dt == .f32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
        for i in t.indices where t[i].isFinite || c[i].isFinite {
          XCTAssertLessThanOrEqual(abs(t[i] - c[i]), 4 * ulp * abs(g[i]), "tanh \(dt) x=\(x[i]) g=\(g[i])")
        }
      }
    }
  }

  /// Shapes that differ (a broadcast gradient) or dtypes that differ take the composed path.
  func testBroadcastAndMixedDtypesFallBack() throws {
    let x = try Tensor([-1, 0.5, 2, -3, 1, 4], shape: [2, 3])
    let g = try Tensor([1, -2, 3], shape: [3])
    let relu = try Tensor.reluBackward(g, x)
    XCTAssertEqual(relu.shape, [2, 3])
    XCTAssertEqual(relu.toArray(), [0, -2, 3, 0, -2, 3])
    let gelu64 = try Tensor.geluBackward(g, x).toArray()
    let gelu32 = try Tensor.geluBackward(g.astype(.f32), x)
    XCTAssertEqual(gelu32.dtype, .f64)  // promoted as the composed product would
    assertClose(gelu32.toArray(), gelu64, tol: 1e-7, "mixed dtypes")
    let slope = { (v: Double) in 0.5 * (1 + erf(v / 2.0.squareRoot())) + v * exp(-v * v / 2) / (2 * Double.pi).squareRoot() }
    assertClose(gelu64, zip([1.0, -2, 3, 1, -2, 3], x.toArray()).map { $0 * slope($1) }, tol: 1e-15, "gelu")
  }

  /// Single precision GELU (rational erf, bit-built exp) against double-precision GELU and its
  /// slope over every range the kernels handle, through the worker pool (n > 2^15).
  func testSinglePrecisionGELUMatchesDouble() throws {
    let n = 60001
    let xs = (0..<n).map { -12 + 24 * Double($0) / Double(n - 1) }
    let x = try Tensor(xs, shape: [n]).astype(.f32)
    let g = try Tensor((0..<n).map { 1 + Double($0 % 7) }, shape: [n]).astype(.f32)
    let y = try x.unary(.gelu), d = try Tensor.geluBackward(g, x)
    XCTAssertEqual(y.dtype, .f32)
    XCTAssertEqual(d.dtype, .f32)
    let x64 = try x.astype(.f64), g64 = try g.astype(.f64)
    let y64 = try x64.unary(.gelu).toArray(), d64 = try Tensor.geluBackward(g64, x64).toArray()
    let (yv, dv, x32, g32) = (y.toArray(), d.toArray(), x64.toArray(), g64.toArray())
    var worstY = 0.0, worstD = 0.0
    for i in 0..<n {
      worstY = max(worstY, abs(yv[i] - y64[i]) / max(1, abs(x32[i])))
      worstD = max(worstD, abs(dv[i] - d64[i]) / g32[i])
    }
    XCTAssertLessThan(worstY, 1e-6)  // a few single-precision ulp
    XCTAssertLessThan(worstD, 1e-6)
    // The double-precision pair against the definition with Foundation's libm.
    for i in stride(from: 0, to: n, by: 997) {
      let v = x32[i]
      XCTAssertEqual(y64[i], 0.5 * v * (1 + erf(v * 0.7071067811865476)), accuracy: 1e-15 * max(1, abs(v)))
    }
  }
}
