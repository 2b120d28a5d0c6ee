// Data for gnuplot: number text, datablocks, envelope downsampling and histogram bins.

/// Helpers that turn arrays into gnuplot datablock text.
public enum PlotData {
  /// A number as gnuplot reads it; non-finite values become NaN (an undefined point).
  @inline(__always)
  static func append(_ x: Double, to out: inout String) {
    if x.isFinite {
      if x == x.rounded(.towardZero), abs(x) < 1e15 {
        out += String(Int(x))
      } else {
        out += x.description
      }
    } else {
      out += "NaN"
    }
  }

  /// `$name << EOD` with one "x y" line per point.
  public static func block(_ name: String, x: [Double], y: [Double]) -> String {
    var out = "$\(name) << EOD\n"
    out.reserveCapacity(x.count * 24 + 32)
    for i in 0..<min(x.count, y.count) {
      append(x[i], to: &out)
      out += " "
      append(y[i], to: &out)
      out += "\n"
    }
    return out + "EOD\n"
  }

  /// A grid as a gnuplot matrix: one text line per row, row 0 first.
  public static func matrix(_ name: String, _ g: Grid) -> String {
    var out = "$\(name) << EOD\n"
    out.reserveCapacity(g.values.count * 20 + 32)
    for r in 0..<g.rows {
      for c in 0..<g.cols {
        if c > 0 { out += " " }
        append(g.values[r * g.cols + c], to: &out)
      }
      out += "\n"
    }
    return out + "EOD\n"
  }

  public static func finiteRange(_ v: [Double]) -> ClosedRange<Double>? {
    var lo = Double.infinity, hi = -Double.infinity
    for x in v where x.isFinite {
      lo = min(lo, x)
      hi = max(hi, x)
    }
    return lo <= hi ? lo...hi : nil
  }

  /// Keeps the shape of a long curve in `buckets` index buckets: each bucket contributes its
  /// minimum and maximum in index order, so peaks survive. Shorter curves come back as is.
  public static func envelope(x: [Double], y: [Double], buckets: Int) -> ([Double], [Double]) {
    let n = min(x.count, y.count)
    guard buckets > 0, n > 2 * buckets else { return (x, y) }
    var ox: [Double] = [], oy: [Double] = []
    ox.reserveCapacity(2 * buckets)
    oy.reserveCapacity(2 * buckets)
    for b in 0..<buckets {
      let lo = b * n / buckets, hi = (b + 1) * n / buckets
      guard lo < hi else { continue }
      var iMin = lo, iMax = lo
      for i in lo..<hi {
        if !(y[i] >= y[iMin]) { iMin = i }
        if !(y[i] <= y[iMax]) { iMax = i }
      }
      for i in [min(iMin, iMax), max(iMin, iMax)] {
        ox.append(x[i])
        oy.append(y[i])
      }
    }
    return (ox, oy)
  }

  /// Averages blocks of a grid down to at most `maxRows` × `maxCols` (coordinates kept).
  public static func shrink(_ g: Grid, maxRows: Int, maxCols: Int) -> Grid {
    let fr = max(1, (g.rows + maxRows - 1) / max(maxRows, 1))
    let fc = max(1, (g.cols + maxCols - 1) / max(maxCols, 1))
    if fr == 1 && fc == 1 { return g }
    let rows = (g.rows + fr - 1) / fr, cols = (g.cols + fc - 1) / fc
    var v = [Double](repeating: 0, count: rows * cols)
    for r in 0..<rows {
      for c in 0..<cols {
        var s = 0.0, k = 0
        for i in (r * fr)..<min(g.rows, (r + 1) * fr) {
          for j in (c * fc)..<min(g.cols, (c + 1) * fc) where g.values[i * g.cols + j].isFinite {
            s += g.values[i * g.cols + j]
            k += 1
          }
        }
        v[r * cols + c] = k > 0 ? s / Double(k) : .nan
      }
    }
    let xr = g.x ?? 0...Double(g.cols - 1), yr = g.y ?? 0...Double(g.rows - 1)
    func centres(_ range: ClosedRange<Double>, _ n: Int, _ f: Int, _ m: Int)
      -> ClosedRange<Double>
    {
      let step = n > 1 ? (range.upperBound - range.lowerBound) / Double(n - 1) : 0
      let first = range.lowerBound + step * Double(min(f, n) - 1) / 2
      let lastLo = (m - 1) * f, lastHi = n - 1
      let last = range.lowerBound + step * Double(lastLo + lastHi) / 2
      return first...max(first, last)
    }
    return Grid(rows: rows, cols: cols, values: v, x: centres(xr, g.cols, fc, cols),
                y: centres(yr, g.rows, fr, rows))
  }

  /// Histogram of the finite values in `bins` equal bins: bin centres, counts and bin width.
  public static func histogram(_ values: [Double], bins: Int)
    -> (centres: [Double], counts: [Double], width: Double)
  {
    guard bins > 0, let r = finiteRange(values) else { return ([], [], 1) }
    var lo = r.lowerBound, hi = r.upperBound
    if lo == hi {
      lo -= 0.5
      hi += 0.5
    }
    let w = (hi - lo) / Double(bins)
    var counts = [Double](repeating: 0, count: bins)
    for v in values where v.isFinite {
      let k = min(bins - 1, max(0, Int((v - lo) / w)))
      counts[k] += 1
    }
    let centres = (0..<bins).map { lo + (Double($0) + 0.5) * w }
    return (centres, counts, w)
  }
}
