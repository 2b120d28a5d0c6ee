// GCRO-DR(m, k) (Parks, de Sturler, Mackey, Johnson & Maiti 2006) with right preconditioning:
// restarted GMRES that keeps k harmonic Ritz vectors of A M⁻¹ from cycle to cycle and from
// one system to the next; with recycling off it is plain right-preconditioned GMRES(m).

/// One chain of non-symmetric solves (one instance per chain, used by one thread).
struct GCRODR {
  /// Cycle length m (Arnoldi steps plus carried vectors) and carried vectors k < m.
  let m: Int, k: Int
  let recycle: Bool
  /// The recycle space U (x space), carried to the next system.
  private(set) var u: Block?

  init(m: Int = 40, k: Int = 10, recycle: Bool) {
    self.m = max(m, 2)
    self.k = recycle ? min(max(k, 1), self.m - 1) : 0
    self.recycle = recycle
  }

  /// Solves A x = b from `x0` (nil: zero) until the explicit residual ‖b − Ax‖/‖b‖ ≤ tol.
  /// Throws on `limit` iterations, a non-finite residual, or three cycles that each cut the
  /// residual by less than 0.1%.
  mutating func solve(_ op: some KrylovOperator, _ b: UnsafePointer<Double>,
                      x0: UnsafePointer<Double>?, x: UnsafeMutablePointer<Double>,
                      tol: Double, limit: Int) throws -> KrylovReport {
    let n = op.size, bnorm = Dense.norm(n, b)
    x.update(repeating: 0, count: n)
    guard bnorm > 0 else { return KrylovReport(iterations: 0, matvecs: 0, relativeResidual: 0) }
    var count = KrylovReport(iterations: 0, matvecs: 0, relativeResidual: 1)
    let r = Block(n, 1)
    if let x0 {
      x.update(from: x0, count: n)
      _ = op.residual(b, x, r.p)
      count.matvecs += 1
    } else {
      r.p.update(from: b, count: n)
    }
    var space = u.flatMap { Recycled(op, $0) }
    count.matvecs += u?.cols ?? 0
    u = nil
    space?.project(x, r.p)
    var resid = Dense.norm(n, r.p) / bnorm, stagnant = 0
    while resid > tol {
      guard count.iterations < limit, resid.isFinite, stagnant < 3 else {
        throw KrylovFailure(message: "GMRES did not reach a relative residual of \(num(tol)) "
                            + "in \(count.iterations) iterations (got \(num(resid)))",
                            iterations: count.iterations, matvecs: count.matvecs)
      }
      let steps = min(m - (space?.c.cols ?? 0), limit - count.iterations)
      let cycle = ArnoldiCycle(op, r.p, c: space?.c, maxSteps: steps, target: tol * bnorm)
      count.iterations += cycle.steps
      count.matvecs += cycle.steps + 1
      update(x, cycle, space)
      _ = op.residual(b, x, r.p)
      space?.project(x, r.p)
      if recycle, let next = Recycled(op, cycle, space, k) {
        space = next
        next.project(x, r.p)
      }
      let now = Dense.norm(n, r.p) / bnorm
      stagnant = now > 0.999 * resid ? stagnant + 1 : 0
      resid = now
    }
    if recycle { u = space?.u }
    count.relativeResidual = resid
    return count
  }

  /// x += Z y − U (B y): the cycle's correction (Ŵ = [U, Z] against Ḡ's first k rows).
  private func update(_ x: UnsafeMutablePointer<Double>, _ cycle: ArnoldiCycle,
                      _ space: Recycled?) {
    let s = cycle.steps
    guard s > 0 else { return }
    Dense.gemvN(cycle.z, s, cycle.y, 1, x)
    guard let space, space.u.cols > 0 else { return }
    var by = [Double](repeating: 0, count: space.u.cols)
    for i in 0..<space.u.cols {
      for j in 0..<s { by[i] += cycle.b[i, j] * cycle.y[j] }
    }
    Dense.gemvN(space.u, space.u.cols, by, -1, x)
  }
}

/// The recycled pair of one system: U and C = AU with orthonormal columns.
struct Recycled {
  let u: Block, c: Block

  /// From a carried U: C from the QR of AU, U ← U R⁻¹; nil when AU is rank-deficient.
  init?(_ op: some KrylovOperator, _ carried: Block) {
    let au = Block(carried.rows, carried.cols)
    for j in 0..<carried.cols { op.apply(carried.col(j), au.col(j)) }
    guard let (q, r) = Dense.qr(au) else { return nil }
    let u = carried.prefix(carried.cols)
    Dense.rightSolveUpper(u, r)
    self.u = u
    c = q
  }

  init(u: Block, c: Block) {
    self.u = u
    self.c = c
  }

  /// x += U Cᵀr, r −= C Cᵀr: afterwards r ⊥ C.
  func project(_ x: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Double>) {
    var coef = [Double](repeating: 0, count: c.cols)
    Dense.gemvT(c, c.cols, r, &coef)
    Dense.gemvN(u, u.cols, coef, 1, x)
    Dense.gemvN(c, c.cols, coef, -1, r)
  }
}
