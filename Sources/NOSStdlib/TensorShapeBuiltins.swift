// Builtins that rearrange tensors: reshape, permute, transpose, squeeze, unsqueeze, flatten,
// concat, stack, where, meshgrid.
import NOSLang
import NOSTensor

enum TensorShapeBuiltins {
  static var all: [Builtin] {
    [
      Builtin("reshape", [Param("x"), .variadic("shape")], doc: """
        The same elements in a new shape; one size may be -1: `reshape(x, 2, -1)` or \
        `x.reshape([2, 3])`.
        """) { a in
        var items = a.rest
        if items.count == 1, let l = sequenceItems(items[0]) { items = l }
        let shape = try items.enumerated().map { k, v -> Int in
          guard case .number(let x) = v, let n = Int(exactly: x) else { throw a.badRest(k, expected: "size") }
          return n
        }
        return wrap(try a.tensor(0).reshaped(shape))
      },
      Builtin("flatten", [Param("x")], doc: "All elements as a 1-D tensor.") { a in
        wrap(try a.tensor(0).flattened())
      },
      Builtin("permute", [Param("x"), .variadic("axes")], doc: """
        Reorders axes: result axis i is axis `axes[i]` of x: `permute(x, 2, 0, 1)`.
        """) { a in
        var items = a.rest
        if items.count == 1, let l = sequenceItems(items[0]) { items = l }
        let order = try items.enumerated().map { k, v -> Int in
          guard case .number(let x) = v, let n = Int(exactly: x) else { throw a.badRest(k, expected: "axis") }
          return n
        }
        return wrap(try a.tensor(0).permuted(order))
      },
      Builtin("transpose", [Param("x"), Param("a", default: .nil), Param("b", default: .nil)], doc: """
        Swaps axes a and b; with no axes reverses them all (like `x.T`).
        """) { a in
        let t = try a.tensor(0)
        guard let i = try a.optionalInt(1) else { return wrap(t.T) }
        return wrap(try t.transposed(i, try a.optionalInt(2) ?? -1))
      },
      Builtin("squeeze", [Param("x"), Param("axis", default: .nil)], doc: """
        Removes axes of size 1 (all of them, or the one given).
        """) { a in wrap(try a.tensor(0).squeezed(axis: try a.optionalInt(1))) },
      Builtin("unsqueeze", [Param("x"), Param("axis")], doc: """
        Inserts an axis of size 1 at `axis`.
        """) { a in wrap(try a.tensor(0).unsqueezed(axis: try a.int(1))) },
      Builtin("concat", [Param("xs"), Param("axis", default: 0)], doc: """
        Joins a list of tensors along an existing axis.
        """) { a in wrap(try Tensor.concat(try a.tensors(0), axis: try a.int(1))) },
      Builtin("stack", [Param("xs"), Param("axis", default: 0)], doc: """
        Joins a list of tensors of one shape along a new axis.
        """) { a in wrap(try Tensor.stack(try a.tensors(0), axis: try a.int(1))) },
      Builtin("where", [Param("cond"), Param("a"), Param("b")], doc: """
        Elementwise choice: a where cond is nonzero, else b (all three broadcast).
        """) { a in wrap(try Tensor.where(a.tensor(0), a.tensor(1), a.tensor(2))) },
      Builtin("meshgrid", [Param("x"), Param("y"), Param("indexing", default: "xy")], doc: """
        Coordinate grids [X, Y] from 1-D x and y. indexing="xy" (NumPy's default) gives \
        shape [len(y), len(x)]; "ij" gives [len(x), len(y)].
        """) { a in
        let (x, y) = try Tensor.meshgrid(a.tensor(0), a.tensor(1), indexing: a.string(2))
        return .list([wrap(x), wrap(y)])
      },
    ]
  }
}
