// Builtins that make tensors: zeros, ones, full, eye, rand, randn, linspace, arange, tensor, seed.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorCreationBuiltins {
  static var all: [Builtin] {
    [
      filled("zeros", "A tensor of zeros: `zeros(2, 3)` or `zeros([2, 3])`.") { try Tensor.zeros($0, dtype: $1) },
      filled("ones", "A tensor of ones: `ones(2, 3)`.") { try Tensor.ones($0, dtype: $1) },
      drawn("rand", """
        Uniform random numbers on [0, 1): `rand(2, 3)`. Reproducible after `seed(n)`.
        """) {
        try Tensor.rand($0, dtype: $1, rng: $2)
      },
      drawn("randn", """
        Standard normal random numbers: `randn(2, 3)`. Complex dtypes get real and imaginary \
        parts of variance 1/2 each. Reproducible after `seed(n)`.
        """) { try Tensor.randn($0, dtype: $1, rng: $2) },
      Builtin("full", [.variadic("shape"), Param("dtype", default: .nil)], doc: """
        A tensor filled with one value; the last argument is the value: `full(2, 3, 7.5)`.
        """) { a in
        guard let last = a.rest.last, case .number(let v) = last else {
          throw a.badRest(max(a.rest.count - 1, 0), expected: "number")
        }
        return wrap(try Tensor.full(try a.shape(fromRest: Array(a.rest.dropLast())), v,
                                    dtype: try a.dtype(1) ?? .f64))
      },
      Builtin("eye", [Param("n"), Param("dtype", default: .nil)], doc: "The n×n identity matrix.") { a in
        let n = try a.int(0)
        guard n >= 0 else { throw a.error(0, "size must be ≥ 0") }
        return wrap(try Tensor.eye(n, dtype: try a.dtype(1) ?? .f64))
      },
      Builtin("linspace", [Param("start"), Param("stop"), Param("n", default: 50),
                           Param("dtype", default: .nil)], doc: """
        `n` evenly spaced numbers from `start` to `stop`, both included: `linspace(0, 1, 5)`.
        """) { a in
        wrap(try Tensor.linspace(try a.number(0), try a.number(1), try a.int(2),
                                 dtype: try a.dtype(3) ?? .f64))
      },
      Builtin("arange", [Param("start"), Param("stop", default: .nil), Param("step", default: 1),
                         Param("dtype", default: .nil)], doc: """
        Numbers from `start` up to but excluding `stop` in steps of `step`; `arange(n)` is \
        `0, 1, …, n-1`. i64 when start, stop and step are all integral (NumPy: arange(5) is \
        int64, arange(0, 1, 0.1) float64), else f64.
        """) { a in
        let (lo, hi) = a[1].isNil ? (0, try a.number(0)) : (try a.number(0), try a.number(1))
        let step = try a.number(2)
        let integral = [lo, hi, step].allSatisfy { $0.rounded() == $0 && abs($0) < 0x1p53 }
        return wrap(try Tensor.arange(lo, hi, step: step,
                                      dtype: try a.dtype(3) ?? (integral ? .i64 : .f64)))
      },
      Builtin("tensor", [Param("value"), Param("dtype", default: .nil)], doc: """
        Converts a number, a list of numbers or a tensor to a tensor, optionally of another \
        dtype: `tensor([1, 2], dtype="f32")`.
        """) { a in
        let t = try a.tensor(0)
        return wrap(try t.astype(try a.dtype(1) ?? t.dtype).copied())
      },
      Builtin("complex", [Param("re"), Param("im", default: 0)], doc: """
        A complex tensor (c128, or c64 from f32 parts) from real and imaginary parts, which \
        broadcast: `complex(0, 1)` is the imaginary unit, `complex(x, 0)` makes x complex.
        """, differentiable: true, gradChecks: [
          GradCheck("abs(complex(x, x * x)) + angle(complex(x[0], 1 + x[0] * 0))"),
        ]) { a in
        let re = try a.variable(0), im = try a.variable(1)
        let dt = DType.promote(re.dtype, im.dtype).complex
        let i = Variable(Tensor(complex: .init(0, 1), dtype: dt))
        return wrap(try add(cast(re, dt), mul(cast(im, dt), i)))
      },
      Builtin("seed", [Param("n")], doc: """
        Restarts the random number stream so every random function (rand, randn, model \
        initialisation, shuffling) repeats itself.
        """) { a in
        let n = try a.int(0)
        a.interpreter.stdlib.rng.seed(UInt64(bitPattern: Int64(n)))  // this session's only
        return .nil
      },
    ]
  }

  /// A constructor taking a shape (sizes or one list) and `dtype=`.
  private static func filled(_ name: String, _ doc: String,
                             _ make: @escaping ([Int], DType) throws -> Tensor) -> Builtin {
    Builtin(name, [.variadic("shape"), Param("dtype", default: .nil)], doc: doc) { a in
      wrap(try make(try a.shape(fromRest: a.rest), try a.dtype(1) ?? .f64))
    }
  }

  /// `filled` for random tensors: `make` draws from the session's stream.
  private static func drawn(_ name: String, _ doc: String,
                            _ make: @escaping ([Int], DType, RandomStream) throws -> Tensor)
    -> Builtin {
    Builtin(name, [.variadic("shape"), Param("dtype", default: .nil)], doc: doc) { a in
      wrap(try make(try a.shape(fromRest: a.rest), try a.dtype(1) ?? .f64,
                    a.interpreter.stdlib.rng))
    }
  }
}
