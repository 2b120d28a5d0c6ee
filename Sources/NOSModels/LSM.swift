// Latent Spectral Models (Wu, Hu, Luo, Wang & Long, ICML 2023): a U-Net of neural spectral blocks.
import NOSGrad
import NOSTensor

/// LSM on [B, C, H, W], the form of the authors' LSM_2D:
/// 1. append grid channels (linspace(0, 1) along H, then W) and lift pointwise to `width`;
/// 2. pad H and W at the end with zeros (`padding`, or by default up to the next multiple of
///    2^levels·patch) so every scale divides by the patch sizes;
/// 3. a U-Net with bilinear upsampling: a double block (3×3 conv without bias, norm, ReLU)
///    ×2, then `levels` times 2×2 max pooling and a double block (channels width·2^i, the
///    deepest width·2^(levels−1)); going up, ×2 bilinear upsampling (align_corners), the
///    skip concatenated after it and a double block halving the channels (the last keeps
///    `width`). Every skip and the deepest output pass through a neural spectral block
///    (`LSMBlock`, `tokens` latent tokens, `basis` sin/cos bases, `patches` patch sizes);
/// 4. a 1×1 convolution, crop the padding, then pointwise width → 128 → out with GELU.
/// The norm is BatchNorm's per-channel affine normalisation taken over each sample's own
/// points (instance statistics, eps 1e-5): nos models carry no running statistics, so a
/// prediction never depends on the rest of the batch; the parameter count is BatchNorm's.
public final class LSM: Model {
  public let inChannels, outChannels, width, tokens, basis, levels: Int
  public let patches: [Int]
  /// Zeros appended at the end of H and W; nil pads to the next multiple (see above).
  public let padding: [Int]?
  public let dtype: DType
  static let proj = 128

  public init(inChannels: Int = 1, outChannels: Int = 1, width: Int = 64, tokens: Int = 4,
              basis: Int = 12, patches: [Int] = [3, 3], levels: Int = 4, padding: [Int]? = nil,
              dtype: DType = .f64) throws {
    for (v, what) in [(inChannels, "in_channels"), (outChannels, "out_channels"),
                      (width, "width"), (tokens, "tokens"), (basis, "basis"), (levels, "levels")] {
      try positive(v, what, "lsm")
    }
    guard width % LSMBlock.heads == 0, width <= 1 << 12, levels <= 8 else {
      throw TensorError("lsm: width must be a multiple of 8 (8 attention heads) up to 4096 "
        + "and levels at most 8, got width=\(width), levels=\(levels)")
    }
    guard patches.count == 2, patches.allSatisfy({ $0 >= 1 && $0 <= 1 << 12 }) else {
      throw TensorError("lsm: patches must be two patch sizes [ph, pw] from 1 to 4096, got "
        + "\(patches)")
    }
    if let pad = padding, pad.count != 2 || !pad.allSatisfy({ $0 >= 0 && $0 <= 1 << 16 }) {
      throw TensorError("lsm: padding must be two counts [ph, pw] from 0 to 65536, got \(pad)")
    }
    guard tokens <= 1 << 16, basis <= 1 << 16, inChannels <= 1 << 16, outChannels <= 1 << 16
    else { throw TensorError("lsm: tokens, basis and channels must be at most 65536") }
    guard !dtype.isComplex else { throw TensorError("lsm: dtype must be f32 or f64") }
    let shapes = (0...levels).flatMap { i -> [[Int]] in
      let c = width << min(i, levels - 1)
      return [[4 * c, c, 9], [3 * c, c], [c, tokens + 2 * basis]]
    }
    try ModelBudget.check("lsm", layers: 1, perLayer: [], fixed: shapes,
                          tensorsPerLayer: 20 * (levels + 1), dtype: dtype)
    (self.inChannels, self.outChannels, self.width) = (inChannels, outChannels, width)
    (self.tokens, self.basis, self.levels) = (tokens, basis, levels)
    (self.patches, self.padding, self.dtype) = (patches, padding, dtype)
  }

  public var kind: String { "lsm" }
  public var arity: Int { 1 }
  public var signature: String {
    "lsm(in_channels=\(inChannels), out_channels=\(outChannels), width=\(width), "
      + "tokens=\(tokens), basis=\(basis), patches=\(shapeText(patches)), levels=\(levels)"
      + (padding.map { ", padding=\(shapeText($0))" } ?? "") + ")"
  }

  /// Channels of encoder level i (0...levels; the deepest repeats the one above it).
  func channels(_ i: Int) -> Int { width << min(i, levels - 1) }
  /// Output channels of the decoder block of level i.
  func decoderOut(_ i: Int) -> Int { i == 0 ? width : channels(i) / 2 }

  private func conv3(_ cin: Int, _ cout: Int) throws -> Params {
    .tensor(Variable(try Init.kaiming([cout, cin, 3, 3], fanIn: cin * 9, dtype: dtype)))
  }

  /// (3×3 conv cin → mid, norm, ReLU, 3×3 conv mid → cout, norm, ReLU).
  private func double(_ cin: Int, _ mid: Int, _ cout: Int) throws -> Params {
    .record([("c1", try conv3(cin, mid)), ("n1", try ConvLayers.norm(mid, dtype)),
             ("c2", try conv3(mid, cout)), ("n2", try ConvLayers.norm(cout, dtype))])
  }

  public func initialParams() throws -> Params {
    let lift = try Dense.kaiming(inChannels + 2, width, dtype)
    let enc: [Params] = try (0...levels).map { i in
      try double(i == 0 ? width : channels(i - 1), channels(i), channels(i))
    }
    let dec: [Params] = try (0..<levels).map { i in
      try double(2 * channels(i), channels(i), decoderOut(i))
    }
    let blocks: [Params] = try (0...levels).map { i in
      try LSMBlock.params(channels(i), tokens: tokens, basis: basis, dtype)
    }
    return .record([("lift", lift), ("enc", .list(enc)), ("dec", .list(dec)),
                    ("spectral", .list(blocks)),
                    ("out", try ConvLayers.conv(width, width, 1, dtype)),
                    ("fc1", try Dense.kaiming(width, LSM.proj, dtype)),
                    ("fc2", try Dense.kaiming(LSM.proj, outChannels, dtype))])
  }

  static func applyDouble(_ p: Params, _ x: Variable) throws -> Variable {
    var o = ConvOptions()
    o.padding = (1, 1)
    var h = x
    for (c, n) in [("c1", "n1"), ("c2", "n2")] {
      let np = try p.field(n)
      h = try conv2d(h, p.tensor(c), bias: nil, o)
      h = try groupNorm(h, groups: h.shape[1], weight: np.tensor("g"), bias: np.tensor("b"),
                        eps: 1e-5)
      h = try unary(.relu, h)
    }
    return h
  }

  /// The zeros appended to H and W for an input of spatial size [h, w].
  public func pads(_ h: Int, _ w: Int) -> [Int] {
    if let p = padding { return p }
    let f = patches.map { $0 << levels }
    return [(f[0] - h % f[0]) % f[0], (f[1] - w % f[1]) % f[1]]
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("lsm: expected one input") }
    let x = try input(inputs[0])
    guard x.value.ndim == 4, x.shape[1] == inChannels, x.shape[2] > 0, x.shape[3] > 0 else {
      throw TensorError("lsm: expected an input [B, \(inChannels), H, W] (in_channels="
        + "\(inChannels)), got \(shapeText(x.shape))")
    }
    let (h, w) = (x.shape[2], x.shape[3])
    let pad = pads(h, w), f = patches.map { $0 << levels }
    guard (h + pad[0]) % f[0] == 0, (w + pad[1]) % f[1] == 0 else {
      throw TensorError("lsm: the input's H × W = \(h) × \(w) padded by \(shapeText(pad)) must "
        + "divide by 2^levels·patches = \(shapeText(f)) (levels=\(levels), patches="
        + "\(shapeText(patches)))")
    }
    var y = try Dense.channels(p.field("lift"), concat([x, grid(x.shape)], axis: 1))
    y = try padEnd(y, pad)
    y = try unet(p, y)
    let o = try p.field("out")
    y = try conv2d(y, o.tensor("w"), bias: o.tensor("b"), ConvOptions())
    if pad != [0, 0] {
      y = try getIndex(y, [.all, .all, .slice(start: 0, stop: h, step: 1),
                           .slice(start: 0, stop: w, step: 1)])
    }
    y = try unary(.gelu, Dense.channels(p.field("fc1"), y))
    return try Dense.channels(p.field("fc2"), y)
  }

  private func unet(_ p: Params, _ x: Variable) throws -> Variable {
    var skips: [Variable] = []
    var h = try LSM.applyDouble(p.field("enc").item(0), x)
    for i in 0...levels {
      if i > 0 {
        h = try pool(h, isMax: true, ConvGeometry(kernel: (2, 2), stride: (2, 2)))
        h = try LSM.applyDouble(p.field("enc").item(i), h)
      }
      skips.append(try LSMBlock.apply(p.field("spectral").item(i), h, patches: patches))
    }
    h = skips[levels]
    for i in stride(from: levels - 1, through: 0, by: -1) {
      let up = try interpolate(h, size: [2 * h.shape[2], 2 * h.shape[3]], mode: .bilinear,
                               alignCorners: true)
      h = try LSM.applyDouble(p.field("dec").item(i), concat([skips[i], up], axis: 1))
    }
    return h
  }

  /// Zeros appended at the end of the last two axes.
  private func padEnd(_ x: Variable, _ pad: [Int]) throws -> Variable {
    var y = x
    for (axis, n) in [(2, pad[0]), (3, pad[1])] where n > 0 {
      var side = y.shape
      side[axis] = n
      y = try concat([y, Variable(try Tensor.zeros(side, dtype: dtype))], axis: axis)
    }
    return y
  }

  /// [B, 2, H, W]: linspace(0, 1, H) along H, then linspace(0, 1, W) along W.
  private func grid(_ s: [Int]) throws -> Variable {
    let (h, w) = (s[2], s[3])
    func lin(_ i: Int, _ n: Int) -> Double { n > 1 ? Double(i) / Double(n - 1) : 0 }
    var v = [Double](repeating: 0, count: 2 * h * w)
    for i in 0..<h {
      for j in 0..<w { (v[i * w + j], v[h * w + i * w + j]) = (lin(i, h), lin(j, w)) }
    }
    let g = try Tensor(v, shape: [1, 2, h, w], dtype: dtype)
    return try broadcast(Variable(g), to: [s[0], 2, h, w])
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    let sb = { (c: Int) in LSMBlock.count(c, tokens: self.tokens, basis: self.basis) }
    let dc = { (a: Int, m: Int, b: Int) in 9 * a * m + 2 * m + 9 * m * b + 2 * b }
    var rows = [SummaryRow(block: "lift", shape: "[B, \(width), H, W]",
                           parameters: Dense.count(inChannels + 2, width))]
    for i in 0...levels {
      let cin = i == 0 ? width : channels(i - 1), c = channels(i)
      rows.append(SummaryRow(block: "encoder \(i) + spectral", shape: "[B, \(c), H/\(1 << i), "
        + "W/\(1 << i)]", parameters: dc(cin, c, c) + sb(c)))
    }
    for i in stride(from: levels - 1, through: 0, by: -1) {
      rows.append(SummaryRow(block: "decoder \(i)", shape: "[B, \(decoderOut(i)), H/\(1 << i), "
        + "W/\(1 << i)]", parameters: dc(2 * channels(i), channels(i), decoderOut(i))))
    }
    rows.append(SummaryRow(block: "1x1 + head", shape: "[B, \(outChannels), H, W]",
                           parameters: width * width + width + Dense.count(width, LSM.proj)
                             + Dense.count(LSM.proj, outChannels)))
    return rows
  }

  /// The parameter count by formula.
  public var parameterCount: Int { summary(.list([])).reduce(0) { $0 + $1.parameters } }
}
