// Darcy flow −∇·(a∇u) = f on the unit square with u = 0 on the boundary: 5-point finite
// volumes with harmonic (or, as the FNO code, arithmetic) face averages, conjugate gradients
// with a MIC(0) preconditioner.
import Foundation
import NOSTensor

public enum Darcy {
  /// Convergence report of the last solve on this thread's call (iterations, residual).
  public struct Report: Sendable {
    public let iterations: Int
    public let relativeResidual: Double
  }

  /// Solves for `a` [res, res], [n, res, res] or [n, 1, res, res] (the darcy generator's
  /// channel-first x), nodes i/(res − 1) including the boundary; `f` is a number or a
  /// [res, res] field. Returns u of a's shape (zero on the boundary).
  /// CG stops at relative residual ‖b − Au‖/‖b‖ ≤ tol.
  /// `average`: "harmonic" (default) or "arithmetic" face coefficients (see `System`).
  public static func solve(_ a: Tensor, f: Tensor, tol: Double = 1e-10,
                           average: String = "harmonic") throws -> Tensor {
    let op = "solve_darcy"
    let channel = a.ndim == 4 && a.shape[1] == 1
    guard a.ndim == 2 || a.ndim == 3 || channel, let res = a.shape.last, res >= 3,
          a.shape[a.ndim - 2] == res else {
      throw TensorError("\(op): needs a coefficient field [res, res], [n, res, res] or "
                        + "[n, 1, res, res] with res ≥ 3, got shape \(a.shape)")
    }
    try Check.positive(tol, "tol", op)
    guard average == "harmonic" || average == "arithmetic" else {
      throw TensorError("\(op): average must be \"harmonic\" or \"arithmetic\", got "
                        + "\"\(average)\"")
    }
    let coef = try a.realCopy(op)
    let cp = coef.memory(as: Double.self)
    for i in 0..<coef.count where !(cp[i] > 0 && cp[i].isFinite) {
      throw TensorError("\(op): the coefficient a must be positive and finite, got \(num(cp[i]))")
    }
    let rhs: [Double]
    if f.count == 1 {
      rhs = [Double](repeating: try f.item(), count: res * res)
    } else {
      guard f.shape == [res, res] else {
        throw TensorError("\(op): f must be a number or a [\(res), \(res)] field, got shape "
                          + "\(f.shape)")
      }
      rhs = try f.doubles()
    }
    guard rhs.allSatisfy(\.isFinite) else { throw TensorError("\(op): f must be finite") }
    let cells = res * res, batch = coef.count / cells
    let out = try Samples.runEach(batch, label: op) { s in
      let field = Array(UnsafeBufferPointer(start: cp + s * cells, count: cells))
      return try System(a: field, res: res, arithmetic: average == "arithmetic")
        .solve(rhs, tol: tol).u
    }
    return try Tensor.from(out.flatMap { $0 }, shape: a.shape)
  }

  /// The interior system (res − 2)² unknowns, row-major, scaled by h².
  struct System {
    let m: Int
    /// diag[p], east[p] = −a between p and p+1 (x), north[p] = −a between p and p+m (y).
    var diag: [Double], east: [Double], north: [Double]
    var precon: [Double]
    /// The factor's couplings scaled for one fused multiply-add per neighbour:
    /// forward z_p = pc_p r_p − lw_p z_{p−1} − ls_p z_{p−m}, backward with ue, un.
    var lw: [Double] = [], ls: [Double] = [], ue: [Double] = [], un: [Double] = []

    /// `arithmetic`: face coefficient (a_p + a_q)/2 as the FNO code's solve_gwf.m; otherwise
    /// the harmonic mean 2a_p a_q/(a_p + a_q) (exact flux across a jump at the face).
    init(a: [Double], res: Int, arithmetic: Bool = false) {
      m = res - 2
      let count = m * m
      diag = [Double](repeating: 0, count: count)
      east = [Double](repeating: 0, count: count)
      north = [Double](repeating: 0, count: count)
      func face(_ x: Double, _ y: Double) -> Double {
        arithmetic ? (x + y) / 2 : 2 * x * y / (x + y)
      }
      for i in 1...m {
        for j in 1...m {
          let p = (i - 1) * m + (j - 1), here = a[i * res + j]
          let up = face(here, a[(i + 1) * res + j]), down = face(here, a[(i - 1) * res + j])
          let right = face(here, a[i * res + j + 1]), left = face(here, a[i * res + j - 1])
          diag[p] = up + down + right + left
          if i < m { north[p] = -up }
          if j < m { east[p] = -right }
        }
      }
      precon = []
      precon = micPreconditioner()
      let count2 = m * m
      lw = [Double](repeating: 0, count: count2)
      ls = lw
      ue = lw
      un = lw
      for p in 0..<count2 {
        let pc = precon[p]
        if p % m > 0 { lw[p] = east[p - 1] * precon[p - 1] * pc }
        if p >= m { ls[p] = north[p - m] * precon[p - m] * pc }
        ue[p] = east[p] * pc * pc
        un[p] = north[p] * pc * pc
      }
    }

    /// Bridson's MIC(0) with τ = 0.97 (falls back to the diagonal on a tiny pivot).
    func micPreconditioner() -> [Double] {
      var pc = [Double](repeating: 0, count: m * m)
      let tau = 0.97, sigma = 0.25
      for i in 0..<m {
        for j in 0..<m {
          let p = i * m + j
          var e = diag[p]
          if j > 0 {
            let w = p - 1, pw = pc[w]
            e -= (east[w] * pw) * (east[w] * pw) + tau * east[w] * north[w] * pw * pw
          }
          if i > 0 {
            let s = p - m, ps = pc[s]
            e -= (north[s] * ps) * (north[s] * ps) + tau * north[s] * east[s] * ps * ps
          }
          if e < sigma * diag[p] { e = diag[p] }
          pc[p] = 1 / e.squareRoot()
        }
      }
      return pc
    }

    func apply(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>) {
      for i in 0..<m {
        for j in 0..<m {
          let p = i * m + j
          var v = diag[p] * x[p]
          if j > 0 { v += east[p - 1] * x[p - 1] }
          if j < m - 1 { v += east[p] * x[p + 1] }
          if i > 0 { v += north[p - m] * x[p - m] }
          if i < m - 1 { v += north[p] * x[p + m] }
          y[p] = v
        }
      }
    }

    /// z = M⁻¹ r: forward then backward substitution with the incomplete factor, row by
    /// row (east couples j and j + 1 within a row, north couples rows i and i + 1).
    func applyPreconditioner(_ r: UnsafeBufferPointer<Double>,
                             _ z: UnsafeMutableBufferPointer<Double>) {
      guard let zp = z.baseAddress, let rp = r.baseAddress else { return }
      lw.withUnsafeBufferPointer { lw in ls.withUnsafeBufferPointer { ls in
        ue.withUnsafeBufferPointer { ue in un.withUnsafeBufferPointer { un in
          precon.withUnsafeBufferPointer { pc in
            guard let lw = lw.baseAddress, let ls = ls.baseAddress, let ue = ue.baseAddress,
                  let un = un.baseAddress, let pc = pc.baseAddress else { return }
            Darcy.sweeps(m, rp, zp, pc, lw, ls, ue, un)
          }
        } }
      } }
    }

    /// PCG on A u = h²f; returns u on the full grid (zero boundary) and the report.
    func solve(_ f: [Double], tol: Double) throws -> (u: [Double], report: Report) {
      let res = m + 2, count = m * m
      let b = interiorRHS(f)
      var x = [Double](repeating: 0, count: count), r = b
      var z = r, p = r, q = r
      let bnorm = dot(b, b).squareRoot()
      var iterations = 0, resid = bnorm == 0 ? 0 : 1.0
      if bnorm > 0 {
        z.withUnsafeMutableBufferPointer { zp in
          r.withUnsafeBufferPointer { applyPreconditioner($0, zp) }
        }
        p = z
        var rz = dot(r, z)
        let limit = 20 * res + 1000
        while resid > tol {
          guard iterations < limit else {
            throw TensorError("solve_darcy: conjugate gradients did not reach a relative "
                              + "residual of \(tol) in \(limit) iterations (got \(resid))")
          }
          iterations += 1
          q.withUnsafeMutableBufferPointer { qp in p.withUnsafeBufferPointer { apply($0, qp) } }
          let alpha = rz / dot(p, q)
          for k in 0..<count { x[k] += alpha * p[k]; r[k] -= alpha * q[k] }
          resid = dot(r, r).squareRoot() / bnorm
          z.withUnsafeMutableBufferPointer { zp in
          r.withUnsafeBufferPointer { applyPreconditioner($0, zp) }
        }
          let rzNew = dot(r, z), beta = rzNew / rz
          rz = rzNew
          for k in 0..<count { p[k] = z[k] + beta * p[k] }
        }
      }
      return (Darcy.embed(x, m: m), Report(iterations: iterations, relativeResidual: resid))
    }
  }

  /// The two triangular sweeps of the preconditioner on raw buffers.
  static func sweeps(_ m: Int, _ r: UnsafePointer<Double>, _ z: UnsafeMutablePointer<Double>,
                     _ pc: UnsafePointer<Double>, _ lw: UnsafePointer<Double>,
                     _ ls: UnsafePointer<Double>, _ ue: UnsafePointer<Double>,
                     _ un: UnsafePointer<Double>) {
    for i in 0..<m {
      let row = i * m
      var prev = 0.0
      for j in 0..<m {
        let p = row + j
        var t = pc[p] * r[p]
        if i > 0 { t -= ls[p] * z[p - m] }
        prev = t - lw[p] * prev
        z[p] = prev
      }
    }
    for i in stride(from: m - 1, through: 0, by: -1) {
      let row = i * m
      var next = 0.0
      for j in stride(from: m - 1, through: 0, by: -1) {
        let p = row + j
        var t = pc[p] * z[p]
        if i < m - 1 { t -= un[p] * z[p + m] }
        next = t - ue[p] * next
        z[p] = next
      }
    }
  }

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }
}
