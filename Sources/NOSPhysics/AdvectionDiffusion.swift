// Steady advection–diffusion −ε Δu + v·∇u = f on the unit square with u = 0 on the boundary:
// 5-point central differences (second order), a non-symmetric system solved by
// right-preconditioned GMRES or GCRO-DR with an ILU(0) preconditioner.

public enum AdvectionDiffusion {
  /// The interior system, (res − 2)² unknowns row-major (p = (i − 1)(res − 2) + j − 1 for
  /// node (i, j) at (x, y) = (i, j)/(res − 1)), scaled by h².
  struct System: KrylovOperator {
    let m: Int
    /// Row p's coefficients of u_p and of its neighbours p − 1, p + 1 (y ∓ h), p − m, p + m
    /// (x ∓ h); zero where the neighbour is on the boundary.
    var diag: [Double], ym: [Double], yp: [Double], xm: [Double], xp: [Double]
    /// ILU(0) pivots: M = (P + L) P⁻¹ (P + U) with L, U the strict triangles of A.
    var pivot: [Double] = [], inverse: [Double] = []

    /// `vx`, `vy` on the res × res nodes (x is the first axis).
    init(vx: [Double], vy: [Double], eps: Double, res: Int) {
      m = res - 2
      let count = m * m, h = 1 / Double(res - 1)
      diag = [Double](repeating: 4 * eps, count: count)
      ym = [Double](repeating: 0, count: count)
      (yp, xm, xp) = (ym, ym, ym)
      for i in 1...m {
        for j in 1...m {
          let p = (i - 1) * m + (j - 1), node = i * res + j
          let ax = vx[node] * h / 2, ay = vy[node] * h / 2
          if i > 1 { xm[p] = -eps - ax }
          if i < m { xp[p] = -eps + ax }
          if j > 1 { ym[p] = -eps - ay }
          if j < m { yp[p] = -eps + ay }
        }
      }
      pivot = factor()
      inverse = pivot.map { 1 / $0 }
    }

    /// d_p = a_pp − a_{p,p−1} a_{p−1,p}/d_{p−1} − a_{p,p−m} a_{p−m,p}/d_{p−m}; a pivot below
    /// 1e-8 of the diagonal falls back to the diagonal.
    func factor() -> [Double] {
      var d = diag
      for p in 0..<m * m {
        var e = diag[p]
        if p % m > 0 { e -= ym[p] * yp[p - 1] / d[p - 1] }
        if p >= m { e -= xm[p] * xp[p - m] / d[p - m] }
        d[p] = abs(e) > 1e-8 * diag[p] && e.isFinite ? e : diag[p]
      }
      return d
    }

    var size: Int { m * m }

    func apply(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
      withCoefficients { c in
        for i in 0..<m {
          for j in 0..<m {
            let p = i * m + j
            var v = c.diag[p] * x[p]
            if j > 0 { v += c.ym[p] * x[p - 1] }
            if j < m - 1 { v += c.yp[p] * x[p + 1] }
            if i > 0 { v += c.xm[p] * x[p - m] }
            if i < m - 1 { v += c.xp[p] * x[p + m] }
            y[p] = v
          }
        }
      }
    }

    /// z = (P + U)⁻¹ P (P + L)⁻¹ r: a forward and a backward sweep.
    func precondition(_ r: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>) {
      withCoefficients { c in
        for i in 0..<m {
          for j in 0..<m {
            let p = i * m + j
            var v = r[p]
            if j > 0 { v -= c.ym[p] * z[p - 1] }
            if i > 0 { v -= c.xm[p] * z[p - m] }
            z[p] = v * c.inverse[p]
          }
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
          for j in stride(from: m - 1, through: 0, by: -1) {
            let p = i * m + j
            var v = 0.0
            if j < m - 1 { v += c.yp[p] * z[p + 1] }
            if i < m - 1 { v += c.xp[p] * z[p + m] }
            z[p] -= v * c.inverse[p]
          }
        }
      }
    }

    /// y = (P + L) P⁻¹ (P + U) x.
    func applyM(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
      withCoefficients { c in
        for i in 0..<m {
          for j in 0..<m {
            let p = i * m + j
            var v = c.pivot[p] * x[p]
            if j < m - 1 { v += c.yp[p] * x[p + 1] }
            if i < m - 1 { v += c.xp[p] * x[p + m] }
            y[p] = v
          }
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
          for j in stride(from: m - 1, through: 0, by: -1) {
            let p = i * m + j
            var v = y[p]
            if j > 0 { v += c.ym[p] * y[p - 1] * c.inverse[p - 1] }
            if i > 0 { v += c.xm[p] * y[p - m] * c.inverse[p - m] }
            y[p] = v
          }
        }
      }
    }

    /// Raw views of the coefficient arrays for the kernels.
    struct Coefficients {
      let diag, ym, yp, xm, xp, pivot, inverse: UnsafePointer<Double>
    }

    func withCoefficients(_ body: (Coefficients) -> Void) {
      diag.withUnsafeBufferPointer { d in ym.withUnsafeBufferPointer { ym in
        yp.withUnsafeBufferPointer { yp in xm.withUnsafeBufferPointer { xm in
          xp.withUnsafeBufferPointer { xp in pivot.withUnsafeBufferPointer { pv in
            inverse.withUnsafeBufferPointer { inv in
              guard let d = d.baseAddress, let ym = ym.baseAddress, let yp = yp.baseAddress,
                    let xm = xm.baseAddress, let xp = xp.baseAddress, let pv = pv.baseAddress,
                    let inv = inv.baseAddress else { return }
              body(Coefficients(diag: d, ym: ym, yp: yp, xm: xm, xp: xp, pivot: pv,
                                inverse: inv))
            }
          } }
        } }
      } }
    }

    /// The iteration cap of one solve.
    var limit: Int { 40 * (m + 2) + 2000 }
  }
}
