// Staples from NumPy and PyTorch: log10, log2, softmax, logsumexp, isclose, argwhere.
import Foundation
import NOSGrad
import NOSLang
import NOSTensor

enum TensorStapleBuiltins {
  static var all: [Builtin] { logs + [softmax, logsumexp, isclose, argwhere] }

  private static var logs: [Builtin] {
    [("log10", 10.0, GradCheck("log10(x)", input: "rand(3, 4) + 0.5")),
     ("log2", 2.0, GradCheck("log2(x)", input: "rand(3, 4) + 0.5"))].map { name, base, check in
      Builtin(name, [Param("x")], doc: "Logarithm to base \(Int(base)), elementwise.",
              differentiable: true, receiver: "tensor", gradChecks: [check]) { a in
        let exact: (Double) -> Double =
          base == 10 ? { Foundation.log10($0) } : { Foundation.log2($0) }
        if case .number(let x) = a[0] { return .number(exact(x)) }
        return wrap(try logBase(try a.variable(0), base, exact))
      }
    }
  }

  /// log_base(x) with exact values for real x (log10(1000) is 3, as NumPy) and the gradient
  /// g / (x ln base); complex x goes through log(x) / ln(base).
  static func logBase(_ x: Variable, _ base: Double, _ exact: @escaping (Double) -> Double)
    throws -> Variable
  {
    let ln = Foundation.log(base)
    if x.value.dtype.isComplex {
      let y = try unary(.log, x)
      return try div(y, Variable(Tensor(ln, dtype: y.value.dtype.arithmetic)))
    }
    let dt = x.value.dtype.arithmetic
    let values = try x.value.astype(.f64).contiguous().toArray().map(exact)
    let out = try Tensor(values, shape: x.value.shape).astype(dt)
    return .record(out, [x]) { g, _, needs, ins in
      guard needs[0] else { return [nil] }
      return [try div(g, try mul(ins[0], Variable(Tensor(ln, dtype: dt))))]
    }
  }

  /// The largest element over `axes` (kept as size 1), finite (±inf and NaN become 0, as
  /// PyTorch's logsumexp), and outside the graph: the shift that keeps exp from overflowing.
  private static func shift(_ x: Tensor, _ axes: [Int]) throws -> Tensor {
    let m = try x.reduce(.max, axes: axes, keepdims: true)
    return try Tensor(m.toArray().map { $0.isFinite ? $0 : 0 }, shape: m.shape).astype(m.dtype)
  }

  static var softmax: Builtin {
    Builtin("softmax", [Param("x"), Param("axis", default: -1)], doc: """
      exp(x) / sum(exp(x)) along `axis` (default the last), computed stably.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("softmax(x, axis=0) * x"),
      ]) { a in
      let x = try a.variable(0)
      guard x.value.ndim > 0, !x.value.dtype.isComplex else {
        throw a.bad(0, expected: "real tensor with at least one dimension")
      }
      let ax = try Tensor.axis(try a.int(1), ndim: x.value.ndim, op: "softmax")
      let e = try unary(.exp, try sub(x, Variable(try shift(x.value, [ax]))))
      return wrap(try div(e, try reduceSum(e, axes: [ax], keepdims: true)))
    }
  }

  static var logsumexp: Builtin {
    Builtin("logsumexp", [Param("x"), Param("axis", default: .nil),
                          Param("keepdims", default: false)], doc: """
      log(sum(exp(x))) over all elements or along `axis`, without overflow.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("logsumexp(x, axis=1, keepdims=true) * x"),
      ]) { a in
      let x = try a.variable(0)
      guard !x.value.dtype.isComplex else { throw a.bad(0, expected: "real tensor") }
      let nd = x.value.ndim
      let axes = try (try a.axes(1) ?? Array(0..<nd)).map {
        try Tensor.axis($0, ndim: nd, op: "logsumexp")
      }
      let keep = try a.flag(2)
      let m = try shift(x.value, axes)
      let s = try reduceSum(try unary(.exp, try sub(x, Variable(m))), axes: axes, keepdims: keep)
      let mOut = keep ? m : try m.reduce(.max, axes: axes, keepdims: false)
      return wrap(try add(try unary(.log, s), Variable(mOut)))
    }
  }

  static var isclose: Builtin {
    Builtin("isclose", [Param("a"), Param("b"), Param("rtol", default: 1e-5),
                        Param("atol", default: 1e-8), Param("equal_nan", default: false)],
            doc: """
      Elementwise |a - b| ≤ atol + rtol·|b| (numpy.isclose): a bool tensor; equal infinities \
      are close, NaN only with equal_nan=true.
      """, receiver: "tensor") { a in
      let x = try a.tensor(0), y = try a.tensor(1)
      let rtol = try a.number(2), atol = try a.number(3)
      let diff = try Tensor.binary(.sub, x, y).unary(.abs)
      let bound = try Tensor.binary(.add, Tensor(atol),
                                    try Tensor.binary(.mul, Tensor(rtol), y.unary(.abs)))
      var close = try Tensor.logical(.or, try Tensor.binary(.le, diff, bound),
                                     try Tensor.binary(.eq, x, y))
      if try a.flag(4) {
        let nans = try Tensor.logical(.and, x.test(.isnan), y.test(.isnan))
        close = try Tensor.logical(.or, close, nans)
      }
      return wrap(close)
    }
  }

  static var argwhere: Builtin {
    Builtin("argwhere", [Param("x")], doc: """
      Positions of the nonzero (true) elements as rows of an [N, ndim] i64 tensor \
      (numpy.argwhere).
      """, receiver: "tensor") { a in
      let t = try a.tensor(0)
      guard t.ndim > 0 else { throw a.error(0, "argwhere needs at least one dimension") }
      let columns = try t.nonzeroIndices()
      let n = columns.first?.count ?? 0
      var rows: [Int64] = []
      rows.reserveCapacity(n * t.ndim)
      for i in 0..<n { for c in columns { rows.append(Int64(c[i])) } }
      return wrap(try Tensor(int64: rows, shape: [n, t.ndim]))
    }
  }
}
