// Truth values: logical operations, NaN/infinity tests, all/any, nonzero, and ix for the
// orthogonal ("outer") indexing that paired index tensors replaced.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorLogicBuiltins {
  static var all: [Builtin] { logical + tests + reductions + [nonzero, ix] }

  private static var logical: [Builtin] {
    LogicalOp.allCases.map { op in
      let word = op == .and ? "and" : op == .or ? "or" : "exclusive or"
      return Builtin(op.rawValue, [Param("a"), Param("b")], doc: """
        Elementwise logical \(word) of the truth values of a and b (nonzero is true), \
        broadcasting; a bool tensor (true/false for two plain values).
        """, receiver: "tensor") { a in
        wrap(try Tensor.logical(op, a.tensor(0), a.tensor(1)))
      }
    } + [
      Builtin("logical_not", [Param("x")], doc: """
        Elementwise logical not (zero and false become true); a bool tensor.
        """, receiver: "tensor") { a in wrap(try a.tensor(0).logicalNot()) },
    ]
  }

  private static var tests: [Builtin] {
    let what: [ValueTest: String] = [
      .isnan: "is NaN", .isinf: "is +inf or -inf", .isfinite: "is neither NaN nor infinite",
    ]
    return ValueTest.allCases.map { kind in
      Builtin(kind.rawValue, [Param("x")], doc: """
        True where the element \(what[kind]!) (a complex element: either part, as NumPy); \
        a bool tensor, or true/false for a number.
        """, receiver: "tensor") { a in wrap(try a.tensor(0).test(kind)) }
    }
  }

  private static var reductions: [Builtin] {
    [("all", true), ("any", false)].map { name, every in
      Builtin(name, [Param("x"), Param("axis", default: .nil), Param("keepdims", default: false)],
              doc: """
        True when \(every ? "every" : "some") element is nonzero (true), over all elements \
        (true/false) or along `axis` (a bool tensor). \(every ? "An empty tensor gives true." : "An empty tensor gives false.")
        """, receiver: "tensor") { a in
        let t = try a.tensor(0).astype(.bool)
        guard var axes = try a.axes(1) else { return .bool(every ? try t.all() : try t.any()) }
        axes = try axes.map { try Tensor.axis($0, ndim: t.ndim, op: name) }
        let r = try t.reduce(every ? .min : .max, axes: axes, keepdims: try a.flag(2))
        return wrap(try r.astype(.bool))
      }
    }
  }

  private static var nonzero: Builtin {
    Builtin("nonzero", [Param("x")], doc: """
      Positions of the nonzero (true) elements: a list with one 1-D i64 index tensor per axis, \
      as numpy.nonzero, so x[nonzero(x > 0)...] picks them (`x[mask]` does the same).
      """, receiver: "tensor") { a in
      let t = try a.tensor(0)
      guard t.ndim > 0 else { throw a.error(0, "nonzero needs at least one dimension") }
      return .list(try t.nonzeroIndices().map { wrap(Tensor(indices: $0)) })
    }
  }

  private static var ix: Builtin {
    Builtin("ix", [Param.variadic("indices")], doc: """
      Index tensors for orthogonal (outer) indexing, as numpy.ix_: `i, j = ix([0, 1], [2, 3])` \
      then `x[i, j]` is the 2×2 block of rows 0, 1 and columns 2, 3 (the same as \
      x[[0, 1]][:, [2, 3]]), where x[[0, 1], [2, 3]] pairs them up.
      """) { a in
      let n = a.rest.count
      return .list(try a.rest.enumerated().map { k, v in
        let t = try toTensor(v, what: "bad argument #\(k + 1) to 'ix'")
        guard t.ndim == 1 else {
          throw a.badRest(k, expected: "1-D index tensor")
        }
        var shape = [Int](repeating: 1, count: n)
        shape[k] = t.count
        return wrap(try t.reshaped(shape))
      })
    }
  }
}
