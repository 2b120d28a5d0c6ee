// The lexer: UTF-8 bytes to tokens, with newline handling, f-strings and located errors.

public struct Lexer {
  private let bytes: [UInt8]
  private var pos: Int
  private let end: Int
  private var line: Int
  private var column: Int
  private var brackets: [UInt8] = []
  private(set) var tokens: [Token] = []
  private(set) var errors: [Diagnostic] = []

  /// Lexes a whole text.
  public static func tokenize(_ source: String) -> (tokens: [Token], errors: [Diagnostic]) {
    tokenize(bytes: Array(source.utf8))
  }

  /// Lexes raw bytes; invalid UTF-8 is reported as an error with its position.
  public static func tokenize(bytes: [UInt8]) -> (tokens: [Token], errors: [Diagnostic]) {
    var lexer = Lexer(bytes: bytes, start: 0, end: bytes.count, line: 1, column: 1)
    lexer.run()
    return (lexer.tokens, lexer.errors)
  }

  private init(bytes: [UInt8], start: Int, end: Int, line: Int, column: Int) {
    self.bytes = bytes
    self.pos = start
    self.end = end
    self.line = line
    self.column = column
  }

  // MARK: - Driver

  private mutating func run() {
    while pos < end {
      let c = bytes[pos]
      switch c {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        advance()
      case UInt8(ascii: "\n"):
        newline()
      case UInt8(ascii: "#"):
        while pos < end, bytes[pos] != UInt8(ascii: "\n") { advanceScalar() }
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        number()
      case UInt8(ascii: "."):
        if peek(1).map(isDigit) == true { number() } else { punctuation() }
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        string()
      default:
        if c == UInt8(ascii: "f"), let q = peek(1), q == UInt8(ascii: "\"") || q == 39 {
          fstring()
        } else if isIdentStart(c) {
          identifier()
        } else if c >= 0x80 {
          unicodeIdentifierOrError()
        } else {
          punctuation()
        }
      }
    }
    tokens.append(Token(kind: .eof, span: here()))
  }

  private mutating func newline() {
    let span = here()
    advance()
    line += 1
    column = 1
    if let open = brackets.last, open != UInt8(ascii: "{") { return }
    guard let last = tokens.last else { return }
    if last.kind == .newline || last.kind == .semicolon || last.kind.continuesLine { return }
    tokens.append(Token(kind: .newline, span: span))
  }

  // MARK: - Positions

  private func here(_ length: Int = 1) -> Span { Span(line: line, column: column, length: length) }

  private func peek(_ offset: Int) -> UInt8? {
    pos + offset < end ? bytes[pos + offset] : nil
  }

  /// Moves over one ASCII byte.
  private mutating func advance() {
    pos += 1
    column += 1
  }

  /// Moves over one UTF-8 scalar (reporting invalid bytes) and returns it.
  @discardableResult
  private mutating func advanceScalar() -> Unicode.Scalar? {
    guard let (scalar, length) = decodeScalar(at: pos) else {
      error("invalid UTF-8 byte 0x\(String(bytes[pos], radix: 16, uppercase: true))", here())
      pos += 1
      column += 1
      return nil
    }
    pos += length
    column += 1
    return scalar
  }

  private func decodeScalar(at i: Int) -> (Unicode.Scalar, Int)? {
    let b0 = bytes[i]
    if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
    let count: Int
    var value: UInt32
    switch b0 {
    case 0xC2...0xDF: count = 2; value = UInt32(b0 & 0x1F)
    case 0xE0...0xEF: count = 3; value = UInt32(b0 & 0x0F)
    case 0xF0...0xF4: count = 4; value = UInt32(b0 & 0x07)
    default: return nil
    }
    guard i + count <= end else { return nil }
    for k in 1..<count {
      let b = bytes[i + k]
      guard b & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(b & 0x3F)
    }
    let minimum: UInt32 = count == 2 ? 0x80 : count == 3 ? 0x800 : 0x10000
    guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
    return (scalar, count)
  }

  private mutating func error(_ message: String, _ span: Span) {
    errors.append(Diagnostic(phase: .lex, message: message, span: span, file: nil))
  }

  private mutating func add(_ kind: TokenKind, _ span: Span) {
    tokens.append(Token(kind: kind, span: span))
  }

  // MARK: - Character classes

  private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

  private func isIdentStart(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
  }

  private func isIdentByte(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }

  // MARK: - Tokens

  private mutating func number() {
    let start = pos
    let span = here()
    while pos < end, isDigit(bytes[pos]) { advance() }
    if pos < end, bytes[pos] == UInt8(ascii: "."), peek(1).map(isDigit) == true {
      advance()
      while pos < end, isDigit(bytes[pos]) { advance() }
    }
    if pos < end, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
      var k = 1
      if let s = peek(1), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { k = 2 }
      if peek(k).map(isDigit) == true {
        for _ in 0..<k { advance() }
        while pos < end, isDigit(bytes[pos]) { advance() }
      }
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    var token = Token(kind: .number, span: Span(line: span.line, column: span.column,
                                                 length: pos - start))
    token.number = Double(text) ?? .nan
    tokens.append(token)
  }

  private mutating func identifier() {
    let start = pos
    let span = here()
    while pos < end {
      let c = bytes[pos]
      if isIdentByte(c) {
        advance()
      } else if c >= 0x80, let (scalar, n) = decodeScalar(at: pos), isUnicodeLetter(scalar) {
        pos += n
        column += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<pos], as: UTF8.self)
    let length = column - span.column
    var token = Token(kind: TokenKind.keywords[text] ?? .identifier,
                      span: Span(line: span.line, column: span.column, length: length))
    token.text = text
    tokens.append(token)
  }

  private func isUnicodeLetter(_ s: Unicode.Scalar) -> Bool {
    s.value >= 0x80 && (s.properties.isAlphabetic || s.properties.numericType != nil)
  }

  private mutating func unicodeIdentifierOrError() {
    if let (scalar, _) = decodeScalar(at: pos), isUnicodeLetter(scalar),
      scalar.properties.numericType == nil
    {
      identifier()
      return
    }
    let span = here()
    if let scalar = advanceScalar() {
      error("unexpected character '\(Character(scalar))'", span)
    }
  }

  private mutating func punctuation() {
    let span = here()
    let c = bytes[pos]
    let n1 = peek(1)
    var kind: TokenKind?
    var length = 1
    switch c {
    case UInt8(ascii: "+"): kind = n1 == 61 ? .plusAssign : .plus
    case UInt8(ascii: "-"):
      kind = n1 == 61 ? .minusAssign : n1 == UInt8(ascii: ">") ? .arrow : .minus
    case UInt8(ascii: "*"): kind = n1 == 61 ? .starAssign : n1 == c ? .starStar : .star
    case UInt8(ascii: "/"): kind = n1 == 61 ? .slashAssign : n1 == c ? .slashSlash : .slash
    case UInt8(ascii: "&"): kind = .amp
    case UInt8(ascii: "|"): kind = .pipe
    case UInt8(ascii: "~"): kind = .tilde
    case UInt8(ascii: "%"): kind = .percent
    case UInt8(ascii: "^"): kind = .caret
    case UInt8(ascii: "@"): kind = .at
    case UInt8(ascii: "="): kind = n1 == 61 ? .eq : .assign
    case UInt8(ascii: "!"): kind = n1 == 61 ? .ne : nil
    case UInt8(ascii: "<"): kind = n1 == 61 ? .le : .lt
    case UInt8(ascii: ">"): kind = n1 == 61 ? .ge : .gt
    case UInt8(ascii: "."):
      if n1 == UInt8(ascii: ".") {
        kind = peek(2) == 61 ? .dotDotEq : .dotDot
      } else {
        kind = .dot
      }
    case UInt8(ascii: ","): kind = .comma
    case UInt8(ascii: ":"): kind = .colon
    case UInt8(ascii: ";"): kind = .semicolon
    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
      brackets.append(c)
      kind = c == 40 ? .lparen : c == 91 ? .lbracket : .lbrace
    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
      if !brackets.isEmpty { brackets.removeLast() }
      kind = c == 41 ? .rparen : c == 93 ? .rbracket : .rbrace
    default: kind = nil
    }
    guard let k = kind else {
      let shown = c >= 32 && c < 127 ? "'\(Character(Unicode.Scalar(c)))'"
        : "0x\(String(c, radix: 16, uppercase: true))"
      error("unexpected character \(shown)", span)
      advance()
      return
    }
    length = k.rawValue.count
    for _ in 0..<length { advance() }
    add(k, Span(line: span.line, column: span.column, length: length))
  }

  // MARK: - Strings

  /// Reads one escape after a backslash; returns the character or nil after an error.
  private mutating func escape() -> String? {
    let span = here(2)
    advance()  // the backslash
    guard pos < end, bytes[pos] != UInt8(ascii: "\n") else {
      error("unterminated string", span)
      return nil
    }
    let c = bytes[pos]
    let map: [UInt8: String] = [
      UInt8(ascii: "n"): "\n", UInt8(ascii: "t"): "\t", UInt8(ascii: "r"): "\r",
      UInt8(ascii: "0"): "\0", UInt8(ascii: "\""): "\"", UInt8(ascii: "'"): "'",
      UInt8(ascii: "\\"): "\\", UInt8(ascii: "{"): "{", UInt8(ascii: "}"): "}",
    ]
    if let s = map[c] {
      advance()
      return s
    }
    let shown = advanceScalar().map { String(Character($0)) } ?? "?"
    error("unknown escape '\\\(shown)' in string", span)
    return ""
  }

  private mutating func string() {
    let quote = bytes[pos]
    let span = here()
    advance()
    var text = ""
    while true {
      guard pos < end, bytes[pos] != UInt8(ascii: "\n") else {
        error("unterminated string", span)
        break
      }
      let c = bytes[pos]
      if c == quote {
        advance()
        break
      }
      if c == UInt8(ascii: "\\") {
        if let e = escape() { text += e } else { break }
      } else if let scalar = advanceScalar() {
        text.unicodeScalars.append(scalar)
      }
    }
    var token = Token(kind: .string, span: spanFrom(span))
    token.text = text
    tokens.append(token)
  }

  private func spanFrom(_ start: Span) -> Span {
    let length = line == start.line ? column - start.column : 1
    return Span(line: start.line, column: start.column, length: length)
  }

  private mutating func fstring() {
    let span = here()
    advance()  // f
    let quote = bytes[pos]
    advance()
    var parts: [FStringPart] = []
    var text = ""
    func flush() {
      if !text.isEmpty { parts.append(.literal(text)) }
      text = ""
    }
    while true {
      guard pos < end, bytes[pos] != UInt8(ascii: "\n") else {
        error("unterminated string", span)
        break
      }
      let c = bytes[pos]
      if c == quote {
        advance()
        break
      }
      if c == UInt8(ascii: "{"), peek(1) == UInt8(ascii: "{") {
        advance(); advance(); text += "{"
      } else if c == UInt8(ascii: "}"), peek(1) == UInt8(ascii: "}") {
        advance(); advance(); text += "}"
      } else if c == UInt8(ascii: "{") {
        flush()
        guard let part = interpolation(quote: quote) else { break }
        parts.append(part)
      } else if c == UInt8(ascii: "}") {
        error("single '}' in f-string (write '}}')", here())
        advance()
      } else if c == UInt8(ascii: "\\") {
        if let e = escape() { text += e } else { break }
      } else if let scalar = advanceScalar() {
        text.unicodeScalars.append(scalar)
      }
    }
    flush()
    var token = Token(kind: .fstring, span: spanFrom(span))
    token.parts = parts
    tokens.append(token)
  }

  /// Lexes `{expr[:spec]}` inside an f-string; the expression is tokenized on its own.
  private mutating func interpolation(quote: UInt8) -> FStringPart? {
    let open = here()
    advance()  // {
    let exprStart = pos
    let exprLine = line
    let exprColumn = column
    var depth = 0
    var specStart: Int?
    while pos < end {
      let c = bytes[pos]
      if c == UInt8(ascii: "\n") { break }
      if specStart == nil && (c == UInt8(ascii: "\"") || c == UInt8(ascii: "'")) {
        // A string inside the braces, with either quote (as in Python 3.12).
        advance()
        while pos < end, bytes[pos] != c, bytes[pos] != UInt8(ascii: "\n") {
          if bytes[pos] == UInt8(ascii: "\\"), pos + 1 < end { advance() }
          advanceScalar()
        }
        guard pos < end, bytes[pos] == c else { break }
        advance()
        continue
      }
      if specStart == nil {
        if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
          depth += 1
        } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") {
          depth -= 1
        } else if c == UInt8(ascii: "}") {
          if depth == 0 { break }
          depth -= 1
        } else if c == UInt8(ascii: ":"), depth == 0 {
          specStart = pos
        }
      } else if c == UInt8(ascii: "}") {
        break
      }
      advanceScalar()
    }
    guard pos < end, bytes[pos] == UInt8(ascii: "}") else {
      error("unclosed '{' in f-string", open)
      return nil
    }
    let exprEnd = specStart ?? pos
    var spec: String?
    if let s = specStart {
      spec = String(decoding: bytes[(s + 1)..<pos], as: UTF8.self)
    }
    advance()  // }
    var sub = Lexer(bytes: bytes, start: exprStart, end: exprEnd, line: exprLine,
                    column: exprColumn)
    sub.run()
    errors += sub.errors
    let exprSpan = Span(line: exprLine, column: exprColumn,
                        length: max(1, exprEnd - exprStart))
    if sub.tokens.count <= 1 {
      error("empty expression in f-string", open)
    }
    return .expression(tokens: sub.tokens, spec: spec, span: exprSpan)
  }
}
