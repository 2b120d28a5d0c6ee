// Forecast metrics of the chaos benchmark: sMAPE as dysts computes it, and the valid
// prediction time (Vlachas et al. 2020) in time units or Lyapunov times.
import Foundation
import NOSTensor

public enum ForecastMetrics {
  /// dysts's `smape(x, y)`: 100 · mean(|p − t| / (|p| + |t| + 1e-10)), between 0 and 100
  /// (the M-competitions' sMAPE is twice this). Same shapes, real.
  public static func smape(_ pred: Tensor, _ truth: Tensor) throws -> Double {
    let (p, t) = try pair(pred, truth, "smape")
    guard !p.isEmpty else { throw TensorError("smape: the tensors are empty") }
    var s = 0.0
    for i in p.indices { s += abs(p[i] - t[i]) / (abs(p[i]) + abs(t[i]) + 1e-10) }
    return 100 * s / Double(p.count)
  }

  /// The valid prediction time: pred and truth [T] or [T, D], row k the state at (k + 1)·dt
  /// after the forecast starts. The normalised error of row k is
  /// sqrt(mean_d ((pₖd − tₖd) / σ_d)²), σ_d the standard deviation of truth's column d over
  /// time; the result is dt times the number of leading rows whose error stays below eps,
  /// times lyapunov when it is given (Lyapunov times).
  public static func validTime(_ pred: Tensor, _ truth: Tensor, dt: Double, lyapunov: Double?,
                               eps: Double) throws -> Double {
    let (p, t) = try pair(pred, truth, "valid_time")
    guard pred.ndim == 1 || pred.ndim == 2, !p.isEmpty else {
      throw TensorError("valid_time: pred and true must be [T] or [T, D] and not empty, "
                        + "got \(pred.shape)")
    }
    guard dt > 0, dt.isFinite, eps > 0, eps.isFinite else {
      throw TensorError("valid_time: dt and eps must be positive and finite")
    }
    let d = pred.ndim == 2 ? pred.shape[1] : 1, rows = p.count / d
    let sigma = try deviations(t, rows: rows, cols: d)
    var valid = 0
    while valid < rows {
      var e = 0.0
      for j in 0..<d {
        let r = (p[valid * d + j] - t[valid * d + j]) / sigma[j]
        e += r * r
      }
      guard (e / Double(d)).squareRoot() < eps else { break }
      valid += 1
    }
    return Double(valid) * dt * (lyapunov ?? 1)
  }

  static func deviations(_ t: [Double], rows: Int, cols: Int) throws -> [Double] {
    try (0..<cols).map { j in
      let col = (0..<rows).map { t[$0 * cols + j] }
      let mean = col.reduce(0, +) / Double(rows)
      let sd = (col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rows)).squareRoot()
      guard sd > 0, sd.isFinite else {
        throw TensorError("valid_time: column \(j) of true is constant (its spread normalises "
                          + "the error)")
      }
      return sd
    }
  }

  static func pair(_ a: Tensor, _ b: Tensor, _ op: String) throws -> ([Double], [Double]) {
    guard a.shape == b.shape else {
      throw TensorError("\(op): pred has shape \(a.shape) but true has shape \(b.shape)")
    }
    guard !a.dtype.isComplex, !b.dtype.isComplex else {
      throw TensorError("\(op): pred and true must be real")
    }
    return (try a.astype(.f64).doubles(), try b.astype(.f64).doubles())
  }
}
