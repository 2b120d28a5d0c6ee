// The direct path of self-recursive calls (`CallCache`): rebinding, captures, arity, limits.
import XCTest
@testable import NOSLang

final class SelfCallTests: XCTestCase {
  /// A session with `rebind()`, which points the workspace name `f` at the function `g`
  /// while `f` is running (nos code itself cannot rebind a workspace name from a function).
  private func session() -> (Session, BufferOutput) {
    let out = BufferOutput()
    let s = Session(output: out, interrupt: Interrupt())
    s.interpreter.register([
      Builtin("rebind", [], doc: "Test: f = g.") { a in
        if let g = a.interpreter.global("g") { a.interpreter.setGlobal("f", g) }
        return .nil
      }
    ])
    return (s, out)
  }

  /// The running activations finish with the code they started; the nested calls made after
  /// the rebinding reach the new function (by hand: f(3) rebinds, f(2) is g = 100, so
  /// f(3) = 101, f(4) = 102, f(5) = 103), and the next call from the top is g's.
  func testRebindingDuringRecursionTakesEffectAtTheNextCall() throws {
    let (s, out) = session()
    try s.run(source: """
      fn g(n) = 100
      fn f(n) {
        if n == 0 { return 0 }
        if n == 3 { rebind() }
        return 1 + f(n - 1)
      }
      print(f(5))
      print(f(5))
      """)
    XCTAssertEqual(out.text, "103\n100\n")
  }

  /// A rebinding to a closure with captures (which the direct path does not take) is seen
  /// by the nested calls too.
  func testRebindingToAClosureWithCaptures() throws {
    let (s, out) = session()
    try s.run(source: """
      fn make(k) = n -> k
      g = make(40)
      fn f(n) {
        if n == 2 { rebind() }
        return 1 + f(n - 1)
      }
      print(f(4))
      """)
    XCTAssertEqual(out.text, "43\n")  // f(4) = 1 + f(3) = 2 + f(2) = 3 + g(1) = 43
  }

  /// fib through the direct path gives the published values (OEIS A000045).
  func testFibonacciValues() {
    XCTAssertEqual(runNOS("""
      fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
      print(fib(0), fib(1), fib(10), fib(20), fib(25))
      """), "0 1 55 6765 75025")
  }

  /// Deep self-recursion still ends in "recursion too deep" and a step limit still stops it.
  func testLimitsStillApply() {
    XCTAssertTrue(errorOf("fn d(n) = d(n + 1)\nd(0)").contains("recursion too deep"))
    XCTAssertTrue(runNOS("fn d(n) = if n == 0 { 0 } else { d(n - 1) }\nd(5000)", limit: 100)
      .contains("step limit exceeded"))
  }

  /// A self-call with fewer arguments than parameters goes through the binder.
  func testArityMismatchUsesTheBinder() {
    XCTAssertEqual(errorOf("fn h(a, b) = if a == 0 { b } else { h(a - 1) }\nh(2, 5)"),
                   "missing argument 'b' to 'h'")
    XCTAssertEqual(runNOS("fn c(n, s=1) = if n <= 0 { 0 } else { 1 + c(n - s) }\nprint(c(10, 3))"),
                   "8")
  }
}
