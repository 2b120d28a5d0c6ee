// Evaluation: scopes, closures, control flow, destructuring, containers, recursion limits.

import XCTest
@testable import NOSLang

final class InterpreterTests: XCTestCase {
  func testClosuresKeepState() {
    let src = """
      fn counter() {
        n = 0
        () -> { n += 1; n }
      }
      a = counter(); b = counter()
      a(); a(); b()
      print(a(), b())
      """
    XCTAssertEqual(runNOS(src), "3 2")
  }

  func testScopeRules() {
    // A function never rebinds a workspace name by assignment, but may read it.
    XCTAssertEqual(runNOS("x = 1\nfn f() { x = 2; x }\nprint(f(), x)"), "2 1")
    XCTAssertEqual(runNOS("x = 10\nfn f() = x + 1\nf()"), "11")
    // ... and may mutate a workspace list or record.
    XCTAssertEqual(runNOS("xs = [1]\nfn f() { push(xs, 2) }\nf(); xs"), "[1, 2]")
    // Assigning to an enclosing function's local updates it.
    XCTAssertEqual(runNOS("""
      fn outer() {
        total = 0
        fn add(v) { total = total + v }
        add(2); add(3)
        total
      }
      outer()
      """), "5")
    // Otherwise assignment makes a new local (function-scoped, visible after the block).
    XCTAssertEqual(runNOS("fn f() { if true { y = 3 }; y }\nf()"), "3")
    XCTAssertEqual(runNOS("fn f(c) { if c { y = 3 }; y }\nf(true)"), "3")
    XCTAssertEqual(errorOf("fn f(c) { if c { y = 3 }; y }\nf(false)"), "undefined name 'y'")
    // Loop variables are function-scoped.
    XCTAssertEqual(runNOS("for i in 0..3 { }\ni"), "2")
    // A function may refer to a global defined later, before it is called.
    XCTAssertEqual(runNOS("fn f() = later * 2\nlater = 21\nf()"), "42")
    XCTAssertEqual(errorOf("fn f() = later * 2\nf()"), "undefined name 'later'")
    XCTAssertEqual(errorOf("print(nope)"), "undefined name 'nope'")
    // Three levels: the innermost closure updates the outermost function's local.
    XCTAssertEqual(runNOS("""
      fn a() {
        v = 1
        fn b() { fn c() { v = v * 10 }; c(); c() }
        b()
        v
      }
      a()
      """), "100")
    // Parameters captured by closures.
    XCTAssertEqual(runNOS("fn adder(k) = x -> x + k\nadd5 = adder(5)\nadd5(1)"), "6")
    XCTAssertEqual(runNOS("fn f(x, k=x*2) { g = () -> k; g() }\nf(4)"), "8")
  }

  func testWorkspacePersistsAcrossRuns() throws {
    let out = BufferOutput()
    let s = Session(output: out, interrupt: Interrupt())
    try s.run(source: "x = 41\nfn inc(v) = v + 1")
    XCTAssertEqual(try s.run(source: "inc(x)").map(Display.string), "42")
    try s.run(source: "fn g() = y")
    XCTAssertThrowsError(try s.run(source: "g()"))
    try s.run(source: "y = 5")
    XCTAssertEqual(try s.run(source: "g()").map(Display.string), "5")
    XCTAssertEqual(s.globalNames, ["x", "inc", "g", "y"])
    XCTAssertNil(try s.run(source: "z = 3"))
    XCTAssertNil(try s.run(source: "z;"))
    s.reset()
    XCTAssertEqual(s.globalNames, [])
    XCTAssertThrowsError(try s.run(source: "x"))
    XCTAssertEqual(try s.run(source: "typeof(print)").map(Display.string), "function")
  }

  func testControlFlow() {
    XCTAssertEqual(runNOS("y = if 1 > 2 { 1 } else if 2 > 1 { 2 } else { 3 }\ny"), "2")
    XCTAssertEqual(runNOS("if false { 1 }"), "")
    XCTAssertEqual(runNOS("s = 0\nfor i in 0..=10 { if i % 2 == 0 { continue }; s += i }\ns"),
                   "25")
    XCTAssertEqual(runNOS("i = 0\nwhile true { i += 1; if i >= 7 { break } }\ni"), "7")
    XCTAssertEqual(runNOS("fn f(x) { for i in 0..100 { if i == x { return i * 2 } }; -1 }\n"
      + "print(f(5), f(500))"), "10 -1")
    XCTAssertEqual(runNOS("fn sign(x) { if x > 0 { 1 } else if x < 0 { -1 } else { 0 } }\n"
      + "print(sign(3), sign(-2), sign(0))"), "1 -1 0")
    XCTAssertEqual(runNOS("fn f(x) { y = if x { return 1 } else { 2 }; y + 10 }\n"
      + "print(f(true), f(false))"), "1 12")
    XCTAssertEqual(runNOS("out = []\nfor x in [3, 4] { push(out, x * 2) }\nout"), "[6, 8]")
    XCTAssertEqual(runNOS("ks = []\nfor k in {a: 1, b: 2} { push(ks, k) }\nks"), "[\"a\", \"b\"]")
    XCTAssertEqual(runNOS("s = \"\"\nfor c in \"héllo\" { s = c + s }\ns"), "olléh")
    XCTAssertEqual(runNOS("for a, b in [[1, 2], [3, 4]] { print(a + b) }"), "3\n7")
    XCTAssertEqual(errorOf("break"), "'break' outside a loop")
    XCTAssertEqual(errorOf("return 1"), "'return' outside a function")
    XCTAssertEqual(errorOf("for i in 0..2.5 {}"), "range bounds must be integers, got 0 and 2.5")
  }

  func testFunctionsAndLambdas() {
    XCTAssertEqual(runNOS("fn sq(x) = x^2\nsq(3)"), "9")
    XCTAssertEqual(runNOS("f = x -> x^2\nf(4)"), "16")
    XCTAssertEqual(runNOS("m = (a, b) -> a * b\nm(3, 5)"), "15")
    XCTAssertEqual(runNOS("t = () -> { a = 2; a + 1 }\nt()"), "3")
    XCTAssertEqual(runNOS("fn f(x, k=2) { return x * k }\nprint(f(3), f(3, 4), f(3, k=5))"),
                   "6 12 15")
    XCTAssertEqual(runNOS("fn f() {}\ntypeof(f())"), "nil")
    XCTAssertEqual(runNOS("fn f() { x = 1 }\ntypeof(f())"), "nil")
    XCTAssertEqual(runNOS("apply = (f, x) -> f(x)\napply(x -> x + 1, 1)"), "2")
    XCTAssertEqual(runNOS("curry = x -> y -> x + y\ncurry(1)(2)"), "3")
    XCTAssertEqual(runNOS("mk = x -> {k: x}\nmk(2)"), "{k: 2}")
    XCTAssertEqual(runNOS("e = () -> {}\ntypeof(e())"), "nil")
    XCTAssertEqual(runNOS("fn fact(n) = if n <= 1 { 1 } else { n * fact(n - 1) }\nfact(10)"),
                   "3628800")
    XCTAssertEqual(runNOS("fn f() { fn g() = 5; g() }\nf()"), "5")
  }

  func testDestructuring() {
    XCTAssertEqual(runNOS("fn f() = [1, 2]\na, b = f()\nprint(a, b)"), "1 2")
    XCTAssertEqual(runNOS("xs = [0, 0]\nr = {}\nxs[1], r.k = [5, 6]\nprint(xs, r)"),
                   "[0, 5] {k: 6}")
    XCTAssertEqual(errorOf("a, b = [1, 2, 3]"), "cannot unpack 3 values into 2 names")
    XCTAssertEqual(errorOf("a, b = 5"), "cannot unpack a number into 2 names")
    XCTAssertEqual(runNOS("a, b = 0..2\na + b"), "1")
  }

  func testListsAndRecords() {
    XCTAssertEqual(runNOS("a = [1, 2]; b = a; push(b, 3); a"), "[1, 2, 3]")
    XCTAssertEqual(runNOS("a = [1, 2] + [3]; a[-1]"), "3")
    XCTAssertEqual(runNOS("a = [0, 1, 2, 3, 4]; print(a[1:-1], a[::2], a[::-1], a[3:])"),
                   "[1, 2, 3] [0, 2, 4] [4, 3, 2, 1, 0] [3, 4]")
    XCTAssertEqual(runNOS("r = {lr: 1e-3}; r.lr = 1e-4; r[\"epochs\"] = 5; r"),
                   "{lr: 0.0001, epochs: 5}")
    XCTAssertEqual(runNOS("r = {w: [1, 2]}; r.w[0] = 9; r.w[1] += 1; r"), "{w: [9, 3]}")
    XCTAssertEqual(runNOS("r = {a: 1}; print(keys(r), has(r, \"a\"), has(r, \"b\"), len(r))"),
                   "[\"a\"] true false 1")
    XCTAssertEqual(runNOS("lr = 1; epochs = 2; {lr, epochs}"), "{lr: 1, epochs: 2}")
    XCTAssertEqual(errorOf("[1, 2][2]"), "index 2 out of range for list of length 2")
    XCTAssertEqual(errorOf("[1, 2][0.5]"), "index must be an integer, got 0.5")
    XCTAssertEqual(errorOf("r = {lr: 1}; r.lx"), "record has no field 'lx' — did you mean 'lr'?")
    XCTAssertEqual(runNOS("[1, [2]] == [1, [2]]"), "true")
    XCTAssertEqual(runNOS("\"ab\" * 3"), "ababab")
    XCTAssertEqual(runNOS("\"abc\"[1]"), "b")
    XCTAssertEqual(runNOS("len(list(1, 2, 3))"), "3")
  }

  func testMethodSugar() {
    XCTAssertEqual(runNOS("xs = [1]; xs.push(2); xs.len()"), "2")
    XCTAssertEqual(runNOS("r = {f: x -> x * 3}; r.f(2)"), "6")
    XCTAssertEqual(errorOf("xs = [1]; xs.pussh(2)"),
                   "a list has no method 'pussh' — did you mean 'push'?")
  }

  func testLogicAndTruthiness() {
    XCTAssertEqual(runNOS("print(nil or 3, 0 and 1, [] or \"e\", not \"\")"), "3 0 e true")
    XCTAssertEqual(runNOS("x = 0; if [] { x = 1 }; x"), "0")
    XCTAssertEqual(runNOS("1 / 0"), "inf")
    XCTAssertEqual(runNOS("-7 % 3"), "2")
    XCTAssertEqual(runNOS("\"a\" < \"b\""), "true")
    XCTAssertEqual(errorOf("1 + \"a\""), "bad operand types for '+': number and string")
    XCTAssertEqual(errorOf("[1] < [2]"), "cannot compare list and list with '<'")
    XCTAssertEqual(runNOS("typeof(pi) + typeof(inf)"), "numbernumber")
  }

  func testRecursionLimit() {
    XCTAssertEqual(errorOf("fn f(n) = f(n + 1)\nf(0)"), "recursion too deep")
    XCTAssertEqual(errorOf("fn f(n) = 1 + (1 + (1 + (1 + (1 + f(n + 1)))))\nf(0)"),
                   "recursion too deep")
    XCTAssertEqual(errorOf("g = x -> g(x)\ng(1)"), "recursion too deep")
    XCTAssertEqual(runNOS("fn d(n) = if n == 0 { 0 } else { 1 + d(n - 1) }\nd(5000)"), "5000")
  }

  func testCallFromSwiftOutsideARun() throws {
    let s = Session(output: BufferOutput(), interrupt: Interrupt())
    try s.run(source: "fn sq(x) = x * x\nfn loop(n) = loop(n + 1)")
    let sq = try XCTUnwrap(s.global("sq"))
    XCTAssertEqual(Display.string(try s.interpreter.call(sq, [.number(7)])), "49")
    let loop = try XCTUnwrap(s.global("loop"))
    XCTAssertThrowsError(try s.interpreter.call(loop, [.number(0)])) { e in
      XCTAssertEqual((e as? RuntimeError)?.message, "recursion too deep")
    }
  }

  func testStepLimit() {
    XCTAssertEqual(runNOS("while true {}", limit: 1000).components(separatedBy: "\n").first,
                   "error: step limit exceeded")
  }
}
