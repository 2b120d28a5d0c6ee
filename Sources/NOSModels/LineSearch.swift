// The strong-Wolfe line search of PyTorch's L-BFGS (after minFunc), on flat vectors.

/// Small vector helpers on flat parameter vectors.
enum Flat {
  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
    return s
  }

  /// y += alpha·x
  static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
    for i in 0..<min(x.count, y.count) { y[i] += alpha * x[i] }
  }

  static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { Swift.max($0, abs($1)) } }
  static func sumAbs(_ a: [Double]) -> Double { a.reduce(0) { $0 + abs($1) } }
  static func scaled(_ a: [Double], _ s: Double) -> [Double] { a.map { $0 * s } }

  /// x + t·d
  static func moved(_ x: [Double], _ t: Double, _ d: [Double]) -> [Double] {
    var out = x
    axpy(t, d, &out)
    return out
  }
}

enum LineSearch {
  struct Result {
    var f: Double
    var g: [Double]
    var t: Double
    var evaluations: Int
    /// Whether a point satisfying the strong Wolfe conditions was found.
    var done: Bool
  }

  /// Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to `bounds`
  /// (default: between x1 and x2); the midpoint when the cubic has no minimum.
  static func cubicInterpolate(_ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double,
                               _ f2: Double, _ g2: Double,
                               bounds: (Double, Double)? = nil) -> Double {
    let (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
    let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    let d2Square = d1 * d1 - g1 * g2
    guard d2Square >= 0 else { return (lo + hi) / 2 }
    let d2 = d2Square.squareRoot()
    let minPos = x1 <= x2
      ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
      : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return Swift.min(Swift.max(minPos, lo), hi)
  }

  /// A step t along d from a point with loss f, gradient g and slope gtd = g·d < 0 that
  /// satisfies f(t) ≤ f + c1·t·gtd and |g(t)·d| ≤ −c2·gtd, found by bracketing then
  /// zooming with cubic interpolation (PyTorch's `_strong_wolfe`, step for step).
  /// `evaluate(t)` returns the loss and gradient at x + t·d.
  static func strongWolfe(
    _ evaluate: (Double) throws -> (Double, [Double]), d: [Double], t start: Double,
    f: Double, g: [Double], gtd: Double, c1: Double = 1e-4, c2: Double = 0.9,
    toleranceChange: Double = 1e-9, maxLS: Int = 25
  ) throws -> Result {
    let dNorm = Flat.maxAbs(d)
    var t = start
    var (fNew, gNew) = try evaluate(t)
    var evals = 1
    var gtdNew = Flat.dot(gNew, d)
    var (tPrev, fPrev, gPrev, gtdPrev) = (0.0, f, g, gtd)
    var done = false
    var lsIter = 0
    var bracket: [Double] = [], bF: [Double] = [], bG: [[Double]] = [], bGtd: [Double] = []
    // Bracketing: grow t until the interval [tPrev, t] must contain a Wolfe point.
    while lsIter < maxLS {
      let armijoFails = fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)
      if !armijoFails && abs(gtdNew) <= -c2 * gtd {
        (bracket, bF, bG, bGtd) = ([t], [fNew], [gNew], [gtdNew])
        done = true
        break
      }
      if armijoFails || gtdNew >= 0 {
        (bracket, bF, bG, bGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew])
        break
      }
      let next = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew,
                                  bounds: (t + 0.01 * (t - tPrev), t * 10))
      (tPrev, fPrev, gPrev, gtdPrev) = (t, fNew, gNew, gtdNew)
      t = next
      (fNew, gNew) = try evaluate(t)
      evals += 1
      gtdNew = Flat.dot(gNew, d)
      lsIter += 1
    }
    if lsIter >= maxLS {
      (bracket, bF, bG, bGtd) = ([0, t], [f, fNew], [g, gNew], [gtd, gtdNew])
    }
    var state = Zoom(bracket: bracket, f: bF, g: bG, gtd: bGtd)
    while !done && lsIter < maxLS && state.bracket.count == 2 {
      if abs(state.bracket[1] - state.bracket[0]) * dNorm < toleranceChange { break }
      t = state.nextTrial()
      (fNew, gNew) = try evaluate(t)
      evals += 1
      gtdNew = Flat.dot(gNew, d)
      lsIter += 1
      done = state.update(t: t, f: fNew, g: gNew, gtd: gtdNew, f0: f, gtd0: gtd, c1: c1, c2: c2)
    }
    let low = state.low
    return Result(f: state.f[low], g: state.g[low], t: state.bracket[low], evaluations: evals,
                  done: done)
  }

  /// The zoom phase's interval: two trial steps with their losses, gradients and slopes.
  private struct Zoom {
    var bracket: [Double]
    var f: [Double]
    var g: [[Double]]
    var gtd: [Double]
    var insufficientProgress = false
    var low: Int
    var high: Int { 1 - low }

    init(bracket: [Double], f: [Double], g: [[Double]], gtd: [Double]) {
      (self.bracket, self.f, self.g, self.gtd) = (bracket, f, g, gtd)
      low = (f.first ?? 0) <= (f.last ?? 0) ? 0 : 1
      if bracket.count < 2 { low = 0 }
    }

    /// The cubic minimiser of the bracket, kept away from its ends.
    mutating func nextTrial() -> Double {
      var t = cubicInterpolate(bracket[0], f[0], gtd[0], bracket[1], f[1], gtd[1])
      let hi = Swift.max(bracket[0], bracket[1]), lo = Swift.min(bracket[0], bracket[1])
      let eps = 0.1 * (hi - lo)
      if Swift.min(hi - t, t - lo) < eps {
        if insufficientProgress || t >= hi || t <= lo {
          t = abs(t - hi) < abs(t - lo) ? hi - eps : lo + eps
          insufficientProgress = false
        } else {
          insufficientProgress = true
        }
      } else {
        insufficientProgress = false
      }
      return t
    }

    /// Shrinks the bracket with a new trial; returns true when it satisfies strong Wolfe.
    mutating func update(t: Double, f fNew: Double, g gNew: [Double], gtd gtdNew: Double,
                         f0: Double, gtd0: Double, c1: Double, c2: Double) -> Bool {
      if fNew > f0 + c1 * t * gtd0 || fNew >= f[low] {
        (bracket[high], f[high], g[high], gtd[high]) = (t, fNew, gNew, gtdNew)
        low = f[0] <= f[1] ? 0 : 1
        return false
      }
      var done = false
      if abs(gtdNew) <= -c2 * gtd0 {
        done = true
      } else if gtdNew * (bracket[high] - bracket[low]) >= 0 {
        (bracket[high], f[high], g[high], gtd[high]) = (bracket[low], f[low], g[low], gtd[low])
      }
      (bracket[low], f[low], g[low], gtd[low]) = (t, fNew, gNew, gtdNew)
      return done
    }
  }
}
