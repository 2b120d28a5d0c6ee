// Adaptive Runge–Kutta steps for odeint: Hairer's initial step, PI step-size control,
// dense output (dopri5) or steps that land on the output times (tsit5).
import Foundation
import NOSTensor

extension Run {
  /// RMS of v/scale with scale = atol + rtol·max(|y|, |yNew|).
  func norm(_ v: [Double], _ y: [Double], _ yNew: [Double]) -> Double {
    guard !v.isEmpty else { return 0 }
    var s = 0.0
    for i in v.indices {
      let sc = options.atol + options.rtol * max(abs(y[i]), abs(yNew[i]))
      s += (v[i] / sc) * (v[i] / sc)
    }
    return (s / Double(v.count)).squareRoot()
  }

  /// Hairer & Wanner's starting step (one extra evaluation).
  mutating func initialStep(_ t: Double, _ y: V, _ f0: V, span: Double) throws -> Double {
    let yv = try y.reals(), fv = try f0.reals()
    let d0 = norm(yv, yv, yv), d1 = norm(fv, yv, yv)
    var h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1
    h0 = min(h0, span)
    let y1 = try V.combine(y, [(h0, f0)])
    let f1 = try eval(t + h0, y1).reals()
    let d2 = norm(zip(f1, fv).map { $0 - $1 }, yv, yv) / h0
    let h1 = max(d1, d2) <= 1e-15 ? max(1e-6, h0 * 1e-3)
      : Foundation.pow(0.01 / max(d1, d2), 1.0 / 5)
    return min(100 * h0, h1, span)
  }

  /// dopri5 (dense output at ts) or tsit5 (steps end on each output time).
  mutating func adaptive(_ y0: V, _ ts: [Double]) throws -> [V] {
    let tab = Tableau.of(options.method), dense = options.method == .dopri5
    let tEnd = ts[ts.count - 1]
    var t = ts[0], y = y0, out = [y0], next = 1
    var k1 = try eval(t, y)
    if ts.count == 1 { return out }
    var h = try initialStep(t, y, k1, span: tEnd - t)
    if let s = options.step { h = min(h, s) }
    var errOld = 1e-4, rejectedLast = false
    while next < ts.count {
      try Samples.interruptCheck?()
      guard stats.steps < Run.maxSteps else {
        throw TensorError("odeint: more than \(Run.maxSteps) steps; the problem may be stiff")
      }
      let limit = dense ? tEnd : ts[next]
      var step = min(h, limit - t)
      if let s = options.step { step = min(step, s) }
      // A remainder of a few ulp (t + step rounding just short of the output time, as ten
      // steps of 0.1 do) would be a step below the underflow limit: take it in this one.
      if limit - (t + step) <= 16 * limit.ulp { step = limit - t }
      guard step > 16 * t.ulp.magnitude, step > 0 else {
        throw TensorError("odeint: step size underflow at t = \(num(t)) (the problem is too stiff "
                          + "or the solution blows up)")
      }
      let ks = try stages(tab, t, y, k1, step)
      let yNew = try V.combine(y, tab.b.enumerated().map { (step * $1, ks[$0]) })
      let errVec = try errorVector(tab, ks, step)
      var err = norm(errVec, try y.reals(), try yNew.reals())
      if !err.isFinite { err = .infinity }
      stats.steps += 1
      if err <= 1 {
        stats.accepted += 1
        if let hook = onAccept { try hook(accepted(tab, y, yNew, ks, step)) }
        let tNew = step == limit - t ? limit : t + step
        while dense && next < ts.count && ts[next] <= tNew {
          out.append(ts[next] == tNew ? yNew
                     : try interpolate(y, ks, step, theta: (ts[next] - t) / step))
          next += 1
        }
        if !dense && tNew == ts[next] {
          out.append(yNew)
          next += 1
        }
        (t, y, k1) = (tNew, yNew, ks[ks.count - 1])
        var fac = 0.9 * Foundation.pow(err, -0.17) * Foundation.pow(errOld, 0.04)
        if !fac.isFinite { fac = 10 }
        fac = min(rejectedLast ? 1 : 10, max(0.2, fac))
        h = step * fac
        errOld = max(err, 1e-4)
        rejectedLast = false
      } else {
        stats.rejected += 1
        let fac = err.isFinite ? max(0.2, 0.9 * Foundation.pow(err, -0.17)) : 0.2
        h = step * fac
        rejectedLast = true
      }
    }
    return out
  }

  /// h·Σ eⱼkⱼ as reals.
  func errorVector(_ tab: Tableau, _ ks: [V], _ h: Double) throws -> [Double] {
    var err: [Double] = []
    for (j, e) in tab.e.enumerated() where e != 0 {
      let k = try ks[j].reals()
      if err.isEmpty { err = [Double](repeating: 0, count: k.count) }
      for i in k.indices { err[i] += h * e * k[i] }
    }
    return err
  }

  /// Dormand–Prince dense output at t + θh (fourth order, continuous).
  func interpolate(_ y: V, _ ks: [V], _ h: Double, theta: Double) throws -> V {
    let weights = Tableau.dopriDense.map { p in
      p.enumerated().reduce(0.0) { acc, m in
        acc + m.element * Foundation.pow(theta, Double(m.offset + 1))
      }
    }
    return try V.combine(y, weights.enumerated().map { (h * $1, ks[$0]) })
  }
}
