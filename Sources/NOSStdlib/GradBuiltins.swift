// grad and value_and_grad: differentiate a nos function with respect to numbers, tensors,
// and lists or records of them; nested calls give higher derivatives.
import NOSGrad
import NOSLang
import NOSTensor

enum GradBuiltins {
  // The grad depth and the count of `item`s on tracked tensors are per session:
  // `SessionContext.gradDepth` and `.itemsOfTracked`.

  static var all: [Builtin] {
    [
      Builtin("grad", [Param("f"), Param("x", default: .nil)], doc: """
        Gradient of a function returning one number: `grad(f, x)` at x (a number, tensor, or a \
        list or record of them; the result has the same shape). `grad(f)` returns the gradient \
        function. Calls nest for higher derivatives: grad(x -> grad(y -> y^3, x), 2) is 12.
        """) { a in
        let f = try a.callable(0)
        if a[1].isNil {
          return .builtin(Builtin("grad", [Param("x")], doc: "The gradient of a function.") { b in
            try gradient(of: f, at: b[0], interpreter: b.interpreter).1
          })
        }
        return try gradient(of: f, at: a[1], interpreter: a.interpreter).1
      },
      Builtin("value_and_grad", [Param("f"), Param("x")], doc: """
        `[f(x), grad(f, x)]` from one evaluation of f.
        """) { a in
        let (value, g) = try gradient(of: try a.callable(0), at: a[1], interpreter: a.interpreter)
        return .list([value, g])
      },
    ]
  }

  /// Evaluates f at leaves made from `x` and returns (value, gradient shaped like x).
  static func gradient(of f: Value, at x: Value, interpreter: Interpreter) throws -> (Value, Value) {
    var leaves: [Variable] = []
    // A model is differentiated through its parameters (hook: GradTarget, ModelValue.swift).
    var target: GradTarget? = nil
    if case .host(let h as GradTarget) = x { target = h }
    let input = try makeLeaves(target?.gradValue ?? x, &leaves)
    let context = interpreter.stdlib
    let nested = context.gradDepth > 0
    context.gradDepth += 1
    defer { context.gradDepth -= 1 }
    let items = context.itemsOfTracked
    let result = try target.map { t in try t.withParameters(input) { try interpreter.call(f, [x]) } }
      ?? interpreter.call(f, [input])
    let output: Variable
    switch result {
    case .number(let v): output = Variable(Tensor(v))
    case .host(let h as TensorValue): output = h.variable
    default:
      throw RuntimeError("grad: the function must return a number, got \(result.typeName)")
    }
    guard output.value.count == 1 else {
      throw RuntimeError("grad: the function must return a single number, got a tensor of shape \(shapeText(output.shape))")
    }
    guard !output.dtype.isComplex else {
      throw RuntimeError("grad: the function must return a real number, got a complex one")
    }
    if !output.requiresGrad && context.itemsOfTracked != items && !leaves.isEmpty {
      throw RuntimeError("grad: the result does not depend on the input through tensor "
        + "operations: item() turned a tracked tensor into a plain number, which leaves the "
        + "graph (use the tensor itself, e.g. x^2 or sum(x), instead of x.item())")
    }
    let grads = try Autodiff.gradients(of: output, wrt: leaves, createGraph: nested)
    var next = 0
    let shaped = try rebuild(target?.gradValue ?? x, grads, &next)
    let value: Value = nested ? result : (output.requiresGrad ? wrap(output.detached) : result)
    return (value, shaped)
  }

  /// The argument f sees: the same structure with every number and tensor a fresh leaf.
  private static func makeLeaves(_ x: Value, _ leaves: inout [Variable]) throws -> Value {
    switch x {
    case .number(let v):
      let leaf = Variable.leaf(Variable(Tensor(v)))
      leaves.append(leaf)
      return wrap(leaf)
    case .host(let h as TensorValue):
      guard h.tensor.dtype != .i64 else {
        throw RuntimeError("grad: integer tensors have no gradient (got an i64 tensor of shape "
          + "\(shapeText(h.tensor.shape))); convert first: x.astype(\"f64\") or f64(x)")
      }
      let leaf = Variable.leaf(h.variable)
      leaves.append(leaf)
      return wrap(leaf)
    case .list(let l):
      return .list(try l.items.map { try makeLeaves($0, &leaves) })
    case .record(let r):
      return .record(RecordBox(try r.keys.map { k in (k, try makeLeaves(r[k] ?? .nil, &leaves)) }))
    default:
      throw RuntimeError("grad: cannot differentiate with respect to a \(x.typeName); give a number, tensor, list or record")
    }
  }

  /// Gradients in the shape of `x`: numbers stay numbers unless still tracked (nested grad).
  private static func rebuild(_ x: Value, _ grads: [Variable], _ next: inout Int) throws -> Value {
    switch x {
    case .number:
      let g = grads[next]
      next += 1
      return g.requiresGrad ? wrap(g) : .number(try g.value.item())
    case .host:
      let g = grads[next]
      next += 1
      return wrap(g)
    case .list(let l):
      return .list(try l.items.map { try rebuild($0, grads, &next) })
    case .record(let r):
      return .record(RecordBox(try r.keys.map { k in (k, try rebuild(r[k] ?? .nil, grads, &next)) }))
    default:
      return .nil
    }
  }
}
