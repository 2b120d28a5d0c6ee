// 2-D incompressible Navier–Stokes in vorticity form on the unit torus, pseudo-spectral:
// w_t + u·∇w = ν Δw + f, u = ∇⊥ψ, −Δψ = w; Crank–Nicolson diffusion, Heun for the rest.
import Foundation
import NOSTensor
import Numerics

public enum NavierStokes {
  typealias C = Complex<Double>

  /// The FNO data's forcing 0.1(sin 2π(x + y) + cos 2π(x + y)) on the res×res grid i/res.
  public static func defaultForcing(res: Int) throws -> Tensor {
    var f = [Double](repeating: 0, count: res * res)
    for i in 0..<res {
      for j in 0..<res {
        let s = 2 * Double.pi * Double(i + j) / Double(res)
        f[i * res + j] = 0.1 * (sin(s) + cos(s))
      }
    }
    return try Tensor.from(f, shape: [res, res])
  }

  /// Vorticity at `steps` equally spaced times up to `t`: [steps, res, res] for w0 [res, res],
  /// [B, steps, res, res] for w0 [B, res, res] or the generator's channel-first [B, 1, res,
  /// res] (so solve_ns(d.x) matches d.y). The last two axes are x and y (nodes i/res).
  /// `forcing` is a [res, res] field (nil: none). Steps of at most `dt`, 2/3 dealiasing.
  public static func solve(_ w0: Tensor, nu: Double = 1e-3, t: Double = 10, steps: Int = 10,
                           forcing: Tensor?, dt: Double = 1e-3,
                           check: (() throws -> Void)? = nil) throws -> Tensor {
    let op = "solve_ns"
    let channel = w0.ndim == 4 && w0.shape[1] == 1
    guard w0.ndim == 2 || w0.ndim == 3 || channel, let res = w0.shape.last, res >= 4,
          w0.shape[w0.ndim - 2] == res else {
      throw TensorError("\(op): needs a square field [res, res] or a batch [n, res, res] "
                        + "(or [n, 1, res, res]) with res ≥ 4, got shape \(w0.shape)")
    }
    try Check.nonNegative(nu, "nu", op)
    try Check.positive(t, "t", op)
    try Check.positive(dt, "dt", op)
    try Check.count(steps, "steps", op, limit: 1 << 20)
    let single = w0.ndim == 2
    let w = try w0.realCopy(op).reshaped([w0.count / (res * res), res, res])
    let batch = w.shape[0]
    var f: Tensor?
    if let forcing {
      guard forcing.shape == [res, res] else {
        throw TensorError("\(op): forcing must be a [\(res), \(res)] field, got shape "
                          + "\(forcing.shape)")
      }
      f = try forcing.realCopy(op).rfft2()
    }
    let interval = t / Double(steps)
    let substeps = (interval / dt).rounded(.up)
    guard substeps * Double(steps) < 1e9 else {
      throw TensorError("\(op): dt = \(num(dt)) needs too many steps for t = \(num(t))")
    }
    let sub = max(1, Int(substeps))
    let plan = Plan(res: res, nu: nu, dt: interval / Double(sub))
    var wh = try w.rfft2()
    var frames: [Tensor] = []
    for _ in 0..<steps {
      for _ in 0..<sub {
        try check?()
        wh = try plan.step(wh, batch: batch, forcing: f)
      }
      let frame = try wh.irfft2(s: [res, res])
      try Check.allFinite(frame.memory(as: Double.self), frame.count, op)
      frames.append(frame)
    }
    let out = try Tensor.stack(frames, axis: 1)
    return single ? try out.reshaped([steps, res, res]) : out
  }

  /// Per-mode constants of one time step.
  struct Plan {
    let res: Int, half: Int, dt: Double
    let kx: [Double], ky: [Double], invLap: [Double], mask: [Double], a: [Double], b: [Double]

    init(res: Int, nu: Double, dt: Double) {
      self.res = res
      self.dt = dt
      half = res / 2 + 1
      var kx = [Double](), ky = [Double](), inv = [Double](), mask = [Double]()
      var a = [Double](), b = [Double]()
      let cut = Double(res / 2) * 2 / 3
      for i in 0..<res {
        for j in 0..<(res / 2 + 1) {
          let ix = GRF.wavenumber(i, res), jy = Double(j)
          let lap = 4 * Double.pi * Double.pi * (ix * ix + jy * jy)
          kx.append(2 * Double.pi * ix)
          ky.append(2 * Double.pi * jy)
          inv.append(lap == 0 ? 0 : 1 / lap)
          mask.append(abs(ix) <= cut && jy <= cut ? 1 : 0)
          a.append((1 - 0.5 * dt * nu * lap) / (1 + 0.5 * dt * nu * lap))
          b.append(dt / (1 + 0.5 * dt * nu * lap))
        }
      }
      (self.kx, self.ky, invLap, self.mask, self.a, self.b) = (kx, ky, inv, mask, a, b)
    }

    /// F[u·∇w], dealiased, for a batch of spectra [B, res, half]: one inverse transform of
    /// the four fields u, v, w_x, w_y together, one forward transform of the product.
    func advection(_ wh: Tensor, batch: Int) throws -> Tensor {
      let m = res * half
      let four = try Tensor(uninitialized: [4, batch, res, half], dtype: .c128)
      let q = four.memory(as: Double.self), w = wh.memory(as: Double.self)
      let stride = 2 * batch * m
      for s in 0..<batch {
        for k in 0..<m {
          let at = 2 * (s * m + k)
          let (a, b) = (w[at], w[at + 1]), (pa, pb) = (a * invLap[k], b * invLap[k])
          // i·κ·z = (−κ·im, κ·re)
          (q[at], q[at + 1]) = (-pb * ky[k], pa * ky[k])
          (q[stride + at], q[stride + at + 1]) = (pb * kx[k], -pa * kx[k])
          (q[2 * stride + at], q[2 * stride + at + 1]) = (-b * kx[k], a * kx[k])
          (q[3 * stride + at], q[3 * stride + at + 1]) = (-b * ky[k], a * ky[k])
        }
      }
      let fields = try four.irfft2(s: [res, res])
      let p = fields.memory(as: Double.self), n = batch * res * res
      let prod = try Tensor(uninitialized: [batch, res, res], dtype: .f64)
      let o = prod.memory(as: Double.self)
      for i in 0..<n { o[i] = p[i] * p[2 * n + i] + p[n + i] * p[3 * n + i] }
      let out = try prod.rfft2()
      let r = out.memory(as: Double.self)
      for s in 0..<batch {
        for k in 0..<m {
          r[2 * (s * m + k)] *= mask[k]
          r[2 * (s * m + k) + 1] *= mask[k]
        }
      }
      return out
    }

    /// Heun predictor–corrector for the explicit terms, Crank–Nicolson for diffusion:
    /// w* = a·w + b·(f − N(w)), w' = a·w + b·(f − (N(w) + N(w*))/2).
    func step(_ wh: Tensor, batch: Int, forcing: Tensor?) throws -> Tensor {
      let n0 = try advection(wh, batch: batch)
      let pred = try combine(wh, forcing, n0, nil, batch: batch)
      let n1 = try advection(pred, batch: batch)
      return try combine(wh, forcing, n0, n1, batch: batch)
    }

    func combine(_ wh: Tensor, _ forcing: Tensor?, _ n0: Tensor, _ n1: Tensor?,
                 batch: Int) throws -> Tensor {
      let m = res * half
      let out = try Tensor(uninitialized: wh.shape, dtype: .c128)
      let o = out.memory(as: Double.self), w = wh.memory(as: Double.self), n = n0.memory(as: Double.self), f = forcing?.memory(as: Double.self), n2 = n1?.memory(as: Double.self)
      for s in 0..<batch {
        for k in 0..<m {
          for c in 0..<2 {
            let i = 2 * (s * m + k) + c
            let adv = n2.map { (n[i] + $0[i]) / 2 } ?? n[i]
            o[i] = w[i] * a[k] + ((f.map { $0[2 * k + c] } ?? 0) - adv) * b[k]
          }
        }
      }
      return out
    }
  }
}
