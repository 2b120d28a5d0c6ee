// The input gradient of stride-2 f32 convolutions (the forward pass of stride-2 transposed
// convolutions) by the direct kernel: each stride-2 phase of the input gradient is a stride-1
// convolution of the output gradient with a quarter of the flipped kernel.

/// The narrowest output rows (of the stride-2 convolution) the stride-2 direct path takes;
/// narrower grids go to the batched GEMM, which measured faster there.
let stridedDirectMinWidth = 8

extension Tensor {
  /// dx [n, c, h, w] of the stride-2 convolution `d` into `out`, when `d` runs direct
  /// (`ConvDims.direct`); false (nothing written) otherwise. Padded input pixel
  /// (2Y + a, 2X + b) receives Σ_o Σ_{i ≡ a, j ≡ b (mod 2)} w[o, c, i, j]·gy[o, Y − ⌊i/2⌋,
  /// X − ⌊j/2⌋]: with K = ⌈k/2⌉, a stride-1 convolution of gy padded by K − 1 with the K × K kernel
  /// Wc[(a, b, c), o, u, v] = w[o, c, a + 2(K − 1 − u), b + 2(K − 1 − v)] (zero past the
  /// kernel). The four phases are the 4·C output channels of one direct convolution; the
  /// result is then interleaved into dx, dropping the padding.
  static func convInputGradStrided(_ d: ConvDims, _ gy: Images, _ w: Tensor, _ out: Tensor)
    throws -> Bool
  {
    guard d.g.stride == (2, 2), d.direct, gy.t.dtype == .f32 else { return false }
    let (kh, kw) = ((d.g.kernel.0 + 1) / 2, (d.g.kernel.1 + 1) / 2)
    let phases = try ConvDims(input: [d.n, d.o, d.oh, d.ow], weight: [4 * d.c, d.o, kh, kw],
                              groups: 1, ConvGeometry(kernel: (kh, kw), padding: (kh - 1, kw - 1)),
                              dtype: .f32, op: "conv_transpose2d")
    let wc = try phaseKernels(d, w, kh, kw)
    let dx = out.pointer(Float.self)
    try directForward(phases, gy, wc) { p, b, ob in
      interleave(d, phases, p.outLength, p.outPitch, ob, dx + b * d.c * d.h * d.w)
    }
    return true
  }

  /// Wc [4·c, o, kh, kw] (kh, kw: the phase kernel's size) from w [o, c, 2kh − ·, 2kw − ·].
  private static func phaseKernels(_ d: ConvDims, _ w: Tensor, _ kh: Int, _ kw: Int) throws
    -> Tensor
  {
    let wc = try Tensor.zeros([4 * d.c, d.o, kh, kw], dtype: .f32)
    let (src, dst) = (w.pointer(Float.self), wc.pointer(Float.self))
    let (fh, fw) = d.g.kernel
    for ab in 0..<4 {
      let (a, b) = (ab / 2, ab % 2)
      for ci in 0..<d.c {
        for oi in 0..<d.o {
          for u in 0..<kh {
            for v in 0..<kw {
              let (i, j) = (a + 2 * (kh - 1 - u), b + 2 * (kw - 1 - v))
              guard i < fh, j < fw else { continue }
              dst[(((ab * d.c + ci) * d.o + oi) * kh + u) * kw + v] =
                src[((oi * d.c + ci) * fh + i) * fw + j]
            }
          }
        }
      }
    }
    return wc
  }

  /// dx[c, y, x] = phase (r mod 2, s mod 2) of channel c at (r/2, s/2), r = y + ph,
  /// s = x + pw; zero where the phase grid ends (rows and columns no window reaches).
  private static func interleave(_ d: ConvDims, _ ph2: ConvDims, _ qr: Int, _ pitch: Int,
                                 _ ob: UnsafeMutablePointer<Float>,
                                 _ dx: UnsafeMutablePointer<Float>) {
    let (ph, pw) = d.g.padding
    for ci in 0..<d.c {
      for y in 0..<d.h {
        let (r, dst) = (y + ph, dx + (ci * d.h + y) * d.w)
        guard r / 2 < ph2.oh else {
          dst.update(repeating: 0, count: d.w)
          continue
        }
        // Even columns x = 2k sit in phase pw mod 2 at k + ⌊pw/2⌋, odd ones in the other at
        // k + ⌈pw/2⌉; columns past the phase grid stay zero.
        func columns(_ first: Int, _ b: Int, _ shift: Int) {
          let src = ob + ((r % 2 * 2 + b) * d.c + ci) * qr + r / 2 * pitch + shift
          let count = (d.w - first + 1) / 2, valid = max(0, min(count, ph2.ow - shift))
          let out = dst + first
          for k in 0..<valid { out[2 * k] = src[k] }
          for k in valid..<count { out[2 * k] = 0 }
        }
        columns(0, pw % 2, pw / 2)
        columns(1, (pw + 1) % 2, (pw + 1) / 2)
      }
    }
  }
}
