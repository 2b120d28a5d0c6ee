// neuraloperator 2.0's FNO, layer for layer, so its PyTorch state_dict loads unchanged.
import Foundation
import NOSGrad
import NOSTensor

/// `fno(..., layout="neuralop")`: the architecture of `neuralop.models.FNO` with its default
/// options (grid positional embedding, 2-layer channel-MLP lifting and projection, linear FNO
/// skip, per-block channel MLP with soft-gating skip, postactivation, no padding or norm).
///
/// Parameters are stored exactly as its `state_dict` names and shapes them (paths joined by
/// `.`, such as `fno_blocks.convs.0.weight.tensor`), so loading a checkpoint is a copy:
/// 1. append the grid coordinates j/n (linspace(0, 1, n + 1)[:-1]) per spatial axis;
/// 2. `lifting`: 1×1 convolutions (in + d) → 2·width → width with `act` between;
/// 3. per block l: x ← SpectralConv(x) + bias + W_skip·x, `act` (not after the last block),
///    then x ← ChannelMLP(x) (width → round(width/2) → width, GELU) + g ⊙ x_in (soft gating
///    of the block's input), `act` (not after the last block);
/// 4. `projection`: 1×1 convolutions width → proj → out with `act` between.
/// `modes` follows neuraloperator's `n_modes`: along every axis but the last the frequencies
/// −⌊m/2⌋ … ⌈m/2⌉−1, along the last 0 … ⌊m/2⌋ (weights `[width, width, m₁, …, ⌊m_d/2⌋+1]`).
public final class NeuralopFNO: Model {
  public let modes: [Int]
  public let width: Int
  public let layers: Int
  public let inChannels: Int
  public let outChannels: Int
  public let proj: Int
  public let act: Activation
  public let dtype: DType
  /// neuraloperator's TFNO: the fraction of the spectral parameters its Tucker weights keep
  /// (nil: dense weights, the FNO).
  public let tuckerRank: Double?

  public init(modes: [Int], width: Int, layers: Int, inChannels: Int, outChannels: Int,
              proj: Int, act: String, dtype: DType, tuckerRank: Double? = nil) throws {
    let name = tuckerRank == nil ? "fno" : "tfno"
    guard modes.count == 1 || modes.count == 2 else {
      throw TensorError("\(name): layout=\"neuralop\" takes 1 or 2 modes (1-D or 2-D), got "
        + "\(modes.count)")
    }
    for m in modes { try positive(m, "modes", name) }
    for (v, w) in [(width, "width"), (layers, "layers"), (inChannels, "in_channels"),
                   (outChannels, "out_channels"), (proj, "proj")] { try positive(v, w, name) }
    guard !dtype.isComplex else { throw TensorError("\(name): dtype must be f32 or f64") }
    (self.modes, self.width, self.layers) = (modes, width, layers)
    (self.inChannels, self.outChannels, self.proj) = (inChannels, outChannels, proj)
    if let r = tuckerRank, !(r > 0 && r.isFinite) {
      throw TensorError("\(name): rank must be a positive fraction, got \(r)")
    }
    self.act = try Activation(act, model: name)
    self.dtype = dtype
    self.tuckerRank = tuckerRank
  }

  public var kind: String { tuckerRank == nil ? "fno" : "tfno" }
  public var arity: Int { 1 }

  public var signature: String {
    let m = modes.count == 1 ? "\(modes[0])" : "[\(modes[0]), \(modes[1])]"
    let rank = tuckerRank.map { ", rank=\($0)" } ?? ""
    return "\(kind)(modes=\(m), width=\(width), layers=\(layers), in_channels=\(inChannels), "
      + "out_channels=\(outChannels), proj=\(proj), act=\"\(act.name)\"\(rank), "
      + "layout=\"neuralop\")"
  }

  /// The channel MLP's hidden width: Python's round(width · 0.5), halves to even.
  var mlpHidden: Int {
    width % 2 == 0 ? width / 2 : ((width - 1) / 2 % 2 == 0 ? (width - 1) / 2 : (width + 1) / 2)
  }

  /// The spectral weight's shape `[width, width, m₁, ..., ⌊m_d/2⌋+1]`.
  var weightDims: [Int] { [width, width] + modes.dropLast() + [modes[modes.count - 1] / 2 + 1] }

  public func initialParams() throws -> Params {
    let d = modes.count
    let ones = [Int](repeating: 1, count: d)
    let std = (2 / Double(2 * width)).squareRoot()
    let blocks: [String: [Params]] = [
      "convs": try (0..<layers).map { _ in
        .record([("weight", try spectralWeight(std)),
                 ("bias", try normal([width] + ones, std, dtype))])
      },
      "fno_skips": try (0..<layers).map { _ in
        .record([("conv", .record([("weight", try conv(width, width))]))])
      },
      "channel_mlp": try (0..<layers).map { _ in try mlp([width, mlpHidden, width]) },
      "channel_mlp_skips": try (0..<layers).map { _ in
        .record([("weight", .tensor(Variable(try Tensor.ones([1, width] + ones, dtype: dtype))))])
      },
    ]
    let order = ["convs", "fno_skips", "channel_mlp", "channel_mlp_skips"]
    return .record([
      ("fno_blocks", .record(order.map { ($0, Params.list(blocks[$0] ?? [])) })),
      ("lifting", try mlp([inChannels + d, 2 * width, width])),
      ("projection", try mlp([width, proj, outChannels])),
    ])
  }

  /// A dense weight `{tensor}` or a Tucker one `{core, factors: {factor_0, ...}}` whose
  /// reconstruction has about the standard deviation `std` (as tltorch initialises it).
  private func spectralWeight(_ std: Double) throws -> Params {
    guard tuckerRank != nil else {
      return .record([("tensor", try normal(weightDims, std, dtype.complex))])
    }
    let ranks = tuckerRanks
    let sd = Foundation.pow(std / Double(ranks.reduce(1, *)).squareRoot(),
                            1 / Double(ranks.count + 1))
    let factors = try zip(weightDims, ranks).enumerated().map { k, dr in
      ("factor_\(k)", try normal([dr.0, dr.1], sd, dtype.complex))
    }
    return .record([("core", try normal(ranks, sd, dtype.complex)),
                    ("factors", .record(factors))])
  }

  /// tensorly's Tucker rank for the fraction `tuckerRank` of the weight's parameters: the c
  /// with P·c^N + (Σ I_k²)·c = rank·P (P = Π I_k), then r_k = max(1, round(c·I_k)), halves
  /// to even as NumPy rounds.
  var tuckerRanks: [Int] {
    let dims = weightDims.map(Double.init), rank = tuckerRank ?? 1
    let p = dims.reduce(1, *), s = dims.reduce(0) { $0 + $1 * $1 }
    func f(_ x: Double) -> Double { p * Foundation.pow(x, Double(dims.count)) + s * x - rank * p }
    var (lo, hi) = (0.0, max(rank, 1))
    for _ in 0..<200 where hi - lo > 1e-15 {
      let mid = (lo + hi) / 2
      if f(mid) < 0 { lo = mid } else { hi = mid }
    }
    let c = (lo + hi) / 2
    return dims.map { max(1, Int(($0 * c).rounded(.toNearestOrEven))) }
  }

  private func normal(_ shape: [Int], _ sd: Double, _ t: DType) throws -> Params {
    .tensor(Variable(try Tensor.binary(.mul, Tensor.randn(shape, dtype: t), sd)))
  }

  /// A 1×1 convolution's weight `[out, in, 1]` (PyTorch's default uniform ±1/√in).
  private func conv(_ n: Int, _ m: Int) throws -> Params {
    .tensor(Variable(try Init.kaiming([m, n, 1], fanIn: n, dtype: dtype)))
  }

  /// A ChannelMLP `{fcs: [{weight, bias}, ...]}` through `sizes`.
  private func mlp(_ sizes: [Int]) throws -> Params {
    .record([("fcs", .list(try (0..<sizes.count - 1).map { i in
      .record([("weight", try conv(sizes[i], sizes[i + 1])),
               ("bias", .tensor(Variable(try Init.kaiming([sizes[i + 1]], fanIn: sizes[i],
                                                          dtype: dtype))))])
    }))])
  }
}
