// The parser: tokens to a syntax tree (Pratt expressions), recovering at statement ends.

struct ParseFailure: Error {
  var message: String
  var span: Span
  var atEnd: Bool
}

public struct Parser {
  /// Deepest nesting of brackets, blocks and operator chains accepted.
  public static let maxDepth = 800
  static let maxErrors = 25

  private var tokens: [Token]
  private var index = 0
  private var depth = 0
  private(set) var errors: [Diagnostic] = []
  private var sawErrorAtEnd = false

  init(tokens: [Token], depth: Int = 0) {
    self.tokens = tokens
    if tokens.last?.kind != .eof {
      let span = tokens.last?.span ?? Span(line: 1, column: 1)
      self.tokens.append(Token(kind: .eof, span: span))
    }
    self.depth = depth
    closer = Parser.matchBrackets(self.tokens)
  }

  /// For each `(` `[` `{` token, the index of its closing token (or -1): lets the parser
  /// look past a parenthesised list in O(1).
  private let closer: [Int]

  private static func matchBrackets(_ tokens: [Token]) -> [Int] {
    var out = [Int](repeating: -1, count: tokens.count)
    var stack: [Int] = []
    for (i, t) in tokens.enumerated() {
      switch t.kind {
      case .lparen, .lbracket, .lbrace: stack.append(i)
      case .rparen, .rbracket, .rbrace: if let o = stack.popLast() { out[o] = i }
      default: break
      }
    }
    return out
  }

  /// Lexes and parses `source`; errors of both phases come back together, in order.
  public static func parse(_ source: String) -> (program: Program, errors: [Diagnostic]) {
    parse(bytes: Array(source.utf8))
  }

  public static func parse(bytes: [UInt8]) -> (program: Program, errors: [Diagnostic]) {
    let (tokens, lexErrors) = Lexer.tokenize(bytes: bytes)
    var parser = Parser(tokens: tokens)
    let program = parser.parseProgram()
    var all = lexErrors + parser.errors
    func key(_ d: Diagnostic) -> (Int, Int) { (d.span?.line ?? 0, d.span?.column ?? 0) }
    all.sort { key($0) < key($1) }
    if !lexErrors.isEmpty {
      // A lex error explains a following parse error at the end of input; keep one story.
      for i in all.indices where all[i].phase == .parse { all[i].isAtEnd = false }
    }
    return (program, all)
  }

  // MARK: - Token access

  private var current: Token { tokens[index] }
  private var kind: TokenKind { tokens[index].kind }

  private func peekKind(_ offset: Int) -> TokenKind {
    let i = index + offset
    return i < tokens.count ? tokens[i].kind : .eof
  }

  @discardableResult
  private mutating func advance() -> Token {
    let t = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return t
  }

  private mutating func match(_ k: TokenKind) -> Bool {
    if kind == k {
      advance()
      return true
    }
    return false
  }

  private func fail(_ message: String, at token: Token? = nil) -> ParseFailure {
    let t = token ?? current
    return ParseFailure(message: message, span: t.span, atEnd: t.kind == .eof)
  }

  private func unexpected(_ what: String) -> ParseFailure {
    fail("expected \(what), found \(kind.quoted)")
  }

  @discardableResult
  private mutating func expect(_ k: TokenKind, _ what: String? = nil) throws -> Token {
    guard kind == k else { throw unexpected(what ?? k.quoted) }
    return advance()
  }

  private mutating func expectClosing(_ k: TokenKind, opener: Token) throws {
    guard kind == k else {
      throw fail("expected \(k.quoted) to close \(opener.kind.quoted) at \(opener.span), "
        + "found \(kind.quoted)")
    }
    advance()
  }

  private mutating func enter() throws {
    depth += 1
    if depth > Parser.maxDepth { throw fail("nesting too deep") }
  }

  private mutating func record(_ failure: ParseFailure) {
    if failure.atEnd {
      if sawErrorAtEnd { return }
      sawErrorAtEnd = true
    }
    guard errors.count < Parser.maxErrors else { return }
    errors.append(Diagnostic(phase: .parse, message: failure.message, span: failure.span,
                             file: nil, isAtEnd: failure.atEnd))
  }

  private mutating func skipNewlines() {
    while kind == .newline || kind == .semicolon { advance() }
  }

  /// Skips to the end of the broken statement: a newline or `;` outside braces, or the `}`
  /// that closes the enclosing block (not consumed).
  private mutating func synchronize() {
    var braces = 0
    while kind != .eof {
      switch kind {
      case .lbrace: braces += 1
      case .rbrace:
        if braces == 0 { return }
        braces -= 1
      case .newline, .semicolon:
        if braces == 0 {
          advance()
          return
        }
      default: break
      }
      advance()
    }
  }

  // MARK: - Statements

  mutating func parseProgram() -> Program {
    var statements: [Stmt] = []
    var endsWithSemicolon = false
    skipNewlines()
    while kind != .eof {
      if errors.count >= Parser.maxErrors { break }
      do {
        if kind == .rbrace { throw fail("unexpected '}'") }
        statements.append(try parseStatement())
        endsWithSemicolon = kind == .semicolon && peekKind(1) == .eof
          || kind == .semicolon && peekKind(1) == .newline && peekKind(2) == .eof
        try endStatement()
      } catch let f as ParseFailure {
        record(f)
        if kind == .rbrace { advance() }
        synchronize()
      } catch {}
      skipNewlines()
    }
    return Program(statements: statements, endsWithSemicolon: endsWithSemicolon)
  }

  private mutating func endStatement() throws {
    switch kind {
    case .newline, .semicolon: advance()
    case .rbrace, .eof: break
    default:
      let before = index > 0 ? tokens[index - 1] : current
      if before.kind == .identifier, let hint = Hints.keywords[before.text] {
        throw fail("expected end of statement, found \(kind.quoted) — \(hint)")
      }
      throw unexpected("end of statement")
    }
  }

  private mutating func parseBlock() throws -> Block {
    if kind == .colon {
      throw fail("expected '{', found ':' — nos blocks are braces: if c { ... }, "
        + "for x in xs { ... }, fn f(x) { ... }")
    }
    let open = try expect(.lbrace, "'{'")
    try enter()
    defer { depth -= 1 }
    var statements: [Stmt] = []
    skipNewlines()
    while kind != .rbrace {
      if kind == .eof {
        throw fail("expected '}' to close '{' at \(open.span), found end of input")
      }
      do {
        statements.append(try parseStatement())
        try endStatement()
      } catch let f as ParseFailure {
        if f.atEnd { throw f }
        record(f)
        synchronize()
      }
      skipNewlines()
    }
    advance()
    return Block(statements: statements, span: open.span)
  }

  private mutating func parseStatement() throws -> Stmt {
    let start = current
    switch kind {
    case .kwFn where peekKind(1) == .identifier:
      advance()
      let nameToken = advance()
      let name = NameDecl(name: nameToken.text, span: nameToken.span)
      let decl = try parseFunctionRest(name: nameToken.text, span: nameToken.span)
      return Stmt(.function(name, decl), start.span)
    case .kwFor: return try parseFor()
    case .kwWhile:
      advance()
      let cond = try parseExpression()
      let body = try parseBlock()
      return Stmt(.whileLoop(cond: cond, body: body), start.span)
    case .kwBreak:
      advance()
      return Stmt(.breakLoop, start.span)
    case .kwContinue:
      advance()
      return Stmt(.continueLoop, start.span)
    case .kwReturn:
      advance()
      switch kind {
      case .newline, .semicolon, .rbrace, .eof: return Stmt(.returnValue(nil), start.span)
      default: return Stmt(.returnValue(try parseExpression()), start.span)
      }
    case .kwIf:
      return Stmt(.expression(try parseIf()), start.span)
    default:
      return try parseSimpleStatement()
    }
  }

  private mutating func parseFor() throws -> Stmt {
    let start = advance()
    var names: [NameDecl] = []
    repeat {
      let t = try expect(.identifier, "a loop variable name")
      names.append(NameDecl(name: t.text, span: t.span))
    } while match(.comma)
    try expect(.kwIn, "'in'")
    let iterable = try parseExpression()
    let body = try parseBlock()
    return Stmt(.forIn(names: names, iterable: iterable, body: body), start.span)
  }

  private mutating func parseSimpleStatement() throws -> Stmt {
    let first = try parseExpression()
    var targets = [first]
    while kind == .comma {
      advance()
      targets.append(try parseExpression())
    }
    let opToken = current
    let compound: [TokenKind: BinaryOp] = [
      .plusAssign: .add, .minusAssign: .sub, .starAssign: .mul, .slashAssign: .div,
    ]
    if kind == .assign {
      advance()
      for t in targets { try checkTarget(t) }
      let value = try parseExpression()
      return Stmt(.assign(targets: targets, value: value), opToken.span)
    }
    if let op = compound[kind] {
      guard targets.count == 1 else { throw fail("cannot use \(kind.quoted) with several targets") }
      advance()
      try checkTarget(first)
      let value = try parseExpression()
      return Stmt(.compound(target: first, op: op, value: value), opToken.span)
    }
    if targets.count > 1 { throw unexpected("'=' after a list of assignment targets") }
    return Stmt(.expression(first), first.span)
  }

  private func checkTarget(_ e: Expr) throws {
    switch e.kind {
    case .name, .index, .field: return
    default: throw ParseFailure(message: "cannot assign to this expression", span: e.span,
                                atEnd: false)
    }
  }

  // MARK: - Functions

  /// Parses `(params) { body }` or `(params) = expr` after `fn name`.
  private mutating func parseFunctionRest(name: String, span: Span) throws -> FunctionDecl {
    let open = try expect(.lparen, "'('")
    let params = try parseParams(open: open)
    if match(.assign) {
      let e = try parseExpression()
      let body = Block(statements: [Stmt(.expression(e), e.span)], span: e.span)
      return FunctionDecl(name: name, params: params, body: body, span: span)
    }
    guard kind == .lbrace else { throw unexpected("'{' or '=' after the parameter list") }
    return FunctionDecl(name: name, params: params, body: try parseBlock(), span: span)
  }

  /// Parses parameters after `(` through `)`.
  private mutating func parseParams(open: Token) throws -> [ParamDecl] {
    var params: [ParamDecl] = []
    while kind != .rparen {
      let t = try expect(.identifier, "a parameter name")
      if params.contains(where: { $0.name == t.text }) {
        throw fail("duplicate parameter '\(t.text)'", at: t)
      }
      var value: Expr?
      if match(.assign) { value = try parseExpression() }
      params.append(ParamDecl(name: t.text, defaultValue: value, span: t.span))
      if !match(.comma) { break }
    }
    try expectClosing(.rparen, opener: open)
    return params
  }

  /// True when the tokens from `index` are `( ... ) ->`.
  private func startsParenLambda() -> Bool {
    guard kind == .lparen, index < closer.count else { return false }
    let close = closer[index]
    return close > 0 && close + 1 < tokens.count && tokens[close + 1].kind == .arrow
  }

  private mutating func parseLambda() throws -> Expr {
    var params: [ParamDecl] = []
    if kind == .identifier {
      let t = advance()
      params = [ParamDecl(name: t.text, defaultValue: nil, span: t.span)]
    } else {
      let open = advance()
      params = try parseParams(open: open)
    }
    let arrow = try expect(.arrow, "'->'")
    try enter()
    defer { depth -= 1 }
    let body: Block
    // `x -> {k: v}` is a record; `x -> { stmts }` a block (no statement starts `name:`).
    let record = kind == .lbrace && peekKind(2) == .colon
      && (peekKind(1) == .identifier || peekKind(1) == .string)
    if kind == .lbrace && !record {
      body = try parseBlock()
    } else {
      let e = try parseExpression()
      body = Block(statements: [Stmt(.expression(e), e.span)], span: e.span)
    }
    let decl = FunctionDecl(name: "<lambda>", params: params, body: body, span: arrow.span)
    return Expr(.function(decl), arrow.span)
  }

  // MARK: - Expressions

  mutating func parseExpression() throws -> Expr {
    if kind == .identifier && peekKind(1) == .arrow || startsParenLambda() {
      return try parseLambda()
    }
    return try parseBinary(0)
  }

  private static func infix(_ k: TokenKind) -> (prec: Int, op: BinaryOp?)? {
    switch k {
    case .kwOr: return (1, nil)
    case .kwAnd: return (2, nil)
    // `|` and `&` sit below the comparisons (unlike Python), so `x > 0 & x < 1` means
    // `(x > 0) & (x < 1)`; `not` (parsed at level 3) covers them.
    case .pipe: return (3, .or)
    case .amp: return (4, .and)
    case .eq: return (comparison, .eq)
    case .ne: return (comparison, .ne)
    case .lt: return (comparison, .lt)
    case .le: return (comparison, .le)
    case .gt: return (comparison, .gt)
    case .ge: return (comparison, .ge)
    case .kwIn: return (comparison, .in)
    case .dotDot, .dotDotEq: return (range, nil)
    case .plus: return (7, .add)
    case .minus: return (7, .sub)
    case .star: return (8, .mul)
    case .slash: return (8, .div)
    case .slashSlash: return (8, .floorDiv)
    case .percent: return (8, .mod)
    case .at: return (8, .matmul)
    case .caret, .starStar: return (power, .pow)
    default: return nil
    }
  }

  private static let comparison = 5, range = 6, unary = 9, power = 10

  private mutating func parseBinary(_ minPrec: Int) throws -> Expr {
    let saved = depth
    defer { depth = saved }
    var left = try parsePrefix()
    while true {
      if kind == .kwNot, peekKind(1) == .kwIn, Parser.comparison >= minPrec {
        left = try parseNotIn(left)
        continue
      }
      guard let (prec, op) = Parser.infix(kind), prec >= minPrec else { break }
      let opToken = advance()
      try enter()
      if opToken.kind == .kwAnd || opToken.kind == .kwOr {
        let right = try parseBinary(prec + 1)
        left = Expr(opToken.kind == .kwAnd ? .and(left, right) : .or(left, right), opToken.span)
      } else if prec == Parser.range {
        let right = try parseBinary(prec + 1)
        left = Expr(.range(left, right, inclusive: opToken.kind == .dotDotEq), opToken.span)
        if let next = Parser.infix(kind), next.prec == Parser.range {
          throw fail("ranges cannot be chained")
        }
      } else if let op = op {
        // `^` is right-associative and its right side may start with a unary sign.
        let right = try parseBinary(op == .pow ? prec : prec + 1)
        left = Expr(.binary(op, left, right), opToken.span)
        if op.isComparison || op == .in, let next = Parser.infix(kind),
          next.prec == Parser.comparison
        {
          throw fail("comparison operators cannot be chained; use 'and'")
        }
      }
    }
    return left
  }

  /// Python's `x not in c`: `not (x in c)`.
  private mutating func parseNotIn(_ left: Expr) throws -> Expr {
    let notToken = advance()
    advance()
    try enter()
    let right = try parseBinary(Parser.comparison + 1)
    let test = Expr(.binary(.in, left, right), notToken.span)
    if let next = Parser.infix(kind), next.prec == Parser.comparison {
      throw fail("comparison operators cannot be chained; use 'and'")
    }
    return Expr(.unary(.not, test), notToken.span)
  }

  private mutating func parsePrefix() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    let t = current
    switch kind {
    case .minus, .plus:
      advance()
      let operand = try parseBinary(Parser.unary)
      if t.kind == .minus, case .number(let v) = operand.kind {
        return Expr(.number(-v), t.span.through(operand.span))
      }
      return Expr(.unary(t.kind == .minus ? .neg : .plus, operand), t.span)
    case .kwNot:
      advance()
      return Expr(.unary(.not, try parseBinary(3)), t.span)
    case .tilde:
      advance()
      return Expr(.unary(.invert, try parseBinary(Parser.unary)), t.span)
    default:
      return try parsePostfix(try parsePrimary())
    }
  }

  private mutating func parsePostfix(_ base: Expr) throws -> Expr {
    var e = base
    let saved = depth
    defer { depth = saved }
    while true {
      switch kind {
      case .lparen:
        try enter()
        let open = advance()
        let args = try parseArguments(open: open)
        var span = open.span
        switch e.kind {
        case .name: span = e.span
        case .field: span = e.span
        default: break
        }
        e = Expr(.call(e, args), span)
      case .lbracket:
        try enter()
        let open = advance()
        let items = try parseIndexItems(open: open)
        e = Expr(.index(e, items), open.span)
      case .dot:
        try enter()
        advance()
        let name = current
        guard name.kind == .identifier || TokenKind.keywords[name.kind.rawValue] != nil else {
          throw unexpected("a field name after '.'")
        }
        advance()
        let text = name.kind == .identifier ? name.text : name.kind.rawValue
        e = Expr(.field(e, text), name.span)
      default:
        return e
      }
    }
  }

  private mutating func parseArguments(open: Token) throws -> [Argument] {
    var args: [Argument] = []
    var sawNamed = false
    while kind != .rparen {
      let t = current
      if kind == .identifier && peekKind(1) == .assign {
        advance()
        advance()
        if args.contains(where: { $0.name == t.text }) {
          throw fail("argument '\(t.text)' given twice", at: t)
        }
        args.append(Argument(name: t.text, value: try parseExpression(), span: t.span))
        sawNamed = true
      } else {
        let value = try parseExpression()
        if sawNamed { throw ParseFailure(message: "positional argument after named argument",
                                         span: value.span, atEnd: false) }
        args.append(Argument(name: nil, value: value, span: value.span))
      }
      if !match(.comma) { break }
    }
    try expectClosing(.rparen, opener: open)
    return args
  }

  private mutating func parseIndexItems(open: Token) throws -> [IndexExpr] {
    var items: [IndexExpr] = []
    repeat {
      if kind == .rbracket && !items.isEmpty { break }
      items.append(try parseIndexItem())
    } while match(.comma)
    try expectClosing(.rbracket, opener: open)
    return items
  }

  private mutating func parseIndexItem() throws -> IndexExpr {
    let start = current.span
    if kind == .dotDot, peekKind(1) == .dot {
      throw fail("nos has no '...' (Ellipsis) index: write every axis, as x[:, :, 0]")
    }
    var first: Expr?
    if kind != .colon { first = try parseExpression() }
    guard kind == .colon, let _ = Optional(advance()) else {
      guard let e = first else { throw unexpected("an index") }
      return .single(e)
    }
    var stop: Expr?
    var step: Expr?
    if kind != .colon && kind != .comma && kind != .rbracket { stop = try parseExpression() }
    if match(.colon), kind != .comma && kind != .rbracket { step = try parseExpression() }
    return .slice(start: first, stop: stop, step: step, span: start)
  }

  private mutating func parsePrimary() throws -> Expr {
    let t = current
    switch kind {
    case .number:
      advance()
      return Expr(.number(t.number), t.span)
    case .string:
      advance()
      return Expr(.string(t.text), t.span)
    case .fstring:
      advance()
      return try parseFString(t)
    case .kwTrue, .kwFalse:
      advance()
      return Expr(.bool(t.kind == .kwTrue), t.span)
    case .kwNil:
      advance()
      return Expr(.nil, t.span)
    case .identifier:
      advance()
      return Expr(.name(t.text), t.span)
    case .lparen:
      advance()
      let e = try parseExpression()
      try expectClosing(.rparen, opener: t)
      return e
    case .lbracket:
      advance()
      var items: [Expr] = []
      while kind != .rbracket {
        items.append(try parseExpression())
        if !match(.comma) { break }
      }
      try expectClosing(.rbracket, opener: t)
      return Expr(.bracket(items), t.span)
    case .lbrace:
      return try parseRecord()
    case .kwIf:
      return try parseIf()
    case .kwFn where peekKind(1) == .lparen:
      advance()
      return Expr(.function(try parseFunctionRest(name: "<fn>", span: t.span)), t.span)
    case .eof:
      throw fail("expected an expression, found end of input")
    default:
      throw unexpected("an expression")
    }
  }

  private mutating func parseRecord() throws -> Expr {
    let open = advance()
    var entries: [RecordEntry] = []
    skipNewlines()
    while kind != .rbrace {
      let key = current
      let name: String
      switch key.kind {
      case .identifier, .string: name = key.text
      default:
        guard TokenKind.keywords[key.kind.rawValue] != nil else {
          throw unexpected("a field name")
        }
        name = key.kind.rawValue
      }
      advance()
      if entries.contains(where: { $0.key == name }) {
        throw fail("duplicate field '\(name)' in record", at: key)
      }
      let value: Expr
      if match(.colon) {
        skipNewlines()
        value = try parseExpression()
      } else if key.kind == .identifier {
        value = Expr(.name(name), key.span)  // `{lr, epochs}` means `{lr: lr, epochs: epochs}`
      } else {
        throw unexpected("':' after a field name")
      }
      entries.append(RecordEntry(key: name, value: value, span: key.span))
      skipNewlines()
      if !match(.comma) { break }
      skipNewlines()
    }
    try expectClosing(.rbrace, opener: open)
    return Expr(.record(entries), open.span)
  }

  private mutating func parseIf() throws -> Expr {
    let start = try expect(.kwIf)
    try enter()
    defer { depth -= 1 }
    let cond = try parseExpression()
    let then = try parseBlock()
    var orElse: Block?
    var lookahead = index
    while tokens[lookahead].kind == .newline { lookahead += 1 }
    if tokens[lookahead].kind == .kwElse {
      index = lookahead
      advance()
      if kind == .kwIf {
        let nested = try parseIf()
        orElse = Block(statements: [Stmt(.expression(nested), nested.span)], span: nested.span)
      } else {
        orElse = try parseBlock()
      }
    }
    return Expr(.ifElse(cond: cond, then: then, orElse: orElse), start.span)
  }

  private mutating func parseFString(_ t: Token) throws -> Expr {
    var segments: [FStringSegment] = []
    for part in t.parts {
      switch part {
      case .literal(let s):
        segments.append(.literal(s))
      case .expression(let tokens, let spec, let span):
        var sub = Parser(tokens: tokens, depth: depth)
        do {
          let e = try sub.parseExpression()
          if sub.kind != .eof { throw sub.unexpected("'}' after the f-string expression") }
          segments.append(.value(e, spec: spec))
        } catch var f as ParseFailure {
          f.atEnd = false
          if f.span.line == 0 { f.span = span }
          throw f
        }
      }
    }
    return Expr(.fstring(segments), t.span)
  }
}
