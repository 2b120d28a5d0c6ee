// Lexer: token kinds, positions, numbers, strings, f-strings, newlines and errors.

import XCTest
@testable import NOSLang

final class LexerTests: XCTestCase {
  func kinds(_ s: String) -> [TokenKind] { Lexer.tokenize(s).tokens.map(\.kind) }

  func testOperatorsAndPositions() {
    let (tokens, errors) = Lexer.tokenize("y = a @ b\nx += 1..=3 -> z")
    XCTAssertTrue(errors.isEmpty)
    XCTAssertEqual(tokens.map(\.kind), [
      .identifier, .assign, .identifier, .at, .identifier, .newline,
      .identifier, .plusAssign, .number, .dotDotEq, .number, .arrow, .identifier, .eof,
    ])
    XCTAssertEqual(tokens[3].span, Span(line: 1, column: 7, length: 1))
    XCTAssertEqual(tokens[7].span, Span(line: 2, column: 3, length: 2))
    XCTAssertEqual(tokens[9].span, Span(line: 2, column: 7, length: 3))
    XCTAssertEqual(kinds("a == b != c <= d >= e < f > g ^ h % i / j"), [
      .identifier, .eq, .identifier, .ne, .identifier, .le, .identifier, .ge, .identifier,
      .lt, .identifier, .gt, .identifier, .caret, .identifier, .percent, .identifier, .slash,
      .identifier, .eof,
    ])
  }

  func testPythonOperators() {
    let (tokens, errors) = Lexer.tokenize("a ** b // c & d | ~e *= f /= g")
    XCTAssertTrue(errors.isEmpty)
    XCTAssertEqual(tokens.map(\.kind), [
      .identifier, .starStar, .identifier, .slashSlash, .identifier, .amp, .identifier, .pipe,
      .tilde, .identifier, .starAssign, .identifier, .slashAssign, .identifier, .eof,
    ])
    XCTAssertEqual(tokens[1].span, Span(line: 1, column: 3, length: 2))
    XCTAssertEqual(tokens[3].span, Span(line: 1, column: 8, length: 2))
    XCTAssertEqual(tokens[8].span, Span(line: 1, column: 19, length: 1))
    XCTAssertEqual(kinds("a &\nb")[2], .identifier)  // a line ending in `&` continues
  }

  func testNumbers() {
    let (tokens, _) = Lexer.tokenize("3 2.5 1e-3 .5 1E+2 0..5 x.y 7")
    let numbers = tokens.filter { $0.kind == .number }.map(\.number)
    XCTAssertEqual(numbers, [3, 2.5, 0.001, 0.5, 100, 0, 5, 7])
    XCTAssertEqual(kinds("0..5"), [.number, .dotDot, .number, .eof])
  }

  func testKeywordsAndComments() {
    XCTAssertEqual(kinds("fn if else for in while break continue return # comment\nand or not"),
                   [.kwFn, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile, .kwBreak, .kwContinue,
                    .kwReturn, .newline, .kwAnd, .kwOr, .kwNot, .eof])
    XCTAssertEqual(kinds("true false nil"), [.kwTrue, .kwFalse, .kwNil, .eof])
  }

  func testStringsAndEscapes() {
    let (tokens, errors) = Lexer.tokenize(#""a\n\t\"\\b" 'q'"#)
    XCTAssertTrue(errors.isEmpty)
    XCTAssertEqual(tokens[0].text, "a\n\t\"\\b")
    XCTAssertEqual(tokens[1].text, "q")
  }

  func testNewlineContinuation() {
    XCTAssertEqual(kinds("a +\nb"), [.identifier, .plus, .identifier, .eof])
    XCTAssertEqual(kinds("f(a,\nb)\nc"),
                   [.identifier, .lparen, .identifier, .comma, .identifier, .rparen,
                    .newline, .identifier, .eof])
    XCTAssertEqual(kinds("[1\n2]"), [.lbracket, .number, .number, .rbracket, .eof])
    // Inside braces newlines separate statements.
    XCTAssertEqual(kinds("{a\nb}"), [.lbrace, .identifier, .newline, .identifier, .rbrace, .eof])
    XCTAssertEqual(kinds("a;b"), [.identifier, .semicolon, .identifier, .eof])
    XCTAssertEqual(kinds("a\n\n\nb"), [.identifier, .newline, .identifier, .eof])
  }

  func testFString() {
    let (tokens, errors) = Lexer.tokenize(#"f"loss {l:.3e} at {i} {{x}}""#)
    XCTAssertTrue(errors.isEmpty, "\(errors)")
    XCTAssertEqual(tokens[0].kind, .fstring)
    let parts = tokens[0].parts
    XCTAssertEqual(parts.count, 5)
    if case .expression(let toks, let spec, let span) = parts[1] {
      XCTAssertEqual(toks.first?.text, "l")
      XCTAssertEqual(spec, ".3e")
      XCTAssertEqual(span.column, 9)
    } else {
      XCTFail("expected an expression part")
    }
    if case .literal(let s) = parts[4] { XCTAssertEqual(s, " {x}") } else { XCTFail() }
  }

  func testErrorsHavePositions() {
    var (_, errors) = Lexer.tokenize("x = 1 $ 2")
    XCTAssertEqual(errors.first?.message, "unexpected character '$'")
    XCTAssertEqual(errors.first?.span, Span(line: 1, column: 7))
    (_, errors) = Lexer.tokenize("s = \"abc\nt = 1")
    XCTAssertEqual(errors.first?.message, "unterminated string")
    (_, errors) = Lexer.tokenize(bytes: [0x78, 0x20, 0xFF, 0x0A, 0x79])
    XCTAssertEqual(errors.first?.message, "invalid UTF-8 byte 0xFF")
    XCTAssertEqual(errors.first?.span, Span(line: 1, column: 3))
    (_, errors) = Lexer.tokenize(bytes: [0x22, 0xC3, 0x28, 0x22])
    XCTAssertEqual(errors.count, 1)
    (_, errors) = Lexer.tokenize(#""\q""#)
    XCTAssertEqual(errors.first?.message, #"unknown escape '\q' in string"#)
  }

  func testUnicodeIdentifiers() {
    let (tokens, errors) = Lexer.tokenize("α = 1; βeta2 = α")
    XCTAssertTrue(errors.isEmpty)
    XCTAssertEqual(tokens[0].text, "α")
    XCTAssertEqual(tokens[4].text, "βeta2")
    XCTAssertEqual(tokens[4].span, Span(line: 1, column: 8, length: 5))
  }
}
