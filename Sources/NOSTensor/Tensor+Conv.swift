// Sliding windows for convolutions and pools: im2col (unfold) and its adjoint col2im (fold).

/// The window of a 2-D convolution or pool: kernel size, stride, zero padding and dilation
/// along (height, width). Sizes are checked by `output(_:_:op:)`.
public struct ConvGeometry: Hashable, Sendable {
  public let kernel: (Int, Int)
  public let stride: (Int, Int)
  public let padding: (Int, Int)
  public let dilation: (Int, Int)

  public init(kernel: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
              dilation: (Int, Int) = (1, 1)) {
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
  }

  public static func == (a: ConvGeometry, b: ConvGeometry) -> Bool {
    a.kernel == b.kernel && a.stride == b.stride && a.padding == b.padding
      && a.dilation == b.dilation
  }

  public func hash(into h: inout Hasher) {
    for v in [kernel.0, kernel.1, stride.0, stride.1, padding.0, padding.1, dilation.0,
              dilation.1] { h.combine(v) }
  }

  /// Output size (height, width) for an input of `h` × `w`, as PyTorch's
  /// `(n + 2p − d(k − 1) − 1) / s + 1`; throws when the window does not fit.
  public func output(_ h: Int, _ w: Int, op: String) throws -> (Int, Int) {
    let all = [kernel.0, kernel.1, stride.0, stride.1, dilation.0, dilation.1]
    guard all.allSatisfy({ $0 >= 1 && $0 <= 1 << 20 }), padding.0 >= 0, padding.1 >= 0,
          padding.0 <= 1 << 20, padding.1 <= 1 << 20 else {
      throw TensorError("\(op): kernel, stride and dilation must be positive and padding "
        + "non-negative, got kernel \(shapeText([kernel.0, kernel.1])), stride "
        + "\(shapeText([stride.0, stride.1])), padding \(shapeText([padding.0, padding.1])), dilation "
        + "\(shapeText([dilation.0, dilation.1]))")
    }
    let spanH = dilation.0 * (kernel.0 - 1) + 1, spanW = dilation.1 * (kernel.1 - 1) + 1
    let ih = h + 2 * padding.0, iw = w + 2 * padding.1
    guard spanH <= ih, spanW <= iw else {
      throw TensorError("\(op): kernel \(shapeText([kernel.0, kernel.1])) (dilated "
        + "\(shapeText([spanH, spanW])))"
        + " is larger than the padded input \(shapeText([ih, iw]))")
    }
    return ((ih - spanH) / stride.0 + 1, (iw - spanW) / stride.1 + 1)
  }
}

extension Tensor {
  /// im2col: for `x` of shape [B, C, H, W], the [B, C·kh·kw, Ho·Wo] tensor whose column
  /// `l` holds the (zero-padded) window of output position `l`, rows ordered (c, i, j) as
  /// PyTorch's `unfold`. Real f32/f64 only (callers convert).
  public func unfold2d(_ g: ConvGeometry) throws -> Tensor {
    guard ndim == 4, dtype == .f32 || dtype == .f64 else {
      throw TensorError("unfold: needs a real [B, C, H, W] tensor, got \(shapeText(shape)) \(dtype)")
    }
    let (b, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let (oh, ow) = try g.output(h, w, op: "unfold")
    let k = g.kernel.0 * g.kernel.1
    let x = try contiguous()
    var out = try Tensor(uninitialized: [b, c * k, oh * ow], dtype: dtype)
    if dtype == .f32 {
      Self.windows(x.pointer(Float.self), out.pointer(Float.self), b * c, h, w, oh, ow, g,
                   fold: false)
    } else {
      Self.windows(x.pointer(Double.self), out.pointer(Double.self), b * c, h, w, oh, ow, g,
                   fold: false)
    }
    return out
  }

  /// col2im, the adjoint of `unfold2d`: sums the columns of `self` ([B, C·kh·kw, Ho·Wo])
  /// back into a [B, C, H, W] image (overlapping windows add up; padding is dropped).
  public func fold2d(height h: Int, width w: Int, _ g: ConvGeometry) throws -> Tensor {
    let k = g.kernel.0 * g.kernel.1
    let (oh, ow) = try g.output(h, w, op: "fold")
    guard ndim == 3, dtype == .f32 || dtype == .f64, shape[1] % k == 0,
          shape[2] == oh * ow else {
      throw TensorError("fold: needs a real [B, C·\(k), \(oh * ow)] tensor, got "
        + "\(shapeText(shape)) \(dtype)")
    }
    let (b, c) = (shape[0], shape[1] / k)
    let cols = try contiguous()
    var out = try Tensor.zeros([b, c, h, w], dtype: dtype)
    if dtype == .f32 {
      Self.windows(out.pointer(Float.self), cols.pointer(Float.self), b * c, h, w, oh, ow, g,
                   fold: true)
    } else {
      Self.windows(out.pointer(Double.self), cols.pointer(Double.self), b * c, h, w, oh, ow, g,
                   fold: true)
    }
    return out
  }

  /// The shared loop: for each image plane and window offset (i, j), copies image → column
  /// rows (`fold` false) or adds column rows → image (`fold` true). Planes are independent,
  /// so they are split across threads without races.
  private static func windows<T: BinaryFloatingPoint>(
    _ img: UnsafeMutablePointer<T>, _ col: UnsafeMutablePointer<T>, _ planes: Int,
    _ h: Int, _ w: Int, _ oh: Int, _ ow: Int, _ g: ConvGeometry, fold: Bool
  ) {
    let (kh, kw) = g.kernel, (sh, sw) = g.stride, (ph, pw) = g.padding
    let (dh, dw) = g.dilation
    let rowLen = oh * ow
    Parallel.forRanges(planes, cost: kh * kw * rowLen) { range in
      for p in range {
        let image = img + p * h * w
        for i in 0..<kh {
          for j in 0..<kw {
            let row = col + ((p * kh + i) * kw + j) * rowLen
            for y in 0..<oh {
              let iy = y * sh - ph + i * dh
              let dst = row + y * ow
              guard iy >= 0, iy < h else {
                if !fold { for x in 0..<ow { dst[x] = 0 } }
                continue
              }
              let src = image + iy * w
              for x in 0..<ow {
                let ix = x * sw - pw + j * dw
                if ix >= 0, ix < w {
                  if fold { src[ix] += dst[x] } else { dst[x] = src[ix] }
                } else if !fold {
                  dst[x] = 0
                }
              }
            }
          }
        }
      }
    }
  }
}
