// Gradient check of every differentiable builtin and operator, driven by their declarations
// (`Builtin.gradChecks`, `Stdlib.operators`): f64 central differences at random points
// (relative error < 1e-6), second derivatives for smooth ones. A builtin declared
// differentiable without gradient checks fails the suite.
import Foundation
import NOSLang
import NOSStdlib
import NOSTensor
import XCTest

/// One check: `body` is a nos expression in `x` (a tensor made by `input`); `second` also
/// checks the gradient of the gradient.
struct GradEntry {
  let name: String
  let body: String
  let input: String
  var second = true
}

/// Every declared check, with the name of the builtin or operator it belongs to.
let gradEntries: [GradEntry] = {
  let s = Stdlib.session(output: BufferOutput())
  let builtins = Stdlib.declarations(in: s).map { ($0.name, $0.gradChecks) }
  let operators = Stdlib.operators.map { ($0.symbol, $0.gradChecks) }
  return (builtins + operators).flatMap { name, checks in
    checks.map { GradEntry(name: name, body: $0.body, input: $0.input, second: $0.second) }
  }
}()

final class GradCheckTests: XCTestCase {
  /// What is wrong with these declarations: differentiable without a gradient check, a
  /// check on something not differentiable, a check that does not call what it checks.
  static func problems(_ decls: [Builtin], _ operators: [OperatorDecl]) -> [String] {
    var out: [String] = []
    for b in decls where b.differentiable != !b.gradChecks.isEmpty {
      out.append("'\(b.name)': differentiable is \(b.differentiable) but it has "
        + "\(b.gradChecks.count) gradient checks")
    }
    for op in operators where op.differentiable != !op.gradChecks.isEmpty {
      out.append("operator '\(op.symbol)': differentiable and gradient checks disagree")
    }
    for b in decls {
      for c in b.gradChecks where !c.body.contains(b.name + "(") {
        out.append("'\(b.name)': its gradient check \(c.body) does not call it")
      }
    }
    return out
  }

  /// Derived from the declarations, so a new differentiable builtin needs its checks.
  func testEveryDifferentiableDeclarationHasChecks() {
    let s = Stdlib.session(output: BufferOutput())
    for p in Self.problems(Stdlib.declarations(in: s), Stdlib.operators) { XCTFail(p) }
    // The suite sees the declarations: these are differentiable, these are not.
    let names = Stdlib.differentiable
    for name in ["sum", "matmul", "svd", "odeint", "mse", "complex", "@", "index", "sort"] {
      XCTAssertTrue(names.contains(name), "\(name) should be declared differentiable")
    }
    for name in ["argmax", "zeros", "print", "isclose", "//"] {
      XCTAssertFalse(names.contains(name), "\(name) should not be declared differentiable")
    }
  }

  /// The completeness check catches a differentiable builtin without checks, and a check
  /// that names another builtin.
  func testCompletenessCheckCatchesMissingChecks() {
    let bare = Builtin("twice", [Param("x")], doc: "2x.", differentiable: true) { $0[0] }
    let wrong = Builtin("thrice", [Param("x")], doc: "3x.", differentiable: true,
                        gradChecks: [GradCheck("x * 3")]) { $0[0] }
    let fine = Builtin("once", [Param("x")], doc: "x.", differentiable: true,
                       gradChecks: [GradCheck("once(x)")]) { $0[0] }
    let op = OperatorDecl(symbol: "?", form: "a ? b", doc: "", differentiable: true,
                          gradChecks: [])
    let found = Self.problems([bare, wrong, fine], [op])
    XCTAssertEqual(found.count, 3, "\(found)")
    XCTAssertTrue(found[0].contains("'twice'"))
  }

  func testGradientsMatchFiniteDifferences() throws {
    XCTAssertGreaterThan(gradEntries.count, 100)
    for e in gradEntries {
      try check(e, order: 1)
      if e.second { try check(e, order: 2) }
    }
  }

  /// Compares nos's gradient of a weighted sum of the entry with central differences.
  private func check(_ e: GradEntry, order: Int) throws {
    let out = BufferOutput()
    let s = Stdlib.session(output: out)
    let weights = """
      fn wsum(y) { w = reshape(cos(arange(y.size)) + 1.5, y.shape); real(sum(y * w)) + imag(sum(y * w)) * 0.3 }
      fn assigned(x) { y = x * 1; y[0, 1:3] = x[1, :2] * 2; y * x }
      """
    let first = "fn f(x) = wsum(\(e.body))"
    let f = order == 1 ? "f" : "h"
    try s.run(source: "seed(7)\n\(weights)\n\(first)\nx0 = \(e.input)\nv = randn(x0.shape)\nfn h(x) = sum(grad(f, x) * v)")
    guard case .host(let hx as TensorValue)? = s.global("x0"), let fn = s.global(f) else {
      return XCTFail("\(e.name): setup failed")
    }
    let x0 = hx.tensor
    let analytic: Value?
    do { analytic = try s.run(source: "grad(\(f), x0)") } catch {
      return XCTFail("\(e.name) (order \(order)): \(error)")
    }
    guard case .host(let ga as TensorValue)? = analytic else { return XCTFail("\(e.name): grad gave \(String(describing: analytic))") }
    let g = ga.tensor.toArray()
    let base = x0.toArray()
    let h = 1e-6
    var worst = 0.0
    for i in base.indices {
      var plus = base, minus = base
      plus[i] += h
      minus[i] -= h
      guard let fp = try? value(fn, plus, x0.shape, s), let fm = try? value(fn, minus, x0.shape, s) else {
        return XCTFail("\(e.name) (order \(order)): evaluating the function failed")
      }
      let numeric = (fp - fm) / (2 * h)
      let err = abs(numeric - g[i]) / max(1, abs(numeric))
      worst = max(worst, err)
    }
    let tol = order == 1 ? 1e-6 : 1e-5
    XCTAssertLessThan(worst, tol, "\(e.name) (order \(order)): relative error \(worst)")
  }

  private func value(_ f: Value, _ x: [Double], _ shape: [Int], _ s: Session) throws -> Double {
    let t = try Tensor(x, shape: shape)
    let r = try s.interpreter.call(f, [.host(TensorValue(t))])
    switch r {
    case .number(let v): return v
    case .host(let h as TensorValue): return try h.tensor.item()
    default: throw TensorError("not a number")
    }
  }
}
