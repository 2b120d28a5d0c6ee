// Optimizer parameters as nos values: records and lists of tensors (nested), updated in place.
import NOSGrad
import NOSLang
import NOSModels
import NOSTensor

/// Parameters as the language sees them: NOSModels' leaf seam, plus the value `opt.params`
/// shows and how to read a gradient value shaped like the parameters.
public protocol LanguageParameters: ParameterContainer {
  /// The parameters as a nos value (`opt.params`).
  var value: Value { get }
  /// The tensors of `g`, a gradient shaped like the parameters (as `grad(f, params)`
  /// returns it), in leaf order; a structure mismatch is an error naming the place.
  func gradientTensors(_ g: Value, optimizer: String) throws -> [Tensor]
}

/// A host object whose parameters an optimizer can update, such as a model: `adam(model)`.
/// Return `ValueParameters(record)` when the object keeps its parameters in a nos record.
public protocol ParameterHost: HostObject {
  func optimizerParameters() throws -> any LanguageParameters
}

/// A record or list of tensors and numbers, nested to any depth. Leaves are visited in
/// field order (records) and index order (lists); new values are written into the same
/// record and list boxes, so every reference to them sees the update. A leaf that was a
/// plain number is written back as a number.
public final class ValueParameters: LanguageParameters {
  public let value: Value
  /// The optimizer's name, for messages.
  private let owner: String
  private var names: [String] = []
  private var numberLeaves: Set<Int> = []
  private static let maxDepth = 64

  /// Checks `value` is a record or list whose leaves are all tensors or numbers.
  public init(_ value: Value, optimizer: String) throws {
    switch value {
    case .record, .list: break
    default:
      throw RuntimeError("\(optimizer): params must be a record or list of tensors, got "
        + value.typeName)
    }
    self.value = value
    owner = optimizer
    var index = 0
    try walk { _, v in
      if case .number = v { numberLeaves.insert(index) }
      index += 1
      return nil
    }
    _ = try readLeaves()
  }

  public func leafName(_ i: Int) -> String { i < names.count ? names[i] : "parameter \(i + 1)" }

  public func readLeaves() throws -> [Variable] {
    var leaves: [Variable] = [], paths: [String] = []
    try walk { path, v in
      switch v {
      case .number(let x): leaves.append(Variable(Tensor(x)))
      case .host(let h as TensorValue):
        // Optimizers update floats in place: an i64 or bool parameter would be overwritten
        // with float bits.
        guard !h.tensor.dtype.isDiscrete else {
          throw RuntimeError("\(owner): \(path) has dtype \(h.tensor.dtype); parameters must be "
            + "floating-point (f64(x) or f32(x) converts)")
        }
        leaves.append(h.variable)
      default:
        throw RuntimeError("\(owner): \(path) is \(article(v.typeName)); parameters must be "
          + "tensors or numbers")
      }
      paths.append(path)
      return nil
    }
    names = paths
    return leaves
  }

  public func writeLeaves(_ leaves: [Variable]) throws {
    var i = 0
    try walk { _, _ in
      guard i < leaves.count else {
        throw RuntimeError("\(owner): the parameters changed while the optimizer was writing them")
      }
      defer { i += 1 }
      let leaf = leaves[i]
      if numberLeaves.contains(i), !leaf.requiresGrad, leaf.shape.isEmpty, !leaf.dtype.isComplex {
        return .number(try leaf.value.item())
      }
      return wrap(leaf)
    }
  }

  public func gradientTensors(_ g: Value, optimizer: String) throws -> [Tensor] {
    var out: [Tensor] = []
    try match(value, g, "params", depth: 0, &out, optimizer)
    return out
  }

  /// Visits every leaf in order with its path; a non-nil result replaces the leaf.
  private func walk(_ visit: (String, Value) throws -> Value?) throws {
    var seen: Set<ObjectIdentifier> = []
    try walk(value, "params", 0, &seen, owner, visit)
  }

  private func walk(_ v: Value, _ path: String, _ depth: Int, _ seen: inout Set<ObjectIdentifier>,
                    _ what: String, _ visit: (String, Value) throws -> Value?) throws {
    guard depth <= Self.maxDepth else {
      throw RuntimeError("\(what): params are nested too deeply")
    }
    switch v {
    case .record(let r):
      guard seen.insert(ObjectIdentifier(r)).inserted else {
        throw RuntimeError("\(what): \(path) contains itself")
      }
      defer { seen.remove(ObjectIdentifier(r)) }
      for (i, k) in r.keys.enumerated() where i < r.values.count {
        let child = r.values[i], p = Self.fieldPath(path, k)
        if isContainer(child) { try walk(child, p, depth + 1, &seen, what, visit) }
        else if let new = try visit(p, child) { r[k] = new }
      }
    case .list(let l):
      guard seen.insert(ObjectIdentifier(l)).inserted else {
        throw RuntimeError("\(what): \(path) contains itself")
      }
      defer { seen.remove(ObjectIdentifier(l)) }
      for i in l.items.indices {
        let child = l.items[i], p = "\(path)[\(i)]"
        if isContainer(child) { try walk(child, p, depth + 1, &seen, what, visit) }
        else if let new = try visit(p, child) { l.items[i] = new }
      }
    default:
      _ = try visit(path, v)
    }
  }

  /// Walks the parameters and a gradient side by side, collecting the gradient's leaves.
  private func match(_ p: Value, _ g: Value, _ path: String, depth: Int, _ out: inout [Tensor],
                     _ optimizer: String) throws {
    func fail(_ expected: String) -> RuntimeError {
      RuntimeError("\(optimizer): the gradient does not match the parameters: \(path) is "
        + "\(expected), the gradient has \(article(g.typeName))")
    }
    guard depth <= Self.maxDepth else {
      throw RuntimeError("\(optimizer): params are nested too deeply")
    }
    switch p {
    case .record(let r):
      guard case .record(let gr) = g else { throw fail("a record") }
      for (i, k) in r.keys.enumerated() where i < r.values.count {
        guard let gv = gr[k] else {
          throw RuntimeError(
            "\(optimizer): the gradient has no field '\(k)' (\(Self.fieldPath(path, k)))")
        }
        try match(r.values[i], gv, Self.fieldPath(path, k), depth: depth + 1, &out, optimizer)
      }
      if let extra = gr.keys.first(where: { r[$0] == nil }) {
        throw RuntimeError("\(optimizer): the gradient has a field '\(extra)' that \(path) lacks")
      }
    case .list(let l):
      guard case .list(let gl) = g else { throw fail("a list") }
      guard gl.items.count == l.items.count else {
        throw RuntimeError("\(optimizer): the gradient does not match the parameters: \(path) has "
          + "\(l.items.count) items, the gradient \(gl.items.count)")
      }
      for i in l.items.indices {
        try match(l.items[i], gl.items[i], "\(path)[\(i)]", depth: depth + 1, &out, optimizer)
      }
    default:
      switch g {
      case .number(let x): out.append(Tensor(x))
      case .host(let h as TensorValue): out.append(h.tensor)
      default: throw fail("a tensor")
      }
    }
  }

  private func isContainer(_ v: Value) -> Bool {
    switch v {
    case .record, .list: return true
    default: return false
    }
  }

  /// `path.key`, or `path["key"]` when the key is not a plain name.
  static func fieldPath(_ path: String, _ key: String) -> String {
    let plain = !key.isEmpty && !(key.first?.isNumber ?? true)
      && key.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    return plain ? "\(path).\(key)" : "\(path)[\"\(key)\"]"
  }
}

/// "a list", "an optimizer".
func article(_ word: String) -> String {
  guard let c = word.first else { return word }
  return ("aeiou".contains(c) ? "an " : "a ") + word
}
