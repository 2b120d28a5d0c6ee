// Builtins that rearrange tensors: reshape, permute, transpose, squeeze, unsqueeze, flatten,
// concat, stack, where, meshgrid.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorShapeBuiltins {
  static var all: [Builtin] {
    [
      Builtin("reshape", [Param("x"), .variadic("shape")], doc: """
        The same elements in a new shape; one size may be -1: `reshape(x, 2, -1)` or \
        `x.reshape([2, 3])`.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("reshape(x, 4, 3) @ x"),
        ]) { a in
        var items = a.rest
        if items.count == 1, let l = sequenceItems(items[0]) { items = l }
        let shape = try items.enumerated().map { k, v -> Int in
          guard let x = v.asNumber, let n = Int(exactly: x) else { throw a.badRest(k, expected: "size") }
          return n
        }
        let x = try a.variable(0)
        return wrap(try reshape(x, x.value.reshaped(shape).shape))
      },
      Builtin("flatten", [Param("x")], doc: "All elements as a 1-D tensor.",
              differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("flatten(x) * flatten(x.T)"),
      ]) { a in
        let x = try a.variable(0)
        return wrap(try reshape(x, [x.value.count]))
      },
      Builtin("permute", [Param("x"), .variadic("axes")], doc: """
        Reorders axes: result axis i is axis `axes[i]` of x: `permute(x, 2, 0, 1)`.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("permute(x, 1, 0) * x.T"),
        ]) { a in
        var items = a.rest
        if items.count == 1, let l = sequenceItems(items[0]) { items = l }
        let order = try items.enumerated().map { k, v -> Int in
          guard let x = v.asNumber, let n = Int(exactly: x) else { throw a.badRest(k, expected: "axis") }
          return n
        }
        return wrap(try permute(a.variable(0), order))
      },
      Builtin("transpose", [Param("x"), Param("a", default: .nil), Param("b", default: .nil)], doc: """
        Swaps axes a and b; with no axes reverses them all (like `x.T`).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("transpose(x) @ x"),
        ]) { a in
        let x = try a.variable(0)
        var order = Array((0..<x.value.ndim).reversed())
        if let i = try a.optionalInt(1) {
          let j = try a.optionalInt(2) ?? -1
          _ = try x.value.transposed(i, j)  // a view: checks the axes
          order = swapOrder(x.value.ndim, i, j)
        }
        return wrap(try permute(x, order))
      },
      Builtin("squeeze", [Param("x"), Param("axis", default: .nil)], doc: """
        Removes axes of size 1 (all of them, or the one given).
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("squeeze(x[:1]) * x[0]"),
        ]) { a in wrap(try squeeze(a.variable(0), axis: try a.optionalInt(1))) },
      Builtin("unsqueeze", [Param("x"), Param("axis")], doc: """
        Inserts an axis of size 1 at `axis`.
        """, differentiable: true, receiver: "tensor", gradChecks: [
          GradCheck("unsqueeze(x, 1) * x"),
        ]) { a in wrap(try unsqueeze(a.variable(0), axis: try a.int(1))) },
      Builtin("concat", [Param("xs"), Param("axis", default: 0)], doc: """
        Joins a list of tensors along an existing axis.
        """, differentiable: true, gradChecks: [
          GradCheck("concat([x, x * x], axis=1)"),
        ]) { a in wrap(try concatPromoted(try a.variables(0), axis: try a.int(1))) },
      Builtin("stack", [Param("xs"), Param("axis", default: 0)], doc: """
        Joins a list of tensors of one shape along a new axis.
        """, differentiable: true, gradChecks: [
          GradCheck("stack([x, sin(x)], axis=2)"),
        ]) { a in
        let xs = try a.variables(0)
        guard let first = xs.first else { throw RuntimeError("stack: needs at least one tensor") }
        let dt = xs.reduce(first.dtype) { DType.promote($0, $1.dtype) }
        return wrap(try stack(xs.map { try cast($0, dt) }, axis: try a.int(1)))
      },
      Builtin("where", [Param("cond"), Param("a"), Param("b")], doc: """
        Elementwise choice: a where cond is true (nonzero), else b (all three broadcast; a \
        plain number takes the other tensor's dtype).
        """, differentiable: true, gradChecks: [
          GradCheck("where(x > 0, x * x, sin(x))"),
        ]) { a in
        let (x, y) = try a.weakPair(1, 2)
        return wrap(try select(Variable(try a.tensor(0)), x, y))
      },
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

/// The axis order that swaps axes `i` and `j` (negative counts from the end).
func swapOrder(_ ndim: Int, _ i: Int, _ j: Int) -> [Int] {
  var order = Array(0..<ndim)
  let a = i < 0 ? i + ndim : i, b = j < 0 ? j + ndim : j
  if a >= 0 && a < ndim && b >= 0 && b < ndim { order.swapAt(a, b) }
  return order
}

/// concat with dtype promotion, differentiable.
func concatPromoted(_ xs: [Variable], axis: Int) throws -> Variable {
  guard let first = xs.first else { throw RuntimeError("concat: needs at least one tensor") }
  let dt = xs.reduce(first.dtype) { DType.promote($0, $1.dtype) }
  return try concat(xs.map { try cast($0, dt) }, axis: axis)
}
