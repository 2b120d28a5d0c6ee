// Tensors as nos values: display, properties, indexing, operators, iteration.
import NOSGrad
import NOSLang
import NOSTensor

/// A tensor inside the language. Tensors are values: assignment shares the object, and every
/// change (`x[0] = 1`) makes a new one, so `b = a; b[0] = 1` leaves `a` as it was.
public final class TensorValue: HostObject {
  /// The value and, inside `grad`, how it was computed.
  public let variable: Variable
  public var tensor: Tensor { variable.value }
  /// Direct element access when this is an untracked 1-D f64 tensor (`y[1]` as a number).
  let elements: PlainElements?

  public init(_ tensor: Tensor) {
    variable = Variable(tensor)
    elements = PlainElements(variable)
  }
  public init(_ variable: Variable) {
    self.variable = variable
    elements = PlainElements(variable)
  }

  public var typeName: String { "tensor" }

  public func display(nested: Bool) -> String {
    if tensor.ndim == 0 { return scalarText(tensor) }
    if nested { return "<tensor \(tensor.dtype) \(shapeText(tensor.shape))>" }
    return tensor.formatted()
  }

  /// `print(x)` and f-strings show the values only, as NumPy's `str`.
  public func text() -> String {
    tensor.ndim == 0 ? scalarText(tensor) : tensor.formattedValues()
  }

  /// The properties `x.shape`, ...; the builtins declared with receiver "tensor" are its
  /// methods (`x.sum()`).
  static let properties = Builtin.properties(of: "tensor", [
    ("shape", "The sizes of the axes, as a list: `zeros(2, 3).shape` is [2, 3]."),
    ("ndim", "The number of axes."),
    ("size", "The number of elements."),
    ("dtype", """
      The element type as a string: "f64", "f32", "c128", "c64", "i64" or "bool".
      """),
    ("T", "The transpose: the axes in reverse order (differentiable)."),
  ])

  public var fieldNames: [String] { Self.properties.map(\.name) }
  public var members: [Builtin] { Self.properties }

  public func field(_ name: String) throws -> Value? {
    switch name {
    case "shape": return .list(tensor.shape.map { .number(Double($0)) })
    case "ndim": return .number(Double(tensor.ndim))
    case "size": return .number(Double(tensor.count))
    case "dtype": return .string(tensor.dtype.rawValue)
    case "T": return wrap(try permute(variable, Array((0..<tensor.ndim).reversed())))
    default: return nil
    }
  }

  public func index(_ items: [IndexItem]) throws -> Value {
    if let x = plainElement(items) { return .number(x) }
    return wrap(try getIndex(variable, try tensorIndices(items)))
  }

  public func setIndex(_ items: [IndexItem], to value: Value) throws -> Value {
    wrap(try NOSGrad.setIndex(variable, try tensorIndices(items), try toVariable(value, what: "assigned value")))
  }

  public func binary(_ op: NOSLang.BinaryOp, _ other: Value, reversed: Bool) throws -> Value? {
    if let v = plainScalarBinary(op, other, reversed: reversed) { return v }
    guard let o = try? toVariable(other, what: "operand") else { return nil }
    // A plain number takes the tensor's dtype (NumPy's "weak" scalars); with a bool tensor
    // it stays f64, with an i64 tensor it is i64 when integral (`weakScalar`).
    var b = o
    if case .number(let x) = other {
      // x ^ -1 of an i64 tensor: NumPy refuses negative integer powers; nos computes in f64.
      let negPower = op == .pow && !reversed && x < 0 && tensor.dtype == .i64
      b = Variable(negPower ? Tensor(x) : Tensor.weakScalar(x, like: tensor.dtype))
    }
    let (l, r) = reversed ? (b, variable) : (variable, b)
    return wrap(try applyBinary(op, l, r))
  }

  public func unary(_ op: NOSLang.UnaryOp) throws -> Value? {
    switch op {
    case .neg: return wrap(try neg(variable))
    case .plus: return .host(self)
    case .not: return nil
    case .invert:
      guard tensor.dtype == .bool else {
        throw RuntimeError("'~' needs a bool tensor, got \(tensor.dtype); compare first "
          + "(~(x > 0)) or use logical_not(x)")
      }
      return wrap(try tensor.logicalNot())
    }
  }

  public var numberValue: Double? {
    guard tensor.count == 1, !tensor.dtype.isComplex else { return nil }
    return try? tensor.item()
  }

  public func truth() throws -> Bool {
    guard tensor.count == 1 else {
      throw RuntimeError("the truth value of a tensor with \(tensor.count) elements is ambiguous; use all() or any()")
    }
    let z = try tensor.complexItem()
    return z.re != 0 || z.im != 0
  }

  public func length() throws -> Int {
    guard let n = tensor.shape.first else { throw RuntimeError("a 0-d tensor has no length") }
    return n
  }

  /// Iterates along the first axis (a 1-D tensor gives its elements as `x[i]` does).
  public func makeIterator() throws -> () throws -> Value? {
    let n = try length()
    var i = 0
    let v = variable
    return { [self] in
      guard i < n else { return nil }
      defer { i += 1 }
      if let x = plainElement([.value(.number(Double(i)))]) { return .number(x) }
      return wrap(try getIndex(v, [.at(i)]))
    }
  }
}

/// A language operator on two variables.
func applyBinary(_ op: NOSLang.BinaryOp, _ a: Variable, _ b: Variable) throws -> Variable {
  switch op {
  case .add: try add(a, b)
  case .sub: try sub(a, b)
  case .mul: try mul(a, b)
  case .div: try div(a, b)
  case .mod: try mod(a, b)
  case .pow: try pow(a, b)
  case .floorDiv:
    // Integers divide exactly (NumPy's int64 //); floats as floor(a / b) with its gradient.
    DType.promote(a.dtype, b.dtype) == .i64
      ? Variable(try Tensor.binary(.floorDiv, a.value, b.value))
      : try NOSGrad.unary(.floor, div(a, b))
  case .and, .or: try logicalBinary(op, a, b)
  case .in: throw RuntimeError("'in' is tested by the interpreter")
  case .matmul: try matmul(a, b)
  case .eq: try compare(.eq, a, b)
  case .ne: try compare(.ne, a, b)
  case .lt: try compare(.lt, a, b)
  case .le: try compare(.le, a, b)
  case .gt: try compare(.gt, a, b)
  case .ge: try compare(.ge, a, b)
  }
}

/// `&` / `|` on bool tensors (NumPy's meaning); other dtypes get a hint, as NumPy refuses
/// `&` on float arrays.
func logicalBinary(_ op: NOSLang.BinaryOp, _ a: Variable, _ b: Variable) throws -> Variable {
  guard a.value.dtype == .bool, b.value.dtype == .bool else {
    let word = op == .and ? "and" : "or"
    throw RuntimeError("'\(op.rawValue)' needs bool tensors, got \(a.value.dtype) and "
      + "\(b.value.dtype); compare first, as (x > 0) \(op.rawValue) (x < 1), or use "
      + "logical_\(word)(a, b)")
  }
  return Variable(try Tensor.logical(op == .and ? .and : .or, a.value, b.value))
}


/// A 0-d tensor reads like a number: shortest round-trip form of its precision.
func scalarText(_ t: Tensor) -> String {
  guard let z = try? t.complexItem() else { return "?" }
  if t.dtype == .bool { return z.re != 0 ? "true" : "false" }
  if t.dtype == .i64 { return String(t.intElement(0)) }
  func real(_ v: Double) -> String {
    if t.dtype.isDouble { return Display.number(v) }
    let f = Float(v)
    if f.isNaN || f.isInfinite || f.rounded() == f && abs(f) < 1e16 { return Display.number(v) }
    return f.description
  }
  if !t.dtype.isComplex { return real(z.re) }
  let sign = z.im < 0 || (z.im == 0 && z.im.sign == .minus) ? "-" : "+"
  return "\(real(z.re))\(sign)\(real(abs(z.im)))j"
}

/// Integer, slice and index-tensor items of `x[...]` in NOSTensor's terms.
func tensorIndices(_ items: [IndexItem]) throws -> [TensorIndex] {
  try items.map { item in
    switch item {
    case .slice(let s): return .slice(start: s.start, stop: s.stop, step: s.step)
    case .value(.number(let x)):
      guard let i = Int(exactly: x) else {
        throw RuntimeError("index \(Display.number(x)) is not an integer")
      }
      return .at(i)
    case .value(.range(let r)):
      return .slice(start: Int(exactly: r.start), stop: Int(exactly: r.inclusive ? r.end + 1 : r.end), step: 1)
    case .value(.host(let h as TensorValue)) where h.tensor.dtype == .bool:
      guard h.tensor.ndim > 0 else {
        throw RuntimeError("a 0-d boolean index is not supported (index with a mask tensor)")
      }
      return .mask(h.tensor)
    case .value(.bool):
      throw RuntimeError("cannot index a tensor with true/false (index with a mask tensor)")
    case .value(.host(let h as TensorValue)):
      if h.tensor.ndim == 0 {
        guard let i = Int(exactly: try h.tensor.item()) else {
          throw RuntimeError("index \(scalarText(h.tensor)) is not an integer")
        }
        return .at(i)
      }
      return .gather(h.tensor)
    case .value(let v):
      if case .list = v {
        let t = try toTensor(v, what: "index")
        return t.dtype == .bool ? .mask(t) : .gather(t)
      }
      throw RuntimeError("cannot index a tensor with a \(v.typeName)")
    }
  }
}
