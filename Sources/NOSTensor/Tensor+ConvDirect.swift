// Stride-1 f32 convolutions with few channels by the direct kernel (conv_direct.c): no
// im2col and no packing, which dominate a GEMM whose output has only 24–32 rows.
import CKernels

/// Whether this CPU runs the AVX2 build of the direct kernel (the path needs it to pay).
private let directKernelFast = nos_conv_direct_fast() != 0

extension ConvDims {
  /// Stride 1, one group, 1 to 64 input and output channels, a window larger than 1×1 and
  /// output rows at least 16 wide (the kernel computes whole padded rows 16 pixels at a
  /// time), on an AVX2 machine; f32 is the caller's check.
  var direct: Bool {
    directKernelFast && g.stride == (1, 1) && groups == 1 && (1...64).contains(c)
      && (1...64).contains(o) && !pointwise && ow >= 16 && oh >= 1
  }
}

extension Tensor {
  /// y = conv(x, w) (+ bias) image by image: x copied into zero-padded planes, the kernel
  /// computes every padded-row position, the valid ones are copied out.
  static func convForwardDirect(_ d: ConvDims, _ x: Images, _ w: Tensor, _ bias: Tensor?,
                                _ out: Tensor) throws {
    let (kh, kw) = d.g.kernel, (ph, pw) = d.g.padding, (dh, dw) = d.g.dilation
    let (hp, wp) = (d.h + 2 * ph, d.w + 2 * pw)
    let (plane, taps) = (hp * wp, kh * kw)
    let offs = (0..<taps).map { t in (t / kw) * dh * wp + (t % kw) * dw }
    let q = d.oh * wp, qr = (q + 15) / 16 * 16
    let oblocks = (d.o + 3) / 4
    let padLength = d.c * plane + qr - q + (kw - 1) * dw + 16
    let packed = packDirectWeights(w.pointer(Float.self), d, taps: taps, oblocks: oblocks)
    let work = Double(d.n) * Double(d.o * d.c * taps) * Double(d.l)
    let parts = work < 2e5 ? 1 : min(d.n, Parallel.threads)
    let pads = try (0..<parts).map { _ in try Tensor.zeros([padLength], dtype: .f32) }
    let outs = try (0..<parts).map { _ in
      try Tensor(uninitialized: [oblocks * 4 * qr], dtype: .f32)
    }
    let (xp, yp, bp) = (x.pointer(Float.self), out.pointer(Float.self),
                        bias?.pointer(Float.self))
    forPieces(d.n, parts: parts) { images, piece in
      let pad = pads[piece].pointer(Float.self), ob = outs[piece].pointer(Float.self)
      for b in images {
        let img = xp + b * x.stride
        for ch in 0..<d.c {
          for r in 0..<d.h {
            (pad + ch * plane + (r + ph) * wp + pw).update(from: img + (ch * d.h + r) * d.w,
                                                           count: d.w)
          }
        }
        packed.withUnsafeBufferPointer { wk in
          offs.withUnsafeBufferPointer { off in
            nos_conv_direct_f32(pad, plane, wk.baseAddress, d.c, off.baseAddress, taps,
                                oblocks, qr, ob)
          }
        }
        for ch in 0..<d.o {
          let add = bp?[ch] ?? 0
          for r in 0..<d.oh {
            let src = ob + ch * qr + r * wp, dst = yp + ((b * d.o + ch) * d.oh + r) * d.ow
            for p in 0..<d.ow { dst[p] = src[p] + add }
          }
        }
      }
    }
    withExtendedLifetime((pads, outs)) {}
  }

  /// w [o, c, kh, kw] → [o/4 (rounded up)][c][kh·kw][4], missing output channels zero.
  private static func packDirectWeights(_ w: UnsafeMutablePointer<Float>, _ d: ConvDims,
                                        taps: Int, oblocks: Int) -> [Float] {
    var packed = [Float](repeating: 0, count: oblocks * d.c * taps * 4)
    for o in 0..<d.o {
      for ch in 0..<d.c {
        for t in 0..<taps {
          packed[((o / 4 * d.c + ch) * taps + t) * 4 + o % 4] = w[(o * d.c + ch) * taps + t]
        }
      }
    }
    return packed
  }
}
