// GCRO-DR's end-of-cycle step: k harmonic Ritz vectors of A M⁻¹ on the cycle's space become
// the new recycled pair (U, C) (Parks et al. 2006, §2.3, with right preconditioning).

extension Recycled {
  /// With Ŵ = [U D, Z] (D scales U's columns to unit length) and V̂ = [C, V],
  /// A Ŵ = V̂ Ḡ, Ḡ = [[D, B], [0, H̄]]. Solves ḠᵀḠ g = θ Ḡᵀ(V̂ᵀ M Ŵ) g (harmonic Ritz for
  /// A M⁻¹ on M Ŵ), keeps the k smallest |θ| in P, and returns U = Ŵ P R⁻¹, C = V̂ Q with
  /// Ḡ P = Q R. nil when the cycle did no step or LAPACK fails (the old pair then stays).
  init?(_ op: some KrylovOperator, _ cycle: ArnoldiCycle, _ old: Recycled?, _ k: Int) {
    let n = op.size, s = cycle.steps, kc = old?.u.cols ?? 0, d = kc + s
    guard s > 0, k > 0 else { return nil }
    let ud = Block(n, kc), mud = Block(n, kc)
    var scale = [Double](repeating: 1, count: kc)
    if let old {
      for i in 0..<kc {
        let norm = Dense.norm(n, old.u.col(i))
        guard norm > 0, norm.isFinite else { return nil }
        scale[i] = 1 / norm
        ud.col(i).update(from: old.u.col(i), count: n)
        Dense.scale(n, scale[i], ud.col(i))
        op.applyM(ud.col(i), mud.col(i))
      }
    }
    let g = Recycled.gBar(cycle, scale, kc)
    let sm = Block(d + 1, d)
    if let old {
      let top = Dense.gram(old.c, kc, mud, kc), low = Dense.gram(cycle.v, s + 1, mud, kc)
      for j in 0..<kc {
        for i in 0..<kc { sm[i, j] = top[i, j] }
        for i in 0...s { sm[kc + i, j] = low[i, j] }
      }
    }
    for j in 0..<s { sm[kc + j, kc + j] = 1 }
    guard let p = Dense.smallestGeneral(Recycled.tmul(g, g), Recycled.tmul(g, sm), k) else {
      return nil
    }
    guard let (q, r) = Dense.qr(Recycled.mul(g, p)) else { return nil }
    let u = Block(n, p.cols), c = Block(n, p.cols)
    Dense.combine(ud, Recycled.rows(p, 0, kc), into: u, beta: 0)
    Dense.combine(cycle.z, Recycled.rows(p, kc, s), into: u)
    if let old { Dense.combine(old.c, Recycled.rows(q, 0, kc), into: c, beta: 0) }
    Dense.combine(cycle.v, Recycled.rows(q, kc, s + 1), into: c, beta: kc > 0 ? 1 : 0)
    Dense.rightSolveUpper(u, r)
    self.init(u: u, c: c)
  }

  /// Ḡ = [[D, B], [0, H̄]], (d + 1) × d.
  static func gBar(_ cycle: ArnoldiCycle, _ scale: [Double], _ kc: Int) -> Block {
    let s = cycle.steps, g = Block(kc + s + 1, kc + s)
    for i in 0..<kc {
      g[i, i] = scale[i]
      for j in 0..<s { g[i, kc + j] = cycle.b[i, j] }
    }
    for j in 0..<s { for i in 0...s { g[kc + i, kc + j] = cycle.h[i, j] } }
    return g
  }

  /// Rows first..<first + count of a block.
  static func rows(_ a: Block, _ first: Int, _ count: Int) -> Block {
    let out = Block(count, a.cols)
    for j in 0..<a.cols { for i in 0..<count { out[i, j] = a[first + i, j] } }
    return out
  }

  /// Aᵀ B for small blocks.
  static func tmul(_ a: Block, _ b: Block) -> Block { product(a, b, transposed: true) }

  /// A B for small blocks.
  static func mul(_ a: Block, _ b: Block) -> Block { product(a, b, transposed: false) }

  /// op(A) B with op(A) = Aᵀ when `transposed`, else A: one loop for both small products.
  private static func product(_ a: Block, _ b: Block, transposed: Bool) -> Block {
    let rows = transposed ? a.cols : a.rows, inner = transposed ? a.rows : a.cols
    let out = Block(rows, b.cols)
    for i in 0..<rows {
      for j in 0..<b.cols {
        var s = 0.0
        for l in 0..<inner { s += (transposed ? a[l, i] : a[i, l]) * b[l, j] }
        out[i, j] = s
      }
    }
    return out
  }
}
