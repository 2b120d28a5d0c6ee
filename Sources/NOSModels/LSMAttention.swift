// LSM's spectral-block attention fused over patches: points → tokens → sin/cos bases → points.
import Dispatch
import NOSTensor
import Numerics

/// The sizes of one fused call: B × C × H × W feature maps cut into p₁ × p₂ patches, `heads`
/// heads of dh = C / heads channels, `tokens` latent tokens, `basis` sin/cos frequencies.
struct LSMSizes {
  let b, c, h, w, p1, p2, heads, tokens, basis: Int
  var dh: Int { c / heads }
  var points: Int { p1 * p2 }
  var patches: Int { b * (h / p1) * (w / p2) }
  var plane: Int { h * w }

  /// Sample index and the offset of the patch's first point inside an H × W plane.
  func origin(_ n: Int) -> (b: Int, offset: Int) {
    let nw = w / p2, per = (h / p1) * nw
    let r = n % per
    return (n / per, (r / nw) * p1 * w + (r % nw) * p2)
  }

  /// Offsets of a patch's points (row-major inside the patch) from its first point, in a
  /// buffer the caller deallocates.
  func offsets() -> UnsafeMutablePointer<Int> {
    let o = UnsafeMutablePointer<Int>.allocate(capacity: points)
    for i in 0..<points { o[i] = (i / p2) * w + i % p2 }
    return o
  }
}

/// Scratch of one (patch, head): the gathered keys, values and queries, both attention maps,
/// the tokens before and after the transition, and the gradients of the backward pass.
struct LSMScratch<T: Real & BinaryFloatingPoint> {
  let k, v, q, a, z, z2, a2, g, gz, ga: UnsafeMutablePointer<T>
  private let base: UnsafeMutablePointer<T>

  init(_ s: LSMSizes) {
    let (l, t, d) = (s.points, s.tokens, s.dh)
    let sizes = [l * d, l * d, d * l, t * l, t * d, t * d, l * t, d * l, t * d, max(t, l) * l]
    base = .allocate(capacity: sizes.reduce(0, +))
    var p = base
    var ptrs: [UnsafeMutablePointer<T>] = []
    for n in sizes { ptrs.append(p); p += n }
    (k, v, q, a, z, z2) = (ptrs[0], ptrs[1], ptrs[2], ptrs[3], ptrs[4], ptrs[5])
    (a2, g, gz, ga) = (ptrs[6], ptrs[7], ptrs[8], ptrs[9])
  }

  func free() { base.deallocate() }
}

/// The kernels on contiguous buffers: `kv` [B, 2C, H, W] (channel 2·(head·dh + d) + j is a
/// key for j = 0, a value for j = 1), `q` [B, C, H, W], `lat` [heads, T, dh], `wb` [C, 2K].
struct LSMKernel<T: Real & BinaryFloatingPoint> {
  let s: LSMSizes
  let kv, q, lat, wb: UnsafeMutablePointer<T>
  let offsets: UnsafeMutablePointer<Int>

  /// Softmax of each of `rows` rows of `n` numbers in place.
  @inline(__always)
  static func softmaxRows(_ x: UnsafeMutablePointer<T>, _ rows: Int, _ n: Int) {
    for r in 0..<rows {
      let row = x + r * n
      var m = row[0]
      for i in 1..<n where row[i] > m { m = row[i] }
      var sum: T = 0
      for i in 0..<n {
        let e = T.exp(row[i] - m)
        row[i] = e
        sum += e
      }
      let inv = 1 / sum
      for i in 0..<n { row[i] *= inv }
    }
  }

  /// Numbers of one (patch, head) that `save` keeps for the backward pass: a, z, z2, a2.
  var saved: Int { 2 * s.tokens * (s.points + s.dh) }

  /// Copies a, z, z2 and a2 of `sc` to `to` (`back` false) or back from it.
  @inline(__always)
  func save(_ sc: LSMScratch<T>, _ to: UnsafeMutablePointer<T>, back: Bool = false) {
    let (tl, td) = (s.tokens * s.points, s.tokens * s.dh)
    let parts = (to, to + tl, to + tl + td, to + tl + 2 * td)
    if back {
      sc.a.update(from: parts.0, count: tl)
      sc.z.update(from: parts.1, count: td)
      sc.z2.update(from: parts.2, count: td)
      sc.a2.update(from: parts.3, count: tl)
    } else {
      parts.0.update(from: sc.a, count: tl)
      parts.1.update(from: sc.z, count: td)
      parts.2.update(from: sc.z2, count: td)
      parts.3.update(from: sc.a2, count: tl)
    }
  }

  /// Keys, values and queries of (patch n, head hd) into `sc`.
  func gather(_ n: Int, _ hd: Int, _ sc: LSMScratch<T>) {
    let (l, dh, hw) = (s.points, s.dh, s.plane)
    let (b, off) = s.origin(n)
    let kvb = kv + b * 2 * s.c * hw + off, qb = q + b * s.c * hw + off
    for d in 0..<dh {
      let ck = kvb + 2 * (hd * dh + d) * hw, cv = ck + hw, cq = qb + (hd * dh + d) * hw
      for i in 0..<l {
        let o = offsets[i]
        sc.k[i * dh + d] = ck[o]
        sc.v[i * dh + d] = cv[o]
        sc.q[d * l + i] = cq[o]
      }
    }
  }

  /// The forward pass of (patch n, head hd) into `sc`: leaves k, v, q, a, z, z2 and a2
  /// filled (the backward pass needs them).
  func forward(_ n: Int, _ hd: Int, _ sc: LSMScratch<T>) {
    let (l, t, dh) = (s.points, s.tokens, s.dh)
    gather(n, hd, sc)
    let latH = lat + hd * t * dh
    for r in 0..<t {
      for i in 0..<l {
        var acc: T = 0
        for d in 0..<dh { acc += latH[r * dh + d] * sc.k[i * dh + d] }
        sc.a[r * l + i] = acc
      }
    }
    LSMKernel.softmaxRows(sc.a, t, l)
    for r in 0..<t {
      for d in 0..<dh {
        var acc = latH[r * dh + d]
        for i in 0..<l { acc += sc.a[r * l + i] * sc.v[i * dh + d] }
        sc.z[r * dh + d] = acc
      }
    }
    transition(hd, sc)
    for i in 0..<l {
      for r in 0..<t {
        var acc: T = 0
        for d in 0..<dh { acc += sc.q[d * l + i] * sc.z2[r * dh + d] }
        sc.a2[i * t + r] = acc
      }
    }
    LSMKernel.softmaxRows(sc.a2, l, t)
  }

  /// z2 = z + Σₘ w[c, m]·sin(mπz/K) + w[c, K + m]·cos(mπz/K), the angles by the recurrence
  /// of sin and cos of sums (one sin and one cos per token value).
  @inline(__always)
  func transition(_ hd: Int, _ sc: LSMScratch<T>) {
    let (t, dh, kk) = (s.tokens, s.dh, s.basis)
    let step = T.pi / T(kk)
    for d in 0..<dh {
      let wc = wb + (hd * dh + d) * 2 * kk
      for r in 0..<t {
        let zz = sc.z[r * dh + d]
        let s1 = T.sin(step * zz), c1 = T.cos(step * zz)
        var (sm, cm): (T, T) = (0, 1)
        var acc = zz
        for m in 0..<kk {
          acc += wc[m] * sm + wc[kk + m] * cm
          (sm, cm) = (sm * c1 + cm * s1, cm * c1 - sm * s1)
        }
        sc.z2[r * dh + d] = acc
      }
    }
  }

  /// y[c, point] = Σₜ a2[point, t]·z2[t, d] of (patch n, head hd), written into `out`
  /// [B, C, H, W] (after `forward`).
  func write(_ n: Int, _ hd: Int, _ sc: LSMScratch<T>, _ out: UnsafeMutablePointer<T>) {
    let (b, off) = s.origin(n)
    scatterProduct(sc.a2, sc.z2, hd, into: out + b * s.c * s.plane + off)
  }

  /// base[(hd·dh + d)·plane + offsets[i]] = Σₜ a[i, t]·z[t, d]: a [points, T] times z
  /// [T, dh], scattered into head hd's channels of one patch (the forward's output and the
  /// queries' gradient share it).
  func scatterProduct(_ a: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ hd: Int,
                      into base: UnsafeMutablePointer<T>) {
    let (l, t, dh, hw) = (s.points, s.tokens, s.dh, s.plane)
    for d in 0..<dh {
      let co = base + (hd * dh + d) * hw
      for i in 0..<l {
        var acc: T = 0
        for r in 0..<t { acc += a[i * t + r] * z[r * dh + d] }
        co[offsets[i]] = acc
      }
    }
  }
}
