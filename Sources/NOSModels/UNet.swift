// The standard 2-D U-Net baseline (Ronneberger et al. 2015, as in PDEArena and PDEBench).
import NOSGrad
import NOSTensor

/// U-Net on [B, in, H, W]: `levels` encoder blocks (two 3×3 convolutions, each followed by
/// group norm and GELU) with 2×2 max pooling between them, a bottleneck block, then per
/// level a 2×2 stride-2 transposed convolution, concatenation with the encoder's output
/// and a decoder block; a 1×1 convolution gives `out` channels. Level i has width·2^i
/// channels. H and W must divide by 2^levels. Weights: PyTorch's default U(±1/√fan_in);
/// norms start at weight 1, bias 0. `circular` pads the 3×3 convolutions periodically.
public final class UNet: Model {
  public let inChannels, outChannels, width, levels: Int
  public let circular: Bool
  public let dtype: DType

  public init(inChannels: Int = 1, outChannels: Int = 1, width: Int = 32, levels: Int = 4,
              circular: Bool = false, dtype: DType = .f64) throws {
    for (v, what) in [(inChannels, "in_channels"), (outChannels, "out_channels"),
                      (width, "width"), (levels, "levels")] {
      try positive(v, what, "unet")
    }
    guard levels <= 8, width <= 1 << 12, inChannels <= 1 << 16, outChannels <= 1 << 16 else {
      throw TensorError("unet: levels must be at most 8 and width at most 4096, got "
        + "levels=\(levels), width=\(width)")
    }
    guard !dtype.isComplex else { throw TensorError("unet: dtype must be f32 or f64") }
    // The largest block has (width·2^levels)²·9 weights: checked before anything is built.
    let total = (0...levels).flatMap { i -> [[Int]] in
      let c = width << i, prev = i == 0 ? inChannels : width << (i - 1)
      return [[prev + c, c, 9], [2 * c, c, 9]]
    }
    try ModelBudget.check("unet", layers: 1, perLayer: [], fixed: total,
                          tensorsPerLayer: 16 * levels, dtype: dtype)
    (self.inChannels, self.outChannels, self.width, self.levels) =
      (inChannels, outChannels, width, levels)
    self.circular = circular
    self.dtype = dtype
  }

  public var kind: String { "unet" }
  public var arity: Int { 1 }
  public var signature: String {
    "unet(in_channels=\(inChannels), out_channels=\(outChannels), width=\(width), "
      + "levels=\(levels)\(circular ? ", padding=\"circular\"" : ""))"
  }

  /// Channels of level i (i = levels is the bottleneck).
  func channels(_ i: Int) -> Int { width << i }

  public func initialParams() throws -> Params {
    var enc: [Params] = [], up: [Params] = [], dec: [Params] = []
    for i in 0..<levels {
      enc.append(try ConvLayers.block(i == 0 ? inChannels : channels(i - 1), channels(i), dtype))
    }
    let mid = try ConvLayers.block(channels(levels - 1), channels(levels), dtype)
    for i in 0..<levels {
      up.append(try ConvLayers.conv(channels(i + 1), channels(i), 2, dtype, transposed: true))
      dec.append(try ConvLayers.block(2 * channels(i), channels(i), dtype))
    }
    return .record([("enc", .list(enc)), ("mid", mid), ("up", .list(up)), ("dec", .list(dec)),
                    ("out", try ConvLayers.conv(width, outChannels, 1, dtype))])
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("unet: expected one input") }
    let x = try input(inputs[0])
    let f = 1 << levels
    guard x.value.ndim == 4, x.shape[1] == inChannels, x.shape[2] % f == 0,
          x.shape[3] % f == 0, x.shape[2] > 0, x.shape[3] > 0 else {
      throw TensorError("unet: expected an input [B, \(inChannels), H, W] with H and W "
        + "divisible by 2^levels = \(f) (levels=\(levels)), got \(shapeText(x.shape))")
    }
    var h = x, skips: [Variable] = []
    for i in 0..<levels {
      h = try ConvLayers.applyBlock(p.field("enc").item(i), h, circular: circular)
      skips.append(h)
      h = try pool(h, isMax: true, ConvGeometry(kernel: (2, 2), stride: (2, 2)))
    }
    h = try ConvLayers.applyBlock(p.field("mid"), h, circular: circular)
    for i in stride(from: levels - 1, through: 0, by: -1) {
      let u = try p.field("up").item(i)
      var o = ConvOptions()
      o.stride = (2, 2)
      h = try convTranspose2d(h, u.tensor("w"), bias: u.tensor("b"), o, outputPadding: (0, 0))
      h = try concat([h, skips[i]], axis: 1)
      h = try ConvLayers.applyBlock(p.field("dec").item(i), h, circular: circular)
    }
    let out = try p.field("out")
    return try conv2d(h, out.tensor("w"), bias: out.tensor("b"), ConvOptions())
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    let b = ConvLayers.blockCount
    var rows = (0..<levels).map { i in
      SummaryRow(block: "encoder \(i + 1)", shape: "[B, \(channels(i)), H/\(1 << i), W/\(1 << i)]",
                 parameters: b(i == 0 ? inChannels : channels(i - 1), channels(i)))
    }
    rows.append(SummaryRow(block: "bottleneck", shape: "[B, \(channels(levels)), H/\(1 << levels), "
      + "W/\(1 << levels)]", parameters: b(channels(levels - 1), channels(levels))))
    for i in stride(from: levels - 1, through: 0, by: -1) {
      rows.append(SummaryRow(block: "decoder \(i + 1)", shape: "[B, \(channels(i)), H/\(1 << i), "
        + "W/\(1 << i)]", parameters: ConvLayers.convCount(channels(i + 1), channels(i), 2)
          + b(2 * channels(i), channels(i))))
    }
    rows.append(SummaryRow(block: "output 1x1", shape: "[B, \(outChannels), H, W]",
                           parameters: ConvLayers.convCount(width, outChannels, 1)))
    return rows
  }

  /// The parameter count by formula (the tests compare it with the initialised weights).
  public var parameterCount: Int { summary(.list([])).reduce(0) { $0 + $1.parameters } }
}

/// Convolution layers shared by the convolutional models: {w, b} convolutions and the
/// conv–norm–GELU double block.
enum ConvLayers {
  /// {w [out, in, k, k], b [out]} (transposed: w [in, out, k, k]) with PyTorch's default
  /// U(±1/√fan_in), fan_in = in·k² (transposed: out·k², as PyTorch computes it).
  static func conv(_ cin: Int, _ cout: Int, _ k: Int, _ dtype: DType, transposed: Bool = false)
    throws -> Params
  {
    let fan = (transposed ? cout : cin) * k * k
    let shape = transposed ? [cin, cout, k, k] : [cout, cin, k, k]
    return .record([("w", .tensor(Variable(try Init.kaiming(shape, fanIn: fan, dtype: dtype)))),
                    ("b", .tensor(Variable(try Init.kaiming([cout], fanIn: fan, dtype: dtype))))])
  }

  static func norm(_ c: Int, _ dtype: DType) throws -> Params {
    .record([("g", .tensor(Variable(try Tensor.ones([c], dtype: dtype)))),
             ("b", .tensor(Variable(try Tensor.zeros([c], dtype: dtype))))])
  }

  static func block(_ cin: Int, _ cout: Int, _ dtype: DType) throws -> Params {
    .record([("c1", try conv(cin, cout, 3, dtype)), ("n1", try norm(cout, dtype)),
             ("c2", try conv(cout, cout, 3, dtype)), ("n2", try norm(cout, dtype))])
  }

  static func convCount(_ cin: Int, _ cout: Int, _ k: Int) -> Int { cin * cout * k * k + cout }
  static func blockCount(_ cin: Int, _ cout: Int) -> Int {
    convCount(cin, cout, 3) + convCount(cout, cout, 3) + 4 * cout
  }

  /// Groups of the block's group norm: 8 when the channels divide by 8, else 1.
  static func groups(_ c: Int) -> Int { c % 8 == 0 ? 8 : 1 }

  /// (3×3 conv → group norm → GELU) twice.
  static func applyBlock(_ p: Params, _ x: Variable, circular: Bool) throws -> Variable {
    var o = ConvOptions()
    o.padding = (1, 1)
    o.circular = circular
    var h = x
    for (c, n) in [("c1", "n1"), ("c2", "n2")] {
      let cp = try p.field(c), np = try p.field(n)
      h = try conv2d(h, cp.tensor("w"), bias: cp.tensor("b"), o)
      h = try groupNorm(h, groups: groups(h.shape[1]), weight: np.tensor("g"),
                        bias: np.tensor("b"), eps: 1e-5)
      h = try unary(.gelu, h)
    }
    return h
  }
}
