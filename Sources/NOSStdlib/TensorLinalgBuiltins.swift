// Builtins for products, Fourier transforms and linear solves.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorLinalgBuiltins {
  static var all: [Builtin] {
    [
      Builtin("matmul", [Param("a"), Param("b")], doc: """
        Matrix product, the same as `a @ b`: batched over leading axes like numpy.matmul; a \
        1-D operand acts as a vector.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("matmul(x, x.T) + matmul(x[0], x.T)"),
        ]) { a in wrap(try matmul(a.variable(0), a.variable(1))) },
      Builtin("einsum", [Param("spec"), .variadic("operands")], doc: """
        Einstein summation over one or two tensors: `einsum("bix,iox->box", a, w)`. Without \
        `->` the output keeps the letters used once, in alphabetical order.
        """, differentiable: true, gradChecks: [
          GradCheck("sum(einsum(\"ij,kj->ik\", x, x) * 1.5) + einsum(\"ij->j\", x * x)"),
        ]) { a in
        let vs = try a.rest.indices.map { k -> Variable in
          do { return try toVariable(a.rest[k], what: "operand") } catch { throw a.badRest(k, expected: "tensor") }
        }
        let dt = vs.reduce(DType.f32) { DType.promote($0, $1.dtype) }
        return wrap(try einsum(try a.string(0), vs.map { try cast($0, dt) }))
      },
      Builtin("solve", [Param("A"), Param("b")], doc: """
        Solves A x = b for square A (batched over leading axes); b is a vector or a matrix of \
        right-hand sides. A singular A is an error.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("solve(x @ x.T + eye(3), x)"),
        ]) { a in
        let x = try a.variable(0), b = try a.variable(1)
        let dt = DType.promote(x.dtype, b.dtype)
        return wrap(try solve(cast(x, dt), cast(b, dt)))
      },
      Builtin("inv", [Param("A")], doc: "Inverse of square matrices (a singular one is an error).",
              differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("inv(x @ x.T + eye(3))"),
      ]) { a in
        wrap(try inverse(a.variable(0)))
      },
      Builtin("det", [Param("A")], doc: "Determinant of square matrices (0 for a singular one).",
              differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("det(x @ x.T + eye(3))"),
      ]) { a in
        wrap(try determinant(a.variable(0)))
      },
    ] + fourier
  }

  private static var fourier: [Builtin] {
    let oneD: [(String, String, FFTOp, GradCheck)] = [
      ("fft", "Discrete Fourier transform over the last axis (unscaled, as NumPy).", .fft,
       GradCheck("concat([abs(fft(x)), real(fft(x, n=6))], axis=1)", second: false)),
      ("ifft", "Inverse DFT over the last axis (scaled by 1/n).", .ifft,
       GradCheck("concat([imag(ifft(x * x)), real(ifft(x, n=3))], axis=1)")),
      ("rfft", "DFT of a real signal over the last axis: n/2+1 complex coefficients.", .rfft,
       GradCheck("real(rfft(x) * [1, 2+0, 3]) + imag(rfft(x, n=5))")),
      ("irfft", "Inverse of rfft: a real signal of length n (default 2(m-1)).", .irfft,
       GradCheck("concat([irfft(rfft(x) * [1, 2, 3]), irfft(c128(x), n=5)], axis=1)")),
    ]
    let twoD: [(String, String, FFTOp, GradCheck)] = [
      ("fft2", "2-D DFT over the last two axes.", .fft2,
       GradCheck("real(fft2(x) * fft2(x))", input: "randn(2, 3, 4)")),
      ("ifft2", "Inverse 2-D DFT over the last two axes.", .ifft2,
       GradCheck("imag(ifft2(x * x, s=[4, 4]))", input: "randn(2, 3, 4)")),
      ("rfft2", "2-D DFT of a real field; the last axis keeps n/2+1 coefficients.", .rfft2,
       GradCheck("real(rfft2(x) ^ 2) + imag(rfft2(x, s=[3, 5]))", input: "randn(2, 3, 4)")),
      ("irfft2", "Inverse of rfft2: a real field of shape s (default [m0, 2(m1-1)]).", .irfft2,
       GradCheck("concat([irfft2(rfft2(x) * 1.5, s=[3, 4]) * x, irfft2(c128(x))], axis=2)",
                 input: "randn(2, 3, 4)")),
    ]
    let first = oneD.map { name, doc, op, check in
      Builtin(name, [Param("x"), Param("n", default: .nil)], doc: doc + " `n=` pads or truncates.",
              differentiable: true, receiver: "tensor", gradChecks: [check]) { a in
        let n = try a.optionalInt(1)
        if let n, n < 1 || n > Int(Int32.max) { throw a.error(1, "invalid transform size \(n)") }
        return wrap(try NOSGrad.fourier(op, try a.variable(0), sizes: n.map { [$0] }))
      }
    }
    let second = twoD.map { name, doc, op, check in
      Builtin(name, [Param("x"), Param("s", default: .nil)],
              doc: doc + " `s=[n0, n1]` pads or truncates.", differentiable: true,
              receiver: "tensor", gradChecks: [check]) { a in
        var sizes: [Int]?
        if !a[1].isNil {
          guard let l = sequenceItems(a[1]) else { throw a.bad(1, expected: "list of sizes") }
          sizes = try l.map { v in
            guard let x = v.asNumber, let n = Int(exactly: x) else { throw a.bad(1, expected: "list of sizes") }
            return n
          }
          guard sizes?.count == 2 else { throw a.error(1, "s must list two sizes") }
        }
        if let sizes, sizes.contains(where: { $0 < 1 || $0 > Int(Int32.max) }) {
          throw a.error(1, "invalid transform size \(shapeText(sizes))")
        }
        return wrap(try NOSGrad.fourier(op, try a.variable(0), sizes: sizes))
      }
    }
    return first + second
  }
}
