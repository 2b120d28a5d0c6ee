// Shared helpers for the physics tests: grids, norms, tensors from closures.
import Foundation
import NOSTensor
@testable import NOSPhysics

/// Points i·length/n, i = 0..<n.
func periodicGrid(_ n: Int, _ length: Double = 1) -> [Double] {
  (0..<n).map { Double($0) * length / Double(n) }
}

func tensor(_ xs: [Double]) -> Tensor { Tensor(xs) }

/// max |a − b| / max |b|.
func relMax(_ a: [Double], _ b: [Double]) -> Double {
  let d = zip(a, b).map { abs($0 - $1) }.max() ?? 0
  return d / max(b.map(abs).max() ?? 1, 1e-300)
}

/// ‖a − b‖₂ / ‖b‖₂.
func relL2(_ a: [Double], _ b: [Double]) -> Double {
  let num = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
  return (num / max(b.map { $0 * $0 }.reduce(0, +), 1e-300)).squareRoot()
}

/// relMax(M(M⁻¹ r), r) for `op`'s preconditioner: near zero when applyM inverts the solve.
func preconditionerRoundTrip(_ op: some KrylovOperator, _ r: [Double]) -> Double {
  var z = [Double](repeating: 0, count: op.size), back = z
  r.withUnsafeBufferPointer { rp in z.withUnsafeMutableBufferPointer { op.precondition(
    rp.baseAddress!, $0.baseAddress!) } }
  z.withUnsafeBufferPointer { zp in back.withUnsafeMutableBufferPointer { op.applyM(
    zp.baseAddress!, $0.baseAddress!) } }
  return relMax(back, r)
}
