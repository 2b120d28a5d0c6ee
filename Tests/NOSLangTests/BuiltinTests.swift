// Argument binding: one set of rules and messages for builtins and user functions.

import XCTest
@testable import NOSLang

final class BuiltinTests: XCTestCase {
  func session() -> (Session, BufferOutput) {
    let out = BufferOutput()
    let s = Session(output: out, interrupt: Interrupt())
    s.interpreter.register([
      Builtin("fno", [Param("modes", default: 16), Param("width", default: 64)],
              doc: "A test model.") { a in
        .list([.number(try a.number(0)), .number(try a.number(1))])
      },
      Builtin("matmul", [Param("a"), Param("b")], doc: "Needs strings here.") { a in
        _ = try a.string(0)
        _ = try a.string(1)
        return .nil
      },
      Builtin("full", [.variadic("shape"), Param("value", default: 0)], doc: "Variadic.") { a in
        .list(a.rest + [a[1]])
      },
      Builtin("plot", [Param("y")], doc: "Extra named.", acceptsExtraNamed: true) { a in
        .string(a.extraNamed.map { "\($0.0)=\(Display.string($0.1))" }.joined(separator: ","))
      },
      Builtin("twice", [Param("f"), Param("x")], doc: "Calls back.") { a in
        try a.call(a.callable(0), [try a.call(a.callable(0), [a[1]])])
      },
    ])
    return (s, out)
  }

  func message(_ src: String) -> String {
    let (s, _) = session()
    do {
      try s.run(source: src)
      return "no error"
    } catch let e as NOSError {
      return e.message
    } catch {
      return "\(error)"
    }
  }

  func value(_ src: String) -> String {
    let (s, _) = session()
    do { return try s.run(source: src).map(Display.string) ?? "none" } catch { return "\(error)" }
  }

  func testBindingMessages() {
    XCTAssertEqual(message("matmul(\"a\", 2)"),
                   "bad argument #2 to 'matmul' (string expected, got number)")
    XCTAssertEqual(message("fno(1, 2, 3)"),
                   "too many arguments to 'fno' (expected at most 2, got 3)")
    XCTAssertEqual(message("matmul(\"a\")"), "missing argument 'b' to 'matmul'")
    XCTAssertEqual(message("fno(mode=3)"),
                   "unknown argument 'mode' to 'fno' — did you mean 'modes'?")
    XCTAssertEqual(message("fno(zzz=3)"), "unknown argument 'zzz' to 'fno'")
    XCTAssertEqual(message("fno(1, modes=3)"), "argument 'modes' given twice to 'fno'")
    XCTAssertEqual(message("fn f(x, y=1) = x\nf(1, 2, 3)"),
                   "too many arguments to 'f' (expected at most 2, got 3)")
    XCTAssertEqual(message("fn f(x, y=1) = x\nf(y=2)"), "missing argument 'x' to 'f'")
    XCTAssertEqual(message("fn f(x, yy=1) = x\nf(1, y=2)"),
                   "unknown argument 'y' to 'f' — did you mean 'yy'?")
    XCTAssertEqual(message("g = (a, b) -> a\ng(1)"), "missing argument 'b' to 'g'")
  }

  func testDefaultsVariadicAndExtras() {
    XCTAssertEqual(value("fno()"), "[16, 64]")
    XCTAssertEqual(value("fno(width=8)"), "[16, 8]")
    XCTAssertEqual(value("full(2, 3, value=7)"), "[2, 3, 7]")
    XCTAssertEqual(value("plot(1, title=\"t\", logy=true)"), "title=t,logy=true")
    XCTAssertEqual(value("twice(x -> x * 3, 2)"), "18")
    XCTAssertEqual(value("[1, 2].len()"), "2")
  }

  func testRegistryAndDocs() {
    let (s, _) = session()
    let names = s.interpreter.builtinNames
    XCTAssertTrue(names.contains("print") && names.contains("fno"))
    XCTAssertEqual(s.interpreter.builtin(named: "fno")?.signature, "fno(modes=16, width=64)")
    XCTAssertEqual(s.interpreter.builtin(named: "full")?.signature, "full(shape..., value=0)")
    XCTAssertFalse(s.globalNames.contains("fno"))
    XCTAssertTrue(s.allGlobalNames.contains("fno"))
    // Method sugar still finds a builtin whose global name was shadowed.
    XCTAssertEqual(value("len = 3\n[1, 2, 3].len()"), "3")
  }

  func testCoreBuiltins() {
    XCTAssertEqual(runNOS("print(typeof(nil), typeof(1), typeof(\"s\"), typeof([]), typeof({}),"
      + " typeof(0..1), typeof(print), typeof(x -> x), typeof(true))"),
      "nil number string list record range function function bool")
    XCTAssertEqual(errorOf("error(\"boom\")"), "boom")
    XCTAssertEqual(errorOf("assert(1 == 2, \"math\")"), "assertion failed: math")
    XCTAssertEqual(errorOf("assert(false)"), "assertion failed")
    XCTAssertEqual(runNOS("xs = [1, 2]; print(pop(xs), xs)"), "2 [1]")
    XCTAssertEqual(errorOf("len(5)"), "a number has no length")
    XCTAssertEqual(errorOf("push(1, 2)"), "bad argument #1 to 'push' (list expected, got number)")
  }
}
