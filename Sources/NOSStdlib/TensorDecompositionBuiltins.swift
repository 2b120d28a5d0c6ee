// Builtins for numpy.linalg's decompositions: svd, eigh, eig, qr, cholesky, lstsq, pinv,
// matrix_rank, and the parsing of norm's ord= and axis=.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorDecompositionBuiltins {

  static var all: [Builtin] { factorizations + solvers }

  private static var factorizations: [Builtin] {
    [
      Builtin("svd", [Param("a"), Param("full_matrices", default: true)], doc: """
        Singular value decomposition [U, S, Vh] (numpy.linalg.svd), a == (U * S) @ Vh when \
        reduced; S descending and real. full_matrices=true gives U [m, m] and Vh [n, n], false the \
        reduced U [m, k], Vh [k, n], k = min(m, n). Batched over leading axes. Gradient \
        (PyTorch's) defined for distinct nonzero singular values and a loss that does not \
        depend on the signs (phases) of the singular vectors; the extra columns of full U, \
        Vh get no gradient.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("concat([svd(x)[1], flatten(svd(x, full_matrices=false)[2] ^ 2), "
                    + "flatten(svd(x.T, full_matrices=false)[0] ^ 2)])"),
        ]) { a in
        .list(try svd(a.variable(0), fullMatrices: a.flag(1)).map(wrap))
      },
      Builtin("eigh", [Param("a"), Param("UPLO", default: "L")], doc: """
        Eigenvalues (ascending, real) and eigenvectors [w, V] of Hermitian (symmetric) \
        matrices, a == (V * w) @ V.T; only the UPLO="L" (or "U") triangle is read. Batched. \
        Gradient defined for distinct eigenvalues and sign-independent losses.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("concat([eigh(x @ x.T + eye(3))[0], flatten(eigh(x @ x.T, UPLO=\"U\")[1] ^ "
                    + "2)])"),
        ]) { a in
        let uplo = try a.string(1)
        guard uplo == "L" || uplo == "U" else { throw a.error(1, "UPLO must be \"L\" or \"U\"") }
        return .list(try eigh(a.variable(0), upper: uplo == "U").map(wrap))
      },
      Builtin("eig", [Param("a")], doc: """
        Eigenvalues and right eigenvectors [w, V] of general square matrices, always \
        complex (c128, or c64 for f32/c64 input): a @ V == V * w, columns of unit norm, in \
        LAPACK's order (not sorted). Batched. Not differentiable.
        """, receiver: "tensor") { a in
        let (w, v) = try a.tensor(0).eig()
        return .list([wrap(w), wrap(v)])
      },
      Builtin("qr", [Param("a"), Param("mode", default: "reduced")], doc: """
        QR factorisation [Q, R] (numpy.linalg.qr): mode "reduced" gives Q [m, k], R [k, n]; \
        "complete" Q [m, m], R [m, n]; "r" only R [k, n]. Batched. Gradient for m ≥ n in \
        reduced mode (PyTorch's).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("concat([flatten(qr(x.T)[0]), flatten(qr(x.T)[1])])"),
        ]) { a in
        let mode = try a.string(1)
        guard ["reduced", "complete", "r"].contains(mode) else {
          throw a.error(1, "mode must be \"reduced\", \"complete\" or \"r\", got \"\(mode)\"")
        }
        let parts = try qr(a.variable(0), complete: mode == "complete")
        return mode == "r" ? wrap(parts[1]) : .list(parts.map(wrap))
      },
      Builtin("cholesky", [Param("a")], doc: """
        Lower-triangular L with a == L @ L.T (conjugate transpose for complex) of Hermitian \
        positive-definite matrices, reading the lower triangle. Batched; a matrix that is not \
        positive definite is an error. Differentiable (the gradient is symmetric).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("cholesky(x @ x.T + eye(3))"),
        ]) { a in
        wrap(try cholesky(a.variable(0)))
      },
    ]
  }

  private static var solvers: [Builtin] {
    [
      Builtin("lstsq", [Param("a"), Param("b"), Param("rcond", default: .nil)], doc: """
        Least squares (numpy.linalg.lstsq): [x, residuals, rank, s] for a [m, n] and b [m] \
        or [m, k]; x is the minimum-norm solution, residuals the squared 2-norms of b - a @ x \
        per column (empty unless rank == n < m), s the singular values. Singular values ≤ \
        rcond·max(s) are dropped (default ε·max(m, n)). Differentiable in x and residuals for \
        full-rank a.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("concat([lstsq(x.T, x[0] * 2 + 1)[0], lstsq(x.T, x[1])[1], flatten(lstsq(x.T, "
                    + "sin(x.T[:, :2]))[0])])"),
        ]) { a in
        let r = try leastSquares(a.variable(0), a.variable(1), rcond: a.optionalNumber(2))
        return .list([wrap(r.x), wrap(r.residuals), .number(Double(r.rank)), wrap(r.s)])
      },
      Builtin("pinv", [Param("a"), Param("rcond", default: 1e-15)], doc: """
        Moore–Penrose pseudo-inverse [..., n, m] through the SVD; singular values ≤ \
        rcond·max(s) count as zero (NumPy's rule and default). Batched. Differentiable where \
        the rank does not change nearby (e.g. full rank).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("pinv(x) + pinv(x.T).T"),
        ]) { a in
        let rcond = try a.number(1)
        guard rcond >= 0 else { throw a.error(1, "rcond must be ≥ 0, got \(rcond)") }
        return wrap(try pinv(a.variable(0), rcond: rcond))
      },
      Builtin("matrix_rank", [Param("a"), Param("tol", default: .nil)], doc: """
        Number of singular values above tol (default max(s)·max(m, n)·ε, NumPy's); a number \
        for one matrix, a tensor for a batch; a vector has rank 1 unless all zero.
        """, receiver: "tensor") { a in
        let r = try matrixRank(a.tensor(0), tol: a.optionalNumber(1))
        return r.ndim == 0 ? .number(try r.item()) : wrap(r)
      },
    ]
  }

  /// norm's `ord=`: nil, a number (inf, -inf, 0, p) or "fro" / "nuc".
  static func normOrder(_ a: Arguments, _ i: Int) throws -> NormOrder? {
    if a[i].isNil { return nil }
    if let x = a[i].asNumber {
      guard !x.isNaN else { throw a.error(i, "ord must not be nan") }
      return .p(x)
    }
    guard case .string = a[i] else { throw a.bad(i, expected: "number, \"fro\" or \"nuc\"") }
    switch try a.string(i) {
    case "fro": return .fro
    case "nuc": return .nuc
    case let s: throw a.error(i, "ord must be a number, \"fro\" or \"nuc\", got \"\(s)\"")
    }
  }

  /// norm's `axis=`: nil, one integer, or two in a list.
  static func normAxes(_ a: Arguments, _ i: Int) throws -> [Int]? {
    if a[i].isNil { return nil }
    if let one = a[i].asNumber {
      guard let n = Int(exactly: one) else { throw a.error(i, "axis must be an integer") }
      return [n]
    }
    guard let items = sequenceItems(a[i]), items.count == 1 || items.count == 2 else {
      throw a.bad(i, expected: "axis or list of two axes")
    }
    return try items.map { v in
      guard let x = v.asNumber, let n = Int(exactly: x) else {
        throw a.bad(i, expected: "axis or list of two axes")
      }
      return n
    }
  }
}
