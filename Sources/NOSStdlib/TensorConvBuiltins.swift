// Builtins for the layers of convolutional and attention models: conv1d, conv2d,
// conv_transpose2d, avg_pool, max_pool, interpolate, attention, layer_norm, group_norm.
import NOSGrad
import NOSLang
import NOSTensor

enum TensorConvBuiltins {
  static var all: [Builtin] {
    [conv(1), conv(2), convTranspose, pool(isMax: false), pool(isMax: true), interpolate,
     attention, layerNorm, groupNorm]
  }

  /// A weight for the gradient checks: `shape` filled with linspace(-1, 1).
  static func fixed(_ shape: [Int]) -> String {
    let n = shape.reduce(1, *)
    return "reshape(linspace(-1, 1, \(n)), \(shape.map(String.init).joined(separator: ", ")))"
  }

  private static var convParams: [Param] {
    [Param("x"), Param("weight"), Param("bias", default: .nil), Param("stride", default: 1),
     Param("padding", default: 0), Param("dilation", default: 1), Param("groups", default: 1),
     Param("padding_mode", default: .string("zeros"))]
  }

  static func conv(_ d: Int) -> Builtin {
    let shapes = d == 1 ? "x [N, C, L], weight [O, C/groups, k]" :
      "x [N, C, H, W], weight [O, C/groups, kh, kw]"
    let xs = d == 1 ? [2, 2, 7] : [2, 2, 5, 5], ws = d == 1 ? [3, 2, 3] : [3, 2, 3, 3]
    return Builtin("conv\(d)d", convParams, doc: """
      \(d)-D cross-correlation as PyTorch's conv\(d)d: \(shapes), optional bias [O]. stride, \
      padding and dilation are integers\(d == 2 ? " or [h, w] pairs" : ""); padding_mode \
      "zeros" or "circular" (periodic boundary); groups splits channels into independent \
      blocks. Computed as im2col and one matrix product per group (small grids: one for the \
      batch; f32 with stride 1\(d == 2 ? " or 2" : "") and at most 64 channels: a direct \
      kernel, SPEC §13).
      """, differentiable: true, gradChecks: [
        GradCheck("conv\(d)d(x * x, \(fixed(ws)), stride=2, padding=1)",
                  input: "randn(\(xs.map(String.init).joined(separator: ", ")))"),
        GradCheck("conv\(d)d(\(fixed(xs)), x, padding=1, padding_mode=\"circular\")",
                  input: "randn(\(ws.map(String.init).joined(separator: ", ")))"),
        GradCheck("conv\(d)d(x, \(fixed([4, 1] + ws.dropFirst(2))), groups=2, dilation=2)",
                  input: "randn(\(xs.map(String.init).joined(separator: ", ")))"),
      ]) { a in
      var o = ConvOptions()
      o.stride = try pair(a, 3, d)
      o.padding = try pair(a, 4, d, minimum: 0)
      o.dilation = try pair(a, 5, d)
      o.groups = try a.int(6)
      o.circular = try paddingMode(a, 7)
      let w = try a.variable(1), b = try a.optionalVariable(2)
      let x = try a.floatVariable(0, like: w.dtype)  // integer data takes the weight's dtype
      return wrap(d == 1 ? try conv1d(x, w, bias: b, o) : try conv2d(x, w, bias: b, o))
    }
  }

  static var convTranspose: Builtin {
    Builtin("conv_transpose2d", [Param("x"), Param("weight"), Param("bias", default: .nil),
                                 Param("stride", default: 1), Param("padding", default: 0),
                                 Param("output_padding", default: 0),
                                 Param("groups", default: 1), Param("dilation", default: 1)],
            doc: """
      Transposed 2-D convolution as PyTorch's conv_transpose2d (the gradient of conv2d with \
      respect to its input): x [N, Cin, H, W], weight [Cin, Cout/groups, kh, kw] → \
      [N, Cout, (H−1)·stride − 2·padding + dilation·(kh−1) + output_padding + 1, …]. \
      Upsamples by `stride` in U-Nets and multigrid prolongations.
      """, differentiable: true, gradChecks: [
        GradCheck("conv_transpose2d(x * x, \(fixed([2, 3, 3, 3])), stride=2, padding=1, "
                  + "output_padding=1)", input: "randn(2, 2, 3, 4)"),
        GradCheck("conv_transpose2d(\(fixed([1, 2, 3, 3])), x, stride=2)",
                  input: "randn(2, 3, 2, 2)"),
      ]) { a in
      var o = ConvOptions()
      o.stride = try pair(a, 3, 2)
      o.padding = try pair(a, 4, 2, minimum: 0)
      let outPad = try pair(a, 5, 2, minimum: 0)
      o.groups = try a.int(6)
      o.dilation = try pair(a, 7, 2)
      return wrap(try convTranspose2d(try a.variable(0), try a.variable(1),
                                      bias: try a.optionalVariable(2), o,
                                      outputPadding: outPad))
    }
  }

  static func pool(isMax: Bool) -> Builtin {
    let name = isMax ? "max_pool" : "avg_pool"
    return Builtin(name, [Param("x"), Param("kernel"), Param("stride", default: .nil),
                          Param("padding", default: 0)], doc: """
      \(isMax ? "Maximum" : "Average") over windows of the last axis of x [N, C, L] or the \
      last two of x [N, C, H, W], as PyTorch's \(name)1d/2d: kernel, stride (default: the \
      kernel) and padding are integers or pairs; \(isMax ? "padding counts as −inf; the " +
      "gradient goes to the elements attaining the maximum (split equally on ties)" :
      "zero padding counts in the average (count_include_pad)").
      """, differentiable: true, gradChecks: [
        GradCheck("\(name)(x * x, 2)", input: "randn(2, 3, 4, 6)"),
        GradCheck("\(name)(x, 3, stride=2, padding=1)", input: "randn(2, 2, 7)"),
      ]) { a in
      let x = try a.floatVariable(0)
      let d = x.value.ndim == 3 ? 1 : 2
      let k = try pair(a, 1, d)
      let s = a[2].isNil ? k : try pair(a, 2, d)
      let p = try pair(a, 3, d, minimum: 0)
      let g = ConvGeometry(kernel: k, stride: s, padding: p)
      return wrap(try NOSGrad.pool(x, isMax: isMax, g))
    }
  }

  /// Argument `i` as a (height, width) pair: one integer for both, or a list of `d` (1: the
  /// height is 1). Values must be ≥ `minimum`.
  static func pair(_ a: Arguments, _ i: Int, _ d: Int, minimum: Int = 1) throws -> (Int, Int) {
    let values: [Int]
    if let items = sequenceItems(a[i]) {
      values = try items.map { v in
        guard let x = v.asNumber, let n = Int(exactly: x) else {
          throw a.bad(i, expected: "integer or list of integers")
        }
        return n
      }
      guard values.count == d else {
        throw a.error(i, "expected \(d) integer\(d == 1 ? "" : "s"), got \(values.count)")
      }
    } else {
      values = Array(repeating: try a.int(i), count: d)
    }
    for v in values where v < minimum || v > 1 << 20 {
      throw a.error(i, "must be \(minimum == 0 ? "non-negative" : "positive"), got \(v)")
    }
    return d == 1 ? (minimum == 0 ? 0 : 1, values[0]) : (values[0], values[1])
  }

  static func paddingMode(_ a: Arguments, _ i: Int) throws -> Bool {
    switch try a.string(i) {
    case "zeros": return false
    case "circular": return true
    case let s: throw a.error(i, "padding_mode must be \"zeros\" or \"circular\", got \"\(s)\"")
    }
  }
}
