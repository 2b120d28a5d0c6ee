// Convolutions as GEMMs, one image at a time (small grids: Tensor+ConvBatched.swift): the
// forward pass, the input gradient (col2im) and the weight gradient, each split over the
// batch between nos's threads.
import CBLAS
import CKernels

/// The sizes of one convolution x [n, c, h, w] ⊛ weight [o, c/groups, kh, kw] → [n, o, oh, ow].
struct ConvDims {
  let n, c, h, w, o, groups, oh, ow: Int
  let g: ConvGeometry

  /// Rows of one group's columns (c/groups · kh · kw), output channels per group, pixels.
  var kg: Int { c / groups * g.kernel.0 * g.kernel.1 }
  var og: Int { o / groups }
  var l: Int { oh * ow }
  /// 1×1, stride 1, no padding: the columns of an image are the image itself.
  var pointwise: Bool {
    g.kernel == (1, 1) && g.stride == (1, 1) && g.padding == (0, 0)
  }
  var window: nos_window {
    nos_window(h: h, w: w, oh: oh, ow: ow, kh: g.kernel.0, kw: g.kernel.1, sh: g.stride.0,
               sw: g.stride.1, ph: g.padding.0, pw: g.padding.1, dh: g.dilation.0,
               dw: g.dilation.1)
  }

  /// Checks what the kernels rely on: real f32/f64, channels dividing by groups, the window
  /// fitting, and every GEMM size within BLAS's 32-bit integers.
  init(input x: [Int], weight wt: [Int], groups: Int, _ g: ConvGeometry, dtype: DType,
       op: String) throws {
    guard dtype == .f32 || dtype == .f64, x.count == 4, wt.count == 4, groups >= 1,
          x[1] % groups == 0, wt[0] % groups == 0, wt[1] * groups == x[1],
          wt[2] == g.kernel.0, wt[3] == g.kernel.1 else {
      throw TensorError("\(op): needs real f32/f64 input [N, C, H, W] and weight "
        + "[O, C/groups, kh, kw] with groups dividing C and O, got \(shapeText(x)), "
        + "\(shapeText(wt)), groups=\(groups), \(dtype)")
    }
    (n, c, h, w, o, self.groups, self.g) = (x[0], x[1], x[2], x[3], wt[0], groups, g)
    (oh, ow) = try g.output(h, w, op: op)
    let limit = Int(Int32.max)
    let kgWide = (c / groups).multipliedReportingOverflow(by: g.kernel.0 * g.kernel.1)
    guard !kgWide.overflow, kgWide.partialValue <= limit, oh * ow <= limit, o <= limit else {
      throw TensorError("\(op): the products of input \(shapeText(x)) and weight "
        + "\(shapeText(wt)) are too large for BLAS (more than \(limit) rows or columns)")
    }
  }
}

/// f32 and f64: BLAS's ?gemm and the C window kernels.
protocol ConvScalar: BinaryFloatingPoint {
  /// C[m, n] = op(A)·op(B) + beta·C, row-major (ta/tb: A/B stored transposed).
  static func gemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
                   _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
  static func im2col(_ img: UnsafePointer<Self>, _ col: UnsafeMutablePointer<Self>, _ c: Int,
                     _ g: UnsafePointer<nos_window>)
  static func col2im(_ col: UnsafePointer<Self>, _ img: UnsafeMutablePointer<Self>, _ c: Int,
                     _ g: UnsafePointer<nos_window>)
}

private func trans(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Float: ConvScalar {
  static func gemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                   _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    cblas_sgemm(CblasRowMajor, trans(ta), trans(tb), Int32(m), Int32(n), Int32(k), 1, a,
                Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
  static func im2col(_ img: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, _ c: Int,
                     _ g: UnsafePointer<nos_window>) { nos_im2col_f32(img, col, c, g) }
  static func col2im(_ col: UnsafePointer<Float>, _ img: UnsafeMutablePointer<Float>, _ c: Int,
                     _ g: UnsafePointer<nos_window>) { nos_col2im_f32(col, img, c, g) }
}

extension Double: ConvScalar {
  static func gemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>,
                   _ ldb: Int, _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
    cblas_dgemm(CblasRowMajor, trans(ta), trans(tb), Int32(m), Int32(n), Int32(k), 1, a,
                Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }
  static func im2col(_ img: UnsafePointer<Double>, _ col: UnsafeMutablePointer<Double>,
                     _ c: Int, _ g: UnsafePointer<nos_window>) { nos_im2col_f64(img, col, c, g) }
  static func col2im(_ col: UnsafePointer<Double>, _ img: UnsafeMutablePointer<Double>,
                     _ c: Int, _ g: UnsafePointer<nos_window>) { nos_col2im_f64(col, img, c, g) }
}

/// Runs `body(images, chunk, window)` on `chunks` contiguous ranges of the `n` images side
/// by side; `chunk` indexes per-thread scratch space, `window` is `d`'s geometry for C.
private func forImages(_ d: ConvDims, _ chunks: Int,
                       _ body: (Range<Int>, Int, UnsafePointer<nos_window>) -> Void) {
  singleThreadedBLAS()  // nos splits the batch itself
  withUnsafePointer(to: d.window) { win in
    if chunks <= 1 { body(0..<d.n, 0, win); return }
    WorkerPool.shared.run(chunks: chunks) { i in
      let lo = d.n * i / chunks, hi = d.n * (i + 1) / chunks
      if lo < hi { body(lo..<hi, i, win) }
    }
  }
}

/// How many threads to use for `n` images of `cost` multiply-adds each.
private func convChunks(_ n: Int, cost: Int) -> Int {
  let work = Double(n) * Double(cost)
  return work < 2e5 ? 1 : max(1, min(n, Parallel.threads))
}

/// A 4-D operand read image by image: its elements and the distance between images. Each
/// image must be contiguous (a channel slice of a batch, as concat's gradient gives, is);
/// other layouts are copied first.
struct Images {
  let t: Tensor
  let stride: Int

  init(_ x: Tensor) throws {
    let inner = Array(Shape.contiguousStrides(x.shape).dropFirst())
    if Array(x.strides.dropFirst()) == inner, x.strides[0] >= 0 {
      (t, stride) = (x, x.strides[0])
    } else {
      let c = try x.contiguous()
      (t, stride) = (c, x.shape.dropFirst().reduce(1, *))
    }
  }

  func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> { t.pointer(T.self) }
}

extension Tensor {
  /// The forward convolution (cross-correlation, zero padding): x [N, C, H, W], weight
  /// [O, C/groups, kh, kw], optional bias [O] → [N, O, Ho, Wo]. Per image: im2col, then one
  /// GEMM per group (a 1×1 convolution with stride 1 skips im2col).
  public static func convForward(_ x: Tensor, _ weight: Tensor, bias: Tensor?,
                                 _ g: ConvGeometry, groups: Int) throws -> Tensor {
    let d = try ConvDims(input: x.shape, weight: weight.shape, groups: groups, g,
                         dtype: x.dtype, op: "conv2d")
    guard weight.dtype == x.dtype, bias.map({ $0.dtype == x.dtype && $0.shape == [d.o] })
      ?? true else {
      throw TensorError("conv2d: weight and bias must match the input's dtype \(x.dtype) and "
        + "bias must be [\(d.o)]")
    }
    let xc = try Images(x), wc = try weight.contiguous()
    let bc = try bias.map { try $0.contiguous() }
    let out = try Tensor(uninitialized: [d.n, d.o, d.oh, d.ow], dtype: x.dtype)
    if x.dtype == .f32 {
      try convForward(d, xc, wc, bc, out, Float.self)
    } else {
      try convForward(d, xc, wc, bc, out, Double.self)
    }
    return out
  }

  private static func convForward<T: ConvScalar>(_ d: ConvDims, _ x: Images, _ w: Tensor,
                                                 _ bias: Tensor?, _ out: Tensor,
                                                 _: T.Type) throws {
    if out.count == 0 { return }
    if d.kg == 0 {  // no input channels: the bias alone (or zeros)
      let y = out.pointer(T.self), bp = bias?.pointer(T.self)
      for r in 0..<(d.n * d.o) { (y + r * d.l).update(repeating: bp?[r % d.o] ?? 0, count: d.l) }
      return
    }
    if T.self == Float.self && d.directForward { return try convForwardDirect(d, x, w, bias, out) }
    if d.batched { return try convForwardBatched(d, x, w, bias, out, T.self) }
    let chunks = convChunks(d.n, cost: d.o * d.kg * d.l)
    let scratch = try (0..<(d.pointwise ? 0 : chunks)).map { _ in
      try Tensor(uninitialized: [d.c * d.g.kernel.0 * d.g.kernel.1 * d.l], dtype: out.dtype)
    }
    let (xp, wp, yp) = (x.pointer(T.self), w.pointer(T.self), out.pointer(T.self))
    let bp = bias?.pointer(T.self)
    forImages(d, chunks) { images, chunk, win in
      for i in images {
        let img = xp + i * x.stride, y = yp + i * d.o * d.l
        let cols = d.pointwise ? img : scratch[chunk].pointer(T.self)
        if !d.pointwise { T.im2col(img, cols, d.c, win) }
        if let bp {
          for ch in 0..<d.o { (y + ch * d.l).update(repeating: bp[ch], count: d.l) }
        }
        for gi in 0..<d.groups {
          T.gemm(false, false, d.og, d.l, d.kg, wp + gi * d.og * d.kg, d.kg,
                 cols + gi * d.kg * d.l, d.l, bp == nil ? 0 : 1, y + gi * d.og * d.l, d.l)
        }
      }
    }
    withExtendedLifetime(scratch) {}
  }

  /// The gradient of `convForward` with respect to its input (also the transposed
  /// convolution): gy [N, O, Ho, Wo] and weight [O, C/groups, kh, kw] → [N, C, height,
  /// width]. Per image: Wᵀ·gy per group into columns, then col2im (stride 1: a forward
  /// convolution, Tensor+ConvBackData.swift; stride 2 in f32: Tensor+ConvStrided.swift).
  public static func convInputGrad(_ gy: Tensor, _ weight: Tensor, height: Int, width: Int,
                                   _ g: ConvGeometry, groups: Int) throws -> Tensor {
    guard gy.ndim == 4, weight.ndim == 4 else {
      throw TensorError("conv_transpose2d: needs 4-D input and weight, got "
        + "\(shapeText(gy.shape)) and \(shapeText(weight.shape))")
    }
    let c = weight.shape[1] * groups
    let d = try ConvDims(input: [gy.shape[0], c, height, width], weight: weight.shape,
                         groups: groups, g, dtype: gy.dtype, op: "conv_transpose2d")
    guard gy.shape == [d.n, d.o, d.oh, d.ow], weight.dtype == gy.dtype else {
      throw TensorError("conv_transpose2d: input \(shapeText(gy.shape)) does not match "
        + "weight \(shapeText(weight.shape)) and output [\(height), \(width)] (or dtypes differ)")
    }
    if let y = try convInputGradAsForward(d, gy, weight) { return y }
    let gc = try Images(gy), wc = try weight.contiguous()
    if gy.dtype == .f32, d.direct {  // stride 2 (stride 1 went the way above)
      let out = try Tensor(uninitialized: [d.n, c, height, width], dtype: .f32)
      if try convInputGradStrided(d, gc, wc, out) { return out }
    }
    let out = d.pointwise ? try Tensor(uninitialized: [d.n, c, height, width], dtype: gy.dtype)
      : try Tensor.zeros([d.n, c, height, width], dtype: gy.dtype)
    if gy.dtype == .f32 {
      try convInputGrad(d, gc, wc, out, Float.self)
    } else {
      try convInputGrad(d, gc, wc, out, Double.self)
    }
    return out
  }

  private static func convInputGrad<T: ConvScalar>(_ d: ConvDims, _ gy: Images, _ w: Tensor,
                                                   _ out: Tensor, _: T.Type) throws {
    if out.count == 0 || d.l == 0 { return }
    if d.kg == 0 || d.og == 0 {  // nothing flows back: zeros (pointwise output is uninitialised)
      out.pointer(T.self).update(repeating: 0, count: out.count)
      return
    }
    let chunks = convChunks(d.n, cost: d.o * d.kg * d.l)
    let scratch = try (0..<(d.pointwise ? 0 : chunks)).map { _ in
      try Tensor(uninitialized: [d.c * d.g.kernel.0 * d.g.kernel.1 * d.l], dtype: out.dtype)
    }
    let (gp, wp, xp) = (gy.pointer(T.self), w.pointer(T.self), out.pointer(T.self))
    forImages(d, chunks) { images, chunk, win in
      for i in images {
        let img = xp + i * d.c * d.h * d.w, gi0 = gp + i * gy.stride
        let cols = d.pointwise ? img : scratch[chunk].pointer(T.self)
        for gi in 0..<d.groups {
          T.gemm(true, false, d.kg, d.l, d.og, wp + gi * d.og * d.kg, d.kg,
                 gi0 + gi * d.og * d.l, d.l, 0, cols + gi * d.kg * d.l, d.l)
        }
        if !d.pointwise { T.col2im(cols, img, d.c, win) }
      }
    }
    withExtendedLifetime(scratch) {}
  }

  /// The gradient of `convForward` with respect to its weight: x [N, C, H, W] and gy
  /// [N, O, Ho, Wo] → [O, C/groups, kh, kw], Σ over images of gy·colsᵀ per group. Each
  /// thread sums its images into its own buffer; the buffers are added at the end.
  public static func convWeightGrad(_ x: Tensor, _ gy: Tensor, _ g: ConvGeometry,
                                    groups: Int) throws -> Tensor {
    guard x.ndim == 4, gy.ndim == 4, groups >= 1 else {
      throw TensorError("conv2d weight gradient: needs 4-D input and gradient, got "
        + "\(shapeText(x.shape)) and \(shapeText(gy.shape))")
    }
    let wshape = [gy.shape[1], x.shape[1] / groups, g.kernel.0, g.kernel.1]
    let d = try ConvDims(input: x.shape, weight: wshape, groups: groups, g, dtype: x.dtype,
                         op: "conv2d weight gradient")
    guard gy.shape == [d.n, d.o, d.oh, d.ow], gy.dtype == x.dtype else {
      throw TensorError("conv2d weight gradient: gradient \(shapeText(gy.shape)) does not "
        + "match input \(shapeText(x.shape)) (or dtypes differ)")
    }
    let xc = try Images(x), gc = try Images(gy)
    if x.dtype == .f32 { return try convWeightGrad(d, xc, gc, wshape, Float.self) }
    return try convWeightGrad(d, xc, gc, wshape, Double.self)
  }

  private static func convWeightGrad<T: ConvScalar>(_ d: ConvDims, _ x: Images, _ gy: Images,
                                                    _ wshape: [Int], _: T.Type) throws
    -> Tensor
  {
    let size = d.o * d.kg
    if T.self == Float.self && d.directWeightGrad {
      return try convWeightGradDirect(d, x, gy, wshape)
    }
    if d.batched { return try convWeightGradBatched(d, x, gy, wshape, T.self) }
    let chunks = convChunks(d.n, cost: d.o * d.kg * d.l)
    let dt = x.t.dtype
    let sums = try (0..<chunks).map { _ in try Tensor.zeros(wshape, dtype: dt) }
    if size == 0 || d.l == 0 || d.n == 0 { return sums[0] }
    let scratch = try (0..<(d.pointwise ? 0 : chunks)).map { _ in
      try Tensor(uninitialized: [d.c * d.g.kernel.0 * d.g.kernel.1 * d.l], dtype: dt)
    }
    let (xp, gp) = (x.pointer(T.self), gy.pointer(T.self))
    forImages(d, chunks) { images, chunk, win in
      let dw = sums[chunk].pointer(T.self)
      for i in images {
        let img = xp + i * x.stride, g0 = gp + i * gy.stride
        let cols = d.pointwise ? img : scratch[chunk].pointer(T.self)
        if !d.pointwise { T.im2col(img, cols, d.c, win) }
        for gi in 0..<d.groups {
          T.gemm(false, true, d.og, d.kg, d.l, g0 + gi * d.og * d.l, d.l,
                 cols + gi * d.kg * d.l, d.l, 1, dw + gi * d.og * d.kg, d.kg)
        }
      }
    }
    let total = sums[0].pointer(T.self)
    for s in sums.dropFirst() {
      let p = s.pointer(T.self)
      for j in 0..<size { total[j] += p[j] }
    }
    withExtendedLifetime(scratch) {}
    return sums[0]
  }
}
