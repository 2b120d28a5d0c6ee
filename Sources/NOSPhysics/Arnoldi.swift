// One cycle of right-preconditioned (flexible-form) Arnoldi for GMRES and GCRO-DR: the basis
// V, the preconditioned vectors Z = M⁻¹V, the Hessenberg matrix, the least-squares solution by
// Givens rotations, optionally orthogonal to a recycled C (A Z = C B + V H̄).

/// The data of one cycle of `steps` Arnoldi steps started from r.
struct ArnoldiCycle {
  let v: Block, z: Block, h: Block
  /// Cᵀ A z_j, kc × steps (empty without C).
  let b: Block
  private(set) var steps = 0
  /// The minimiser of ‖βe₁ − H̄y‖ and that minimum (the cycle's residual norm).
  private(set) var y: [Double] = []
  private(set) var residual = 0.0

  /// Runs up to `maxSteps` steps of Arnoldi on (I − CCᵀ) A M⁻¹ from r, stopping early once
  /// the least-squares residual is ≤ `target` or on a breakdown.
  init(_ op: some KrylovOperator, _ r: UnsafePointer<Double>, c: Block?, maxSteps: Int,
       target: Double) {
    let n = op.size, kc = c?.cols ?? 0
    v = Block(n, maxSteps + 1)
    z = Block(n, maxSteps)
    h = Block(maxSteps + 1, maxSteps)
    b = Block(kc, maxSteps)
    let beta = Dense.norm(n, r)
    v.col(0).update(from: r, count: n)
    Dense.scale(n, 1 / beta, v.col(0))
    var givens = Givens(beta: beta, size: maxSteps)
    var bc = [Double](repeating: 0, count: max(kc, 1))
    for j in 0..<maxSteps {
      op.precondition(v.col(j), z.col(j))
      let w = v.col(j + 1)
      op.apply(z.col(j), w)
      if let c {
        Dense.gemvT(c, kc, w, &bc)
        Dense.gemvN(c, kc, bc, -1, w)
        for i in 0..<kc { b[i, j] = bc[i] }
      }
      let hn = orthogonalise(w, against: j + 1, column: j)
      steps = j + 1
      residual = givens.add(column: h.col(j), j)
      if hn > 0 { Dense.scale(n, 1 / hn, w) }
      if residual <= target || !(hn > 0) || !residual.isFinite { break }
    }
    y = givens.solve(steps)
  }

  /// Classical Gram–Schmidt against the first `c` basis vectors, repeated once when the norm
  /// fell below 0.7 of its value before (the DGKS test); stores the coefficients and the
  /// remaining norm in H's column `col` and returns that norm.
  private func orthogonalise(_ w: UnsafeMutablePointer<Double>, against c: Int,
                             column col: Int) -> Double {
    var h1 = [Double](repeating: 0, count: c), h2 = h1
    let before = Dense.norm(v.rows, w)
    Dense.gemvT(v, c, w, &h1)
    Dense.gemvN(v, c, h1, -1, w)
    var hn = Dense.norm(v.rows, w)
    if hn < 0.7 * before {
      Dense.gemvT(v, c, w, &h2)
      Dense.gemvN(v, c, h2, -1, w)
      hn = Dense.norm(v.rows, w)
    }
    for i in 0..<c { h[i, col] = h1[i] + h2[i] }
    h[c, col] = hn
    return hn
  }
}

/// The QR factorisation of the growing Hessenberg matrix by Givens rotations.
struct Givens {
  private var r: [[Double]] = [], cs: [Double] = [], sn: [Double] = [], g: [Double]

  init(beta: Double, size: Int) {
    g = [Double](repeating: 0, count: size + 1)
    g[0] = beta
  }

  /// Adds Hessenberg column j (j + 2 entries), returns the new least-squares residual norm.
  mutating func add(column hcol: UnsafePointer<Double>, _ j: Int) -> Double {
    var col = (0...j + 1).map { hcol[$0] }
    for i in 0..<j {
      let t = cs[i] * col[i] + sn[i] * col[i + 1]
      col[i + 1] = -sn[i] * col[i] + cs[i] * col[i + 1]
      col[i] = t
    }
    let d = (col[j] * col[j] + col[j + 1] * col[j + 1]).squareRoot()
    let c = d > 0 ? col[j] / d : 1, s = d > 0 ? col[j + 1] / d : 0
    cs.append(c)
    sn.append(s)
    col[j] = d
    g[j + 1] = -s * g[j]
    g[j] = c * g[j]
    r.append(Array(col[0...j]))
    return abs(g[j + 1])
  }

  /// Back substitution R y = g for the first `steps` columns (a zero pivot gives y = 0 there).
  func solve(_ steps: Int) -> [Double] {
    var y = [Double](repeating: 0, count: steps)
    for i in stride(from: steps - 1, through: 0, by: -1) {
      var s = g[i]
      for j in i + 1..<steps { s -= r[j][i] * y[j] }
      y[i] = r[i][i] != 0 ? s / r[i][i] : 0
    }
    return y
  }
}
