// Complex (and batched real) gradients of svd, eigh, qr, cholesky, pinv against central
// differences in the real and imaginary parts of every input element (the gradient
// convention is PyTorch's: ∂L/∂Re + i ∂L/∂Im).
import Numerics
import XCTest
import NOSTestSupport
@testable import NOSGrad
@testable import NOSTensor

final class DecompositionGradTests: XCTestCase {
  /// A real loss: Σ w · |y|² with fixed weights over the outputs `f` gives, plus Re Σ c · y
  /// with complex weights c when `linear` (then the outputs must be phase-invariant).
  func loss(_ outs: [Variable], linear: Bool) throws -> Variable {
    var total: Variable?
    for (k, y) in outs.enumerated() {
      let a = try unary(.abs, y)
      let n = y.value.count
      let w = try Tensor((0..<n).map { cos(Double($0 + 3 * k)) + 1.5 }, shape: y.shape)
      var term = try reduceSum(mul(mul(a, a), Variable(w.astype(a.dtype))))
      if linear && y.dtype.isComplex {
        let c = try Tensor(complex: (0..<n).map { Complex(sin(Double($0)), cos(Double(2 * $0))) },
                           shape: y.shape).astype(y.dtype)
        term = try add(term, reduceSum(unary(.real, mul(y, Variable(c)))))
      }
      total = try total.map { try add($0, term) } ?? term
    }
    return total!
  }

  func check(_ name: String, _ a0: Tensor, linear: Bool = false,
             _ f: (Variable) throws -> [Variable], file: StaticString = #filePath,
             line: UInt = #line) throws {
    try assertGradient(name, at: [a0], file: file, line: line) { x in
      try loss(f(x[0]), linear: linear)
    }
  }

  func random(_ shape: [Int], _ dt: DType, seed: UInt64) throws -> Tensor {
    var s = seed
    let n = shape.reduce(1, *)
    let v = (0..<(2 * n)).map { _ -> Double in
      s = s &* 6364136223846793005 &+ 1442695040888963407
      return Double(s >> 11) * 0x1.0p-53 * 2 - 1
    }
    return try Tensor(complex: (0..<n).map { Complex(v[2 * $0], v[2 * $0 + 1]) }, shape: shape)
      .astype(dt)
  }

  func testComplexSVDGradient() throws {
    for (m, n) in [(4, 3), (3, 4), (3, 3)] {
      let a = try random([m, n], .c128, seed: UInt64(m * 10 + n))
      // |U|², |Vh|² and S: independent of the phases of the singular vectors.
      try check("svd \(m)x\(n)", a) { try svd($0, fullMatrices: false) }
      // Phase-invariant complex outputs under a loss linear in them: the rank-2 truncation
      // U[:, :2] S[:2] Vh[:2] and U Uᴴ (this needs the i·Im diag(Uᴴ gU) / S term).
      try check("svd products \(m)x\(n)", a, linear: true) { x in
        let p = try svd(x, fullMatrices: false)
        let u2 = try leading(p[0], 2, axisFromEnd: 1), vh2 = try leading(p[2], 2, axisFromEnd: 2)
        let s2 = try cast(leading(p[1], 2, axisFromEnd: 1), .c128)
        return [try matmul(mul(u2, rowVector(s2)), vh2), try matmul(p[0], mH(p[0]))]
      }
    }
  }

  func testComplexEighGradient() throws {
    let b = try random([3, 3], .c128, seed: 5)
    try check("eigh", b) { x in
      let herm = try add(matmul(x, mH(x)), Variable(Tensor.eye(3, dtype: .c128)))
      return try eigh(herm, upper: false)
    }
    try check("eigh projector", b, linear: true) { x in
      let herm = try add(matmul(x, mH(x)), Variable(Tensor.eye(3, dtype: .c128)))
      let v = try leading(eigh(herm, upper: false)[1], 1, axisFromEnd: 1)
      return [try matmul(v, mH(v))]
    }
  }

  func testComplexQRAndCholeskyGradients() throws {
    let a = try random([4, 3], .c128, seed: 6)
    try check("qr", a) { try qr($0, complete: false) }
    try check("cholesky", try random([3, 3], .c128, seed: 7)) { x in
      [try cholesky(add(matmul(x, mH(x)), Variable(Tensor.eye(3, dtype: .c128))))]
    }
  }

  func testComplexPinvGradient() throws {
    try check("pinv", try random([4, 2], .c128, seed: 8)) { [try pinv($0, rcond: 1e-15)] }
  }

  func testRealBatchedSVDGradient() throws {
    try check("batched svd", try random([2, 3, 2], .f64, seed: 9)) {
      try svd($0, fullMatrices: false)
    }
  }
}
