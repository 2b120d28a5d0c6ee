// Optimizers through nos scripts: L-BFGS on Rosenbrock, in-place updates, nested grad in a
// closure, and resident memory over 10,000 grad calls (no tape outlives `grad`).
import Foundation
import NOSLang
import NOSStdlib
import XCTest

final class OptimizerScriptTests: XCTestCase {
  private func run(_ source: String) throws -> (Session, BufferOutput) {
    let out = BufferOutput()
    let s = Stdlib.session(output: out)
    _ = try s.run(source: source)
    return (s, out)
  }

  private func number(_ s: Session, _ name: String) throws -> Double {
    switch s.global(name) {
    case .number(let x)?: return x
    case .host(let h as TensorValue)?: return try h.tensor.item()
    default: throw RuntimeError("\(name) is not a number")
    }
  }

  func testLBFGSOnRosenbrockFromAScript() throws {
    let (s, _) = try run("""
      p = {x: [-1.2, 1]}
      fn rosen() = (1 - p.x[0])^2 + 100 * (p.x[1] - p.x[0]^2)^2
      opt = lbfgs(p)
      first = opt.step(rosen)
      while opt.iterations < 100 and rosen() >= 1e-10 { opt.step(rosen) }
      f = rosen()
      n = opt.iterations
      reason = opt.reason
      """)
    XCTAssertEqual(try number(s, "first"), 24.2, accuracy: 1e-12)
    XCTAssertLessThan(try number(s, "f"), 1e-10)
    XCTAssertLessThanOrEqual(try number(s, "n"), 100)
    guard case .string(let reason)? = s.global("reason") else { return XCTFail("no reason") }
    XCTAssertTrue(["converged", "max iterations"].contains(reason), reason)
  }

  func testUpdatesAreInPlaceAndKeepStructure() throws {
    let (s, out) = try run("""
      inner = list(1.0, [2.0, 3.0])
      p = {a: 1.0, layers: [{w: [1, 2]}, inner]}
      alias = p
      g = grad(q -> q.a^2 + sum(q.layers[0].w^2) + q.layers[1][0] * 3, p)
      opt = sgd(p, 0.5)
      print(opt.step(g))
      w = alias.layers[0].w
      print(alias.a, w[0], w[1], inner[0], inner[1][0], inner[1][1], typeof(p.a))
      print(opt.step(() -> p.a^2), p.a)
      """)
    _ = s
    XCTAssertEqual(out.text, """
      nil
      0 0 0 -0.5 2 3 number
      0 0

      """)
  }

  func testClosureMayUseGradInside() throws {
    // A PINN-style loss: the residual uses grad of the model in x; adam must differentiate it.
    let (s, _) = try run("""
      p = {a: 0.5}
      fn u(x) = p.a * x^2
      fn loss() = (grad(u, 1.5) - 6)^2
      opt = adam(p, lr=0.05)
      for i in 0..400 { opt.step(loss) }
      a = p.a
      """)
    XCTAssertEqual(try number(s, "a"), 2, accuracy: 1e-3)
  }

  /// Resident memory in bytes from /proc/self/statm (0 where it is missing).
  private func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
      return 0
    }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  func testTenThousandGradCallsKeepMemoryFlat() throws {
    guard residentBytes() > 0 else { throw XCTSkip("no /proc/self/statm") }
    let (s, _) = try run("""
      seed(1)
      p = {w1: randn(4, 16) * 0.5, b1: zeros(16), w2: randn(16, 16) * 0.3, w3: randn(16, 1) * 0.3}
      x = randn(8, 4)
      y = sin(x[:, :1])
      fn loss(q) {
        h = tanh(x @ q.w1 + q.b1)
        h = tanh(h @ q.w2)
        mean((h @ q.w3 - y)^2)
      }
      opt = adam(p, lr=1e-3)
      fn train(n) { for i in 0..n { opt.step(grad(loss, p)) } }
      train(1000)
      """)
    guard let train = s.global("train") else { return XCTFail("no train") }
    let before = residentBytes()
    _ = try s.interpreter.call(train, [.number(10_000)])
    let after = residentBytes()
    // Each step builds a graph of ~20 tensors up to 8×16; a kept tape would grow by tens of MB.
    XCTAssertLessThan(after - before, 4 << 20,
                      "resident memory grew from \(before) to \(after) bytes")
  }
}
