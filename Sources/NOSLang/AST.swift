// The syntax tree the parser builds: expressions, statements and functions with spans.

/// Binary operators, also passed to host objects (`HostObject.binary`).
public enum BinaryOp: String, Sendable, CaseIterable {
  case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", matmul = "@"
  /// `//`: floor(a / b), as PyTorch's `div(rounding_mode="floor")`.
  case floorDiv = "//"
  /// `&`, `|`: elementwise logical and/or of bool tensors and true/false (NumPy on bools).
  case and = "&", or = "|"
  /// `x in c`: membership in a list, record (keys), string, range or tensor.
  case `in` = "in"
  case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="

  public var isComparison: Bool {
    switch self {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }
}

/// Unary operators, also passed to host objects (`HostObject.unary`).
public enum UnaryOp: String, Sendable {
  case neg = "-", plus = "+", not = "not", invert = "~"
}

public struct Expr {
  public var kind: ExprKind
  public var span: Span

  public init(_ kind: ExprKind, _ span: Span) {
    self.kind = kind
    self.span = span
  }
}

public indirect enum ExprKind {
  case number(Double)
  case string(String)
  case bool(Bool)
  case `nil`
  case fstring([FStringSegment])
  case name(String)
  /// `[a, b, ...]`: a tensor or a list, as the host decides.
  case bracket([Expr])
  case record([RecordEntry])
  case unary(UnaryOp, Expr)
  case binary(BinaryOp, Expr, Expr)
  case and(Expr, Expr)
  case or(Expr, Expr)
  case range(Expr, Expr, inclusive: Bool)
  case call(Expr, [Argument])
  case index(Expr, [IndexExpr])
  case field(Expr, String)
  case ifElse(cond: Expr, then: Block, orElse: Block?)
  case function(FunctionDecl)
}

public enum FStringSegment {
  case literal(String)
  case value(Expr, spec: String?)
}

public struct RecordEntry {
  public var key: String
  public var value: Expr
  public var span: Span
}

public struct Argument {
  /// The name of a named argument (`k=3`), nil for a positional one.
  public var name: String?
  public var value: Expr
  public var span: Span
}

public enum IndexExpr {
  case single(Expr)
  case slice(start: Expr?, stop: Expr?, step: Expr?, span: Span)
}

public struct Block {
  public var statements: [Stmt]
  public var span: Span
}

public struct Stmt {
  public var kind: StmtKind
  public var span: Span

  public init(_ kind: StmtKind, _ span: Span) {
    self.kind = kind
    self.span = span
  }
}

public struct NameDecl {
  public var name: String
  public var span: Span
}

public indirect enum StmtKind {
  case expression(Expr)
  /// `a = e` or `a, b = e`; targets are names, index or field expressions.
  case assign(targets: [Expr], value: Expr)
  case compound(target: Expr, op: BinaryOp, value: Expr)
  case function(NameDecl, FunctionDecl)
  case forIn(names: [NameDecl], iterable: Expr, body: Block)
  case whileLoop(cond: Expr, body: Block)
  case breakLoop
  case continueLoop
  case returnValue(Expr?)
}

public struct ParamDecl {
  public var name: String
  public var defaultValue: Expr?
  public var span: Span
}

/// A function literal (`fn f(x) {}`, `fn f(x) = e`, `x -> e`); a class so the resolver can
/// key its analysis by identity.
public final class FunctionDecl {
  public let name: String
  public let params: [ParamDecl]
  public let body: Block
  public let span: Span

  public init(name: String, params: [ParamDecl], body: Block, span: Span) {
    self.name = name
    self.params = params
    self.body = body
    self.span = span
  }
}

/// A parsed program or REPL cell.
public struct Program {
  public var statements: [Stmt]
  /// True when the input's last statement ended with `;` (the REPL then shows nothing).
  public var endsWithSemicolon: Bool
}
