// Fast scalars: an f64 tensor that is not being differentiated, indexed down to one element,
// gives a plain number (NumPy's float64 is a Python float), so arithmetic on it is a
// number's arithmetic and not a 0-d tensor op through the autodiff machinery.
import NOSGrad
import NOSLang
import NOSTensor

extension TensorValue {
  /// `x[i, j, ...]` with one integer per axis of an untracked f64 tensor: the element. Nil
  /// for anything else (slices, index tensors, a tracked or non-f64 tensor, an index out of
  /// range), which then takes the general path with its errors and gradients.
  func plainElement(_ items: [IndexItem]) -> Double? {
    guard !variable.requiresGrad else { return nil }
    return variable.value.f64Element(at: { k in
      guard case .value(.number(let x)) = items[k] else { return nil }
      return Int(exactly: x)
    }, count: items.count)
  }

  /// `x[i]` (the interpreter's one-item index): a plain number for an untracked 1-D f64
  /// tensor and an integer in range, else the general `index(_:)`.
  public func index(single item: Value) throws -> Value {
    if case .number(let x) = item, let e = elements, let i = Int(exactly: x), let v = e.at(i) {
      return .number(v)
    }
    return try index([.value(item)])
  }

  /// `x[k]` for an integer constant k: the element of an untracked 1-D f64 tensor, else nil.
  public func number(at k: Int) -> Double? { elements?.at(k) }

  /// The value of an untracked 0-d f64 tensor (a reduction's result outside `grad`), else nil.
  var plainScalar: Double? { variable.requiresGrad ? nil : variable.value.f64Scalar }

  /// `s op y` for an untracked 0-d f64 tensor `s` and a number or another such tensor,
  /// computed directly into a fresh 0-d f64 tensor instead of through an autodiff op
  /// (`+ - * /`); nil for everything else.
  func plainScalarBinary(_ op: NOSLang.BinaryOp, _ other: Value, reversed: Bool) -> Value? {
    guard let x = plainScalar else { return nil }
    let y: Double
    switch other {
    case .number(let v): y = v
    case .host(let h as TensorValue):
      guard let v = h.plainScalar else { return nil }
      y = v
    default: return nil
    }
    let (a, b) = reversed ? (y, x) : (x, y)
    let r: Double
    switch op {
    case .add: r = a + b
    case .sub: r = a - b
    case .mul: r = a * b
    case .div: r = a / b
    // Comparisons, % and ^ keep the general path (their result dtype and special cases).
    default: return nil
    }
    return .host(TensorValue(Tensor(r)))
  }
}

/// Where the elements of an untracked 1-D f64 tensor are: read without touching the tensor
/// (no copies of its shape and strides). The variable keeps the storage alive, and tensors
/// are values (an assignment makes a new TensorValue), so the elements never change.
struct PlainElements {
  let base: UnsafeMutablePointer<Double>
  let count: Int
  let stride: Int

  init?(_ v: Variable) {
    guard !v.requiresGrad, let (base, count, stride) = v.value.f64VectorLayout else { return nil }
    (self.base, self.count, self.stride) = (base, count, stride)
  }

  /// Element `i` (negative counts from the end), or nil when out of range.
  @inline(__always)
  func at(_ i: Int) -> Double? {
    let j = i < 0 ? i + count : i
    guard j >= 0, j < count else { return nil }
    return base[j * stride]
  }
}
