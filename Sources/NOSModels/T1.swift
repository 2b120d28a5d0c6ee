// Transform Once (T1; Poli et al. 2022): one DCT or rfft in, layers in frequency space, one out.
import Foundation
import NOSGrad
import NOSTensor

/// T1 on [B, C, X] (one mode count) or [B, C, X, Y] (two):
/// 1. append grid coordinates j/n and lift pointwise to `width` channels;
/// 2. one orthonormal DCT-II over the spatial axes, keeping the first `modes` per axis;
/// 3. `layers` blocks z ← z + M(sin(K z)): K mixes channels separately for every mode
///    (weights [width, width, modes...]), M mixes the modes densely along each axis, per
///    channel (weights [m, m, width]);
/// 4. a head in frequency space: sin(z·W1)·W2 over channels (width → proj → out);
/// 5. zero-fill the dropped modes and one inverse DCT.
/// Variance-preserving initialisation (the paper's): normal weights with σ² = N/(width·M)
/// for K (N points and M kept modes at the training `resolution`; N = M when it is not
/// given), 1/m for M, 1/fan_in for the head.
/// `rfft` (kairos's "dft" T1): an orthonormal rfft instead of the DCT, keeping the first
/// `modes` frequencies per axis (non-negative ones; the last axis is the half spectrum);
/// K, M and the head are complex and sin is the complex sine; the inverse is an orthonormal
/// irfft. K and M start with half the variance above (kairos's gain ½ on each part).
public final class T1: Model {
  public let modes: [Int]
  public let width, layers, inChannels, outChannels, proj: Int
  public let resolution: [Int]?
  public let dtype: DType
  /// rfft instead of the DCT (complex weights).
  public let rfft: Bool

  public init(modes: [Int], width: Int = 64, layers: Int = 4, inChannels: Int = 1,
              outChannels: Int = 1, proj: Int = 128, resolution: [Int]? = nil,
              dtype: DType = .f64, rfft: Bool = false) throws {
    guard modes.count == 1 || modes.count == 2 else {
      throw TensorError("t1: modes must be one number (1-D) or two (2-D), got \(modes.count)")
    }
    for m in modes { try positive(m, "every mode count", "t1") }
    for (v, what) in [(width, "width"), (layers, "layers"), (inChannels, "in_channels"),
                      (outChannels, "out_channels"), (proj, "proj")] {
      try positive(v, what, "t1")
    }
    if let r = resolution {
      guard r.count == modes.count, zip(r, modes).allSatisfy({ $0 >= $1 }) else {
        throw TensorError("t1: resolution \(shapeText(r)) must give one size per axis, each at "
          + "least the modes \(shapeText(modes))")
      }
    }
    guard !dtype.isComplex else { throw TensorError("t1: dtype must be f32 or f64") }
    for v in modes + (resolution ?? []) + [width, inChannels, outChannels, proj]
    where v > 1 << 24 {
      throw TensorError("t1: sizes must be at most \(1 << 24), got \(v)")
    }
    let m = modes.reduce(1, *)
    try ModelBudget.check("t1", layers: layers,
                          perLayer: [[width, width, m]] + modes.map { [$0, $0, width] },
                          fixed: [[inChannels + modes.count + 1, width], [width, proj],
                                  [proj, outChannels]],
                          tensorsPerLayer: 1 + modes.count, dtype: dtype)
    (self.modes, self.width, self.layers) = (modes, width, layers)
    (self.inChannels, self.outChannels, self.proj) = (inChannels, outChannels, proj)
    self.resolution = resolution
    self.dtype = dtype
    self.rfft = rfft
  }

  public var kind: String { "t1" }
  public var arity: Int { 1 }
  public var signature: String {
    let m = modes.count == 1 ? "\(modes[0])" : shapeText(modes)
    return "t1(modes=\(m), width=\(width), layers=\(layers), in_channels=\(inChannels), "
      + "out_channels=\(outChannels), proj=\(proj)"
      + (resolution.map { ", resolution=\(shapeText($0))" } ?? "")
      + (rfft ? ", transform=\"rfft\")" : ")")
  }

  /// N(0, σ²) weights; complex (variance σ², real and imaginary parts σ²/2) with rfft.
  private func normal(_ shape: [Int], _ sigma: Double) throws -> Params {
    let t = try Tensor.randn(shape, dtype: rfft ? dtype.complex : dtype)
    return .tensor(Variable(try Tensor.binary(.mul, t, sigma)))
  }

  public func initialParams() throws -> Params {
    let d = modes.count, m = modes.reduce(1, *)
    let n = resolution?.reduce(1, *) ?? m
    let gain = rfft ? 0.5.squareRoot() : 1
    let lift = try Dense.kaiming(inChannels + d, width, dtype)
    let blocks: [Params] = try (0..<layers).map { _ in
      var fields = [("k", try normal([width, width] + modes,
                                     gain * (Double(n) / Double(width * m)).squareRoot()))]
      for (a, ma) in modes.enumerated() {
        fields.append(("m\(a + 1)", try normal([ma, ma, width],
                                               gain * (1 / Double(ma)).squareRoot())))
      }
      return .record(fields)
    }
    let head = Params.record([
      ("w1", try normal([width, proj], (1 / Double(width)).squareRoot())),
      ("w2", try normal([proj, outChannels], (1 / Double(proj)).squareRoot())),
    ])
    return .record([("lift", lift), ("layers", .list(blocks)), ("head", head)])
  }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("t1: expected one input") }
    let x = try input(inputs[0])
    let d = modes.count, spatial = Array(x.shape.dropFirst(2))
    guard x.value.ndim == d + 2, x.shape[1] == inChannels,
          zip(spectrum(spatial), modes).allSatisfy({ $0 >= $1 }) else {
      let axes = String(repeating: ", n", count: d)
      throw TensorError("t1: expected an input [B, \(inChannels)\(axes)]"
        + " with at least modes \(shapeText(modes)) points per axis"
        + (rfft ? " (the last axis: n/2 + 1 frequencies)" : "")
        + ", got \(shapeText(x.shape))")
    }
    let b = x.shape[0]
    let g = try broadcast(Variable(coordinateGrid(spatial, dtype: dtype)), to: [b, d] + spatial)
    var h = try Dense.channels(p.field("lift"), concat([x, g], axis: 1))
    let axes = Array(2..<(2 + d))
    h = try rfft ? forwardFFT(h, spatial) : dct(h, type: .two, axes: axes, ortho: true,
                                                   inverse: false)
    let keep = [TensorIndex.all, .all]
      + modes.map { TensorIndex.slice(start: 0, stop: $0, step: 1) }
    var z = try getIndex(h, keep)
    for i in 0..<layers { z = try block(p.field("layers").item(i), z) }
    z = try head(p.field("head"), z)
    z = try resizeLast(z, spectrum(spatial))
    if rfft { return try inverseFFT(z, spatial) }
    return try dct(z, type: .two, axes: axes, ortho: true, inverse: true)
  }

  /// The kept-mode limit per axis: n (DCT) or, with rfft, n/2 + 1 on the last axis.
  private func spectrum(_ spatial: [Int]) -> [Int] {
    guard rfft, let last = spatial.last else { return spatial }
    return spatial.dropLast() + [last / 2 + 1]
  }

  /// Orthonormal rfft over the spatial axes (1 or 2).
  private func forwardFFT(_ h: Variable, _ spatial: [Int]) throws -> Variable {
    let n = Double(spatial.reduce(1, *))
    let z = try fourier(spatial.count == 2 ? .rfft2 : .rfft, h)
    return try mul(z, Variable(Tensor.full([], 1 / n.squareRoot(), dtype: z.dtype)))
  }

  /// Orthonormal inverse: irfft to the spatial sizes.
  private func inverseFFT(_ z: Variable, _ spatial: [Int]) throws -> Variable {
    let n = Double(spatial.reduce(1, *))
    let y = try fourier(spatial.count == 2 ? .irfft2 : .irfft, z, sizes: spatial)
    return try mul(y, Variable(Tensor.full([], n.squareRoot(), dtype: y.dtype)))
  }

  /// z + M(sin(K z)) on [B, width, modes...].
  private func block(_ p: Params, _ z: Variable) throws -> Variable {
    let twoD = modes.count == 2
    var y = try einsum(twoD ? "bixy,ioxy->boxy" : "bix,iox->box", [z, p.tensor("k")])
    y = try unary(.sin, y)
    y = try einsum(twoD ? "bcxy,xoc->bcoy" : "bcx,xoc->bco", [y, p.tensor("m1")])
    if twoD { y = try einsum("bcxy,yoc->bcxo", [y, p.tensor("m2")]) }
    return try add(z, y)
  }

  /// sin(z·W1)·W2 over the channel axis: [B, width, modes...] → [B, out, modes...].
  private func head(_ p: Params, _ z: Variable) throws -> Variable {
    let spec = modes.count == 2 ? ("bcxy,co->boxy") : "bcx,co->box"
    let h = try unary(.sin, einsum(spec, [z, p.tensor("w1")]))
    return try einsum(spec, [h, p.tensor("w2")])
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    let d = modes.count, m = modes.reduce(1, *)
    let per = width * width * m + modes.reduce(0) { $0 + $1 * $1 * width }
    let ms = modes.map(String.init)
    return [SummaryRow(block: "lift", shape: shapeText(["B", "\(width)"] + ms.map { _ in "n" }),
                       parameters: Dense.count(inChannels + d, width))]
      + (0..<layers).map { i in
        SummaryRow(block: "layer \(i + 1)", shape: shapeText(["B", "\(width)"] + ms),
                   parameters: per)
      }
      + [SummaryRow(block: rfft ? "head + inverse rfft" : "head + inverse DCT",
                    shape: shapeText(["B", "\(outChannels)"] + ms.map { _ in "n" }),
                    parameters: width * proj + proj * outChannels)]
  }

  /// The parameter count by formula.
  public var parameterCount: Int { summary(.list([])).reduce(0) { $0 + $1.parameters } }
}
