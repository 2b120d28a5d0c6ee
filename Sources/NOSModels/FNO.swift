// The Fourier Neural Operator (Li et al.) in 1-D and 2-D, with dense or factorised weights.
import NOSGrad
import NOSTensor

/// FNO on channels-first fields `[B, C, X]` or `[B, C, X, Y]`:
/// 1. append the grid coordinates j/X (and k/Y) as extra channels;
/// 2. lift pointwise to `width` channels;
/// 3. `layers` blocks of spectral convolution (keep `modes` Fourier modes, mix channels per
///    mode with complex weights) plus a pointwise linear skip, then `act` (none after the last);
/// 4. project pointwise `width → proj → outChannels` with `act` between.
/// Callable at any resolution with at least 2·modes points per axis. `factorization` makes
/// it a TFNO (Kossaifi et al.). Spectral weights start as U[0,1)/(width²) in both parts,
/// pointwise layers as PyTorch's default.
public final class FNO: Model {
  public let modes: [Int]
  public let width: Int
  public let layers: Int
  public let inChannels: Int
  public let outChannels: Int
  public let proj: Int
  public let act: Activation
  public let factorization: Factorization
  public let dtype: DType
  private var grids: [[Int]: Tensor] = [:]

  public init(modes: [Int], width: Int = 64, layers: Int = 4, inChannels: Int = 1,
              outChannels: Int = 1, proj: Int = 128, act: String = "gelu",
              factorization: Factorization = .dense, dtype: DType = .f64) throws {
    let name = factorization == .dense ? "fno" : "tfno"
    guard modes.count == 1 || modes.count == 2 else {
      throw TensorError("\(name): modes must be one number (1-D) or two (2-D), got "
        + "\(modes.count)")
    }
    for m in modes { try positive(m, "modes", name) }
    for (v, w) in [(width, "width"), (layers, "layers"), (inChannels, "in_channels"),
                   (outChannels, "out_channels"), (proj, "proj")] { try positive(v, w, name) }
    switch factorization {
    case .tucker(let r), .cp(let r):
      guard r > 0, r <= 1 else {
        throw TensorError("tfno: rank must be a fraction in (0, 1], got \(r)")
      }
    case .dense: break
    }
    guard !dtype.isComplex else { throw TensorError("\(name): dtype must be f32 or f64") }
    // Dense spectral weights (complex: two numbers per element) per layer; a factorised one
    // is smaller, but one dense weight is still built at a time.
    let spectral = [2, width, width] + (modes.count == 1 ? modes : [2 * modes[0], modes[1]])
    let dense = factorization == .dense
    try ModelBudget.check(name, layers: layers,
                          perLayer: [[width, width + 1]] + (dense ? [spectral] : []),
                          fixed: [[inChannels + modes.count + 1, width], [width + 1, proj],
                                  [proj + 1, outChannels]] + (dense ? [] : [spectral]),
                          tensorsPerLayer: 4, dtype: dtype)
    self.modes = modes
    self.width = width
    self.layers = layers
    self.inChannels = inChannels
    self.outChannels = outChannels
    self.proj = proj
    self.act = try Activation(act, model: name)
    self.factorization = factorization
    self.dtype = dtype
  }

  public var kind: String { factorization == .dense ? "fno" : "tfno" }
  public var arity: Int { 1 }
  /// `[width, width, modes...]` (2-D keeps 2·m1 rows: positive and negative frequencies).
  var weightDims: [Int] {
    [width, width] + (modes.count == 1 ? modes : [2 * modes[0], modes[1]])
  }

  public var signature: String {
    let m = modes.count == 1 ? "\(modes[0])" : "[\(modes[0]), \(modes[1])]"
    var s = "\(kind)(modes=\(m), width=\(width), layers=\(layers), in_channels=\(inChannels), "
      + "out_channels=\(outChannels), proj=\(proj), act=\"\(act.name)\""
    switch factorization {
    case .dense: break
    case .tucker(let r), .cp(let r):
      s += ", rank=\(r), factorization=\"\(factorization.name)\""
    }
    return s + ")"
  }

  public func initialParams() throws -> Params {
    let d = modes.count
    let lift = try Dense.kaiming(inChannels + d, width, dtype)
    let blocks = try (0..<layers).map { _ in
      Params.record([("spectral", try factorization.initial(weightDims, dtype: dtype)),
                     ("skip", try Dense.kaiming(width, width, dtype))])
    }
    let head = Params.list([try Dense.kaiming(width, proj, dtype),
                            try Dense.kaiming(proj, outChannels, dtype)])
    return .record([("lift", lift), ("blocks", .list(blocks)), ("proj", head)])
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("\(kind): expected one input") }
    let x = try input(inputs[0])
    let d = modes.count
    let axes = d == 1 ? "[B, C, X]" : "[B, C, X, Y]"
    guard x.value.ndim == 2 + d, x.shape[1] == inChannels else {
      throw TensorError("\(kind): expected an input \(axes) with C = \(inChannels), got shape "
        + "\(x.shape)")
    }
    let spatial = Array(x.shape.dropFirst(2))
    for (n, m) in zip(spatial, modes) where n < 2 * m {
      throw TensorError("\(kind): \(m) modes need at least \(2 * m) points per axis, got "
        + "\(spatial)")
    }
    let batch = x.shape[0]
    var h = try concat([x, broadcast(Variable(grid(spatial)), to: [batch, d] + spatial)], axis: 1)
    h = try Dense.channels(p.field("lift"), h)
    for l in 0..<layers {
      let block = try p.field("blocks").item(l)
      let w = try factorization.weight(block.field("spectral"), weightDims)
      h = try Dense.channels(block.field("skip"), h, onto: spectral(h, w, spatial))
      if l < layers - 1 { h = try act(h) }
    }
    let head = try p.field("proj")
    h = try act(Dense.channels(head.item(0), h))
    return try Dense.channels(head.item(1), h)
  }

  /// Spectral convolution: rfft → per-mode channel mixing on the kept modes → irfft.
  func spectral(_ h: Variable, _ w: Variable, _ spatial: [Int]) throws -> Variable {
    let map = modes.count == 1
      ? ModeMap.oneD(modes: modes[0], bins: spatial[0] / 2 + 1)
      : ModeMap.twoD(modes: modes[0], modes[1], rows: spatial[0], bins: spatial[1] / 2 + 1)
    return try spectralConv(h, w, spatial: spatial, map: map, weight: weightDims)
  }

  /// `[1, d, spatial...]`: channel k holds the coordinate j/n_k along spatial axis k.
  func grid(_ spatial: [Int]) throws -> Tensor {
    if let g = grids[spatial] { return g }
    let d = spatial.count, size = spatial.reduce(1, *)
    var values = [Double](repeating: 0, count: d * size)
    for i in 0..<size {
      var r = i
      for k in stride(from: d - 1, through: 0, by: -1) {
        let j = r % spatial[k]
        r /= spatial[k]
        values[k * size + i] = Double(j) / Double(spatial[k])
      }
    }
    let g = try Tensor(values, shape: [1, d] + spatial, dtype: dtype)
    if grids.count > 16 { grids.removeAll() }
    grids[spatial] = g
    return g
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    let sp = modes.count == 1 ? ["X"] : ["X", "Y"]
    let d = modes.count
    var rows = [SummaryRow(block: "lift", shape: shapeText(["B", "\(width)"] + sp),
                           parameters: Dense.count(inChannels + d, width))]
    for l in 0..<layers {
      rows.append(SummaryRow(block: "spectral \(l + 1)", shape: shapeText(["B", "\(width)"] + sp),
                             parameters: factorization.count(weightDims)))
      rows.append(SummaryRow(block: "skip \(l + 1)", shape: shapeText(["B", "\(width)"] + sp),
                             parameters: Dense.count(width, width)))
    }
    rows.append(SummaryRow(block: "proj 1", shape: shapeText(["B", "\(proj)"] + sp),
                           parameters: Dense.count(width, proj)))
    rows.append(SummaryRow(block: "proj 2", shape: shapeText(["B", "\(outChannels)"] + sp),
                           parameters: Dense.count(proj, outChannels)))
    return rows
  }

  public var parameterCount: Int {
    Dense.count(inChannels + modes.count, width)
      + layers * (factorization.count(weightDims) + Dense.count(width, width))
      + Dense.count(width, proj) + Dense.count(proj, outChannels)
  }
}
