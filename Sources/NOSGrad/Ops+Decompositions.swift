// Differentiable decompositions: svd, eigh, qr, cholesky, with PyTorch's backward formulas.
import NOSTensor

/// Singular value decomposition `[U, S, Vh]` (full or reduced). The backward is PyTorch's
/// (reduced factors; gradients of the extra columns of full U, Vh are ignored); it is
/// defined when the singular values are distinct and nonzero, and the loss does not depend
/// on the sign (phase) of the singular vectors.
public func svd(_ a: Variable, fullMatrices: Bool) throws -> [Variable] {
  let (u, s, vh) = try a.value.svd(fullMatrices: fullMatrices)
  let k = s.shape[s.ndim - 1]
  return try MultiOutput.record([u, s, vh], input: a) { g, y, _ in
    let narrow = { (x: Variable, rows: Bool) -> Variable in
      fullMatrices ? try leading(x, k, axisFromEnd: rows ? 2 : 1) : x
    }
    return try svdBackward(u: narrow(y[0], false), s: y[1], vh: narrow(y[2], true),
                           gu: narrow(g[0], false), gs: g[1], gvh: narrow(g[2], true))
  }
}

/// The singular values alone; first-order gradient `U diag(gS) Vh` (defined even for
/// repeated or zero singular values), higher orders through the full SVD backward.
public func singularValues(_ a: Variable) throws -> Variable {
  let (u, s, vh) = try a.value.svd(fullMatrices: false)
  return try MultiOutput.record([u, s, vh], input: a) { g, y, _ in
    try svdBackward(u: y[0], s: y[1], vh: y[2], gu: g[0], gs: g[1], gvh: g[2])
  }[1]
}

/// gA = U [(J + Jᴴ) S + S (K + Kᴴ) + diag(gS) + i·Im diag(Uᴴ gU) / S] Vh
///      + (I − U Uᴴ) gU S⁻¹ Vh + U S⁻¹ gVh (I − V Vh), J = F ∘ Uᴴ gU, K = F ∘ Vᴴ gV,
/// F_ij = 1 / (S_j² − S_i²) off the diagonal (Townsend; PyTorch's svd_backward).
func svdBackward(u: Variable, s: Variable, vh: Variable, gu: Variable, gs: Variable,
                 gvh: Variable) throws -> Variable {
  let dt = u.dtype, sc = try cast(s, dt), v = try mH(vh)
  let withU = try !isZeroConstant(gu), withV = try !isZeroConstant(gvh)
  var core = try diagEmbed(cast(gs, dt))
  if withU || withV {
    let f = try pairInverse(mul(sc, sc))
    let x = try matmul(mH(u), gu), y = try matmul(vh, mH(gvh))
    let j = try mul(f, x), kk = try mul(f, y)
    let left = try mul(add(j, mH(j)), rowVector(sc))
    core = try add(core, add(left, mul(columnVector(sc), add(kk, mH(kk)))))
    if dt.isComplex && withU {
      let d = try diagonal(x)
      core = try add(core, diagEmbed(div(sub(d, conjugate(d)), mul(sc, constant(2, like: sc)))))
    }
  }
  var ga = try matmul(matmul(u, core), vh)
  let m = u.shape[u.value.ndim - 2], n = vh.shape[vh.value.ndim - 1], k = sc.shape.last ?? 0
  if m > k && withU {
    let perp = try sub(gu, matmul(u, matmul(mH(u), gu)))
    ga = try add(ga, matmul(div(perp, rowVector(sc)), vh))
  }
  if n > k && withV {
    let perp = try sub(gvh, matmul(matmul(gvh, v), vh))
    ga = try add(ga, matmul(u, div(perp, columnVector(sc))))
  }
  return ga
}

/// True for an untracked gradient that is all zeros (an output the loss did not use), whose
/// terms are skipped as PyTorch skips undefined gradients (they would give 0 · ∞ = NaN at
/// repeated or zero singular values).
func isZeroConstant(_ g: Variable) throws -> Bool {
  try g.node == nil && (g.value.count == 0 || !g.value.any())
}

/// Eigenvalues (ascending) and eigenvectors `[w, V]` of Hermitian matrices. Backward
/// (PyTorch's): gA = V (diag(gw) + F ∘ ½(Vᴴ gV − gVᴴ V)) Vᴴ with F_ij = 1/(w_j − w_i),
/// defined for distinct eigenvalues and losses independent of the eigenvectors' signs.
public func eigh(_ a: Variable, upper: Bool) throws -> [Variable] {
  let (w, v) = try a.value.eigh(upper: upper)
  return try MultiOutput.record([w, v], input: a) { g, y, _ in
    let vv = y[1], dt = vv.dtype
    let x = try matmul(mH(vv), g[1])
    let skew = try mul(sub(x, mH(x)), constant(0.5, like: x))
    let f = try pairInverse(cast(y[0], dt))
    let inner = try add(mul(f, skew), diagEmbed(cast(g[0], dt)))
    return try matmul(matmul(vv, inner), mH(vv))
  }
}

/// `[Q, R]` (reduced or complete). Backward for m ≥ n, reduced (PyTorch's):
/// gA = [gQ + Q syminvadj(triu(gR Rᴴ − Qᴴ gQ))] R⁻ᴴ, syminvadj(X) = X + Xᴴ − Re diag(X).
public func qr(_ a: Variable, complete: Bool) throws -> [Variable] {
  let (q, r) = try a.value.qr(complete: complete)
  let m = a.shape[a.value.ndim - 2], n = a.shape[a.value.ndim - 1]
  return try MultiOutput.record([q, r], input: a) { g, y, _ in
    guard m >= n, !(complete && m > n) else {
      throw TensorError("qr: the gradient is defined for reduced QR of [m, n] with m ≥ n, "
        + "got shape [\(m), \(n)] (mode \(complete ? "complete" : "reduced"))")
    }
    let q = y[0], r = y[1]
    let t = try mul(sub(matmul(g[1], mH(r)), matmul(mH(q), g[0])),
                    triangle(n, upper: true, q.dtype))
    let d = try diagonal(t)
    let re = try mul(add(d, conjugate(d)), constant(0.5, like: d))
    let sym = try sub(add(t, mH(t)), diagEmbed(re))
    let z = try add(g[0], matmul(q, sym))
    return try mH(solve(r, mH(z)))
  }
}

/// Lower Cholesky factor. Backward (Murray; PyTorch's): with Φ(X) = tril(X) with the
/// diagonal halved, S = L⁻ᴴ Φ(Lᴴ gL) L⁻¹ and gA = ½ (S + Sᴴ).
public func cholesky(_ a: Variable) throws -> Variable {
  let out = try a.value.cholesky()
  return .record(out, [a]) { g, l, _, _ in
    let n = l.shape[l.value.ndim - 1]
    var half = try Tensor.eye(n, dtype: l.dtype) * -0.5
    half = try half + triangle(n, upper: false, l.dtype).value
    let phi = try mul(matmul(mH(l), g), Variable(half))
    let left = try solve(mH(l), phi)
    let s = try mH(solve(mH(l), mH(left)))
    return [try mul(add(s, mH(s)), constant(0.5, like: s))]
  }
}
