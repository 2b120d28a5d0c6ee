// The forward pass of the neuraloperator-layout FNO: grid, lifting, FNO blocks, projection.
import NOSGrad
import NOSTensor

extension NeuralopFNO {
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
    for (n, m) in zip(spatial, modes) where n < m {
      throw TensorError("\(kind): \(m) modes need at least \(m) points per axis, got "
        + "\(spatial)")
    }
    let g = Variable(try coordinateGrid(spatial, dtype: dtype))
    var h = try concat([x, broadcast(g, to: [x.shape[0], d] + spatial)], axis: 1)
    h = try channelMLP(p.field("lifting"), h, act)
    let blocks = try p.field("fno_blocks")
    let gelu = try Activation("gelu", model: kind)  // the blocks' channel MLPs always use GELU
    let map = modeMap(spatial)
    for l in 0..<layers {
      let conv = try blocks.field("convs").item(l)
      let w = try spectralWeight(conv.field("weight"))
      let skip = try pointwise(blocks.field("fno_skips").item(l).field("conv").tensor("weight"),
                               nil, h)
      let gate = try mul(blocks.field("channel_mlp_skips").item(l).tensor("weight"), h)
      let last = l == layers - 1
      var y = try spectral(h, w, spatial, map)
      y = try add(add(y, conv.tensor("bias")), skip)
      if !last { y = try act(y) }
      y = try add(channelMLP(blocks.field("channel_mlp").item(l), y, gelu), gate)
      h = last ? y : try act(y)
    }
    return try channelMLP(p.field("projection"), h, act)
  }

  /// The dense spectral weight, or the Tucker one reconstructed: W = core ×₀ F₀ ×₁ F₁ ⋯
  /// (neuraloperator contracts the input with the factors instead; the same map).
  func spectralWeight(_ p: Params) throws -> Variable {
    guard tuckerRank != nil else { return try p.tensor("tensor") }
    let letters = Array("abcdefgh"), ranks = Array("pqrstuvw")
    let n = weightDims.count
    var w = try p.tensor("core")
    var axes = Array(ranks[0..<n])
    for k in 0..<n {  // one mode product per axis: two-operand einsums
      let factor = try p.field("factors").tensor("factor_\(k)")
      var out = axes
      out[k] = letters[k]
      let spec = String(axes) + "," + String([letters[k], ranks[k]]) + "->" + String(out)
      w = try einsum(spec, [w, factor])
      axes = out
    }
    return w
  }

  /// `fcs[i]` as 1×1 convolutions, `act` between them (not after the last).
  func channelMLP(_ p: Params, _ x: Variable, _ act: Activation) throws -> Variable {
    guard case .list(let fcs) = try p.field("fcs") else {
      throw TensorError("model parameters: 'fcs' must be a list")
    }
    var h = x
    for (i, fc) in fcs.enumerated() {
      h = try pointwise(fc.tensor("weight"), fc.tensor("bias"), h)
      if i < fcs.count - 1 { h = try act(h) }
    }
    return h
  }

  /// `W[:, :, 0] · x (+ b)` over the channels of `[B, in, ...]`, W `[out, in, 1]`.
  func pointwise(_ w: Variable, _ b: Variable?, _ x: Variable) throws -> Variable {
    let s = x.shape
    guard w.value.ndim == 3, w.shape[2] == 1, w.shape[1] == s[1] else {
      throw TensorError("\(kind): a 1×1 convolution weight \(w.shape) does not fit an input "
        + "with \(s[1]) channels")
    }
    let flat = try reshape(x, [s[0], s[1], s.dropFirst(2).reduce(1, *)])
    var y = try matmul(reshape(w, [w.shape[0], w.shape[1]]), flat)
    if let b { y = try add(y, reshape(b, [w.shape[0], 1])) }
    return try reshape(y, [s[0], w.shape[0]] + Array(s.dropFirst(2)))
  }

  /// SpectralConv without its bias: rfft → per-mode channel mixing → irfft. In 1-D and at
  /// even sizes this is `spectralConv` (one fused primitive); in 2-D at an odd size along
  /// axis 1 the output frequencies move as neuraloperator's (see `modeMap`), so the mixing
  /// runs as separate differentiable ops.
  func spectral(_ h: Variable, _ w: Variable, _ spatial: [Int], _ map: ModeMap) throws
    -> Variable
  {
    guard spatial.count == 2, spatial[0] % 2 == 1 else {
      return try spectralConv(h, w, spatial: spatial, map: map, weight: weightDims)
    }
    let f = try fourier(.rfft2, h)
    let mixed = try modeProduct(.forward, f, cast(w, f.dtype), map: map, weight: weightDims)
    return try fourier(.irfft2, mixed, sizes: spatial)
  }

  /// The kept modes in neuraloperator's order: weight index j ↔ frequency j − ⌊m/2⌋ on the
  /// first axis of a 2-D input (row (j − ⌊m/2⌋) mod n), bin j on the last axis. Its
  /// SpectralConv shifts the spectrum with `fftshift` before and again (not `ifftshift`)
  /// after the mixing, which at an odd size n puts frequency f's output in row f − 1:
  /// the output rows here follow it, so outputs equal PyTorch's at every size.
  func modeMap(_ spatial: [Int]) -> ModeMap {
    let bins = spatial[spatial.count - 1] / 2 + 1
    let mLast = modes[modes.count - 1] / 2 + 1
    guard modes.count == 2 else { return ModeMap.oneD(modes: mLast, bins: bins) }
    let (n1, m1) = (spatial[0], modes[0])
    var ins: [Int] = [], outs: [Int] = []
    for j in 0..<m1 {
      let f = j - m1 / 2
      let row = (f % n1 + n1) % n1, outRow = ((f + 2 * (n1 / 2)) % n1 + n1) % n1
      for c in 0..<mLast {
        ins.append(row * bins + c)
        outs.append(outRow * bins + c)
      }
    }
    return ModeMap(inShape: [n1, bins], outShape: [n1, bins], inOffsets: ins, outOffsets: outs)
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    let sp = modes.count == 1 ? ["X"] : ["X", "Y"]
    let n = { (path: String) -> Int in (try? p.path(path))?.count ?? 0 }
    var rows = [SummaryRow(block: "lifting", shape: shapeText(["B", "\(width)"] + sp),
                           parameters: n("lifting"))]
    for l in 0..<layers {
      let count = ["convs", "fno_skips", "channel_mlp", "channel_mlp_skips"].reduce(0) {
        $0 + n("fno_blocks.\($1).\(l)")
      }
      rows.append(SummaryRow(block: "fno block \(l + 1)",
                             shape: shapeText(["B", "\(width)"] + sp), parameters: count))
    }
    rows.append(SummaryRow(block: "projection", shape: shapeText(["B", "\(outChannels)"] + sp),
                           parameters: n("projection")))
    return rows
  }
}

extension Params {
  /// The subtree at a dotted path (`fno_blocks.convs.0`): record fields and list indices.
  func path(_ dotted: String) throws -> Params {
    try dotted.split(separator: ".").reduce(self) { p, key in
      if let i = Int(key), case .list = p { return try p.item(i) }
      return try p.field(String(key))
    }
  }
}
