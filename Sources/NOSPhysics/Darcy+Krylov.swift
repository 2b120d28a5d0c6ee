// Darcy's 5-point system as a Krylov operator (A, the MIC(0) solve M⁻¹ and M itself) and its
// recycled solve with the fall-back to the plain PCG.

extension Darcy.System: KrylovOperator {
  var size: Int { m * m }

  func apply(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    apply(UnsafeBufferPointer(start: x, count: size), UnsafeMutableBufferPointer(start: y,
                                                                                 count: size))
  }

  func precondition(_ r: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) {
    applyPreconditioner(UnsafeBufferPointer(start: r, count: size),
                        UnsafeMutableBufferPointer(start: z, count: size))
  }

  /// y = M x with M = (E + L)E⁻¹(E + U), E = diag(1/pc²), L and U the strict triangles of A
  /// (the factor the sweeps invert): first y = (E + U)x, then y += L E⁻¹ y from the end.
  func applyM(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
    for p in 0..<size {
      let j = p % m
      var v = x[p] / (precon[p] * precon[p])
      if j < m - 1 { v += east[p] * x[p + 1] }
      if p + m < size { v += north[p] * x[p + m] }
      y[p] = v
    }
    for p in stride(from: size - 1, through: 0, by: -1) {
      let j = p % m
      var v = y[p]
      if j > 0 { v += east[p - 1] * y[p - 1] * precon[p - 1] * precon[p - 1] }
      if p >= m { v += north[p - m] * y[p - m] * precon[p - m] * precon[p - m] }
      y[p] = v
    }
  }

  /// The right-hand side h²f on the interior, row-major.
  func interiorRHS(_ f: [Double]) -> [Double] { Darcy.interiorRHS(f, m: m) }

  /// Recycled PCG from the interior guess `x0` (nil: zero) with `cg`'s carried space; when it
  /// fails (breakdown, stagnation to the cap) the plain PCG solves from scratch and the report
  /// says so. Returns the interior solution and the report (counts of both attempts).
  /// `limit` caps the recycled attempt (default: the plain PCG's cap, 20·res + 1000).
  func solveRecycled(_ f: [Double], tol: Double, cg: inout RecycledCG, x0: [Double]?,
                     limit: Int? = nil) throws -> (x: [Double], report: KrylovReport) {
    let limit = limit ?? 20 * (m + 2) + 1000
    do {
      return try run(interiorRHS(f), x0: x0) { b, x0, x in
        try cg.solve(self, b, x0: x0, x: x, tol: tol, limit: limit)
      }
    } catch let failure as KrylovFailure {
      let (u, plain) = try solve(f, tol: tol)
      let res = m + 2
      let xi = (0..<size).map { u[($0 / m + 1) * res + $0 % m + 1] }
      // The plain PCG applies A once per iteration.
      return (xi, KrylovReport(iterations: plain.iterations, matvecs: plain.iterations,
                               relativeResidual: plain.relativeResidual).after(failure))
    }
  }
}

extension Darcy {
  /// The right-hand side h²f on the m × m interior of the (m + 2)² nodes, row-major.
  static func interiorRHS(_ f: [Double], m: Int) -> [Double] {
    let res = m + 2, h2 = 1 / Double((res - 1) * (res - 1))
    var b = [Double](repeating: 0, count: m * m)
    for i in 0..<m { for j in 0..<m { b[i * m + j] = h2 * f[(i + 1) * res + j + 1] } }
    return b
  }

  /// The interior vector (m × m) placed on the full res × res grid with a zero boundary.
  static func embed(_ x: [Double], m: Int) -> [Double] {
    let res = m + 2
    var u = [Double](repeating: 0, count: res * res)
    for i in 0..<m { for j in 0..<m { u[(i + 1) * res + j + 1] = x[i * m + j] } }
    return u
  }
}
