// Elementwise functions and reductions as builtins; on a plain number they return a number.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorMathBuiltins {
  /// Elementwise functions: name, operation, doc, gradient checks (all are differentiable).
  static let unaries: [(String, NOSTensor.UnaryOp, String, [GradCheck])] = [
    ("abs", .abs, "Absolute value (the modulus for complex numbers, giving a real tensor).",
     [GradCheck("abs(x)", input: "randn(3, 4) + 0.1", second: false)]),
    ("sqrt", .sqrt, "Square root (NaN for negative reals; use a complex dtype for complex roots).",
     [GradCheck("sqrt(x)", input: "rand(3, 4) + 0.5")]),
    ("exp", .exp, "e to the power x, elementwise.",
     [GradCheck("exp(x)")]),
    ("log", .log, "Natural logarithm.",
     [GradCheck("log(x)", input: "rand(3, 4) + 0.5")]),
    ("sin", .sin, "Sine of angles in radians.",
     [GradCheck("sin(x)")]),
    ("cos", .cos, "Cosine of angles in radians.",
     [GradCheck("cos(x)")]),
    ("tan", .tan, "Tangent (radians).",
     [GradCheck("tan(x)", input: "rand(3, 4) - 0.5")]),
    ("tanh", .tanh, "Hyperbolic tangent.",
     [GradCheck("tanh(x)")]),
    ("sinh", .sinh, "Hyperbolic sine.",
     [GradCheck("sinh(x)")]),
    ("cosh", .cosh, "Hyperbolic cosine.",
     [GradCheck("cosh(x)")]),
    ("asin", .asin, "Inverse sine.",
     [GradCheck("asin(x)", input: "rand(3, 4) - 0.5")]),
    ("acos", .acos, "Inverse cosine.",
     [GradCheck("acos(x)", input: "rand(3, 4) - 0.5")]),
    ("atan", .atan, "Inverse tangent.",
     [GradCheck("atan(x)")]),
    ("log1p", .log1p, "log(1 + x), accurate for small x.",
     [GradCheck("log1p(x)", input: "rand(3, 4)")]),
    ("expm1", .expm1, "exp(x) - 1, accurate for small x.",
     [GradCheck("expm1(x)")]),
    ("erf", .erf, "The error function.",
     [GradCheck("erf(x)")]),
    ("relu", .relu, "Rectified linear unit: max(x, 0), elementwise.",
     [GradCheck("relu(x)", input: "randn(3, 4) + 0.05", second: false)]),
    ("gelu", .gelu, "Gaussian error linear unit, exact: x·Φ(x) = x(1 + erf(x/√2))/2.",
     [GradCheck("gelu(x)")]),
    ("sigmoid", .sigmoid, "Logistic function 1/(1 + e^-x), stable for large |x|.",
     [GradCheck("sigmoid(x)")]),
    ("softplus", .softplus, "log(1 + e^x), stable for large |x|.",
     [GradCheck("softplus(x)")]),
    ("sign", .sign, "-1, 0 or 1 by the sign of x (z/|z| for complex; NaN stays NaN).",
     [GradCheck("sign(x) * x", input: "randn(3, 4) + 0.05", second: false)]),
    ("floor", .floor, "Largest integer ≤ x.",
     [GradCheck("floor(x) * x", input: "randn(3, 4) * 3 + 0.05", second: false)]),
    ("ceil", .ceil, "Smallest integer ≥ x.",
     [GradCheck("ceil(x) * x", input: "randn(3, 4) * 3 + 0.05", second: false)]),
    ("round", .round, "Nearest integer, halves to even (as NumPy and Python).",
     [GradCheck("round(x) * x", input: "randn(3, 4) * 3 + 0.05", second: false)]),
    ("real", .real, "Real part of a complex tensor (the tensor itself for real ones).",
     [GradCheck("real(exp(c128(x) * [1+0, 2]))", input: "randn(3, 2)")]),
    ("imag", .imag, "Imaginary part (0 for real tensors).",
     [GradCheck("imag(exp(c128(x) * [1+0, 2] * (0.5 + 0)))", input: "randn(3, 2)")]),
    ("conj", .conj, "Complex conjugate.",
     [GradCheck("conj(c128(x)) * c128(x) * 2")]),
    ("angle", .angle, "Argument of a complex number in radians (π for negative reals).",
     [GradCheck("angle(c128(x) + c128(x)^2 * 0)", input: "randn(3, 4) + 2")]),
  ]

  static let reductions: [(String, ReduceOp, String, [GradCheck])] = [
    ("sum", .sum, "Sum of elements, over all axes or along `axis` (an integer or a list).",
     [GradCheck("sum(x * x, axis=1) + sum(x)")]),
    ("mean", .mean, "Mean of elements, over all axes or along `axis`.",
     [GradCheck("mean(x * x, axis=0, keepdims=true)")]),
    ("prod", .prod, "Product of elements, over all axes or along `axis`.",
     [GradCheck("prod(x, axis=1)", input: "rand(3, 4) + 0.5")]),
    ("max", .max, "Largest element, over all axes or along `axis` (NaN if any is NaN).",
     [GradCheck("max(x, axis=0) + max(x * x)", second: false)]),
    ("min", .min, "Smallest element, over all axes or along `axis` (NaN if any is NaN).",
     [GradCheck("min(x, axis=1) * min(x)", second: false)]),
    ("argmax", .argmax,
     "Position (i64) of the largest element (of the flattened tensor, or along `axis`).", []),
    ("argmin", .argmin,
     "Position (i64) of the smallest element (of the flattened tensor, or along `axis`).", []),
  ]

  static var all: [Builtin] {
    let elementwise: [Builtin] = unaries.map { name, op, doc, checks in
      Builtin(name, [Param("x")], doc: doc, differentiable: true, receiver: "tensor",
              gradChecks: checks) { a in
        if case .number(let x) = a[0] { return .number(try Tensor(x).unary(op).item()) }
        return wrap(try NOSGrad.unary(op, try a.variable(0)))
      }
    }
    let reducing: [Builtin] = reductions.map { name, op, doc, checks in
      Builtin(name, [Param("x"), Param("axis", default: .nil), Param("keepdims", default: false)],
              doc: doc, differentiable: !checks.isEmpty, receiver: "tensor",
              gradChecks: checks) { a in
        let x = try a.variable(0), axes = try a.axes(1), keep = try a.flag(2)
        switch op {
        case .sum: return wrap(try reduceSum(x, axes: axes, keepdims: keep))
        case .mean: return wrap(try reduceMean(x, axes: axes, keepdims: keep))
        case .prod: return wrap(try reduceProd(x, axes: axes, keepdims: keep))
        case .max, .min: return wrap(try reduceExtremum(x, isMax: op == .max, axes: axes, keepdims: keep))
        default: return wrap(try x.value.reduce(op, axes: axes, keepdims: keep))
        }
      }
    }
    let spreads = [spread("var", .var, "Variance", GradCheck("var(x, axis=1) + var(x, ddof=1)")),
                   spread("std", .std, "Standard deviation", GradCheck("std(x, axis=0)"))]
    return elementwise + reducing + spreads + others + conversions
  }

  private static func spread(_ name: String, _ op: ReduceOp, _ what: String,
                             _ check: GradCheck) -> Builtin {
    Builtin(name, [Param("x"), Param("axis", default: .nil), Param("keepdims", default: false),
                   Param("ddof", default: 0)], doc: """
      \(what) over all axes or along `axis`, dividing by n - ddof (ddof=0 as NumPy; ddof=1 \
      for the unbiased estimate PyTorch uses by default).
      """, differentiable: true, receiver: "tensor", gradChecks: [check]) { a in
      let x = try a.variable(0), axes = try a.axes(1), keep = try a.flag(2), ddof = try a.int(3)
      guard ddof >= 0 && ddof < 1 << 40 else { throw a.error(3, "ddof must be a small non-negative integer") }
      if op == .std { return wrap(try standardDeviation(x, axes: axes, keepdims: keep, ddof: ddof)) }
      return wrap(try variance(x, axes: axes, keepdims: keep, ddof: ddof))
    }
  }

  private static var others: [Builtin] {
    [
      Builtin("clip", [Param("x"), Param("lo", default: .nil), Param("hi", default: .nil)], doc: """
        Limits every element to [lo, hi]; either bound may be nil.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("clip(x, -0.5, 0.7) * x", second: false),
        ]) { a in
        var x = try a.variable(0)
        guard !x.dtype.isComplex else { throw RuntimeError("clip is not defined for complex tensors") }
        // Integral bounds keep an i64 tensor i64 (NumPy's weak scalars).
        if let lo = try a.optionalNumber(1) {
          x = try extremum(x, Variable(Tensor.weakScalar(lo, like: x.dtype)), isMax: true)
        }
        if let hi = try a.optionalNumber(2) {
          x = try extremum(x, Variable(Tensor.weakScalar(hi, like: x.dtype)), isMax: false)
        }
        return wrap(x)
      },
      Builtin("maximum", [Param("a"), Param("b")], doc: """
        Elementwise larger of a and b (broadcasting; a plain number takes the tensor's dtype).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("maximum(x, x[0] * 0.5) + minimum(x, 0.1)", second: false),
        ]) { a in
        let (x, y) = try a.weakPair(0, 1)
        return wrap(try extremum(x, y, isMax: true))
      },
      Builtin("minimum", [Param("a"), Param("b")], doc: """
        Elementwise smaller of a and b (broadcasting; a plain number takes the tensor's dtype).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("minimum(x * x, x[1])", second: false),
        ]) { a in
        let (x, y) = try a.weakPair(0, 1)
        return wrap(try extremum(x, y, isMax: false))
      },
      Builtin("norm", [Param("x"), Param("ord", default: .nil), Param("axis", default: .nil),
                       Param("keepdims", default: false)], doc: """
        numpy.linalg.norm. Without ord and axis: the 2-norm of all elements. Vectors (1-D x \
        or one axis): ord = 2 (default), 1, inf (max |x|), -inf (min |x|), 0 (count of \
        nonzeros), any p (Σ|x|^p)^(1/p). Matrices (2-D x or axis=[r, c]): "fro" (default), \
        "nuc" (sum of singular values), 1 / -1 (max / min column sum of |x|), inf / -inf \
        (row sums), 2 / -2 (largest / smallest singular value). Differentiable (the spectral \
        and nuclear norms through the SVD).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("norm(x) + norm(x, axis=1)"),
          GradCheck("norm(x, 3, axis=1) + norm(x, inf, axis=0)[0] + norm(x, -inf, axis=1) + "
                    + "norm(x, \"nuc\") + norm(x, 2) + norm(x, -2) + norm(x, 1) + norm(x, -inf) + "
                    + "norm(x, 0.5, axis=1)"),
        ]) { a in
        let ord = try TensorDecompositionBuiltins.normOrder(a, 1)
        let axes = try TensorDecompositionBuiltins.normAxes(a, 2)
        return wrap(try norm(a.variable(0), ord: ord, axes: axes, keepdims: try a.flag(3)))
      },
      Builtin("item", [Param("x")], doc: "The number inside a one-element tensor.",
              receiver: "tensor") { a in
        let v = try a.variable(0)
        let t = v.value
        if t.dtype.isComplex { return wrap(try t.reshaped([])) }
        if v.requiresGrad { a.interpreter.stdlib.itemsOfTracked += 1 }
        return .number(try t.item())
      },
      Builtin("int", [Param("x")], doc: """
        A number or one-element tensor truncated toward zero to an integral number (Python's \
        int): int(-2.7) is -2. NaN and infinities are an error.
        """, receiver: "tensor") { a in
        let x: Double
        if case .number(let v) = a[0] { x = v } else {
          let t = try a.tensor(0)
          guard !t.dtype.isComplex else { throw a.bad(0, expected: "real number") }
          x = try t.item()
        }
        guard x.isFinite else {
          throw a.error(0, "cannot convert \(Display.number(x)) to an integer")
        }
        return .number(x.rounded(.towardZero))
      },
      Builtin("astype", [Param("x"), Param("dtype")], doc: """
        The tensor converted to `dtype` ("f64", "f32", "c128", "c64", "i64", "bool"), as \
        NumPy's astype: to i64 truncates toward zero (NaN and infinities are an error). \
        Differentiable between float dtypes; i64 and bool results are constants.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("f64(astype(x, \"f32\")) * 0 + astype(x, \"f64\") * x"),
        ]) { a in
        guard let dt = try a.dtype(1) else { throw a.bad(1, expected: "dtype string") }
        return wrap(try cast(a.variable(0), dt))
      },
      Builtin("i64", [Param("x")], doc: """
        The tensor converted to i64 (64-bit integers), truncating toward zero as NumPy's \
        astype; NaN and infinities are an error. Integer tensors carry no gradient.
        """, receiver: "tensor") { a in
        wrap(try a.tensor(0).astype(.i64))
      },
      Builtin("allclose", [Param("a"), Param("b"), Param("rtol", default: 1e-5), Param("atol", default: 1e-8)],
              doc: "True when |a - b| ≤ atol + rtol·|b| everywhere (as NumPy; NaN is never close).",
              receiver: "tensor") { a in
        .bool(try Tensor.allclose(a.tensor(0), a.tensor(1), rtol: a.number(2), atol: a.number(3)))
      },
      Builtin("cumsum", [Param("x"), Param("axis", default: .nil)], doc: """
        Running sum along `axis` (of the flattened tensor when no axis is given).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("cumsum(x, axis=1) * x + reshape(cumsum(x), 3, 4)"),
        ]) { a in
        let x = try a.variable(0)
        guard let axis = try a.optionalInt(1) else { return wrap(try cumsum(reshape(x, [x.value.count]), axis: 0)) }
        return wrap(try cumsum(x, axis: Tensor.axis(axis, ndim: x.value.ndim, op: "cumsum")))
      },
      Builtin("diff", [Param("x"), Param("n", default: 1), Param("axis", default: -1)], doc: """
        n-th forward difference along `axis`: x[1:] - x[:-1], applied n times.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("diff(x * x, n=2)", input: "randn(3, 5)"),
        ]) { a in wrap(try differences(a.variable(0), n: a.int(1), axis: a.int(2))) },
      Builtin("trapz", [Param("y"), Param("x", default: .nil), Param("dx", default: 1)], doc: """
        Trapezoidal integral of y along its last axis, at points x or with spacing dx.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("trapz(x * x) + trapz(x, x[0])"),
        ]) { a in wrap(try trapezoid(a.variable(0), x: a.optionalVariable(1), dx: a.number(2))) },
    ]
  }

  private static var conversions: [Builtin] {
    [("f32", GradCheck("f64(f32(x)) * 0 + x * x")),
     ("f64", GradCheck("f64(x) * x")),
     ("c64", GradCheck("real(c128(c64(x)) * 0) + x * x")),
     ("c128", GradCheck("abs(c128(x) * (1 + 0)) * x", input: "randn(3, 4) + 0.1",
                        second: false)),
    ].compactMap { name, check in
      DType(name: name).map { dt in
        Builtin(name, [Param("x")], doc: "The tensor converted to \(name).", differentiable: true,
                receiver: "tensor", gradChecks: [check]) { a in
          wrap(try cast(a.variable(0), dt))
        }
      }
    }
  }
}

/// n-th forward difference along `axis`, built from differentiable slices.
func differences(_ x: Variable, n: Int, axis: Int) throws -> Variable {
  _ = try x.value.diff(n: 0, axis: axis)  // checks n and the axis
  guard n >= 0 else { throw RuntimeError("diff: order must be ≥ 0, got \(n)") }
  let a = axis < 0 ? axis + x.value.ndim : axis
  var out = x
  for _ in 0..<min(n, max(x.shape[a], 1)) {
    let pre = Array(repeating: TensorIndex.all, count: a)
    out = try sub(getIndex(out, pre + [.slice(start: 1, stop: nil, step: 1)]),
                  getIndex(out, pre + [.slice(start: nil, stop: -1, step: 1)]))
  }
  return out
}

/// Trapezoidal integral over the last axis, differentiable in y (and x).
func trapezoid(_ y: Variable, x: Variable?, dx: Double) throws -> Variable {
  guard y.value.ndim >= 1 else { throw RuntimeError("trapz: needs at least one dimension") }
  let pre = Array(repeating: TensorIndex.all, count: y.value.ndim - 1)
  let hi = try getIndex(y, pre + [.slice(start: 1, stop: nil, step: 1)])
  let lo = try getIndex(y, pre + [.slice(start: nil, stop: -1, step: 1)])
  let mid = try mul(add(hi, lo), Variable(Tensor(0.5, dtype: y.dtype.arithmetic)))
  guard let x else { return try mul(reduceSum(mid, axes: [-1]), Variable(Tensor(dx, dtype: y.dtype.arithmetic))) }
  guard x.shape.last == y.shape.last else {
    throw RuntimeError("shape mismatch in trapz: \(shapeText(y.shape)) and \(shapeText(x.shape))")
  }
  return try reduceSum(mul(mid, differences(x, n: 1, axis: -1)), axes: [-1])
}
