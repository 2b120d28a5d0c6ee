// The spectral convolution's per-mode complex contraction as one differentiable primitive.
import CBLAS
import Dispatch
import NOSGrad
import NOSTensor
import Numerics

/// Which kept Fourier modes a spectral layer mixes: flat offsets of each mode in the input
/// spectrum (spatial shape `inShape`) and in the output spectrum (`outShape`). Mode m uses
/// the weight slice `W[:, :, m]` (weights are `[in, out, modes...]`, flattened modes).
public struct ModeMap: Sendable {
  public let inShape: [Int]
  public let outShape: [Int]
  let inOffsets: [Int]
  let outOffsets: [Int]
  public var count: Int { inOffsets.count }

  /// The same modes with the output laid out like the input (a full spectrum, zero off the
  /// kept modes).
  public var square: ModeMap {
    ModeMap(inShape: inShape, outShape: inShape, inOffsets: inOffsets, outOffsets: inOffsets)
  }

  /// 1-D: the first `modes` bins of a half spectrum of length `bins`; output `[modes]`.
  public static func oneD(modes: Int, bins: Int) -> ModeMap {
    ModeMap(inShape: [bins], outShape: [modes], inOffsets: Array(0..<modes),
            outOffsets: Array(0..<modes))
  }

  /// 2-D: rows `0..<m1` and `n1-m1..<n1` (positive and negative frequencies) by the first
  /// `m2` bins of the half axis (length `bins`); output `[n1, m2]`, zero between the blocks.
  public static func twoD(modes m1: Int, _ m2: Int, rows n1: Int, bins: Int) -> ModeMap {
    let rows = Array(0..<m1) + Array((n1 - m1)..<n1)
    var ins: [Int] = [], outs: [Int] = []
    for r in rows {
      for c in 0..<m2 {
        ins.append(r * bins + c)
        outs.append(r * m2 + c)
      }
    }
    return ModeMap(inShape: [n1, bins], outShape: [n1, m2], inOffsets: ins, outOffsets: outs)
  }
}

/// The three sesquilinear maps a spectral layer needs; each one's gradients are the others.
public enum ModeKind: Sendable {
  /// `Y[b,o,out(m)] = Σ_i X[b,i,in(m)] W[i,o,m]` (zero off the kept modes).
  case forward
  /// `GX[b,i,in(m)] = Σ_o G[b,o,out(m)] conj(W[i,o,m])`: the adjoint in X.
  case adjointInput
  /// `GW[i,o,m] = Σ_b conj(X[b,i,in(m)]) G[b,o,out(m)]`: the adjoint in W.
  case adjointWeight
}

/// One of the maps above on complex tensors of one dtype: `a` is X (forward, adjointWeight)
/// or G (adjointInput); `b` is W (forward, adjointInput) or G (adjointWeight). `weight`
/// gives W's shape `[in, out, modes...]`. Differentiable to any order.
public func modeProduct(_ kind: ModeKind, _ a: Variable, _ b: Variable, map: ModeMap,
                        weight: [Int]) throws -> Variable {
  let out = try ModeKernel.run(kind, a.value, b.value, map, weight)
  return .record(out, [a, b]) { g, _, needs, ins in
    let a = ins[0], b = ins[1]
    func mp(_ k: ModeKind, _ x: Variable, _ y: Variable) throws -> Variable {
      try modeProduct(k, x, y, map: map, weight: weight)
    }
    switch kind {
    case .forward:  // a = X, b = W
      return [needs[0] ? try mp(.adjointInput, g, b) : nil,
              needs[1] ? try mp(.adjointWeight, a, g) : nil]
    case .adjointInput:  // a = G, b = W; g is shaped like X
      return [needs[0] ? try mp(.forward, g, b) : nil,
              needs[1] ? try mp(.adjointWeight, g, a) : nil]
    case .adjointWeight:  // a = X, b = G; g is shaped like W
      return [needs[0] ? try mp(.adjointInput, b, g) : nil,
              needs[1] ? try mp(.forward, a, g) : nil]
    }
  }
}

/// Packs the kept modes into per-mode matrices, multiplies them with complex GEMM, and
/// scatters the products back.
enum ModeKernel {
  /// `scale` multiplies the products as they are scattered (a spectral layer folds the
  /// inverse transform's 1/n into its few modes this way).
  static func run(_ kind: ModeKind, _ a: Tensor, _ b: Tensor, _ map: ModeMap,
                  _ weight: [Int], scale: Double = 1) throws -> Tensor {
    guard a.dtype.isComplex, a.dtype == b.dtype else {
      throw TensorError("spectral layer: expected complex tensors of one dtype, got "
        + "\(a.dtype) and \(b.dtype)")
    }
    guard weight.count >= 3 else { throw TensorError("spectral layer: bad weight shape") }
    let ci = weight[0], co = weight[1], m = map.count
    guard weight.dropFirst(2).reduce(1, *) == m else {
      throw TensorError("spectral layer: the weight has \(weight.dropFirst(2).reduce(1, *)) "
        + "modes, the layer keeps \(m)")
    }
    let spatialA = kind == .adjointInput ? map.outShape : map.inShape
    let ca = kind == .adjointInput ? co : ci
    guard a.ndim == 2 + spatialA.count, Array(a.shape.dropFirst(2)) == spatialA,
          a.shape[1] == ca else {
      throw TensorError("spectral layer: input of shape \(a.shape) does not fit channels \(ca) "
        + "and spectrum \(spatialA)")
    }
    let batch = a.shape[0]
    let bShape = kind == .adjointWeight ? [batch, co] + map.outShape : weight
    guard b.shape == bShape else {
      throw TensorError("spectral layer: operand of shape \(b.shape), expected \(bShape)")
    }
    let outShape: [Int]
    switch kind {
    case .forward: outShape = [batch, co] + map.outShape
    case .adjointInput: outShape = [batch, ci] + map.inShape
    case .adjointWeight: outShape = weight
    }
    let x = try a.contiguous(), y = try b.contiguous()
    let out = try Tensor.zeros(outShape, dtype: a.dtype)
    if a.dtype == .c64 {
      compute(kind, x, y, out, map, batch, ci, co, Float(scale))
    } else {
      compute(kind, x, y, out, map, batch, ci, co, scale)
    }
    return out
  }

  private static func compute<R: ComplexGEMM>(
    _ kind: ModeKind, _ a: Tensor, _ b: Tensor, _ out: Tensor, _ map: ModeMap,
    _ batch: Int, _ ci: Int, _ co: Int, _ scale: R
  ) {
    let m = map.count
    let sIn = map.inShape.reduce(1, *), sOut = map.outShape.reduce(1, *)
    let ident = Array(0..<m)
    // Operand rows, spatial sizes and offsets for A, B and C by kind.
    let (rowsA, sA, offA): (Int, Int, [Int]) = kind == .adjointInput
      ? (batch * co, sOut, map.outOffsets) : (batch * ci, sIn, map.inOffsets)
    let (rowsB, sB, offB): (Int, Int, [Int]) = kind == .adjointWeight
      ? (batch * co, sOut, map.outOffsets) : (ci * co, m, ident)
    let (rowsC, sC, offC): (Int, Int, [Int])
    switch kind {
    case .forward: (rowsC, sC, offC) = (batch * co, sOut, map.outOffsets)
    case .adjointInput: (rowsC, sC, offC) = (batch * ci, sIn, map.inOffsets)
    case .adjointWeight: (rowsC, sC, offC) = (ci * co, m, ident)
    }
    typealias T = Complex<R>
    let pa = UnsafeMutablePointer<T>.allocate(capacity: m * rowsA)
    let pb = UnsafeMutablePointer<T>.allocate(capacity: m * rowsB)
    let pc = UnsafeMutablePointer<T>.allocate(capacity: m * rowsC)
    defer { pa.deallocate(); pb.deallocate(); pc.deallocate() }
    let ra = pointer(a, T.self), rb = pointer(b, T.self), rc = pointer(out, T.self)
    pack(ra, rowsA, sA, offA, pa)
    pack(rb, rowsB, sB, offB, pb)
    let work = batch * ci * co * m
    let chunks = work >= 1 << 18 ? min(m, 2 * max(1, Parallel.threads)) : 1
    // Safe to share across threads: chunk c writes only its own products' C blocks.
    nonisolated(unsafe) let body = { (c: Int) in
      for k in (m * c / chunks)..<(m * (c + 1) / chunks) {
        let A = pa + k * rowsA, B = pb + k * rowsB, C = pc + k * rowsC
        switch kind {
        case .forward:  // [batch, ci] x [ci, co]
          R.gemm(CblasNoTrans, CblasNoTrans, batch, co, ci, A, ci, B, co, C, co)
        case .adjointInput:  // [batch, co] x [ci, co]^H
          R.gemm(CblasNoTrans, CblasConjTrans, batch, ci, co, A, co, B, co, C, ci)
        case .adjointWeight:  // [batch, ci]^H x [batch, co]
          R.gemm(CblasConjTrans, CblasNoTrans, ci, co, batch, A, ci, B, co, C, co)
        }
      }
    }
    if chunks == 1 {
      body(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: chunks) { body($0) }
    }
    for k in 0..<m {
      let src = pc + k * rowsC, o = offC[k]
      if scale == 1 {
        for r in 0..<rowsC { rc[r * sC + o] = src[r] }
      } else {
        for r in 0..<rowsC { rc[r * sC + o] = T(src[r].real * scale, src[r].imaginary * scale) }
      }
    }
  }

  /// `dst[k][r] = src[r·s + off[k]]`, a transpose: in blocks of 16 rows so that each mode's
  /// writes fill whole cache lines while the block's source rows stay in cache (row by row,
  /// every element went to another line: 80% of this kernel's time in MG-TFNO's step).
  private static func pack<T>(_ src: UnsafeMutablePointer<T>, _ rows: Int, _ s: Int,
                              _ off: [Int], _ dst: UnsafeMutablePointer<T>) {
    let m = off.count
    off.withUnsafeBufferPointer { off in
      for r0 in stride(from: 0, to: rows, by: 16) {
        let r1 = min(r0 + 16, rows)
        for k in 0..<m {
          let d = dst + k * rows, o = off[k]
          for r in r0..<r1 { d[r] = src[r * s + o] }
        }
      }
    }
  }

  private static func pointer<T>(_ t: Tensor, _: T.Type) -> UnsafeMutablePointer<T> {
    t.memory(as: T.self)
  }
}

/// Complex GEMM in row-major order for the two precisions (keyed by the real type).
protocol ComplexGEMM: Real {
  static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Complex<Self>>, _ lda: Int,
                   _ b: UnsafePointer<Complex<Self>>, _ ldb: Int,
                   _ c: UnsafeMutablePointer<Complex<Self>>, _ ldc: Int)
}

extension Float: ComplexGEMM {
  static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Complex<Float>>, _ lda: Int,
                   _ b: UnsafePointer<Complex<Float>>, _ ldb: Int,
                   _ c: UnsafeMutablePointer<Complex<Float>>, _ ldc: Int) {
    var one = Complex<Float>.one, zero = Complex<Float>.zero
    cblas_cgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), &one, a, Int32(lda), b,
                Int32(ldb), &zero, c, Int32(ldc))
  }
}

extension Double: ComplexGEMM {
  static func gemm(_ ta: CBLAS_TRANSPOSE, _ tb: CBLAS_TRANSPOSE, _ m: Int, _ n: Int, _ k: Int,
                   _ a: UnsafePointer<Complex<Double>>, _ lda: Int,
                   _ b: UnsafePointer<Complex<Double>>, _ ldb: Int,
                   _ c: UnsafeMutablePointer<Complex<Double>>, _ ldc: Int) {
    var one = Complex<Double>.one, zero = Complex<Double>.zero
    cblas_zgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), &one, a, Int32(lda), b,
                Int32(ldb), &zero, c, Int32(ldc))
  }
}
