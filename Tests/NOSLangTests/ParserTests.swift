// Parser: precedence, statements, errors at end of input, recovery and nesting limits.

import XCTest
@testable import NOSLang

final class ParserTests: XCTestCase {
  func errors(_ s: String) -> [Diagnostic] { Session.check(source: s) }

  func testPrecedence() {
    XCTAssertEqual(runNOS("-2^2"), "-4")
    XCTAssertEqual(runNOS("2^3^2"), "512")
    XCTAssertEqual(runNOS("2^-1"), "0.5")
    XCTAssertEqual(runNOS("1 + 2 * 3"), "7")
    XCTAssertEqual(runNOS("(1 + 2) * 3"), "9")
    XCTAssertEqual(runNOS("10 - 4 - 3"), "3")
    XCTAssertEqual(runNOS("2 * 3 % 4"), "2")
    XCTAssertEqual(runNOS("-3 % 5"), "2")
    XCTAssertEqual(runNOS("not 1 == 2"), "true")
    XCTAssertEqual(runNOS("not true and false"), "false")
    XCTAssertEqual(runNOS("true or false and false"), "true")
    XCTAssertEqual(runNOS("x = 3; -x^2"), "-9")
    XCTAssertEqual(runNOS("len(0..2+1)"), "3")
  }

  /// Python spellings `**` and `//`; `&` and `|` below the comparisons, `&` tighter than `|`,
  /// `not` looser than both, `~` as tight as unary minus (issue 25 item 3, issue 18 item 1).
  func testPythonOperatorsAndLogicPrecedence() {
    XCTAssertEqual(runNOS("-2 ** 2"), "-4")
    XCTAssertEqual(runNOS("2 ** 3 ** 2"), "512")
    XCTAssertEqual(runNOS("2 ** -1 + 2 ^ 2"), "4.5")
    XCTAssertEqual(runNOS("7 // 2 + -7 // 2"), "-1")
    XCTAssertEqual(runNOS("7.5 // 2 * 3"), "9")
    XCTAssertEqual(runNOS("1 + 9 // 2 ** 2"), "3")
    XCTAssertEqual(runNOS("true | false & false"), "true")
    XCTAssertEqual(runNOS("1 < 2 & 3 < 4"), "true")
    XCTAssertEqual(runNOS("1 > 2 | 3 < 4"), "true")
    XCTAssertEqual(runNOS("not false & false"), "true")
    XCTAssertEqual(runNOS("~false & true"), "true")
    XCTAssertEqual(runNOS("false & true or true"), "true")
    XCTAssertEqual(runNOS("x = 2; x > 1 & x < 3 & x != 2"), "false")
    XCTAssertTrue(runNOS("1 < 2 & 3").contains("'&' needs true/false or bool tensors"))
    XCTAssertTrue(runNOS("~1").contains("use 'not x'"))
    XCTAssertEqual(runNOS("2 in list(1, 2) and 3 not in list(1, 2)"), "true")
    XCTAssertEqual(runNOS("not 2 in list(1, 2) | true"), "false")
    XCTAssertEqual(errors("1 in xs in ys").first?.message,
                   "comparison operators cannot be chained; use 'and'")
    XCTAssertEqual(errors("a & & b").count, 1)
    XCTAssertEqual(errors("a | b &").first?.message, "expected an expression, found end of input")
  }

  func testChainedComparisonIsAnError() {
    let e = errors("1 < 2 < 3")
    XCTAssertEqual(e.count, 1)
    XCTAssertEqual(e.first?.message, "comparison operators cannot be chained; use 'and'")
    XCTAssertEqual(e.first?.span?.column, 7)
  }

  func testIsAtEnd() {
    for incomplete in ["f(1,", "x = (1 +", "if x > 0 {", "fn f(x) {\n  y = 1", "[1, 2",
                       "x = 1 +", "{a: 1,", "while true {\n", "y = x ->"] {
      let e = errors(incomplete)
      XCTAssertEqual(e.count, 1, incomplete)
      XCTAssertTrue(NOSError(e).isAtEnd, "\(incomplete): \(e)")
    }
    for complete in ["x = )", "f(1,,)", "1 +* 2", "x = 1 2", "\"abc"] {
      let e = errors(complete)
      XCTAssertFalse(e.isEmpty, complete)
      XCTAssertFalse(NOSError(e).isAtEnd, complete)
    }
    XCTAssertTrue(errors("x = 1\nif x {\n  y = 2\n}\nelse {\n  z = 3\n}").isEmpty)
  }

  func testRecoveryReportsSeveralErrors() {
    let e = errors("x = )\ny = 2\nz = * 3\nfn f(,) { }\nw = 1 +* 2\n")
    XCTAssertEqual(e.count, 4, "\(e)")
    XCTAssertEqual(e.map { $0.span?.line ?? 0 }, [1, 3, 4, 5])
    let inBlock = errors("fn f() {\n  a = )\n  b = 2\n  c = ]\n}\nd = (")
    XCTAssertEqual(inBlock.map { $0.span?.line ?? 0 }, [2, 4, 6])
  }

  func testDeepNestingIsAnError() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{a: ", "}")] {
      let deep = String(repeating: open, count: 100_000) + "1"
        + String(repeating: close, count: 100_000)
      let e = errors(deep)
      XCTAssertEqual(e.first?.message, "nesting too deep")
      XCTAssertFalse(NOSError(e).isAtEnd)
    }
    let unclosed = String(repeating: "(", count: 100_000)
    XCTAssertEqual(errors(unclosed).first?.message, "nesting too deep")
    let chain = "x = " + Array(repeating: "1", count: 100_000).joined(separator: " + ")
    XCTAssertEqual(errors(chain).first?.message, "nesting too deep")
    let negs = String(repeating: "-", count: 100_000) + "1"
    XCTAssertEqual(errors(negs).first?.message, "nesting too deep")
    let ifs = String(repeating: "if x { ", count: 50_000)
    XCTAssertEqual(errors(ifs).first?.message, "nesting too deep")
    XCTAssertEqual(runNOS(String(repeating: "(", count: 200) + "7"
      + String(repeating: ")", count: 200)), "7")
  }

  func testStatementsParse() {
    let ok = """
      a, b = f()
      x[0] = 1
      cfg.lr = 1e-4
      x += 1; y -= 2; z *= 3; w /= 4
      fn g(x, k=2) { return x * k }
      fn h(x) = x^2
      sq = x -> x^2
      mul = (a, b) -> a * b
      thunk = () -> { 1 }
      t = x[1:-1, ::2, :]
      y = if c { 1 } else if d { 2 } else { 3 }
      for i in 0..10 { continue }
      while false { break }
      r = {lr: 1e-3, "weird key": 2, if: 3}
      m = x.sum(axis=0).shape
      s = f"loss {l:.3e} at {i}"
      """
    XCTAssertEqual(errors(ok).map(\.message), [])
  }

  func testBadTargetsAndArguments() {
    XCTAssertEqual(errors("f() = 1").first?.message, "cannot assign to this expression")
    XCTAssertEqual(errors("f(k=1, 2)").first?.message, "positional argument after named argument")
    XCTAssertEqual(errors("fn f(a, a) {}").first?.message, "duplicate parameter 'a'")
    XCTAssertEqual(errors("(1").first?.message,
                   "expected ')' to close '(' at 1:1, found end of input")
  }

  func testSpansOfNodes() {
    let (program, errs) = Parser.parse("y = a @ b")
    XCTAssertTrue(errs.isEmpty)
    guard case .assign(_, let value) = program.statements[0].kind else { return XCTFail() }
    XCTAssertEqual(value.span, Span(line: 1, column: 7, length: 1))
  }

  func testSemicolonAtEnd() {
    XCTAssertTrue(Parser.parse("x = 1; x;").program.endsWithSemicolon)
    XCTAssertFalse(Parser.parse("x = 1; x").program.endsWithSemicolon)
  }
}
