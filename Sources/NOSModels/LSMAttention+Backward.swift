// The backward pass of LSM's fused spectral-block attention, one (patch, head) at a time.
import NOSTensor
import Numerics

/// Where the backward pass writes: gradients of kv and q (disjoint per patch and head) and
/// this worker's own sums for the latent tokens [heads, T, dh] and the basis weights [C, 2K].
struct LSMGradients<T> {
  let kv, q, lat, w: UnsafeMutablePointer<T>
}

extension LSMKernel {
  /// The gradients of (patch n, head hd) given `gout` [B, C, H, W], the gradient of the
  /// output, and what the forward pass saved for that patch and head (`save`; recomputed
  /// when nil).
  func backward(_ n: Int, _ hd: Int, _ sc: LSMScratch<T>, _ gout: UnsafeMutablePointer<T>,
                _ saved: UnsafeMutablePointer<T>?, _ gr: LSMGradients<T>) {
    if let saved {
      gather(n, hd, sc)
      save(sc, saved, back: true)
    } else {
      forward(n, hd, sc)
    }
    let (l, t, dh, hw) = (s.points, s.tokens, s.dh, s.plane)
    let (b, off) = s.origin(n)
    let gb = gout + b * s.c * hw + off
    for d in 0..<dh {
      let cg = gb + (hd * dh + d) * hw
      for i in 0..<l { sc.g[d * l + i] = cg[offsets[i]] }
    }
    for r in 0..<t {
      for d in 0..<dh {
        var acc: T = 0
        for i in 0..<l { acc += sc.a2[i * t + r] * sc.g[d * l + i] }
        sc.gz[r * dh + d] = acc
      }
    }
    for i in 0..<l {
      for r in 0..<t {
        var acc: T = 0
        for d in 0..<dh { acc += sc.g[d * l + i] * sc.z2[r * dh + d] }
        sc.ga[i * t + r] = acc
      }
    }
    LSMKernel.softmaxBackward(sc.a2, sc.ga, l, t)
    decodeQueries(n, hd, sc, gr.q + b * s.c * hw + off)
    transitionBackward(hd, sc, gr)
    encodeBackward(hd, sc, gr.lat + hd * t * dh, gr.kv + b * 2 * s.c * hw + off)
  }

  /// g ← y·(g − Σ y·g) row by row: the softmax's backward pass in place.
  @inline(__always)
  static func softmaxBackward(_ y: UnsafeMutablePointer<T>, _ g: UnsafeMutablePointer<T>,
                              _ rows: Int, _ n: Int) {
    for r in 0..<rows {
      let yr = y + r * n, gr = g + r * n
      var dot: T = 0
      for i in 0..<n { dot += yr[i] * gr[i] }
      for i in 0..<n { gr[i] = yr[i] * (gr[i] - dot) }
    }
  }

  /// From the scores' gradient (in `ga`, [points, T]): the queries' gradient, written at
  /// `gq` (the patch's first point in the sample's [C, H, W]), and the tokens' share in gz.
  private func decodeQueries(_ n: Int, _ hd: Int, _ sc: LSMScratch<T>,
                             _ gq: UnsafeMutablePointer<T>) {
    let (l, t, dh) = (s.points, s.tokens, s.dh)
    scatterProduct(sc.ga, sc.z2, hd, into: gq)
    for d in 0..<dh {
      for r in 0..<t {
        var acc: T = 0
        for i in 0..<l { acc += sc.ga[i * t + r] * sc.q[d * l + i] }
        sc.gz[r * dh + d] += acc
      }
    }
  }

  /// gz ← gz·(1 + Σₘ fₘ(w[c, m]·cos fₘz − w[c, K + m]·sin fₘz)); the basis weights'
  /// gradient gets gz·sin fₘz and gz·cos fₘz (fₘ = mπ/K).
  private func transitionBackward(_ hd: Int, _ sc: LSMScratch<T>, _ gr: LSMGradients<T>) {
    let (t, dh, kk) = (s.tokens, s.dh, s.basis)
    let step = T.pi / T(kk)
    for d in 0..<dh {
      let c = hd * dh + d
      let wc = wb + c * 2 * kk, gw = gr.w + c * 2 * kk
      for r in 0..<t {
        let zz = sc.z[r * dh + d], g = sc.gz[r * dh + d]
        let s1 = T.sin(step * zz), c1 = T.cos(step * zz)
        var (sm, cm): (T, T) = (0, 1)
        var deriv: T = 1
        for m in 0..<kk {
          deriv += T(m) * step * (wc[m] * cm - wc[kk + m] * sm)
          gw[m] += g * sm
          gw[kk + m] += g * cm
          (sm, cm) = (sm * c1 + cm * s1, cm * c1 - sm * s1)
        }
        sc.gz[r * dh + d] = g * deriv
      }
    }
  }

  /// From the tokens' gradient gz (before the transition): the latent tokens' gradient
  /// (added at `glat`, this head's [T, dh]) and the keys' and values' gradients, written at
  /// `gkv` (the patch's first point in the sample's [2C, H, W]).
  private func encodeBackward(_ hd: Int, _ sc: LSMScratch<T>, _ glat: UnsafeMutablePointer<T>,
                              _ gkv: UnsafeMutablePointer<T>) {
    let (l, t, dh, hw) = (s.points, s.tokens, s.dh, s.plane)
    let latH = lat + hd * t * dh
    for j in 0..<(t * dh) { glat[j] += sc.gz[j] }
    for r in 0..<t {
      for i in 0..<l {
        var acc: T = 0
        for d in 0..<dh { acc += sc.gz[r * dh + d] * sc.v[i * dh + d] }
        sc.ga[r * l + i] = acc
      }
    }
    for d in 0..<dh {
      let cv = gkv + (2 * (hd * dh + d) + 1) * hw
      for i in 0..<l {
        var acc: T = 0
        for r in 0..<t { acc += sc.a[r * l + i] * sc.gz[r * dh + d] }
        cv[offsets[i]] = acc
      }
    }
    LSMKernel.softmaxBackward(sc.a, sc.ga, t, l)
    for r in 0..<t {
      for d in 0..<dh {
        var acc: T = 0
        for i in 0..<l { acc += sc.ga[r * l + i] * sc.k[i * dh + d] }
        glat[r * dh + d] += acc
      }
    }
    for d in 0..<dh {
      let ck = gkv + 2 * (hd * dh + d) * hw
      for i in 0..<l {
        var acc: T = 0
        for r in 0..<t { acc += sc.ga[r * l + i] * latH[r * dh + d] }
        ck[offsets[i]] = acc
      }
    }
  }
}
