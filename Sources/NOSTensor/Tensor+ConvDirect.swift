// Stride-1 f32 convolutions with few channels by the direct kernels (conv_direct.c): no
// im2col and no packing, which dominate a GEMM whose output has only 24–64 rows.
import CKernels

/// Whether this CPU runs the AVX2 build of the direct kernels (the path needs it to pay).
private let directKernelFast = nos_conv_direct_fast() != 0

extension ConvDims {
  /// Stride 1, one group, 1 to 64 input and output channels, a window larger than 1×1 and
  /// output rows at least 16 wide (the kernels compute whole padded rows 16 pixels at a
  /// time), padding at most 16 and dilated windows at most 33 wide (so the padded copy of
  /// the input stays near its size), on an AVX2 machine; f32 is the caller's check.
  var direct: Bool {
    let (k, dl, p) = (g.kernel, g.dilation, g.padding)
    return directKernelFast && g.stride == (1, 1) && groups == 1 && (1...64).contains(c)
      && (1...64).contains(o) && !pointwise && ow >= 16 && oh >= 1 && p.0 <= 16 && p.1 <= 16
      && (k.0 - 1) * dl.0 <= 32 && (k.1 - 1) * dl.1 <= 32
  }
}

/// The layout the direct kernels share: the input in zero-padded planes [c, hp, wp], outputs
/// (and output gradients) over padded-row positions q = y·wp + x, q < qr.
private struct DirectPlan {
  let d: ConvDims
  let wp, plane, taps, qr, oblocks, padLength: Int
  let offs: [Int]

  init(_ d: ConvDims) {
    let (kh, kw) = d.g.kernel, (ph, pw) = d.g.padding, (dh, dw) = d.g.dilation
    self.d = d
    wp = d.w + 2 * pw
    plane = (d.h + 2 * ph) * wp
    taps = kh * kw
    let wp = self.wp
    offs = (0..<taps).map { t in (t / kw) * dh * wp + (t % kw) * dw }
    let q = d.oh * wp
    qr = (q + 15) / 16 * 16
    oblocks = (d.o + 3) / 4
    // The last plane's reads end at most qr − q + (kw − 1)·dw past the buffer's planes.
    padLength = d.c * plane + qr - q + (kw - 1) * dw + 16
  }

  /// Threads for the whole batch.
  var parts: Int {
    let work = Double(d.n) * Double(d.o * d.c * taps) * Double(d.l)
    return work < 2e5 ? 1 : max(1, min(d.n, Parallel.threads))
  }

  /// Copies image `img` [c, h, w] into the interior of `pad` (whose border stays zero).
  func fill(_ pad: UnsafeMutablePointer<Float>, _ img: UnsafePointer<Float>) {
    let (ph, pw) = d.g.padding
    for ch in 0..<d.c {
      for r in 0..<d.h {
        (pad + ch * plane + (r + ph) * wp + pw).update(from: img + (ch * d.h + r) * d.w,
                                                       count: d.w)
      }
    }
  }

  func buffers(_ count: Int, _ size: Int) throws -> [Tensor] {
    try (0..<count).map { _ in try Tensor.zeros([size], dtype: .f32) }
  }
}

extension Tensor {
  /// y = conv(x, w) (+ bias) image by image: x copied into zero-padded planes, the kernel
  /// computes every padded-row position, the valid ones are copied out.
  static func convForwardDirect(_ d: ConvDims, _ x: Images, _ w: Tensor, _ bias: Tensor?,
                                _ out: Tensor) throws {
    let p = DirectPlan(d)
    let packed = packDirectWeights(w.pointer(Float.self), d, taps: p.taps, oblocks: p.oblocks)
    let parts = p.parts
    let pads = try p.buffers(parts, p.padLength), outs = try p.buffers(parts, p.oblocks * 4 * p.qr)
    let (xp, yp, bp) = (x.pointer(Float.self), out.pointer(Float.self),
                        bias?.pointer(Float.self))
    forPieces(d.n, parts: parts) { images, piece in
      let pad = pads[piece].pointer(Float.self), ob = outs[piece].pointer(Float.self)
      for b in images {
        p.fill(pad, xp + b * x.stride)
        packed.withUnsafeBufferPointer { wk in
          p.offs.withUnsafeBufferPointer { off in
            nos_conv_direct_f32(pad, p.plane, wk.baseAddress, d.c, off.baseAddress, p.taps,
                                p.oblocks, p.qr, ob)
          }
        }
        for ch in 0..<d.o {
          let add = bp?[ch] ?? 0
          for r in 0..<d.oh {
            let src = ob + ch * p.qr + r * p.wp, dst = yp + ((b * d.o + ch) * d.oh + r) * d.ow
            for k in 0..<d.ow { dst[k] = src[k] + add }
          }
        }
      }
    }
    withExtendedLifetime((pads, outs)) {}
  }

  /// dW = Σ over images of gy ⋆ x: each thread sums its images into its own [o, c, taps]
  /// buffer (gy copied into padded-row positions, zero elsewhere); the buffers are added in
  /// thread order at the end.
  static func convWeightGradDirect(_ d: ConvDims, _ x: Images, _ gy: Images, _ wshape: [Int])
    throws -> Tensor
  {
    let p = DirectPlan(d)
    let parts = p.parts, rows = p.oblocks * 4
    let pads = try p.buffers(parts, p.padLength), gs = try p.buffers(parts, rows * p.qr)
    let sums = try p.buffers(parts, rows * d.c * p.taps)
    let (xp, gp) = (x.pointer(Float.self), gy.pointer(Float.self))
    forPieces(d.n, parts: parts) { images, piece in
      let pad = pads[piece].pointer(Float.self), g = gs[piece].pointer(Float.self)
      for b in images {
        p.fill(pad, xp + b * x.stride)
        for ch in 0..<d.o {
          for r in 0..<d.oh {
            (g + ch * p.qr + r * p.wp).update(from: gp + b * gy.stride + (ch * d.oh + r) * d.ow,
                                              count: d.ow)
          }
        }
        p.offs.withUnsafeBufferPointer { off in
          nos_conv_direct_wgrad_f32(pad, p.plane, g, p.qr, d.c, off.baseAddress, p.taps,
                                    p.oblocks, sums[piece].pointer(Float.self))
        }
      }
    }
    let dw = try Tensor(uninitialized: wshape, dtype: .f32)
    let (out, size) = (dw.pointer(Float.self), d.o * d.c * p.taps)
    out.update(from: sums[0].pointer(Float.self), count: size)
    for s in sums.dropFirst() {
      let sp = s.pointer(Float.self)
      for k in 0..<size { out[k] += sp[k] }
    }
    withExtendedLifetime((pads, gs)) {}
    return dw
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
