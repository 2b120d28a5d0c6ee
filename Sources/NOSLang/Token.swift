// Tokens: the kinds the lexer produces and the payloads some of them carry.

public enum TokenKind: String, Equatable, Sendable {
  case number, string, fstring, identifier
  // keywords
  case kwFn = "fn", kwReturn = "return", kwIf = "if", kwElse = "else", kwFor = "for"
  case kwIn = "in", kwWhile = "while", kwBreak = "break", kwContinue = "continue"
  case kwTrue = "true", kwFalse = "false", kwNil = "nil", kwAnd = "and", kwOr = "or"
  case kwNot = "not"
  // operators and punctuation
  case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", caret = "^"
  case starStar = "**", slashSlash = "//", amp = "&", pipe = "|", tilde = "~"
  case at = "@", eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
  case assign = "=", plusAssign = "+=", minusAssign = "-=", starAssign = "*="
  case slashAssign = "/=", arrow = "->", dotDot = "..", dotDotEq = "..=", dot = "."
  case comma = ",", colon = ":", semicolon = ";"
  case lparen = "(", rparen = ")", lbracket = "[", rbracket = "]"
  case lbrace = "{", rbrace = "}"
  case newline, eof

  static let keywords: [String: TokenKind] = [
    "fn": .kwFn, "return": .kwReturn, "if": .kwIf, "else": .kwElse, "for": .kwFor,
    "in": .kwIn, "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue,
    "true": .kwTrue, "false": .kwFalse, "nil": .kwNil, "and": .kwAnd, "or": .kwOr,
    "not": .kwNot,
  ]

  /// A line ending in one of these continues on the next line.
  var continuesLine: Bool {
    switch self {
    case .plus, .minus, .star, .slash, .percent, .caret, .at, .starStar, .slashSlash, .amp,
      .pipe, .tilde, .eq, .ne, .lt, .le, .gt, .ge,
      .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign, .arrow, .dotDot,
      .dotDotEq, .dot, .comma, .colon, .kwAnd, .kwOr, .kwNot, .lbrace, .lparen, .lbracket:
      return true
    default:
      return false
    }
  }

  /// How the kind is named in messages: `')'`, `number`, `end of input`.
  var quoted: String {
    switch self {
    case .number, .string, .fstring, .identifier: return rawValue
    case .newline: return "end of line"
    case .eof: return "end of input"
    default: return "'\(rawValue)'"
    }
  }
}

/// A piece of an f-string: literal text, or an embedded expression with its format spec.
public enum FStringPart: Sendable {
  case literal(String)
  case expression(tokens: [Token], spec: String?, span: Span)
}

public struct Token: Sendable {
  public var kind: TokenKind
  public var span: Span
  /// Identifier name or decoded string literal.
  public var text: String = ""
  public var number: Double = 0
  public var parts: [FStringPart] = []

  public init(kind: TokenKind, span: Span) {
    self.kind = kind
    self.span = span
  }
}
