// Group normalisation and its backward pass in two sweeps per group, for f32 and f64 tensors.
import NOSTensor
import Numerics

/// x [N, C, S...] seen as [N, G, C/G, S]: per (sample, group) mean and 1/√(var + eps)
/// (biased variance, two passes), then per-channel weight and bias.
struct GroupNormKernel {
  let n, c, groups, spatial: Int
  let eps: Double

  init(_ shape: [Int], groups: Int, eps: Double) {
    (n, c, self.groups) = (shape[0], shape[1], groups)
    spatial = shape[2...].reduce(1, *)
    self.eps = eps
  }

  var groupSize: Int { c / groups * spatial }

  /// (y, xhat) — xhat, the standardised input, is kept for the backward pass — and the
  /// [N·G] reciprocal standard deviations.
  func forward(_ x: Tensor, _ w: Tensor?, _ b: Tensor?) throws -> (Tensor, Tensor, Tensor) {
    let x = try x.contiguous(), w = try w?.contiguous(), b = try b?.contiguous()
    let y = try Tensor(uninitialized: x.shape, dtype: x.dtype)
    let xhat = try Tensor(uninitialized: x.shape, dtype: x.dtype)
    let rstd = try Tensor(uninitialized: [n * groups], dtype: x.dtype)
    func run<T: Real & BinaryFloatingPoint>(_: T.Type) {
      let xp = x.memory(as: T.self), yp = y.memory(as: T.self), hp = xhat.memory(as: T.self)
      let rp = rstd.memory(as: T.self)
      let wp = w?.memory(as: T.self), bp = b?.memory(as: T.self)
      let m = groupSize, cg = c / groups, e = T(eps)
      Parallel.forRanges(n * groups, cost: 5 * m) { range in
        for ng in range {
          let xs = xp + ng * m
          let mean = sum4(m) { xs[$0] } / T(max(m, 1))
          let ss = sum4(m) { let d = xs[$0] - mean; return d * d }
          let r = 1 / (ss / T(max(m, 1)) + e).squareRoot()
          rp[ng] = r
          for j in 0..<cg {
            let ch = (ng % groups) * cg + j
            let (sc, sh) = (wp?[ch] ?? 1, bp?[ch] ?? 0)
            for s in 0..<spatial {
              let i = ng * m + j * spatial + s
              let h = (xp[i] - mean) * r
              hp[i] = h
              yp[i] = h * sc + sh
            }
          }
        }
      }
    }
    if x.dtype == .f32 { run(Float.self) } else { run(Double.self) }
    return (y, xhat, rstd)
  }

  /// Gradients of x, weight and bias from the output's gradient `g`:
  /// gx = rstd·(ĝ − mean ĝ − x̂·mean(ĝ·x̂)) with ĝ = g·weight; gw = Σ g·x̂, gb = Σ g.
  func backward(_ g: Tensor, _ xhat: Tensor, _ rstd: Tensor, _ w: Tensor?) throws
    -> (Tensor, Tensor, Tensor)
  {
    let g = try g.contiguous(), w = try w?.contiguous(), dt = xhat.dtype
    let gx = try Tensor(uninitialized: xhat.shape, dtype: dt)
    let gw = try Tensor.zeros([n, c], dtype: dt), gb = try Tensor.zeros([n, c], dtype: dt)
    func run<T: Real & BinaryFloatingPoint>(_: T.Type) {
      let gp = g.memory(as: T.self), hp = xhat.memory(as: T.self), rp = rstd.memory(as: T.self)
      let op = gx.memory(as: T.self), wp = w?.memory(as: T.self)
      let gwp = gw.memory(as: T.self), gbp = gb.memory(as: T.self)
      let m = groupSize, cg = c / groups
      Parallel.forRanges(n * groups, cost: 6 * m) { range in
        for ng in range {
          var (s1, s2): (T, T) = (0, 0)
          for j in 0..<cg {
            let ch = (ng % groups) * cg + j, sc = wp?[ch] ?? 1
            let (gs, hs) = (gp + ng * m + j * spatial, hp + ng * m + j * spatial)
            let a = sum4(spatial) { gs[$0] * hs[$0] }, bsum = sum4(spatial) { gs[$0] }
            gwp[(ng / groups) * c + ch] = a
            gbp[(ng / groups) * c + ch] = bsum
            s1 += sc * bsum
            s2 += sc * a
          }
          let (mg, mgh, r) = (s1 / T(max(m, 1)), s2 / T(max(m, 1)), rp[ng])
          for j in 0..<cg {
            let sc = wp?[(ng % groups) * cg + j] ?? 1
            for s in 0..<spatial {
              let i = ng * m + j * spatial + s
              op[i] = r * (gp[i] * sc - mg - hp[i] * mgh)
            }
          }
        }
      }
    }
    if dt == .f32 { run(Float.self) } else { run(Double.self) }
    return (gx, try gw.sum(axis: 0), try gb.sum(axis: 0))
  }
}

/// Σ f(i) for i < m in four interleaved partial sums (i mod 4), added pairwise at the end:
/// four independent chains instead of one, so the adds overlap (a fixed order, so the
/// result does not depend on threads).
@inline(__always)
private func sum4<T: BinaryFloatingPoint>(_ m: Int, _ f: (Int) -> T) -> T {
  var (a, b, c, d): (T, T, T, T) = (0, 0, 0, 0)
  var i = 0
  while i + 4 <= m {
    a += f(i)
    b += f(i + 1)
    c += f(i + 2)
    d += f(i + 3)
    i += 4
  }
  while i < m {
    a += f(i)
    i += 1
  }
  return (a + b) + (c + d)
}
