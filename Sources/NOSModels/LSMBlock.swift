// LSM's patchified neural spectral block: cross-attention to latent tokens, sin/cos bases, back.
import Foundation
import NOSGrad
import NOSTensor

/// The neural spectral block of Latent Spectral Models (Wu et al., ICML 2023) on
/// [B, C, H, W], H and W dividing by the patch sizes:
/// 1. patchify into B·(H/p₁)·(W/p₂) patches of p₁×p₂ points;
/// 2. encoder: `tokens` learned latent tokens per head (8 heads) attend to the patch points
///    (keys and values from one 1×1 convolution C → 2C, its output channels interleaved
///    (key, value) per head channel as in the authors' code; no 1/√d scaling), plus the
///    latent tokens (residual);
/// 3. transition: z ← z + Σₖ w[c, k]·sin(kπz/K) + w[c, K + k]·cos(kπz/K), k = 0..K−1, per
///    channel c of every token value z;
/// 4. decoder: the points (queries from a 1×1 convolution) attend to the tokens, plus the
///    input (residual); then the patches are put back in place.
/// Parameters (C channels, T tokens, K bases): 2CK + TC + 3C² + 3C.
enum LSMBlock {
  static let heads = 8

  /// {w [C, 2K], latent [8, T, C/8], enc {w [2C, C, 1, 1], b}, dec {w [C, C, 1, 1], b}}:
  /// w and latent U(0, 1/C), the convolutions PyTorch's default U(±1/√C).
  static func params(_ c: Int, tokens: Int, basis: Int, _ dtype: DType) throws -> Params {
    func u01(_ shape: [Int]) throws -> Params {
      .tensor(Variable(try Tensor.binary(.mul, Tensor.rand(shape, dtype: dtype), 1 / Double(c))))
    }
    func conv(_ cout: Int) throws -> Params {
      .record([("w", .tensor(Variable(try Init.kaiming([cout, c, 1, 1], fanIn: c, dtype: dtype)))),
               ("b", .tensor(Variable(try Init.kaiming([cout], fanIn: c, dtype: dtype))))])
    }
    return .record([("w", try u01([c, 2 * basis])), ("latent", try u01([heads, tokens, c / heads])),
                    ("enc", try conv(2 * c)), ("dec", try conv(c))])
  }

  static func count(_ c: Int, tokens: Int, basis: Int) -> Int {
    2 * c * basis + tokens * c + 3 * c * c + 3 * c
  }

  /// The block on [B, C, H, W]: both 1×1 projections on the whole map (they commute with
  /// cutting it into patches), the fused attention (`LSMAttention`), plus the input.
  static func apply(_ p: Params, _ x: Variable, patches: [Int]) throws -> Variable {
    let kv = try conv1(p.field("enc"), x), q = try conv1(p.field("dec"), x)
    let y = try LSMAttention.apply(kv, q, p.tensor("latent"), p.tensor("w"), patches: patches)
    return try add(y, x)
  }

  /// The same attention composed from differentiable ops (permuted patches, einsums): the
  /// reference for the fused kernels and their path to second derivatives. `kv`
  /// [B, 2C, H, W] and `q` [B, C, H, W] are the block's projections → [B, C, H, W].
  static func composed(_ kv: Variable, _ q: Variable, _ latent: Variable, _ w: Variable,
                       patches: [Int]) throws -> Variable {
    let (b, c, h, wd) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
    let (p1, p2) = (patches[0], patches[1])
    let (nh, nw) = (h / p1, wd / p2)
    func patchify(_ t: Variable) throws -> Variable {
      let ch = t.shape[1]
      let y = try reshape(t, [b, ch, nh, p1, nw, p2])
      return try reshape(permute(y, [0, 2, 4, 1, 3, 5]), [b * nh * nw, ch, p1, p2])
    }
    var z = try encode(latent, patchify(kv))
    z = try transition(w, z)
    var y = try decode(patchify(q), z)
    y = try permute(reshape(y, [b, nh, nw, c, p1, p2]), [0, 3, 1, 4, 2, 5])
    return try reshape(y, [b, c, h, wd])
  }

  private static func conv1(_ p: Params, _ x: Variable) throws -> Variable {
    try conv2d(x, p.tensor("w"), bias: p.tensor("b"), ConvOptions())
  }

  /// Patches of keys and values [N, 2C, p₁, p₂] → latent token values [N, C, T]
  /// (channel = head·C/8 + d).
  private static func encode(_ latent: Variable, _ x: Variable) throws -> Variable {
    let (n, c) = (x.shape[0], x.shape[1] / 2)
    let l = x.shape[2] * x.shape[3], dh = c / heads
    let t = latent.shape[1]
    // Channel 2·(head·dh + d) + j of the projection is key (j = 0) or value (j = 1).
    let kv = try permute(reshape(x, [n, heads, dh, 2, l]), [3, 0, 1, 4, 2])
    let k = try getIndex(kv, [.at(0)]), v = try getIndex(kv, [.at(1)])
    let scores = try einsum("htd,bhld->bhtl", [latent, k])
    let z = try add(einsum("bhtl,bhld->bhtd", [softmax(scores, axis: 3), v]), latent)
    return try reshape(permute(z, [0, 1, 3, 2]), [n, c, t])
  }

  /// z + [sin(kπz/K), cos(kπz/K)]ₖ · w over the basis axis, per channel.
  private static func transition(_ w: Variable, _ z: Variable) throws -> Variable {
    let k = w.shape[1] / 2
    let freqs = try Tensor((0..<k).map { Double($0) * Double.pi / Double(k) }, shape: [k],
                           dtype: z.dtype)
    let arg = try mul(unsqueeze(z, axis: 3), Variable(freqs))
    let basis = try concat([unary(.sin, arg), unary(.cos, arg)], axis: 3)
    return try add(einsum("bctm,cm->bct", [basis, w]), z)
  }

  /// The points' queries [N, C, p₁, p₂] attend to the tokens [N, C, T].
  private static func decode(_ x: Variable, _ z: Variable) throws -> Variable {
    let (n, c) = (x.shape[0], x.shape[1])
    let l = x.shape[2] * x.shape[3], dh = c / heads
    let q = try reshape(x, [n, heads, dh, l])
    let tok = try reshape(z, [n, heads, dh, z.shape[2]])
    let attn = try softmax(einsum("bhdl,bhdt->bhlt", [q, tok]), axis: 3)
    let y = try einsum("bhlt,bhdt->bhdl", [attn, tok])
    return try reshape(y, x.shape)
  }
}
