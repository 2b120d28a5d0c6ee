// Table-driven gradient check: every differentiable builtin and operator, f64 central
// differences at random points (relative error < 1e-6), second derivatives for smooth ones.
// A builtin listed in Stdlib.differentiable without an entry here fails the suite.
import Foundation
import NOSLang
import NOSStdlib
import NOSTensor
import XCTest

/// One check: `body` is a nos expression in `x` (a tensor made by `input`); `second` also
/// checks the gradient of the gradient.
struct GradEntry {
  let name: String
  let body: String
  let input: String
  var second = true
}

let gradEntries: [GradEntry] = [
  // Elementwise functions.
  .init(name: "abs", body: "abs(x)", input: "randn(3, 4) + 0.1", second: false),
  .init(name: "sqrt", body: "sqrt(x)", input: "rand(3, 4) + 0.5"),
  .init(name: "exp", body: "exp(x)", input: "randn(3, 4)"),
  .init(name: "log", body: "log(x)", input: "rand(3, 4) + 0.5"),
  .init(name: "sin", body: "sin(x)", input: "randn(3, 4)"),
  .init(name: "cos", body: "cos(x)", input: "randn(3, 4)"),
  .init(name: "tan", body: "tan(x)", input: "rand(3, 4) - 0.5"),
  .init(name: "tanh", body: "tanh(x)", input: "randn(3, 4)"),
  .init(name: "sinh", body: "sinh(x)", input: "randn(3, 4)"),
  .init(name: "cosh", body: "cosh(x)", input: "randn(3, 4)"),
  .init(name: "asin", body: "asin(x)", input: "rand(3, 4) - 0.5"),
  .init(name: "acos", body: "acos(x)", input: "rand(3, 4) - 0.5"),
  .init(name: "atan", body: "atan(x)", input: "randn(3, 4)"),
  .init(name: "log1p", body: "log1p(x)", input: "rand(3, 4)"),
  .init(name: "expm1", body: "expm1(x)", input: "randn(3, 4)"),
  .init(name: "erf", body: "erf(x)", input: "randn(3, 4)"),
  .init(name: "relu", body: "relu(x)", input: "randn(3, 4) + 0.05", second: false),
  .init(name: "gelu", body: "gelu(x)", input: "randn(3, 4)"),
  .init(name: "sigmoid", body: "sigmoid(x)", input: "randn(3, 4)"),
  .init(name: "softplus", body: "softplus(x)", input: "randn(3, 4)"),
  .init(name: "sign", body: "sign(x) * x", input: "randn(3, 4) + 0.05", second: false),
  .init(name: "floor", body: "floor(x) * x", input: "randn(3, 4) * 3 + 0.05", second: false),
  .init(name: "ceil", body: "ceil(x) * x", input: "randn(3, 4) * 3 + 0.05", second: false),
  .init(name: "round", body: "round(x) * x", input: "randn(3, 4) * 3 + 0.05", second: false),
  // Complex parts: real inputs made complex inside.
  .init(name: "real", body: "real(exp(c128(x) * [1+0, 2]))", input: "randn(3, 2)"),
  .init(name: "imag", body: "imag(exp(c128(x) * [1+0, 2] * (0.5 + 0)))", input: "randn(3, 2)"),
  .init(name: "conj", body: "conj(c128(x)) * c128(x) * 2", input: "randn(3, 4)"),
  .init(name: "angle", body: "angle(c128(x) + c128(x)^2 * 0)", input: "randn(3, 4) + 2"),
  .init(name: "complex", body: "abs(complex(x, x * x)) + angle(complex(x[0], 1 + x[0] * 0))",
        input: "randn(3, 4)"),
  // Operators.
  .init(name: "+", body: "x + x[0]", input: "randn(3, 4)"),
  .init(name: "-", body: "x[1:] - x[0] - 2", input: "randn(3, 4)"),
  .init(name: "*", body: "x * x[0] * 3", input: "randn(3, 4)"),
  .init(name: "/", body: "x / (x[0] * x[0] + 1)", input: "randn(3, 4)"),
  .init(name: "^", body: "x ^ x[0] + 2 ^ x", input: "rand(3, 4) + 0.5"),
  .init(name: "%", body: "x % 0.7 * x", input: "randn(3, 4) * 2", second: false),
  .init(name: "@", body: "x @ x.T @ x", input: "randn(3, 4)"),
  .init(name: "neg", body: "-x * x", input: "randn(3, 4)"),
  .init(name: "index", body: "concat([flatten(x[1:, ::2] * x[0, 1]), flatten(x[[2, 0, 2]]), x[-1, ::-1]])", input: "randn(3, 4)"),
  .init(name: "setindex", body: "assigned(x)", input: "randn(3, 4)"),
  // Reductions.
  .init(name: "sum", body: "sum(x * x, axis=1) + sum(x)", input: "randn(3, 4)"),
  .init(name: "mean", body: "mean(x * x, axis=0, keepdims=true)", input: "randn(3, 4)"),
  .init(name: "prod", body: "prod(x, axis=1)", input: "rand(3, 4) + 0.5"),
  .init(name: "max", body: "max(x, axis=0) + max(x * x)", input: "randn(3, 4)", second: false),
  .init(name: "min", body: "min(x, axis=1) * min(x)", input: "randn(3, 4)", second: false),
  .init(name: "var", body: "var(x, axis=1) + var(x, ddof=1)", input: "randn(3, 4)"),
  .init(name: "std", body: "std(x, axis=0)", input: "randn(3, 4)"),
  .init(name: "norm", body: "norm(x) + norm(x, axis=1)", input: "randn(3, 4)"),
  .init(name: "cumsum", body: "cumsum(x, axis=1) * x + reshape(cumsum(x), 3, 4)", input: "randn(3, 4)"),
  .init(name: "diff", body: "diff(x * x, n=2)", input: "randn(3, 5)"),
  .init(name: "trapz", body: "trapz(x * x) + trapz(x, x[0])", input: "randn(3, 4)"),
  .init(name: "clip", body: "clip(x, -0.5, 0.7) * x", input: "randn(3, 4)", second: false),
  .init(name: "maximum", body: "maximum(x, x[0] * 0.5) + minimum(x, 0.1)", input: "randn(3, 4)", second: false),
  .init(name: "minimum", body: "minimum(x * x, x[1])", input: "randn(3, 4)", second: false),
  // Dtype conversions.
  .init(name: "f32", body: "f64(f32(x)) * 0 + x * x", input: "randn(3, 4)"),
  .init(name: "f64", body: "f64(x) * x", input: "randn(3, 4)"),
  .init(name: "c64", body: "real(c128(c64(x)) * 0) + x * x", input: "randn(3, 4)"),
  .init(name: "c128", body: "abs(c128(x) * (1 + 0)) * x", input: "randn(3, 4) + 0.1", second: false),
  // Shapes.
  .init(name: "reshape", body: "reshape(x, 4, 3) @ x", input: "randn(3, 4)"),
  .init(name: "flatten", body: "flatten(x) * flatten(x.T)", input: "randn(3, 4)"),
  .init(name: "permute", body: "permute(x, 1, 0) * x.T", input: "randn(3, 4)"),
  .init(name: "transpose", body: "transpose(x) @ x", input: "randn(3, 4)"),
  .init(name: "squeeze", body: "squeeze(x[:1]) * x[0]", input: "randn(3, 4)"),
  .init(name: "unsqueeze", body: "unsqueeze(x, 1) * x", input: "randn(3, 4)"),
  .init(name: "concat", body: "concat([x, x * x], axis=1)", input: "randn(3, 4)"),
  .init(name: "stack", body: "stack([x, sin(x)], axis=2)", input: "randn(3, 4)"),
  .init(name: "where", body: "where(x > 0, x * x, sin(x))", input: "randn(3, 4)"),
  // Staples (issue 25 item 10): distinct random values keep sort orders fixed nearby.
  .init(name: "sort", body: "sort(x, axis=0) * reshape(arange(12), 3, 4)", input: "randn(3, 4)"),
  .init(name: "topk", body: "topk(x, 2)[0] * x[:, 0:2]", input: "randn(3, 4)"),
  .init(name: "median", body: "median(x * x, axis=1) + median(x)", input: "randn(3, 4)"),
  .init(name: "quantile", body: "quantile(x, [0.3, 0.9], axis=0) * x[0:2]",
        input: "randn(3, 4)"),
  .init(name: "flip", body: "flip(x, axis=1) * x", input: "randn(3, 4)"),
  .init(name: "roll", body: "roll(x, [1, -1], axis=[0, 1]) * x", input: "randn(3, 4)"),
  .init(name: "log10", body: "log10(x)", input: "rand(3, 4) + 0.5"),
  .init(name: "log2", body: "log2(x)", input: "rand(3, 4) + 0.5"),
  .init(name: "softmax", body: "softmax(x, axis=0) * x", input: "randn(3, 4)"),
  .init(name: "logsumexp", body: "logsumexp(x, axis=1, keepdims=true) * x",
        input: "randn(3, 4)"),
  .init(name: "**", body: "x ** 3 + 2 ** x", input: "randn(3, 4)"),
  // Products, transforms, solves.
  .init(name: "matmul", body: "matmul(x, x.T) + matmul(x[0], x.T)", input: "randn(3, 4)"),
  .init(name: "einsum", body: "sum(einsum(\"ij,kj->ik\", x, x) * 1.5) + einsum(\"ij->j\", x * x)", input: "randn(3, 4)"),
  .init(name: "solve", body: "solve(x @ x.T + eye(3), x)", input: "randn(3, 4)"),
  .init(name: "inv", body: "inv(x @ x.T + eye(3))", input: "randn(3, 4)"),
  .init(name: "det", body: "det(x @ x.T + eye(3))", input: "randn(3, 4)"),
  .init(name: "fft", body: "concat([abs(fft(x)), real(fft(x, n=6))], axis=1)", input: "randn(3, 4)", second: false),
  .init(name: "ifft", body: "concat([imag(ifft(x * x)), real(ifft(x, n=3))], axis=1)", input: "randn(3, 4)"),
  .init(name: "rfft", body: "real(rfft(x) * [1, 2+0, 3]) + imag(rfft(x, n=5))", input: "randn(3, 4)"),
  .init(name: "irfft", body: "concat([irfft(rfft(x) * [1, 2, 3]), irfft(c128(x), n=5)], axis=1)", input: "randn(3, 4)"),
  .init(name: "fft2", body: "real(fft2(x) * fft2(x))", input: "randn(2, 3, 4)"),
  .init(name: "ifft2", body: "imag(ifft2(x * x, s=[4, 4]))", input: "randn(2, 3, 4)"),
  .init(name: "rfft2", body: "real(rfft2(x) ^ 2) + imag(rfft2(x, s=[3, 5]))", input: "randn(2, 3, 4)"),
  .init(name: "irfft2", body: "concat([irfft2(rfft2(x) * 1.5, s=[3, 4]) * x, irfft2(c128(x))], axis=2)", input: "randn(2, 3, 4)"),
  // Decompositions (losses independent of the signs of singular vectors and eigenvectors).
  .init(name: "svd", body: "concat([svd(x)[1], flatten(svd(x, full_matrices=false)[2] ^ 2), flatten(svd(x.T, full_matrices=false)[0] ^ 2)])", input: "randn(3, 4)"),
  .init(name: "eigh", body: "concat([eigh(x @ x.T + eye(3))[0], flatten(eigh(x @ x.T, UPLO=\"U\")[1] ^ 2)])", input: "randn(3, 4)"),
  .init(name: "qr", body: "concat([flatten(qr(x.T)[0]), flatten(qr(x.T)[1])])", input: "randn(3, 4)"),
  .init(name: "cholesky", body: "cholesky(x @ x.T + eye(3))", input: "randn(3, 4)"),
  .init(name: "lstsq", body: "concat([lstsq(x.T, x[0] * 2 + 1)[0], lstsq(x.T, x[1])[1], flatten(lstsq(x.T, sin(x.T[:, :2]))[0])])", input: "randn(3, 4)"),
  .init(name: "pinv", body: "pinv(x) + pinv(x.T).T", input: "randn(3, 4)"),
  .init(name: "norm", body: "norm(x, 3, axis=1) + norm(x, inf, axis=0)[0] + norm(x, -inf, axis=1) + norm(x, \"nuc\") + norm(x, 2) + norm(x, -2) + norm(x, 1) + norm(x, -inf) + norm(x, 0.5, axis=1)", input: "randn(3, 4)"),
  // Losses (both arguments depend on x).
  .init(name: "mse", body: "mse(x * x, sin(x)) + mse(x, 0.5) + mse(c128(x) * sqrt(c128(-1)) + x, c128(x[::-1] * x))", input: "randn(3, 4)"),
  .init(name: "rel_l2", body: "rel_l2(x * x + 1, cos(x) + 2) + rel_l2(x[0], exp(x[1]))", input: "randn(3, 4)"),
  .init(name: "h1", body: "h1(reshape(x * x, 3, 1, 4), reshape(sin(x) + 2, 3, 1, 4)) + h1(reshape(x, 1, 1, 3, 4), reshape(cos(x) + 1, 1, 1, 3, 4))", input: "randn(3, 4)"),
  .init(name: "odeint", body: "odeint((t, y) -> -x[0] * y + 0.3 * sin(t) * x[1] * y * y, x[2], [0, 0.5, 1], method=\"rk4\", step=0.1) + odeint((t, y) -> -x[0] * y + 0.3 * sin(t) * x[1] * y * y, x[2], [0, 0.7], rtol=1e-12, atol=1e-14)[-1]", input: "randn(3, 4)"),
]

final class GradCheckTests: XCTestCase {
  func testEveryDifferentiableBuiltinHasAnEntry() {
    let covered = Set(gradEntries.map(\.name))
    for name in Stdlib.differentiable.sorted() where !covered.contains(name) {
      XCTFail("'\(name)' is registered as differentiable but has no gradient check entry")
    }
  }

  func testGradientsMatchFiniteDifferences() throws {
    for e in gradEntries {
      try check(e, order: 1)
      if e.second { try check(e, order: 2) }
    }
  }

  /// Compares nos's gradient of a weighted sum of the entry with central differences.
  private func check(_ e: GradEntry, order: Int) throws {
    let out = BufferOutput()
    let s = Stdlib.session(output: out)
    let weights = """
      fn wsum(y) { w = reshape(cos(arange(y.size)) + 1.5, y.shape); real(sum(y * w)) + imag(sum(y * w)) * 0.3 }
      fn assigned(x) { y = x * 1; y[0, 1:3] = x[1, :2] * 2; y * x }
      """
    let first = "fn f(x) = wsum(\(e.body))"
    let f = order == 1 ? "f" : "h"
    try s.run(source: "seed(7)\n\(weights)\n\(first)\nx0 = \(e.input)\nv = randn(x0.shape)\nfn h(x) = sum(grad(f, x) * v)")
    guard case .host(let hx as TensorValue)? = s.global("x0"), let fn = s.global(f) else {
      return XCTFail("\(e.name): setup failed")
    }
    let x0 = hx.tensor
    let analytic: Value?
    do { analytic = try s.run(source: "grad(\(f), x0)") } catch {
      return XCTFail("\(e.name) (order \(order)): \(error)")
    }
    guard case .host(let ga as TensorValue)? = analytic else { return XCTFail("\(e.name): grad gave \(String(describing: analytic))") }
    let g = ga.tensor.toArray()
    let base = x0.toArray()
    let h = 1e-6
    var worst = 0.0
    for i in base.indices {
      var plus = base, minus = base
      plus[i] += h
      minus[i] -= h
      guard let fp = try? value(fn, plus, x0.shape, s), let fm = try? value(fn, minus, x0.shape, s) else {
        return XCTFail("\(e.name) (order \(order)): evaluating the function failed")
      }
      let numeric = (fp - fm) / (2 * h)
      let err = abs(numeric - g[i]) / max(1, abs(numeric))
      worst = max(worst, err)
    }
    let tol = order == 1 ? 1e-6 : 1e-5
    XCTAssertLessThan(worst, tol, "\(e.name) (order \(order)): relative error \(worst)")
  }

  private func value(_ f: Value, _ x: [Double], _ shape: [Int], _ s: Session) throws -> Double {
    let t = try Tensor(x, shape: shape)
    let r = try s.interpreter.call(f, [.host(TensorValue(t))])
    switch r {
    case .number(let v): return v
    case .host(let h as TensorValue): return try h.tensor.item()
    default: throw TensorError("not a number")
    }
  }
}
