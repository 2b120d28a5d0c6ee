// Shared test helpers: tensors from arrays, closeness checks, finite-difference gradients.
import Foundation
import NOSGrad
import NOSModels
import NOSTensor
import XCTest

func vec(_ xs: [Double], dtype: DType = .f64) -> Tensor { Tensor(xs, dtype: dtype) }

func assertClose(_ got: [Double], _ want: [Double], tol: Double = 1e-12,
                 _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
  XCTAssertEqual(got.count, want.count, "count \(message)", file: file, line: line)
  for (g, w) in zip(got, want) where !(abs(g - w) <= tol * max(1, abs(w))) {
    XCTFail("\(message): got \(got), want \(want)", file: file, line: line)
    return
  }
}

/// Applies gradients one after another with `step(gradients:)`; returns the values after each.
func trajectory(_ opt: any Optimizer, _ list: ParameterList,
                _ grads: [[Double]]) throws -> [[Double]] {
  try grads.map { g in
    try opt.step(gradients: [vec(g)])
    return list.tensors[0].toArray()
  }
}

/// Checks the gradient of scalar `f` at `x` against central differences (relative error).
func checkGradient(_ x: Tensor, tol: Double = 1e-6, file: StaticString = #filePath,
                   line: UInt = #line, _ f: (Variable) throws -> Variable) throws {
  let leaf = Variable.leaf(Variable(x))
  let analytic = try Autodiff.gradients(of: f(leaf), wrt: [leaf], createGraph: false)[0].value
  let base = x.toArray(), g = analytic.toArray(), h = 1e-6
  for i in base.indices {
    var plus = base, minus = base
    plus[i] += h
    minus[i] -= h
    let fp = try f(Variable(Tensor(plus, shape: x.shape))).value.item()
    let fm = try f(Variable(Tensor(minus, shape: x.shape))).value.item()
    let numeric = (fp - fm) / (2 * h)
    if abs(numeric - g[i]) > tol * max(1, abs(numeric)) {
      XCTFail("gradient element \(i): analytic \(g[i]), numeric \(numeric)", file: file, line: line)
      return
    }
  }
}

/// A deterministic pseudo-random tensor (no global RNG state in tests).
func pseudoRandom(_ shape: [Int], seed: Int) throws -> Tensor {
  let n = shape.reduce(1, *)
  let values = (0..<n).map { i in
    sin(Double(i * 7 + seed) * 1.37) + 0.3 * cos(Double(i + seed * 3))
  }
  return try Tensor(values, shape: shape)
}
