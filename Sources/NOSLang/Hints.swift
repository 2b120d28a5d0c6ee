// Answers for Python, NumPy, PyTorch and matplotlib spellings that nos writes another way.

enum Hints {
  /// Names a Python user types, with the nos spelling.
  static let names: [String: String] = [
    "None": "nos writes it nil", "True": "nos writes it true", "False": "nos writes it false",
    "shape": "the shape is a property: x.shape", "ndim": "the rank is a property: x.ndim",
    "numel": "the element count is a property: x.size", "size": "x.size is the element count",
    "imshow": "use heatmap(z)", "pcolormesh": "use heatmap(z)", "contourf": "use heatmap(z)",
    "subplots": "use layout(rows, cols, fig...)", "subplot": "use layout(rows, cols, fig...)",
    "np": modules, "numpy": modules, "torch": modules, "plt": modules, "math": modules,
    "scipy": modules, "def": "functions are fn f(x) { ... } or fn f(x) = expr",
    "lambda": "lambdas are x -> x^2 or (a, b) -> a * b", "elif": "write else if",
    "self": "nos has no classes; use records {a: 1} and functions",
    "float": "use f64(x) for a tensor or item(x) for a number",
    "int": "use floor(x), round(x) or item(x); all numbers are floats",
    "array": "use tensor(v) or a literal [1, 2]", "asarray": "use tensor(v)",
    "dict": "records are written {a: 1, b: 2}", "append": "use push(xs, v)",
    "null": "nos writes it nil", "undefined": "nos writes it nil",
  ]
  static let modules = "nos has no modules: call builtins directly (zeros(3), sin(x), plot(y))"

  /// Python statement keywords, answered when they make a statement fail to parse.
  static let keywords: [String: String] = [
    "import": "nos has no imports: every builtin is always there (zeros, sin, plot, fno, ...)",
    "from": "nos has no imports: every builtin is always there (zeros, sin, plot, fno, ...)",
    "def": "functions are fn f(x) { ... } or fn f(x) = expr",
    "lambda": "lambdas are x -> x + 1 or (a, b) -> a * b",
    "elif": "write else if", "class": "nos has no classes; use records and functions",
    "del": "nos has no del; assign nil or a new value", "pass": "an empty block is {}",
  ]

  /// Method names from NumPy/PyTorch, with the nos spelling.
  static let methods: [String: String] = [
    "size": "x.shape gives the sizes, x.size (no parentheses) the element count",
    "numel": "x.size (a property) is the element count", "dim": "x.ndim (a property)",
    "append": "push(xs, v) appends to a list", "numpy": "a nos tensor is already an array",
    "tolist": "a tensor iterates and indexes directly; list(...) makes a list",
    "cpu": "nos runs on the CPU; drop .cpu()", "cuda": "nos runs on the CPU",
    "detach": "tensors outside grad carry no graph; item(x) gives a number",
    "backward": "differentiate with grad(f, x) or value_and_grad(f, x)",
    "float": "x.f32() or x.f64()", "double": "x.f64()",
    "astype": "x.astype(\"f64\"), f32(x), i64(x)",
    "to": "f32(x), f64(x), c128(x)", "view": "x.reshape(...)", "items": "keys(r) and r[k]",
    "get": "r[k], with has(r, k) to test", "copy": "tensors are values: b = a copies",
    "clone": "tensors are values: b = a copies",
  ]

  /// Argument names from NumPy/PyTorch, with the nos spelling.
  static let arguments: [String: String] = [
    "dim": "axis", "keepdim": "keepdims", "axes": "axis", "dims": "axis",
  ]

  /// The message for an undefined name: a Python hint or the closest name in scope.
  static func undefinedName(_ name: String, candidates: [String]) -> String {
    var message = "undefined name '\(name)'"
    if let h = names[name] {
      message += " — \(h)"
    } else if let s = Suggest.closest(to: name, in: candidates),
      editDistance(Array(name), Array(s)) * 3 < name.count
    {
      // Only close matches (under a third of the letters): `nope` does not suggest `pop`.
      message += " — did you mean '\(s)'?"
    }
    return message
  }

  /// Edit distance counting a swap of neighbours as one edit (`myvra` → `myvar` is 1).
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
