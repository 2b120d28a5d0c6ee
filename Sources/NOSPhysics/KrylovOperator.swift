// The seam between the PDE systems and the Krylov solvers: a matrix-free operator with a
// preconditioner M⁻¹ and M itself (the recycling Ritz problems need M), plus solve reports.

/// A sparse system A (size × size) with a factored preconditioner M ≈ A.
protocol KrylovOperator {
  var size: Int { get }
  /// y = A x
  func apply(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>)
  /// z = M⁻¹ r
  func precondition(_ r: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>)
  /// y = M x
  func applyM(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>)
}

/// What one Krylov solve did: its Krylov iterations (one operator application and one
/// preconditioner solve each), all operator applications (iterations plus the recycling
/// set-up: A applied to the carried vectors, the starting residual, restarts' residuals)
/// and the final relative residual ‖b − Ax‖/‖b‖ (recurrence or explicit, as the solver says).
public struct KrylovReport: Sendable, Equatable {
  public var iterations: Int
  public var matvecs: Int
  public var relativeResidual: Double
  /// True when the recycled solve gave up (stagnation, breakdown, the iteration cap) and the
  /// plain solver produced the answer; the counts include both attempts.
  public var fellBack: Bool = false
}

/// A failed Krylov solve: no convergence within the cap, or a breakdown.
struct KrylovFailure: Error {
  let message: String
  /// The work done before giving up.
  var iterations = 0, matvecs = 0
}

extension KrylovOperator {
  /// r = b − A x into `r`; returns ‖r‖.
  func residual(_ b: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                _ r: UnsafeMutablePointer<Double>) -> Double {
    apply(x, r)
    for i in 0..<size { r[i] = b[i] - r[i] }
    return Dense.norm(size, r)
  }
}

extension KrylovOperator {
  /// Runs `solver` on pointers to `b`, the guess `x0` (nil: none) and a zeroed x, and returns
  /// x with the solver's report: the buffer plumbing every recycled solve shares.
  func run(_ b: [Double], x0: [Double]?,
           _ solver: (UnsafePointer<Double>, UnsafePointer<Double>?,
                      UnsafeMutablePointer<Double>) throws -> KrylovReport) throws
    -> (x: [Double], report: KrylovReport) {
    var x = [Double](repeating: 0, count: size)
    let report = try b.withUnsafeBufferPointer { bp in
      try x.withUnsafeMutableBufferPointer { xp in
        try withBaseAddress(of: x0) { x0p in
          guard let bb = bp.baseAddress, let xb = xp.baseAddress else {
            throw KrylovFailure(message: "empty system")
          }
          return try solver(bb, x0p, xb)
        }
      }
    }
    return (x, report)
  }
}

/// Calls `body` with the base address of `a`, or nil.
private func withBaseAddress<R>(of a: [Double]?,
                                _ body: (UnsafePointer<Double>?) throws -> R) rethrows -> R {
  guard let a else { return try body(nil) }
  return try a.withUnsafeBufferPointer { try body($0.baseAddress) }
}

extension KrylovReport {
  /// This report of the plain solve that took over from a recycled attempt ended by
  /// `failure`: the counts of both attempts, `fellBack` set.
  func after(_ failure: KrylovFailure) -> KrylovReport {
    KrylovReport(iterations: failure.iterations + iterations,
                 matvecs: failure.matvecs + matvecs, relativeResidual: relativeResidual,
                 fellBack: true)
  }
}
