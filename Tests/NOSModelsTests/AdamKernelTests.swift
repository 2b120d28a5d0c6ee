// The vectorised Adam/AdamW kernel (nos_adam_f32/f64 through Kernels.adam) against the
// update written out element by element in Swift, bit for bit: the kernel promises the same
// operations in the same order and no contracted multiply-adds.
import Foundation
@testable import NOSModels
import NOSTensor
import XCTest

final class AdamKernelTests: XCTestCase {
  /// Values that stress rounding and the special cases (zeros of both signs, infinities,
  /// NaN, subnormals), over lengths that leave vector tails.
  private func values(_ n: Int, _ seed: Double) -> [Double] {
    let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e-310, 3e38, -7.5]
    return (0..<n).map { i in i % 37 == 5 ? specials[(i / 37) % specials.count]
      : sin(Double(i) * seed) * pow(10, Double(i % 9) - 4) }
  }

  private func reference<T: BinaryFloatingPoint>(_: T.Type, _ p: [T], _ g: [T], _ m: inout [T],
                                                 _ v: inout [T], _ c: Kernels.AdamStep) -> [T] {
    let (s, w1, b2, w2) = (T(c.stepSize), T(1 - c.beta1), T(c.beta2), T(1 - c.beta2))
    let (bc2, eps, l2, decay) = (T(c.bc2Sqrt), T(c.eps), T(c.l2), T(c.decay))
    var out = p
    for i in p.indices {
      var gi = g[i]
      if c.l2 != 0 { gi += l2 * p[i] }
      let mi = m[i] + w1 * (gi - m[i])
      let vi = b2 * v[i] + w2 * gi * gi
      (m[i], v[i]) = (mi, vi)
      out[i] = (c.decay != 1 ? p[i] * decay : p[i]) - s * mi / (vi.squareRoot() / bc2 + eps)
    }
    return out
  }

  private func check(_ dtype: DType, _ c: Kernels.AdamStep, n: Int) throws {
    let p0 = values(n, 0.37), g0 = values(n, 1.13)
    let m0 = values(n, 0.71), v0 = values(n, 2.3).map { abs($0) }
    let p = try Tensor(p0, shape: [n]).astype(dtype), g = try Tensor(g0, shape: [n]).astype(dtype)
    let m = try Tensor(m0, shape: [n]).astype(dtype), v = try Tensor(v0, shape: [n]).astype(dtype)
    let out = try Tensor(uninitialized: [n], dtype: dtype)
    func same(_ a: [Double], _ b: [Double], _ what: String) {
      for i in a.indices where !(a[i].bitPattern == b[i].bitPattern
                                  || (a[i].isNaN && b[i].isNaN)) {
        XCTFail("\(dtype) \(what)[\(i)]: \(a[i]) against \(b[i])")
        return
      }
    }
    if dtype == .f32 {
      Kernels.adam(p: p, g: g, out: out, m: m, v: v, c)
      var (mr, vr) = (m0.map { Float($0) }, v0.map { Float($0) })
      let o = reference(Float.self, p0.map { Float($0) }, g0.map { Float($0) }, &mr, &vr, c)
      same(out.toArray(), o.map { Double($0) }, "p")
      same(m.toArray(), mr.map { Double($0) }, "m")
      same(v.toArray(), vr.map { Double($0) }, "v")
    } else {
      Kernels.adam(p: p, g: g, out: out, m: m, v: v, c)
      var (mr, vr) = (m0, v0)
      let o = reference(Double.self, p0, g0, &mr, &vr, c)
      same(out.toArray(), o, "p")
      same(m.toArray(), mr, "m")
      same(v.toArray(), vr, "v")
    }
  }

  func testKernelEqualsTheElementwiseUpdateBitForBit() throws {
    let adam = Kernels.AdamStep(stepSize: 1e-3 / (1 - pow(0.9, 3)), beta1: 0.9, beta2: 0.999,
                                bc2Sqrt: (1 - pow(0.999, 3)).squareRoot(), eps: 1e-8, l2: 0,
                                decay: 1)
    var l2 = adam
    l2.l2 = 1e-4
    var adamw = adam
    adamw.decay = 1 - 1e-3 * 1e-2
    for dtype in [DType.f32, .f64] {
      for c in [adam, l2, adamw] {
        for n in [1, 7, 8, 33, 1000, 70_001] { try check(dtype, c, n: n) }
      }
    }
  }
}
