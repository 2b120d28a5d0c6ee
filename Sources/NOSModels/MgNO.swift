// MgNO (He, Liu & Xu, ICLR 2024): layers of σ(V-cycle(u) + W u + b), the V-cycle learned.
import NOSGrad
import NOSTensor

/// MgNO on [B, C, H, W], the Darcy form of the authors' code (MgNO_DC): `layers` blocks
/// u ← GELU(V(u) + W u + b) (W a 1×1 convolution), then a 1×1 convolution without bias.
/// V is a multigrid V-cycle with learned 3×3 convolutions (no bias):
/// - level 0 starts with u = S f; every further smoothing step is u ← u + S(f − A u);
/// - going down, f ← R f and u ← Π u (3×3, stride 2); `iterations[l] = [pre, post]`;
/// - going up, u_l ← u_l + P(u_{l+1}) (a 4×4 stride-2 transposed convolution), then the
///   post-smoothing steps with level l's f.
/// H and W must divide by 2^(levels − 1). `circular` pads the convolutions periodically
/// (the transposed convolutions pad with zeros, as PyTorch's). Weights: U(±1/√fan_in).
public final class MgNO: Model {
  public let iterations: [[Int]]
  public let width, layers, inChannels, outChannels: Int
  public let circular: Bool
  public let dtype: DType

  public init(iterations: [[Int]] = Array(repeating: [1, 0], count: 5) + [[2, 0]],
              width: Int = 24, layers: Int = 4, inChannels: Int = 1, outChannels: Int = 1,
              circular: Bool = false, dtype: DType = .f64) throws {
    guard !iterations.isEmpty, iterations.count <= 12,
          iterations.allSatisfy({ $0.count == 2 && $0[0] >= 0 && $0[1] >= 0
            && $0[0] <= 64 && $0[1] <= 64 }), iterations[0][0] >= 1 else {
      throw TensorError("mgno: iterations must be 1 to 12 pairs [pre, post] of counts from 0 "
        + "to 64, with at least one pre-smoothing step on level 0, got \(iterations)")
    }
    for (v, what) in [(width, "width"), (layers, "layers"), (inChannels, "in_channels"),
                      (outChannels, "out_channels")] {
      try positive(v, what, "mgno")
    }
    guard !dtype.isComplex else { throw TensorError("mgno: dtype must be f32 or f64") }
    let steps = iterations.reduce(0) { $0 + $1[0] + 2 * $1[1] } + 2 * iterations.count
    let c = max(width, inChannels)
    try ModelBudget.check("mgno", layers: layers,
                          perLayer: [[steps + 2 * iterations.count, c, c, 9]],
                          fixed: [[width, outChannels]], tensorsPerLayer: 4 * steps,
                          dtype: dtype)
    (self.iterations, self.width, self.layers) = (iterations, width, layers)
    (self.inChannels, self.outChannels) = (inChannels, outChannels)
    self.circular = circular
    self.dtype = dtype
  }

  public var kind: String { "mgno" }
  public var arity: Int { 1 }
  public var signature: String {
    "mgno(iterations=\(iterations), width=\(width), layers=\(layers), "
      + "in_channels=\(inChannels), out_channels=\(outChannels)"
      + (circular ? ", padding=\"circular\")" : ")")
  }

  private func weight(_ shape: [Int], fanIn: Int) throws -> Params {
    .tensor(Variable(try Init.kaiming(shape, fanIn: fanIn, dtype: dtype)))
  }
  private func conv3(_ cin: Int, _ cout: Int) throws -> Params {
    try weight([cout, cin, 3, 3], fanIn: cin * 9)
  }

  /// One V-cycle's weights, f having `cf` channels and u `width`.
  private func cycle(_ cf: Int) throws -> Params {
    let cu = width
    var levels: [Params] = []
    for (l, it) in iterations.enumerated() {
      var fields: [(String, Params)] = []
      if l > 0 { fields += [("pi", try conv3(cu, cu)), ("r", try conv3(cf, cf))] }
      let pre: [Params] = try (0..<it[0]).map { i in
        let s = try conv3(cf, cu)
        if l == 0 && i == 0 { return .record([("s", s)]) }
        return .record([("a", try conv3(cu, cf)), ("s", s)])
      }
      let post: [Params] = try (0..<it[1]).map { _ in
        .record([("a", try conv3(cu, cf)), ("s", try conv3(cf, cu))])
      }
      fields += [("pre", .list(pre)), ("post", .list(post))]
      levels.append(.record(fields))
    }
    let up: [Params] = try (1..<iterations.count).map { _ in
      try weight([cu, cu, 4, 4], fanIn: cu * 16)
    }
    return .record([("levels", .list(levels)), ("up", .list(up))])
  }

  public func initialParams() throws -> Params {
    let blocks: [Params] = try (0..<layers).map { i in
      let cf = i == 0 ? inChannels : width
      return .record([("cycle", try cycle(cf)),
                      ("w", try weight([width, cf, 1, 1], fanIn: cf)),
                      ("b", try weight([width], fanIn: cf))])
    }
    return .record([("layers", .list(blocks)),
                    ("out", try weight([outChannels, width, 1, 1], fanIn: width))])
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("mgno: expected one input") }
    var u = try input(inputs[0])
    let f = 1 << (iterations.count - 1)
    guard u.value.ndim == 4, u.shape[1] == inChannels, u.shape[2] >= f, u.shape[3] >= f,
          u.shape[2] % f == 0, u.shape[3] % f == 0 else {
      throw TensorError("mgno: expected an input [B, \(inChannels), H, W] with H and W "
        + "divisible by 2^(levels − 1) = \(f) (\(iterations.count) levels in iterations), got "
        + "\(shapeText(u.shape))")
    }
    for i in 0..<layers {
      let q = try p.field("layers").item(i)
      let local = try conv2d(u, q.tensor("w"), bias: q.tensor("b"), ConvOptions())
      u = try unary(.gelu, add(vcycle(q.field("cycle"), u), local))
    }
    return try conv2d(u, p.tensor("out"), bias: nil, ConvOptions())
  }

  private func conv(_ x: Variable, _ w: Variable, stride: Int = 1) throws -> Variable {
    var o = ConvOptions()
    o.padding = (1, 1)
    o.stride = (stride, stride)
    o.circular = circular
    return try conv2d(x, w, bias: nil, o)
  }

  /// u ← u + S(f − A u) for each step (a step without A starts u = S f).
  private func smooth(_ steps: Params, _ u0: Variable?, _ f: Variable) throws -> Variable? {
    guard case .list(let list) = steps else { return u0 }
    var u = u0
    for s in list {
      let sw = try s.tensor("s")
      if let u1 = u, case .record(let fields) = s, fields.contains(where: { $0.0 == "a" }) {
        u = try add(u1, conv(sub(f, conv(u1, s.tensor("a"))), sw))
      } else {
        u = try conv(f, sw)
      }
    }
    return u
  }

  private func vcycle(_ p: Params, _ f0: Variable) throws -> Variable {
    var us: [Variable] = [], fs: [Variable] = []
    var u: Variable? = nil, f = f0
    for l in 0..<iterations.count {
      let lv = try p.field("levels").item(l)
      if l > 0, let u1 = u {
        f = try conv(f, lv.tensor("r"), stride: 2)
        u = try conv(u1, lv.tensor("pi"), stride: 2)
      }
      u = try smooth(lv.field("pre"), u, f)
      guard let done = u else { throw TensorError("mgno: a level has no smoothing step") }
      us.append(done)
      fs.append(f)
    }
    var o = ConvOptions()
    o.stride = (2, 2)
    o.padding = (1, 1)
    for j in stride(from: iterations.count - 2, through: 0, by: -1) {
      let up = try convTranspose2d(us[j + 1], p.field("up").item(j).leaves[0], bias: nil, o,
                                   outputPadding: (0, 0))
      let post = try smooth(p.field("levels").item(j).field("post"), add(us[j], up), fs[j])
      guard let v = post else { throw TensorError("mgno: empty post-smoothing") }
      us[j] = v
    }
    return us[0]
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    (0..<layers).map { i in
      let cf = i == 0 ? inChannels : width
      return SummaryRow(block: "V-cycle layer \(i + 1)", shape: "[B, \(width), H, W]",
                        parameters: cycleCount(cf) + cf * width + width)
    } + [SummaryRow(block: "output 1x1", shape: "[B, \(outChannels), H, W]",
                    parameters: width * outChannels)]
  }

  /// Weights of one V-cycle by formula: 9·cu·cf per S or A, 9(cu² + cf²) per restriction,
  /// 16·cu² per prolongation.
  func cycleCount(_ cf: Int) -> Int {
    let cu = width
    var n = 0
    for (l, it) in iterations.enumerated() {
      let a = it[0] - (l == 0 ? 1 : 0) + it[1], s = it[0] + it[1]
      n += 9 * cu * cf * (a + s)
      if l > 0 { n += 9 * (cu * cu + cf * cf) }
    }
    return n + (iterations.count - 1) * 16 * cu * cu
  }

  public var parameterCount: Int { summary(.list([])).reduce(0) { $0 + $1.parameters } }
}
