// The host-object protocol, exercised with a toy 1-D tensor that has value semantics.

import XCTest
@testable import NOSLang

/// A tiny stand-in for the stdlib's tensor: 1-D doubles, immutable (setIndex copies).
final class ToyTensor: HostObject {
  let data: [Double]
  /// Safe: XCTest runs this class's tests one at a time, and only they touch it.
  nonisolated(unsafe) static var lastIndex: [IndexItem] = []
  init(_ data: [Double]) { self.data = data }

  var typeName: String { "tensor" }
  func display(nested: Bool) -> String {
    "tensor(" + data.map(Display.number).joined(separator: ", ") + ")"
  }
  var fieldNames: [String] { ["shape", "size"] }
  func field(_ name: String) throws -> Value? {
    switch name {
    case "shape": return .list([.number(Double(data.count))])
    case "size": return .number(Double(data.count))
    default: return nil
    }
  }
  func index(_ items: [IndexItem]) throws -> Value {
    ToyTensor.lastIndex = items
    switch items.first {
    case .value(.number(let x))?:
      guard let i = Int(exactly: x), i >= 0, i < data.count else {
        throw RuntimeError("index out of range")
      }
      return .number(data[i])
    case .slice(let s)?:
      return .host(ToyTensor(try s.indices(count: data.count).map { data[$0] }))
    default:
      throw RuntimeError("bad index")
    }
  }
  func setIndex(_ items: [IndexItem], to value: Value) throws -> Value {
    guard case .value(.number(let x))? = items.first, let i = Int(exactly: x),
      case .number(let v) = value, i >= 0, i < data.count
    else { throw RuntimeError("bad index assignment") }
    var copy = data
    copy[i] = v
    return .host(ToyTensor(copy))
  }
  func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? {
    let rhs: [Double]
    switch other {
    case .number(let x): rhs = Array(repeating: x, count: data.count)
    case .host(let h as ToyTensor):
      guard h.data.count == data.count else {
        throw RuntimeError(
          "shape mismatch in \(op.rawValue): [\(data.count)] and [\(h.data.count)]")
      }
      rhs = h.data
    default: return nil
    }
    let (l, r) = reversed ? (rhs, data) : (data, rhs)
    if op == .matmul { return .number(zip(l, r).map(*).reduce(0, +)) }
    let f: (Double, Double) -> Double
    switch op {
    case .add: f = (+)
    case .sub: f = (-)
    case .mul: f = (*)
    case .div: f = (/)
    case .lt: f = { $0 < $1 ? 1 : 0 }
    case .eq: f = { $0 == $1 ? 1 : 0 }
    default: return nil
    }
    return .host(ToyTensor(zip(l, r).map(f)))
  }
  func unary(_ op: UnaryOp) throws -> Value? {
    op == .neg ? .host(ToyTensor(data.map { -$0 })) : nil
  }
  func truth() throws -> Bool {
    guard data.count == 1 else {
      throw RuntimeError("the truth value of a tensor with \(data.count) elements is ambiguous")
    }
    return data[0] != 0
  }
  func makeIterator() throws -> () throws -> Value? {
    var i = 0
    return {
      guard i < self.data.count else { return nil }
      i += 1
      return .number(self.data[i - 1])
    }
  }
  func length() throws -> Int { data.count }
}

final class HostTests: XCTestCase {
  func run(_ src: String) -> String {
    let out = BufferOutput()
    let s = Session(output: out, interrupt: Interrupt())
    s.interpreter.bracketBuilder = { elements, _ in
      var numbers: [Double] = []
      for e in elements {
        guard case .number(let x) = e else { return nil }
        numbers.append(x)
      }
      return .host(ToyTensor(numbers))
    }
    s.interpreter.register([Builtin("sum", [Param("x")], doc: "Sum.") { a in
      .number(try a.host(0, as: ToyTensor.self, expected: "tensor").data.reduce(0, +))
    }])
    do {
      let v = try s.run(source: src, file: "h.nos")
      return out.text + (v.flatMap { $0.isNil ? nil : Display.string($0) } ?? "")
    } catch let e as NOSError {
      return out.text + e.message
    } catch {
      return "\(error)"
    }
  }

  func testBracketsOperatorsAndFields() {
    XCTAssertEqual(run("typeof([1, 2])"), "tensor")
    XCTAssertEqual(run("typeof([1, \"a\"]) + typeof([])"), "listlist")
    XCTAssertEqual(run("[1, 2] + [10, 20]"), "tensor(11, 22)")
    XCTAssertEqual(run("2 * [1, 2]"), "tensor(2, 4)")
    XCTAssertEqual(run("1 - [1, 2]"), "tensor(0, -1)")
    XCTAssertEqual(run("[1, 2] @ [3, 4]"), "11")
    XCTAssertEqual(run("[1, 2] < 2"), "tensor(1, 0)")
    XCTAssertEqual(run("-[1, 2]"), "tensor(-1, -2)")
    XCTAssertEqual(run("x = [1, 2, 3]; x.shape"), "[3]")
    XCTAssertEqual(run("x = [1, 2, 3]; x.size"), "3")
    XCTAssertEqual(run("x = [1, 2, 3]; x.sum()"), "6")
    XCTAssertEqual(run("[1, 2] @ [1, 2, 3]"), "shape mismatch in @: [2] and [3]")
    XCTAssertEqual(run("[1] + \"s\""), "bad operand types for '+': tensor and string")
    XCTAssertEqual(run("x = [1]; x.shap"), "a tensor has no field 'shap' — did you mean 'shape'?")
    XCTAssertEqual(run("x = [1]; x.nosuch()"), "a tensor has no method 'nosuch'")
    XCTAssertEqual(run("sum(3)"), "bad argument #1 to 'sum' (tensor expected, got number)")
  }

  func testValueSemanticsOfIndexAssignment() {
    XCTAssertEqual(run("a = [1, 2, 3]; b = a; b[0] = 10; print(a, b)"),
                   "tensor(1, 2, 3) tensor(10, 2, 3)\n")
    XCTAssertEqual(run("r = {w: [1, 2]}; v = r.w; r.w[0] = 5; print(r.w, v)"),
                   "tensor(5, 2) tensor(1, 2)\n")
    XCTAssertEqual(run("xs = list([1, 2]); xs[0][1] = 7; xs"), "[tensor(1, 7)]")
    XCTAssertEqual(run("fn f() { t = [1, 2]; t[1] += 5; t }\nf()"), "tensor(1, 7)")
    XCTAssertEqual(run("c = 0\nfn g() { c = [1, 1]; h = () -> { c[0] = 9 }; h(); c }\ng()"),
                   "tensor(9, 1)")
  }

  func testIndexItemsReachTheHost() {
    XCTAssertEqual(run("x = [1, 2, 3, 4]; x[1:]"), "tensor(2, 3, 4)")
    _ = run("x = [1, 2, 3, 4]; x[1:-1, ::2, :]")
    let items = ToyTensor.lastIndex
    XCTAssertEqual(items.count, 3)
    if case .slice(let s) = items[0] {
      XCTAssertEqual(s, Slice(start: 1, stop: -1))
    } else {
      XCTFail()
    }
    if case .slice(let s) = items[1] { XCTAssertEqual(s, Slice(step: 2)) } else { XCTFail() }
    if case .slice(let s) = items[2] { XCTAssertEqual(s, Slice()) } else { XCTFail() }
    XCTAssertEqual(run("x = [1, 2]; x[1:0.5]"), "slice bound must be an integer, got 0.5")
  }

  func testIterationAndTruth() {
    XCTAssertEqual(run("s = 0; for v in [1, 2, 3] { s += v }; s"), "6")
    XCTAssertEqual(run("a, b = [4, 5]; a + b"), "9")
    XCTAssertEqual(run("if [1] { 1 } else { 2 }"), "1")
    XCTAssertEqual(run("if [1, 2] { 1 }"),
                   "the truth value of a tensor with 2 elements is ambiguous")
    XCTAssertEqual(run("len([1, 2, 3])"), "3")
  }
}
