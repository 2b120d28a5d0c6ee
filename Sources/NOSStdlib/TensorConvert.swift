// Turning nos values into tensors and back: bracket literals, numbers, lists, argument helpers.
import NOSGrad
import NOSLang
import NOSTensor
import Numerics

/// A nos value as a tensor: numbers and booleans become 0-d tensors, numeric lists stack.
func toTensor(_ v: Value, what: String) throws -> Tensor {
  switch v {
  case .number(let x): return Tensor(x)
  case .bool(let b): return Tensor(b ? 1 : 0, dtype: .bool)
  case .host(let h as TensorValue): return h.tensor
  case .list(let l):
    if l.items.isEmpty { return try Tensor.zeros([0]) }
    if let t = try buildTensor(l.items, literal: l.items.map { _ in false }) { return t }
    throw RuntimeError("\(what): a list of \(l.items.first?.typeName ?? "values") is not a tensor")
  default:
    throw RuntimeError("\(what): tensor expected, got \(v.typeName)")
  }
}

/// A nos value as a variable: a tensor keeps its history (inside `grad`), other values
/// become constants.
func toVariable(_ v: Value, what: String) throws -> Variable {
  if case .host(let h as TensorValue) = v { return h.variable }
  if case .list(let l) = v, let s = try buildVariable(l.items, literal: l.items.map { _ in false }) { return s }
  return Variable(try toTensor(v, what: what))
}

/// The bracket-literal rule of SPEC §3: numbers (and tensors of one shape) make a tensor,
/// anything else a list; a nested literal with rows of different shapes is an error.
func buildTensor(_ elements: [Value], literal: [Bool]) throws -> Tensor? {
  var parts: [Tensor] = []
  parts.reserveCapacity(elements.count)
  var allNumbers = true, allBools = true
  var numbers: [Double] = []
  for v in elements {
    switch v {
    case .number(let x): numbers.append(x); allBools = false
    case .bool(let b): numbers.append(b ? 1 : 0)
    case .host(let h as TensorValue): allNumbers = false; parts.append(h.tensor)
    default: return nil
    }
  }
  // `[true, false]` is a bool tensor; bools among numbers count as 0 and 1 (NumPy).
  if allNumbers { return Tensor(numbers, dtype: allBools ? .bool : .f64) }
  // Mixed numbers and tensors: numbers act as 0-d tensors.
  parts = elements.map { v in
    if case .host(let h as TensorValue) = v { return h.tensor }
    if case .number(let x) = v { return Tensor(x) }
    if case .bool(let b) = v { return Tensor(b ? 1 : 0, dtype: .bool) }
    return Tensor(0)
  }
  let first = parts[0].shape
  for (i, p) in parts.enumerated() where p.shape != first {
    if literal[i] || literal[0] {
      throw RuntimeError("ragged tensor literal: row \(i) has shape \(shapeText(p.shape)), row 0 has \(shapeText(first))")
    }
    return nil
  }
  return try Tensor.stack(parts)
}

/// `buildTensor` for elements that may carry gradient history: tracked elements are stacked
/// with a differentiable stack.
func buildVariable(_ elements: [Value], literal: [Bool]) throws -> Variable? {
  let tracked = elements.contains { v in
    if case .host(let h as TensorValue) = v { return h.variable.requiresGrad }
    return false
  }
  guard tracked else { return try buildTensor(elements, literal: literal).map { Variable($0) } }
  var parts: [Variable] = []
  for v in elements {
    switch v {
    case .number(let x): parts.append(Variable(Tensor(x)))
    case .bool(let b): parts.append(Variable(Tensor(b ? 1 : 0, dtype: .bool)))
    case .host(let h as TensorValue): parts.append(h.variable)
    default: return nil
    }
  }
  let first = parts[0].shape
  for (i, p) in parts.enumerated() where p.shape != first {
    if literal[i] || literal[0] {
      throw RuntimeError("ragged tensor literal: row \(i) has shape \(shapeText(p.shape)), row 0 has \(shapeText(first))")
    }
    return nil
  }
  var dt = parts[0].dtype
  for p in parts { dt = DType.promote(dt, p.dtype) }
  return try stack(parts.map { try cast($0, dt) }, axis: 0)
}

/// A tensor as a nos value; a 0-d bool is the plain `true`/`false` (NumPy's `np.bool_`).
extension Value {
  /// A number written as such (not a tensor): it adapts to a tensor's dtype.
  var isPlainNumber: Bool {
    if case .number = self { return true }
    return false
  }
}

func wrap(_ t: Tensor) -> Value {
  if t.dtype == .bool && t.ndim == 0, let x = try? t.item() { return .bool(x != 0) }
  return .host(TensorValue(t))
}

func wrap(_ v: Variable) -> Value {
  if v.value.dtype == .bool && v.value.ndim == 0 { return wrap(v.value) }
  return .host(TensorValue(v))
}

/// The items of a list, or the elements of a 1-D real tensor as numbers: sizes and axes are
/// often written as bracket literals (`x.reshape([2, 3])`), which make tensors.
func sequenceItems(_ v: Value) -> [Value]? {
  switch v {
  case .list(let l): return l.items
  case .host(let h as TensorValue) where h.tensor.ndim == 1 && !h.tensor.dtype.isComplex:
    return h.tensor.toArray().map { .number($0) }
  default: return nil
  }
}

extension Arguments {
  /// Argument `i` as a tensor (numbers, booleans and numeric lists are converted).
  func tensor(_ i: Int) throws -> Tensor {
    switch self[i] {
    case .number, .bool, .host(is TensorValue), .list: break
    default: throw bad(i, expected: "tensor")
    }
    do { return try toTensor(self[i], what: "argument") } catch {
      throw bad(i, expected: "tensor")
    }
  }

  /// Argument `i` as a variable (tensors keep their gradient history).
  func variable(_ i: Int) throws -> Variable {
    switch self[i] {
    case .number, .bool, .host(is TensorValue), .list: break
    default: throw bad(i, expected: "tensor")
    }
    do { return try toVariable(self[i], what: "argument") } catch { throw bad(i, expected: "tensor") }
  }

  func optionalVariable(_ i: Int) throws -> Variable? { self[i].isNil ? nil : try variable(i) }

  /// Argument `i` as a variable for an op that computes in floating point: an i64 or bool
  /// tensor becomes `like` (default f64), as NumPy computes integer data in float64.
  func floatVariable(_ i: Int, like: DType = .f64) throws -> Variable {
    let v = try variable(i)
    return v.dtype.isDiscrete ? try cast(v, like.isDiscrete ? .f64 : like) : v
  }

  /// A list of variables (for concat and stack).
  func variables(_ i: Int) throws -> [Variable] {
    guard case .list(let l) = self[i] else {
      if case .host(let h as TensorValue) = self[i], h.tensor.ndim > 0 {
        return try (0..<h.tensor.shape[0]).map { try getIndex(h.variable, [.at($0)]) }
      }
      throw bad(i, expected: "list of tensors")
    }
    return try l.items.map { try toVariable($0, what: "bad argument \(which(i)) to '\(name)'") }
  }

  /// A list of tensors (for concat and stack).
  func tensors(_ i: Int) throws -> [Tensor] {
    guard case .list(let l) = self[i] else {
      if case .host(let h as TensorValue) = self[i], h.tensor.ndim > 0 {
        return try (0..<h.tensor.shape[0]).map { try h.tensor.get([.at($0)]) }
      }
      throw bad(i, expected: "list of tensors")
    }
    return try l.items.map { try toTensor($0, what: "bad argument \(which(i)) to '\(name)'") }
  }

  /// A dtype given as a string ("f32") or as one of the conversion builtins (f32).
  func dtype(_ i: Int) throws -> DType? {
    switch self[i] {
    case .nil: return nil
    case .string(let s):
      guard let d = DType(name: s) else {
        throw error(i, "unknown dtype \"\(s)\"; use \"f64\", \"f32\", \"c128\", \"c64\", "
          + "\"i64\" or \"bool\"")
      }
      return d
    case .builtin(let b):
      if let d = DType(name: b.name) { return d }
      throw bad(i, expected: "dtype")
    default: throw bad(i, expected: "dtype string")
    }
  }

  /// A shape from variadic sizes (`zeros(2, 3)`) or one list/tensor (`zeros([2, 3])`).
  func shape(fromRest values: [Value]) throws -> [Int] {
    var items = values
    if items.count == 1 {
      if case .list(let l) = items[0] { items = l.items }
      if case .host(let h as TensorValue) = items[0], h.tensor.ndim == 1 {
        items = h.tensor.toArray().map { .number($0) }
      }
    }
    return try items.enumerated().map { k, v in
      guard let x = v.asNumber, let n = Int(exactly: x), n >= 0 else {
        if let x = v.asNumber {
          throw RuntimeError("bad argument #\(k + 1) to '\(name)' (size must be a non-negative integer, got \(Display.number(x)))")
        }
        throw badRest(k, expected: "size")
      }
      return n
    }
  }

  /// An axis argument: nil, an integer, or a list of integers.
  func axes(_ i: Int) throws -> [Int]? {
    switch self[i] {
    case .nil: return nil
    case .number: return [try int(i)]
    case .host(let h as TensorValue) where h.tensor.ndim == 0: return [try int(i)]
    case .list, .host(is TensorValue):
      guard let items = sequenceItems(self[i]) else { throw bad(i, expected: "axis") }
      return try items.map { v in
        guard let x = v.asNumber, let n = Int(exactly: x) else { throw bad(i, expected: "axis") }
        return n
      }
    default: throw bad(i, expected: "axis")
    }
  }

  /// Arguments `i` and `j` as variables of one dtype: a plain number takes the other
  /// argument's dtype (NumPy's weak scalars), tensors promote.
  func weakPair(_ i: Int, _ j: Int) throws -> (Variable, Variable) {
    var x = try variable(i), y = try variable(j)
    let weakX = self[i].isPlainNumber, weakY = self[j].isPlainNumber
    if weakX && !weakY { x = Variable(Tensor.weakScalar(try number(i), like: y.dtype)) }
    if weakY && !weakX { y = Variable(Tensor.weakScalar(try number(j), like: x.dtype)) }
    // Two i64 operands stay i64 (where, maximum, clip keep integers); others compute in
    // the promoted floating dtype.
    let p = DType.promote(x.dtype, y.dtype)
    let dt = p == .i64 ? p : p.arithmetic
    return (try cast(x, dt), try cast(y, dt))
  }

  func flag(_ i: Int) throws -> Bool {
    if self[i].isNil { return false }
    return try bool(i)
  }
}
