// Shared test helpers: tensors from arrays, closeness checks, finite-difference gradients.
import Foundation
import NOSGrad
import NOSModels
import NOSTensor
import XCTest
@_exported import NOSTestSupport

func vec(_ xs: [Double], dtype: DType = .f64) -> Tensor { Tensor(xs, dtype: dtype) }

/// Applies gradients one after another with `step(gradients:)`; returns the values after each.
func trajectory(_ opt: any Optimizer, _ list: ParameterList,
                _ grads: [[Double]]) throws -> [[Double]] {
  try grads.map { g in
    try opt.step(gradients: [vec(g)])
    return list.tensors[0].toArray()
  }
}

/// Checks the gradient of scalar `f` at `x` against central differences (relative error,
/// NOSGrad's `GradCheck`).
func checkGradient(_ x: Tensor, tol: Double = 1e-6, file: StaticString = #filePath,
                   line: UInt = #line, _ f: (Variable) throws -> Variable) throws {
  try assertGradient(at: [x], tol: tol, file: file, line: line) { try f($0[0]) }
}

/// A deterministic pseudo-random tensor (no global RNG state in tests).
func pseudoRandom(_ shape: [Int], seed: Int) throws -> Tensor {
  let n = shape.reduce(1, *)
  let values = (0..<n).map { i in
    sin(Double(i * 7 + seed) * 1.37) + 0.3 * cos(Double(i + seed * 3))
  }
  return try Tensor(values, shape: shape)
}
