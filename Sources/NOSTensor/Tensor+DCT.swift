// Unnormalised DCT-II and DCT-III along the last axis through FFTW's real-to-real plans.
import CFFTW
import Foundation

/// The two cosine transforms nos exposes; FFTW's REDFT10 and REDFT01 (unnormalised):
/// II: y_k = 2 Σ_n x_n cos(πk(2n + 1) / 2N);
/// III: y_k = x_0 + 2 Σ_{n≥1} x_n cos(πn(2k + 1) / 2N)
/// (scipy.fft.dct with norm=None for types 2 and 3).
public enum DCTType: Int, Sendable { case two = 2, three = 3 }

/// r2r plans per (type, precision, length, batch); made with FFTW_ESTIMATE | FFTW_UNALIGNED
/// (cheap, never touches the arrays, any alignment), under FFTW's thread-safe planner.
final class R2RPlans: @unchecked Sendable {
  static let shared = R2RPlans()
  private struct Key: Hashable { let type: DCTType, double: Bool, n: Int, batch: Int }
  private let plans = Locked<[Key: OpaquePointer]>([:])

  private init() {
    fftw_make_planner_thread_safe()
  }

  func plan(_ type: DCTType, double: Bool, n: Int, batch: Int) throws -> OpaquePointer {
    guard n <= Int(Int32.max) / 2, batch <= Int(Int32.max) else {
      throw TensorError("dct: transform of length \(n) × \(batch) is too large")
    }
    let key = Key(type: type, double: double, n: n, batch: batch)
    return try plans.withLock { cache in
      if let p = cache[key] { return p }
      guard let p = make(key) else {
        throw TensorError("dct: FFTW could not plan a transform of length \(n)")
      }
      cache[key] = p
      return p
    }
  }

  private func make(_ k: Key) -> OpaquePointer? {
    var n = [Int32(k.n)]
    let flags = UInt32(FFTW_ESTIMATE) | UInt32(FFTW_UNALIGNED)
    let total = k.n * k.batch
    if k.double {
      var kind = [k.type == .two ? FFTW_REDFT10 : FFTW_REDFT01]
      let a = fftw_alloc_real(total), b = fftw_alloc_real(total)
      defer { fftw_free(a); fftw_free(b) }
      return fftw_plan_many_r2r(1, &n, Int32(k.batch), a, nil, 1, Int32(k.n), b, nil, 1,
                                Int32(k.n), &kind, flags)
    }
    var kind = [k.type == .two ? FFTW_REDFT10 : FFTW_REDFT01]
    let a = fftwf_alloc_real(total), b = fftwf_alloc_real(total)
    defer { fftwf_free(a); fftwf_free(b) }
    return fftwf_plan_many_r2r(1, &n, Int32(k.batch), a, nil, 1, Int32(k.n), b, nil, 1,
                               Int32(k.n), &kind, flags)
  }
}

extension Tensor {
  /// The unnormalised DCT of `type` along the last axis (f32 stays f32, others are f64;
  /// complex input is refused by the callers).
  public func dctLast(_ type: DCTType) throws -> Tensor {
    guard ndim >= 1, !dtype.isComplex else {
      throw TensorError("dct: needs a real tensor with at least one dimension, got "
        + "\(shapeText(shape)) \(dtype)")
    }
    let n = shape[ndim - 1]
    let x = try (dtype == .f32 ? self : astype(.f64)).contiguous()
    var out = try Tensor(uninitialized: shape, dtype: x.dtype)
    guard n > 0, x.count > 0 else { return out }
    let batch = x.count / n
    let p = try R2RPlans.shared.plan(type, double: x.dtype == .f64, n: n, batch: batch)
    if x.dtype == .f64 {
      fftw_execute_r2r(p, x.pointer(Double.self), out.pointer(Double.self))
    } else {
      fftwf_execute_r2r(p, x.pointer(Float.self), out.pointer(Float.self))
    }
    return out
  }
}
