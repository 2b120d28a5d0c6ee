// The operators declared like builtins: symbol, how it is written, doc and gradient checks.
// The interpreter implements them; the reference and the gradient-check suite read these.
import NOSLang

/// One operator: `symbol` (the name gradient checks and the reference use), `form` as
/// written, a doc line, and the gradient checks when it is differentiable.
public struct OperatorDecl: Sendable {
  public let symbol: String
  public let form: String
  public let doc: String
  public let differentiable: Bool
  public let gradChecks: [GradCheck]

  public init(symbol: String, form: String, doc: String, differentiable: Bool,
              gradChecks: [GradCheck]) {
    self.symbol = symbol
    self.form = form
    self.doc = doc
    self.differentiable = differentiable
    self.gradChecks = gradChecks
  }
}

extension Stdlib {
  /// Every operator, in the order the reference lists them.
  public static let operators: [OperatorDecl] = [
    OperatorDecl(symbol: "+", form: "a + b",
                 doc: "Addition, broadcasting (NumPy rules); lists of numbers become tensors.",
                 differentiable: true, gradChecks: [
                   GradCheck("x + x[0]"),
                 ]),
    OperatorDecl(symbol: "-", form: "a - b",
                 doc: "Subtraction, broadcasting.",
                 differentiable: true, gradChecks: [
                   GradCheck("x[1:] - x[0] - 2"),
                 ]),
    OperatorDecl(symbol: "*", form: "a * b",
                 doc: "Elementwise product, broadcasting (matrix product is `@`).",
                 differentiable: true, gradChecks: [
                   GradCheck("x * x[0] * 3"),
                 ]),
    OperatorDecl(symbol: "/", form: "a / b",
                 doc: "True division, broadcasting.",
                 differentiable: true, gradChecks: [
                   GradCheck("x / (x[0] * x[0] + 1)"),
                 ]),
    OperatorDecl(symbol: "//", form: "a // b",
                 doc: "Floor division floor(a / b), as PyTorch's rounding_mode=\"floor\".",
                 differentiable: false, gradChecks: []),
    OperatorDecl(symbol: "%", form: "a % b",
                 doc: "Remainder with the sign of b (Python's and NumPy's mod).",
                 differentiable: true, gradChecks: [
                   GradCheck("x % 0.7 * x", input: "randn(3, 4) * 2", second: false),
                 ]),
    OperatorDecl(symbol: "^", form: "a ^ b",
                 doc: "Power, right-associative (`**` is the same operator).",
                 differentiable: true, gradChecks: [
                   GradCheck("x ^ x[0] + 2 ^ x", input: "rand(3, 4) + 0.5"),
                 ]),
    OperatorDecl(symbol: "**", form: "a ** b",
                 doc: "A synonym of `^`.",
                 differentiable: true, gradChecks: [
                   GradCheck("x ** 3 + 2 ** x"),
                 ]),
    OperatorDecl(symbol: "@", form: "a @ b",
                 doc: "Matrix product (matmul), batched over leading axes.",
                 differentiable: true, gradChecks: [
                   GradCheck("x @ x.T @ x"),
                 ]),
    OperatorDecl(symbol: "neg", form: "-a",
                 doc: "Negation.",
                 differentiable: true, gradChecks: [
                   GradCheck("-x * x"),
                 ]),
    OperatorDecl(symbol: "index", form: "x[i, a:b, idx]",
                 doc: "Indexing and slicing: integers, slices, index tensors, bool masks.",
                 differentiable: true, gradChecks: [
                   GradCheck("concat([flatten(x[1:, ::2] * x[0, 1]), flatten(x[[2, 0, 2]]), x[-1, "
                             + "::-1]])"),
                 ]),
    OperatorDecl(symbol: "setindex", form: "x[i] = v",
                 doc: "Assignment into a copy of x (tensors are values): `x[0, 1:3] = v`.",
                 differentiable: true, gradChecks: [
                   GradCheck("assigned(x)"),
                 ]),
    OperatorDecl(symbol: "==", form: "a == b",
                 doc: "Elementwise comparisons `== != < <= > >=`: a bool tensor (no gradient).",
                 differentiable: false, gradChecks: []),
    OperatorDecl(symbol: "&", form: "a & b",
                 doc: "Elementwise logical and/or of bool tensors (`&`, `|`); `~x` is logical not.",
                 differentiable: false, gradChecks: []),
    OperatorDecl(symbol: "in", form: "v in c",
                 doc: "Membership in a list, record (keys), string, range or tensor.",
                 differentiable: false, gradChecks: []),
  ]
}
