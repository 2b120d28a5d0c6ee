// Integrating-factor (Lawson) Dormand–Prince 5(4) for stiff diagonal-plus-nonlinear spectral
// problems y' = L⊙y + N(y): the linear part is exact, the step size is error-controlled.
import Foundation
import NOSTensor
import Numerics

/// y' = L⊙y + N(y) on complex spectral vectors of `L.count` modes.
final class LawsonDP5 {
  typealias C = Complex<Double>
  let L: [C]
  /// L's real and imaginary parts.
  let Lr: [Double], Li: [Double]
  let nonlinear: (Tensor) throws -> Tensor
  let rtol: Double, atol: Double
  let op: String
  private(set) var steps = 0, rejected = 0

  // Dormand–Prince 5(4); every node is a multiple of 1/90, so E(d·h) = B^(90d), B = e^{hL/90}.
  static let c90 = [0, 18, 27, 72, 80, 90, 90]
  static let a: [[Double]] = [
    [], [1.0 / 5], [3.0 / 40, 9.0 / 40], [44.0 / 45, -56.0 / 15, 32.0 / 9],
    [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
    [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
    [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
  ]
  static let e: [Double] = [-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200,
                            -22.0 / 525, 1.0 / 40]

  init(L: [C], rtol: Double, atol: Double, op: String,
       nonlinear: @escaping (Tensor) throws -> Tensor) {
    self.L = L
    Lr = L.map(\.re)
    Li = L.map(\.im)
    self.rtol = rtol
    self.atol = atol
    self.op = op
    self.nonlinear = nonlinear
  }

  /// The exponents (in 90ths of h) that the stages and the error estimate need.
  static let exponents: [Int] = {
    var s = Set<Int>(c90.filter { $0 > 0 })
    for i in 1..<7 { for j in 0..<i where a[i][j] != 0 { s.insert(c90[i] - c90[j]) } }
    for j in 0..<7 where e[j] != 0 && c90[j] < 90 { s.insert(90 - c90[j]) }
    s.insert(0)
    return s.sorted()
  }()

  /// Position of each exponent d (in 90ths) in the exponential table, −1 when unused.
  static let slot: [Int] = {
    var s = [Int](repeating: -1, count: 91)
    for (i, d) in exponents.enumerated() { s[d] = i }
    return s
  }()

  /// Gaps between consecutive needed exponents, and the distinct gaps.
  static let gaps: [Int] = zip(exponents.dropFirst(), exponents).map { $0 - $1 }
  static let distinctGaps: [Int] = Array(Set(gaps)).sorted()
  static let gapSlot: [Int] = gaps.map { g in distinctGaps.firstIndex(of: g) ?? 0 }

  /// exp(L·d·h/90) for every needed d as interleaved (re, im): entry `slot[d]·m + q` for
  /// mode q. One exponential per mode; the powers come from products along the sorted
  /// exponents (tiny values flushed to zero to stay clear of subnormals).
  private func exponentials(_ h: Double) -> [Double] {
    let ex = LawsonDP5.exponents, m = L.count
    let gaps = LawsonDP5.distinctGaps, gapSlot = LawsonDP5.gapSlot
    var out = [Double](repeating: 0, count: 2 * ex.count * m)
    var gr = [Double](repeating: 0, count: gaps.count), gi = gr
    @inline(__always) func flush(_ r: inout Double, _ i: inout Double) {
      if abs(r) < 1e-250 && abs(i) < 1e-250 { (r, i) = (0, 0) }
    }
    out.withUnsafeMutableBufferPointer { o in
      for q in 0..<m {
        let zr = Lr[q] * h / 90, zi = Li[q] * h / 90
        o[2 * q] = 1
        // A mode damped below 1e-25 per ninetieth of a step has every power zero.
        if zr < -57.5 { continue }
        let mag = Foundation.exp(zr)
        let (br, bi) = zi == 0 ? (mag, 0) : (mag * Foundation.cos(zi), mag * Foundation.sin(zi))
        // B^g for each distinct gap g by binary powering.
        for (s, g) in gaps.enumerated() {
          var (rr, ri, pr, pi, e) = (1.0, 0.0, br, bi, g)
          while e > 0 {
            if e & 1 == 1 { (rr, ri) = (rr * pr - ri * pi, rr * pi + ri * pr) }
            (pr, pi) = (pr * pr - pi * pi, 2 * pr * pi)
            flush(&pr, &pi)
            e >>= 1
          }
          flush(&rr, &ri)
          (gr[s], gi[s]) = (rr, ri)
        }
        var pr = 1.0, pi = 0.0
        for i in 1..<ex.count {
          let s = gapSlot[i - 1]
          (pr, pi) = (pr * gr[s] - pi * gi[s], pr * gi[s] + pi * gr[s])
          flush(&pr, &pi)
          o[2 * (i * m + q)] = pr
          o[2 * (i * m + q) + 1] = pi
        }
      }
    }
    return out
  }

  /// Integrates from t0 to each of `times` (increasing, ≥ t0), returning the states there.
  func solve(_ y0: Tensor, from t0: Double, to times: [Double]) throws -> [Tensor] {
    var y = try y0.copied()
    var k1 = try nonlinear(y)
    var t = t0
    var h = min(1e-3, (times.last ?? t0) - t0)
    var results: [Tensor] = []
    var errOld = 1e-4
    for target in times {
      while target - t > 1e-14 * max(1, abs(target)) {
        let step = min(h, target - t)
        let (yNew, kNew, err) = try attempt(y, k1, step)
        if err <= 1 {
          t = step == target - t ? target : t + step
          y = yNew
          k1 = kNew
          steps += 1
          // PI control (Hairer's dopri5 constants).
          let fac = 0.9 * Foundation.pow(err, -0.7 / 5) * Foundation.pow(errOld, 0.4 / 5)
          errOld = max(err, 1e-4)
          h = step * min(10, max(0.2, fac.isFinite ? fac : 10))
        } else {
          rejected += 1
          h = step * max(0.2, 0.9 * Foundation.pow(err, -0.2))
        }
        guard h > 1e-14 * max(1, abs(t)) else {
          throw TensorError("\(op): step size underflow at t = \(num(t)) (the solution is too "
                            + "stiff "
                            + "or blew up)")
        }
      }
      results.append(try y.copied())
    }
    return results
  }

  /// One Lawson DP5 step: (new state, N(new state), scaled error norm).
  private func attempt(_ y: Tensor, _ k1: Tensor, _ h: Double) throws -> (Tensor, Tensor, Double) {
    let E = exponentials(h)
    let m = L.count, c90 = LawsonDP5.c90, slot = LawsonDP5.slot
    var ks = [k1]
    var Y = y
    try E.withUnsafeBufferPointer { E in
      guard let base = E.baseAddress else { return }
      for i in 1..<7 {
        Y = try Tensor(uninitialized: [m], dtype: .c128)
        let o = Y.memory(as: Double.self), yp = y.memory(as: Double.self)
        let Ei = base + 2 * slot[c90[i]] * m
        for q in 0..<m {
          let (er, ei, a, b) = (Ei[2 * q], Ei[2 * q + 1], yp[2 * q], yp[2 * q + 1])
          o[2 * q] = er * a - ei * b
          o[2 * q + 1] = er * b + ei * a
        }
        for j in 0..<i where LawsonDP5.a[i][j] != 0 {
          Lawson.axpy(o, base + 2 * slot[c90[i] - c90[j]] * m, ks[j].memory(as: Double.self), h * LawsonDP5.a[i][j], m)
        }
        ks.append(try nonlinear(Y))
      }
    }
    // Error: h Σ e_j E((1 − c_j)h) k_j, measured against the larger state's RMS.
    var errs = [Double](repeating: 0, count: 2 * m)
    E.withUnsafeBufferPointer { E in
      errs.withUnsafeMutableBufferPointer { o in
        guard let base = E.baseAddress, let op = o.baseAddress else { return }
        for j in 0..<7 where LawsonDP5.e[j] != 0 {
          Lawson.axpy(op, base + 2 * slot[90 - c90[j]] * m, ks[j].memory(as: Double.self), h * LawsonDP5.e[j], m)
        }
      }
    }
    var errSum = 0.0, ySum = 0.0, nSum = 0.0
    let yp = y.memory(as: Double.self), np = Y.memory(as: Double.self)
    for q in 0..<(2 * m) {
      errSum += errs[q] * errs[q]
      ySum += yp[q] * yp[q]
      nSum += np[q] * np[q]
    }
    let scale = atol + rtol * max(ySum, nSum).squareRoot()
    let err = errSum.squareRoot() / scale
    return (Y, ks[6], err.isNaN ? .infinity : err)
  }
}

enum Lawson {
  /// o += c·(E ⊙ k) over m interleaved complex entries.
  @inline(__always)
  static func axpy(_ o: UnsafeMutablePointer<Double>, _ E: UnsafePointer<Double>,
                   _ k: UnsafePointer<Double>, _ c: Double, _ m: Int) {
    for q in 0..<m {
      let (er, ei, a, b) = (E[2 * q], E[2 * q + 1], k[2 * q], k[2 * q + 1])
      o[2 * q] += c * (er * a - ei * b)
      o[2 * q + 1] += c * (er * b + ei * a)
    }
  }
}
