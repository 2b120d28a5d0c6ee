// Deflated preconditioned conjugate gradients that carry a recycle space from one symmetric
// positive definite system to the next: Saad, Yeung, Erhel & Guyomarc'h's deflated CG (2000)
// with k approximate eigenvectors of M⁻¹A refreshed after every solve by Rayleigh–Ritz on
// [W, first s search directions] (the recycling of Parks et al. 2006, Gaul et al. 2013).

/// The deflation of one solve: W, AW and the Cholesky factor of E = WᵀAW.
struct Deflation {
  let w: Block, aw: Block, e: Block

  /// nil when E is not numerically positive definite (W then is dropped).
  init?(_ op: some KrylovOperator, _ w: Block) {
    let aw = Block(w.rows, w.cols)
    for j in 0..<w.cols { op.apply(w.col(j), aw.col(j)) }
    let e = Dense.gram(w, w.cols, aw, w.cols)
    for i in 0..<e.rows { for j in 0..<i { e[i, j] = (e[i, j] + e[j, i]) / 2; e[j, i] = e[i, j] } }
    let info = Dense.cholesky(e)
    guard info == 0 else { return nil }
    self.w = w
    self.aw = aw
    self.e = e
  }

  /// μ = E⁻¹ vᵀ x for v = W or AW.
  func coefficients(_ v: Block, _ x: UnsafePointer<Double>) -> [Double] {
    var mu = [Double](repeating: 0, count: w.cols)
    Dense.gemvT(v, w.cols, x, &mu)
    Dense.choleskySolve(e, &mu)
    return mu
  }

  /// x += W E⁻¹Wᵀr, r −= AW E⁻¹Wᵀr: afterwards Wᵀr = 0.
  func project(_ x: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Double>) {
    let mu = coefficients(w, r)
    Dense.gemvN(w, w.cols, mu, 1, x)
    Dense.gemvN(aw, w.cols, mu, -1, r)
  }

  /// p −= W E⁻¹(AW)ᵀz: the new direction is A-conjugate to W.
  func deflate(_ z: UnsafePointer<Double>, _ p: UnsafeMutablePointer<Double>) {
    let mu = coefficients(aw, z)
    Dense.gemvN(w, w.cols, mu, -1, p)
  }
}

/// Deflated PCG with a recycle space carried between calls (one instance per chain of
/// systems, used by one thread).
struct RecycledCG {
  /// Vectors carried (k) and search directions kept per solve for the Ritz update (s).
  let k: Int, s: Int
  private(set) var w: Block?

  init(k: Int = 8, s: Int = 16) {
    self.k = k
    self.s = s
  }

  /// Solves A x = b from `x0` (nil: zero) until the recurrence residual ‖r‖/‖b‖ ≤ tol (the
  /// plain PCG's test), then refreshes W. Throws on breakdown, a non-finite residual or
  /// `limit` iterations; W is then dropped.
  mutating func solve(_ op: some KrylovOperator, _ b: UnsafePointer<Double>,
                      x0: UnsafePointer<Double>?, x: UnsafeMutablePointer<Double>,
                      tol: Double, limit: Int) throws -> KrylovReport {
    let n = op.size
    let bnorm = Dense.norm(n, b)
    x.update(repeating: 0, count: n)
    guard bnorm > 0 else { return KrylovReport(iterations: 0, matvecs: 0, relativeResidual: 0) }
    var matvecs = 0
    let defl = w.flatMap { Deflation(op, $0) }
    matvecs += defl?.w.cols ?? 0
    let r = Block(n, 1)
    if let x0 {
      x.update(from: x0, count: n)
      _ = op.residual(b, x, r.p)
      matvecs += 1
    } else {
      r.p.update(from: b, count: n)
    }
    defl?.project(x, r.p)
    w = nil  // dropped unless the solve succeeds
    let kept = Block(n, s), keptA = Block(n, s)
    let (iterations, resid, stored) = try iterate(op, x, r, defl, Limits(
      bnorm: bnorm, tol: tol, limit: limit, setup: matvecs), kept, keptA)
    matvecs += iterations
    refresh(op, defl, kept, keptA, stored)
    return KrylovReport(iterations: iterations, matvecs: matvecs, relativeResidual: resid)
  }

  /// The stopping data of one solve (setup: operator applications before the iterations).
  struct Limits {
    let bnorm: Double, tol: Double, limit: Int, setup: Int
  }

  /// The deflated PCG iterations from the residual r; keeps the first s directions p and
  /// A p in `kept`, `keptA`. Returns the iterations, the relative residual and how many
  /// directions were kept.
  private func iterate(_ op: some KrylovOperator, _ x: UnsafeMutablePointer<Double>,
                       _ r: Block, _ defl: Deflation?, _ lim: Limits, _ kept: Block,
                       _ keptA: Block) throws -> (Int, Double, Int) {
    let n = op.size, z = Block(n, 1), p = Block(n, 1), q = Block(n, 1)
    var stored = 0, iterations = 0, resid = Dense.norm(n, r.p) / lim.bnorm
    op.precondition(r.p, z.p)
    p.p.update(from: z.p, count: n)
    defl?.deflate(z.p, p.p)
    var rz = Dense.dot(n, r.p, z.p)
    func failure(_ why: String) -> KrylovFailure {
      KrylovFailure(message: "recycled CG " + why, iterations: iterations,
                    matvecs: lim.setup + iterations)
    }
    while resid > lim.tol {
      guard iterations < lim.limit else {
        throw failure("did not reach a relative residual of \(num(lim.tol)) in "
                      + "\(lim.limit) iterations (got \(num(resid)))")
      }
      iterations += 1
      op.apply(p.p, q.p)
      let pq = Dense.dot(n, p.p, q.p)
      guard pq > 0, pq.isFinite, rz.isFinite else { throw failure("broke down (pᵀAp ≤ 0)") }
      if stored < s {
        kept.col(stored).update(from: p.p, count: n)
        keptA.col(stored).update(from: q.p, count: n)
        stored += 1
      }
      let alpha = rz / pq
      Dense.axpy(n, alpha, p.p, x)
      Dense.axpy(n, -alpha, q.p, r.p)
      resid = Dense.norm(n, r.p) / lim.bnorm
      guard resid.isFinite else { throw failure("stopped: the residual is not finite") }
      op.precondition(r.p, z.p)
      let rzNew = Dense.dot(n, r.p, z.p), beta = rzNew / rz
      rz = rzNew
      for i in 0..<n { p.p[i] = z.p[i] + beta * p.p[i] }
      defl?.deflate(z.p, p.p)
    }
    return (iterations, resid, stored)
  }

  /// W ← the k Ritz vectors of A y = θ M y with the smallest θ on span[W, P] (Rayleigh–Ritz,
  /// G = Zᵀ A Z, F = Zᵀ M Z); keeps no space when F is not positive definite.
  mutating func refresh(_ op: some KrylovOperator, _ defl: Deflation?, _ kept: Block,
                        _ keptA: Block, _ stored: Int) {
    let n = op.size, kw = defl?.w.cols ?? 0, d = kw + stored
    guard stored > 0 else {
      w = defl?.w
      return
    }
    let z = Block(n, d), az = Block(n, d), mz = Block(n, d)
    if let defl {
      z.p.update(from: defl.w.p, count: n * kw)
      az.p.update(from: defl.aw.p, count: n * kw)
    }
    z.col(kw).update(from: kept.p, count: n * stored)
    az.col(kw).update(from: keptA.p, count: n * stored)
    for j in 0..<d { op.applyM(z.col(j), mz.col(j)) }
    let g = Dense.gram(z, d, az, d), f = Dense.gram(z, d, mz, d)
    for i in 0..<d {
      for j in 0..<i {
        g[i, j] = (g[i, j] + g[j, i]) / 2; g[j, i] = g[i, j]
        f[i, j] = (f[i, j] + f[j, i]) / 2; f[j, i] = f[i, j]
      }
    }
    guard let y = Dense.smallestSymmetric(g, f, k) else { return }
    let next = Block(n, y.cols)
    Dense.combine(z, y, into: next, beta: 0)
    for j in 0..<next.cols {
      let norm = Dense.norm(n, next.col(j))
      guard norm > 0, norm.isFinite else { return }
      Dense.scale(n, 1 / norm, next.col(j))
    }
    w = next
  }
}
