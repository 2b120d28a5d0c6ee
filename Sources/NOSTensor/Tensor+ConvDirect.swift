// f32 convolutions with few channels by the direct kernels (conv_direct.c): no im2col and no
// packing, which dominate a GEMM whose output has only 24–64 rows. Stride 1 reads zero-padded
// planes; stride 2 reads the padded planes split into their four stride-2 phases.
import CKernels

/// Whether this CPU runs the AVX2 build of the direct kernels (the path needs it to pay).
let directKernelFast = nos_conv_direct_fast() != 0
/// Padded-input floats per image up to which a many-channel forward runs direct (640 KB:
/// about the L2 cache the kernel rereads it from for every block of output channels).
let directForwardMaxFloats = 160 * 1024

extension ConvDims {
  /// One group, 1 to 64 input and output channels, padding at most 16 and (dilated) windows
  /// at most 33 wide (so the padded copy of the input stays near its size), on an AVX2
  /// machine; f32 is the caller's check. Stride 1: a window larger than 1×1 and output rows
  /// at least 16 wide (the kernels compute whole padded rows 16 pixels at a time). Stride
  /// 2 (undilated): output rows at least `stridedDirectMinWidth` wide.
  var direct: Bool { direct(maxChannels: 64) }

  /// The stride-1 forward (and the input gradient computed as one) also runs direct with up
  /// to 512 channels while an image's padded planes stay within `directForwardMaxFloats`:
  /// there the kernel (~90 GFLOP/s on one core) beats im2col + sgemm (92 GFLOP/s for the
  /// product alone, before im2col's copies). U-Net shapes, batch 8, 3×3 forward and both
  /// gradients, one run each: 128 → 64 channels at 32 × 32 28.9 → 25.6 ms, 128 → 128 at
  /// 16 × 16 14.1 → 12.6 ms, 256 → 128 at 16 × 16 25.7 → 24.5 ms; rows of 8 gain nothing.
  var directForward: Bool {
    if direct { return true }
    let plane = (h + 2 * g.padding.0) * (w + 2 * g.padding.1)
    return g.stride == (1, 1) && c * plane <= directForwardMaxFloats && direct(maxChannels: 512)
  }

  /// The weight gradient beyond 64 channels runs direct from grids of 1024 padded positions
  /// (32 × 32) up: on a 16 × 16 grid its per-image sums made a U-Net step slower than the
  /// GEMM (0.315 → 0.322 s), at 32 × 32 128 → 64 channels took 11.5 → 8.6 ms.
  var directWeightGrad: Bool {
    direct || (directForward && oh * (w + 2 * g.padding.1) >= 1024)
  }

  private func direct(maxChannels: Int) -> Bool {
    let (k, dl, p) = (g.kernel, g.dilation, g.padding)
    guard directKernelFast && groups == 1 && (1...maxChannels).contains(c)
      && (1...maxChannels).contains(o)
      && oh >= 1 && p.0 <= 16 && p.1 <= 16 && (k.0 - 1) * dl.0 <= 32
      && (k.1 - 1) * dl.1 <= 32 else { return false }
    if g.stride == (2, 2) { return dl == (1, 1) && ow >= stridedDirectMinWidth }
    return g.stride == (1, 1) && !pointwise && ow >= 16
  }
}

/// The layout the direct kernels share: the input in zero-padded planes [c, hp, wp] (stride
/// 2: each plane split into its phases P_ab[Y, X] = xpad[2Y + a, 2X + b], [4][h2, w2]),
/// outputs (and output gradients) over padded-row positions q = y·pitch + x, q < qr.
struct DirectPlan {
  let d: ConvDims
  /// Row pitch of the positions q (stride 1: wp; stride 2: w2); one channel's floats; one
  /// phase's floats (stride 2; 0 for stride 1).
  let pitch, plane, phase: Int
  /// Blocks of 6 output channels (the forward kernel), of 4 (the weight-gradient kernel).
  let taps, qr, oblocks, gblocks, padLength: Int
  let offs: [Int]
  /// Stride 1 with output rows a multiple of 16 wide: the forward computes valid positions
  /// only (nos_conv_direct_rows_f32), its result rows compact.
  var rowMode: Bool { phase == 0 && d.ow % 16 == 0 }
  /// The forward result's row pitch and floats per output channel.
  var outPitch: Int { rowMode ? d.ow : pitch }
  var outLength: Int { rowMode ? d.oh * d.ow : qr }

  init(_ d: ConvDims) {
    let (kh, kw) = d.g.kernel, (ph, pw) = d.g.padding, (dh, dw) = d.g.dilation
    let (hp, wp) = (d.h + 2 * ph, d.w + 2 * pw)
    self.d = d
    taps = kh * kw
    if d.g.stride == (2, 2) {
      let (h2, w2) = ((hp + 1) / 2, (wp + 1) / 2)
      (pitch, phase) = (w2, h2 * w2)
      plane = 4 * h2 * w2
      offs = (0..<taps).map { t in
        let (i, j) = (t / kw, t % kw)
        return ((i % 2) * 2 + j % 2) * h2 * w2 + (i / 2) * w2 + j / 2
      }
    } else {
      (pitch, phase, plane) = (wp, 0, hp * wp)
      offs = (0..<taps).map { t in (t / kw) * dh * wp + (t % kw) * dw }
    }
    let q = d.oh * pitch
    qr = (q + 15) / 16 * 16
    oblocks = (d.o + 5) / 6
    gblocks = (d.o + 3) / 4
    // The last channel's reads end at most qr + max(offs) past its start.
    padLength = d.c * plane + qr + (offs.max() ?? 0) + 16
  }

  /// Threads for the whole batch.
  var parts: Int {
    let work = Double(d.n) * Double(d.o * d.c * taps) * Double(d.l)
    return work < 2e5 ? 1 : max(1, min(d.n, Parallel.threads))
  }

  /// Copies image `img` [c, h, w] into the interior of `pad` (whose border stays zero).
  func fill(_ pad: UnsafeMutablePointer<Float>, _ img: UnsafePointer<Float>) {
    let (ph, pw) = d.g.padding
    if phase > 0 { return fillPhases(pad, img) }
    for ch in 0..<d.c {
      for r in 0..<d.h {
        (pad + ch * plane + (r + ph) * pitch + pw).update(from: img + (ch * d.h + r) * d.w,
                                                          count: d.w)
      }
    }
  }

  /// Stride 2: padded pixel (r, s) goes to phase (r mod 2, s mod 2) at (r/2, s/2).
  private func fillPhases(_ pad: UnsafeMutablePointer<Float>, _ img: UnsafePointer<Float>) {
    let (ph, pw) = d.g.padding
    let even = pw % 2, odd = 1 - even  // phase of input columns 0, 2, 4, … and 1, 3, …
    let (nEven, nOdd) = ((d.w + 1) / 2, d.w / 2)
    for ch in 0..<d.c {
      for r in 0..<d.h {
        let pr = r + ph
        let row = pad + ch * plane + (pr % 2) * 2 * phase + (pr / 2) * pitch
        let src = img + (ch * d.h + r) * d.w
        let de = row + even * phase + pw / 2, dodd = row + odd * phase + (pw + 1) / 2
        for k in 0..<nEven { de[k] = src[2 * k] }
        for k in 0..<nOdd { dodd[k] = src[2 * k + 1] }
      }
    }
  }

  /// `count` buffers of `size` floats, zero-filled unless `zeroed` is false (a kernel's
  /// output it writes in full).
  func buffers(_ count: Int, _ size: Int, zeroed: Bool = true) throws -> [Tensor] {
    try (0..<count).map { _ in
      zeroed ? try Tensor.zeros([size], dtype: .f32)
        : try Tensor(uninitialized: [size], dtype: .f32)
    }
  }
}

extension Tensor {
  /// y = conv(x, w) (+ bias) image by image: x copied into zero-padded planes, the kernel
  /// computes every padded-row position, the valid ones are copied out.
  static func convForwardDirect(_ d: ConvDims, _ x: Images, _ w: Tensor, _ bias: Tensor?,
                                _ out: Tensor) throws {
    let (yp, bp) = (out.pointer(Float.self), bias?.pointer(Float.self))
    try directForward(d, x, w) { p, b, ob in
      for ch in 0..<d.o {
        let add = bp?[ch] ?? 0
        for r in 0..<d.oh {
          let src = ob + ch * p.outLength + r * p.outPitch
          let dst = yp + ((b * d.o + ch) * d.oh + r) * d.ow
          for k in 0..<d.ow { dst[k] = src[k] + add }
        }
      }
    }
  }

  /// Runs the direct kernel on each image of `x` (split between threads by images) and hands
  /// `emit(plan, image, out)` the [oblocks·6, outLength] result (rows `outPitch` apart).
  static func directForward(
    _ d: ConvDims, _ x: Images, _ w: Tensor,
    _ emit: (DirectPlan, Int, UnsafeMutablePointer<Float>) -> Void
  ) throws {
    let p = DirectPlan(d)
    let packed = packDirectWeights(w.pointer(Float.self), d, taps: p.taps, oblocks: p.oblocks)
    let parts = p.parts
    let pads = try p.buffers(parts, p.padLength)
    let outs = try p.buffers(parts, p.oblocks * 6 * p.outLength, zeroed: false)
    let xp = x.pointer(Float.self)
    forPieces(d.n, parts: parts) { images, piece in
      let pad = pads[piece].pointer(Float.self), ob = outs[piece].pointer(Float.self)
      for b in images {
        p.fill(pad, xp + b * x.stride)
        packed.withUnsafeBufferPointer { wk in
          p.offs.withUnsafeBufferPointer { off in
            if p.rowMode {
              nos_conv_direct_rows_f32(pad, p.plane, wk.baseAddress, d.c, off.baseAddress,
                                       p.taps, p.oblocks, d.oh, d.ow, p.pitch, ob)
            } else {
              nos_conv_direct_f32(pad, p.plane, wk.baseAddress, d.c, off.baseAddress, p.taps,
                                  p.oblocks, p.qr, ob)
            }
          }
        }
        emit(p, b, ob)
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
    let parts = p.parts, rows = p.gblocks * 4
    let pads = try p.buffers(parts, p.padLength), gs = try p.buffers(parts, rows * p.qr)
    let sums = try p.buffers(parts, rows * d.c * p.taps)
    let (xp, gp) = (x.pointer(Float.self), gy.pointer(Float.self))
    forPieces(d.n, parts: parts) { images, piece in
      let pad = pads[piece].pointer(Float.self), g = gs[piece].pointer(Float.self)
      for b in images {
        p.fill(pad, xp + b * x.stride)
        for ch in 0..<d.o {
          for r in 0..<d.oh {
            (g + ch * p.qr + r * p.pitch).update(
              from: gp + b * gy.stride + (ch * d.oh + r) * d.ow, count: d.ow)
          }
        }
        p.offs.withUnsafeBufferPointer { off in
          nos_conv_direct_wgrad_f32(pad, p.plane, g, p.qr, d.c, off.baseAddress, p.taps,
                                    p.gblocks, sums[piece].pointer(Float.self))
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

  /// w [o, c, kh, kw] → [o/6 (rounded up)][c][kh·kw][6], missing output channels zero.
  private static func packDirectWeights(_ w: UnsafeMutablePointer<Float>, _ d: ConvDims,
                                        taps: Int, oblocks: Int) -> [Float] {
    var packed = [Float](repeating: 0, count: oblocks * d.c * taps * 6)
    for o in 0..<d.o {
      for ch in 0..<d.c {
        for t in 0..<taps {
          packed[((o / 6 * d.c + ch) * taps + t) * 6 + o % 6] = w[(o * d.c + ch) * taps + t]
        }
      }
    }
    return packed
  }
}
