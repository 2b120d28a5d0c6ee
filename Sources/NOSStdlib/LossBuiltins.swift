// Loss builtins: mse, rel_l2, h1 (differentiable; the numerics are in NOSModels.Losses).
import NOSLang
import NOSModels

enum LossBuiltins {
  static var all: [Builtin] {
    [
      Builtin("mse", [Param("a"), Param("b")], doc: """
        Mean squared error mean(|a − b|²) (complex: |z|² = re² + im²). The shapes must be \
        equal (or one side a single number).
        """, differentiable: true, gradChecks: [
          GradCheck("mse(x * x, sin(x)) + mse(x, 0.5) + mse(c128(x) * sqrt(c128(-1)) + x, "
                    + "c128(x[::-1] * x))"),
        ]) { a in
        wrap(try Losses.mse(a.variable(0), a.variable(1)))
      },
      Builtin("rel_l2", [Param("pred"), Param("true")], doc: """
        Relative L2 error averaged over the batch (the first axis), as the FNO paper's \
        LpLoss: mean over i of norm(pred[i] - true[i]) / norm(true[i]). A 1-D tensor is one \
        sample.
        """, differentiable: true, gradChecks: [
          GradCheck("rel_l2(x * x + 1, cos(x) + 2) + rel_l2(x[0], exp(x[1]))"),
        ]) { a in
        wrap(try Losses.relativeL2(a.variable(0), a.variable(1)))
      },
      Builtin("h1", [Param("pred"), Param("true")], doc: """
        Relative H1 error averaged over the batch for fields [B, C, X] or [B, C, X, Y] on the \
        periodic unit interval or square: per sample sqrt(Σ (1 + 4π²|k|²)|F(pred − true)|²) / \
        sqrt(Σ (1 + 4π²|k|²)|F(true)|²), with F the DFT over the spatial axes, k the integer \
        wavenumbers and the sums over channels and modes — the function and its spectral \
        first derivative together.
        """, differentiable: true, gradChecks: [
          GradCheck("h1(reshape(x * x, 3, 1, 4), reshape(sin(x) + 2, 3, 1, 4)) + h1(reshape(x, 1, "
                    + "1, 3, 4), reshape(cos(x) + 1, 1, 1, 3, 4))"),
        ]) { a in
        wrap(try Losses.h1(a.variable(0), a.variable(1)))
      },
    ]
  }
}
