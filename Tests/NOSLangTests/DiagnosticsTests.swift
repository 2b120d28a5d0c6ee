// Error layout (SPEC §12): message, location, source line, caret, call stack.

import XCTest
@testable import NOSLang

final class DiagnosticsTests: XCTestCase {
  func testLayoutWithCaretUnderOperator() {
    let src = String(repeating: "\n", count: 11) + "y = a @ b\n"
    let out = runNOS("a = 1; b = 2" + src, file: "train.nos")
    XCTAssertEqual(out, """
      error: bad operand types for '@': number and number
       --> train.nos:12:7
         |
      12 | y = a @ b
         |       ^
      """)
  }

  func testSingleDigitGutterAndLength() {
    XCTAssertEqual(runNOS("x = 1\nprint(nope)", file: "a.nos"), """
      error: undefined name 'nope'
       --> a.nos:2:7
        |
      2 | print(nope)
        |       ^^^^
      """)
  }

  /// An undefined left operand of `name op constant` (a fused node) is underlined itself,
  /// not the operator (issue 25, item 12).
  func testUndefinedLeftOperandCaret() {
    XCTAssertEqual(runNOS("z = foo * 2 + 1", file: "a.nos"), """
      error: undefined name 'foo'
       --> a.nos:1:5
        |
      1 | z = foo * 2 + 1
        |     ^^^
      """)
    let local = runNOS("fn f() {\n  return q < 3\n}\nf()", file: "b.nos")
    XCTAssertTrue(local.hasPrefix("""
      error: undefined name 'q'
       --> b.nos:2:10
        |
      2 |   return q < 3
        |          ^
      """), local)
  }

  func testCallStack() {
    let src = """
      fn inner(x) {
        x + "s"
      }
      fn outer(x) = inner(x)
      outer(1)
      """
    XCTAssertEqual(runNOS(src, file: "t.nos"), """
      error: bad operand types for '+': number and string
       --> t.nos:2:5
        |
      2 |   x + "s"
        |     ^
        in inner at t.nos:2:5
        in outer at t.nos:4:15
        in <top level> at t.nos:5:1
      """)
  }

  func testBuiltinErrorsAreLocatedAtTheCall() {
    let out = runNOS("xs = [1]\npush(5, xs)", file: "p.nos")
    XCTAssertTrue(out.hasPrefix("""
      error: bad argument #1 to 'push' (list expected, got number)
       --> p.nos:2:1
      """), out)
    // Errors raised inside a callback keep their own location.
    let cb = runNOS("fn f(x) = x + nil\n[1].push(f(2))", file: "c.nos")
    XCTAssertTrue(cb.contains("--> c.nos:1:13"), cb)
  }

  func testSeveralParseErrorsAreAllShown() {
    let out = runNOS("x = )\ny = 1\nz = ]", file: "m.nos")
    XCTAssertEqual(out.components(separatedBy: "error:").count - 1, 2, out)
    XCTAssertTrue(out.contains("m.nos:3:5"), out)
  }

  func testForeignErrorsAreWrapped() {
    struct Boom: Error, CustomStringConvertible { var description: String { "kaboom" } }
    let out = BufferOutput()
    let s = Session(output: out, interrupt: Interrupt())
    s.interpreter.register([Builtin("boom", [], doc: "Throws.") { _ in throw Boom() }])
    do {
      try s.run(source: "x = 1\n  boom()", file: "b.nos")
      XCTFail()
    } catch let e as NOSError {
      XCTAssertEqual(e.message, "kaboom")
      XCTAssertEqual(e.diagnostics[0].span, Span(line: 2, column: 3, length: 4))
    } catch { XCTFail("\(error)") }
  }

  /// An error about an argument given by name names it and points at it; the same error
  /// about a positional argument keeps its number and points at the call.
  func testNamedArgumentErrorsPointAtTheArgument() throws {
    func located(_ source: String) throws -> (String, Span?) {
      let s = Session(output: BufferOutput(), interrupt: Interrupt())
      s.interpreter.register([Builtin("scale", [Param("x"), Param("by", default: .number(1))],
                                      doc: "Scales.") { a in
        .number(try a.number(0) * a.number(1))
      }])
      do {
        try s.run(source: source, file: "a.nos")
      } catch let e as NOSError {
        return (e.message, e.diagnostics[0].span)
      }
      XCTFail("no error from \(source)")
      return ("", nil)
    }
    let cases: [(String, String, Span)] = [
      ("y = scale(2, by=\"x\")",
       "bad argument 'by' to 'scale' (number expected, got string)",
       Span(line: 1, column: 14, length: 2)),
      ("y = scale(2, \"x\")",
       "bad argument #2 to 'scale' (number expected, got string)",
       Span(line: 1, column: 5, length: 5)),
      ("y = scale(2, bye=3)",
       "unknown argument 'bye' to 'scale' — did you mean 'by'?",
       Span(line: 1, column: 14, length: 3)),
      ("r = {f: scale}\ny = r.f(2, by=nil)",
       "bad argument 'by' to 'scale' (number expected, got nil)",
       Span(line: 2, column: 12, length: 2)),
    ]
    for (source, message, span) in cases {
      let (got, at) = try located(source)
      XCTAssertEqual(got, message, source)
      XCTAssertEqual(at, span, source)
    }
  }

  func testTabsInCaretLine() {
    let d = Diagnostic(phase: .runtime, message: "m", span: Span(line: 1, column: 3),
                       file: SourceFile(name: "f", text: "\t\tx"))
    XCTAssertEqual(d.formatted(), "error: m\n --> f:1:3\n  |\n1 | \t\tx\n  | \t\t^")
  }
}
