// Builtins for products, Fourier transforms and linear solves.
import NOSLang
import NOSTensor

enum TensorLinalgBuiltins {
  static var all: [Builtin] {
    [
      Builtin("matmul", [Param("a"), Param("b")], doc: """
        Matrix product, the same as `a @ b`: batched over leading axes like numpy.matmul; a \
        1-D operand acts as a vector.
        """) { a in wrap(try Tensor.matmul(a.tensor(0), a.tensor(1))) },
      Builtin("einsum", [Param("spec"), .variadic("operands")], doc: """
        Einstein summation over one or two tensors: `einsum("bix,iox->box", a, w)`. Without \
        `->` the output keeps the letters used once, in alphabetical order.
        """) { a in
        let ts = try a.rest.indices.map { k -> Tensor in
          do { return try toTensor(a.rest[k], what: "operand") } catch { throw a.badRest(k, expected: "tensor") }
        }
        return wrap(try Tensor.einsum(try a.string(0), ts))
      },
      Builtin("solve", [Param("A"), Param("b")], doc: """
        Solves A x = b for square A (batched over leading axes); b is a vector or a matrix of \
        right-hand sides. A singular A is an error.
        """) { a in wrap(try Tensor.solve(a.tensor(0), a.tensor(1))) },
      Builtin("inv", [Param("A")], doc: "Inverse of square matrices (a singular one is an error).") { a in
        wrap(try a.tensor(0).inv())
      },
      Builtin("det", [Param("A")], doc: "Determinant of square matrices (0 for a singular one).") { a in
        wrap(try a.tensor(0).det())
      },
    ] + fourier
  }

  private static var fourier: [Builtin] {
    let oneD: [(String, String, (Tensor, Int?) throws -> Tensor)] = [
      ("fft", "Discrete Fourier transform over the last axis (unscaled, as NumPy).", { try $0.fft(n: $1) }),
      ("ifft", "Inverse DFT over the last axis (scaled by 1/n).", { try $0.ifft(n: $1) }),
      ("rfft", "DFT of a real signal over the last axis: n/2+1 complex coefficients.", { try $0.rfft(n: $1) }),
      ("irfft", "Inverse of rfft: a real signal of length n (default 2(m-1)).", { try $0.irfft(n: $1) }),
    ]
    let twoD: [(String, String, (Tensor, [Int]?) throws -> Tensor)] = [
      ("fft2", "2-D DFT over the last two axes.", { try $0.fft2(s: $1) }),
      ("ifft2", "Inverse 2-D DFT over the last two axes.", { try $0.ifft2(s: $1) }),
      ("rfft2", "2-D DFT of a real field; the last axis keeps n/2+1 coefficients.", { try $0.rfft2(s: $1) }),
      ("irfft2", "Inverse of rfft2: a real field of shape s (default [m0, 2(m1-1)]).", { try $0.irfft2(s: $1) }),
    ]
    let first = oneD.map { name, doc, f in
      Builtin(name, [Param("x"), Param("n", default: .nil)], doc: doc + " `n=` pads or truncates.") { a in
        wrap(try f(try a.tensor(0), try a.optionalInt(1)))
      }
    }
    let second = twoD.map { name, doc, f in
      Builtin(name, [Param("x"), Param("s", default: .nil)], doc: doc + " `s=[n0, n1]` pads or truncates.") { a in
        var sizes: [Int]?
        if !a[1].isNil {
          guard let l = sequenceItems(a[1]) else { throw a.bad(1, expected: "list of sizes") }
          sizes = try l.map { v in
            guard case .number(let x) = v, let n = Int(exactly: x) else { throw a.bad(1, expected: "list of sizes") }
            return n
          }
          guard sizes?.count == 2 else { throw a.error(1, "s must list two sizes") }
        }
        return wrap(try f(try a.tensor(0), sizes))
      }
    }
    return first + second
  }
}
