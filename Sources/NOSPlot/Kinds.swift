// Builders for every kind of figure: curves, scatter, heatmap, surface, histogram, compare.
import Foundation

public enum Figures {
  /// Curves `ys[k]` against `x` (`style` lines by default).
  public static func plot(x: [Double], ys: [[Double]], labels: [String?] = [],
                          style: Style = .lines, options: Options = Options(),
                          kind: String = "line plot") -> Figure
  {
    let series = ys.enumerated().map { k, y in
      Series(x: x, y: y, label: k < labels.count ? labels[k] : nil, style: style)
    }
    let n = series.count
    return Figure(panels: [Panel(series: series, options: options)],
                  kind: "\(kind), \(n) series")
  }

  /// A round distance (1, 2 or 5 × 10^k) giving about `tics` intervals over `range`.
  static func niceStep(_ range: ClosedRange<Double>?, tics: Int) -> Double? {
    guard let r = range, r.upperBound > r.lowerBound else { return nil }
    let raw = (r.upperBound - r.lowerBound) / Double(tics)
    let p = pow10(floor(log10(raw)))
    let m = raw / p
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p
  }

  static func pow10(_ e: Double) -> Double { pow(10, e) }

  /// A field as an image with a colour bar and square pixels.
  public static func heatmap(_ grid: Grid, options: Options = Options()) -> Figure {
    let w = 800, h = max(300, min(900, 120 + 680 * grid.rows / max(grid.cols, 1)))
    return Figure(panels: [Panel(kind: .heatmap, grid: grid, options: options)],
                  kind: "heatmap \(grid.rows)×\(grid.cols)", width: w, height: h)
  }

  /// A field as a coloured 3-D surface.
  public static func surface(_ grid: Grid, options: Options = Options()) -> Figure {
    Figure(panels: [Panel(kind: .surface, grid: grid, options: options)],
           kind: "surface \(grid.rows)×\(grid.cols)")
  }

  /// A histogram of `values` in `bins` equal bins.
  public static func hist(_ values: [Double], bins: Int, options: Options = Options())
    -> Figure
  {
    let h = PlotData.histogram(values, bins: bins)
    var o = options
    if o.ylabel == nil { o.ylabel = "count" }
    var p = Panel(series: [Series(x: h.centres, y: h.counts, style: .boxes)], options: o)
    p.boxWidth = h.width
    return Figure(panels: [p], kind: "histogram, \(bins) bins")
  }

  /// Truth and prediction as two curves, their difference in a panel below.
  public static func compare(x: [Double], truth: [Double], prediction: [Double],
                             options: Options = Options()) -> Figure
  {
    var t = Series(x: x, y: truth, label: "truth")
    t.style = .lines
    var p = Series(x: x, y: prediction, label: "prediction")
    p.dashed = true
    var top = Panel(series: [t, p], options: options)
    top.options.xlabel = nil
    top.rect = Rect(x: 0, y: 0.34, width: 1, height: 0.66)
    var e = Options(title: "error (prediction - truth)", xlabel: options.xlabel)
    e.logx = options.logx
    let err = zip(prediction, truth).map { $0 - $1 }
    e.ytics = niceStep(PlotData.finiteRange(err), tics: 3)
    var bottom = Panel(series: [Series(x: x, y: err)], options: e)
    bottom.series[0].style = .lines
    bottom.rect = Rect(x: 0, y: 0, width: 1, height: 0.34)
    return Figure(panels: [top, bottom], kind: "compare, \(x.count) points", width: 800,
                  height: 640)
  }

  /// Truth | prediction | error heatmaps; the first two share one colour scale, the error
  /// map is symmetric about zero in a diverging palette.
  public static func compare(truth: Grid, prediction: Grid, options: Options = Options())
    -> Figure
  {
    let both = PlotData.finiteRange(truth.values + prediction.values) ?? 0...1
    let range = both.lowerBound < both.upperBound ? both
      : (both.lowerBound - 0.5)...(both.upperBound + 0.5)
    var err = truth
    err.values = zip(prediction.values, truth.values).map { $0 - $1 }
    let m = max(err.values.filter(\.isFinite).map(abs).max() ?? 0, 1e-300)
    func panel(_ g: Grid, _ title: String, _ i: Int, _ cb: ClosedRange<Double>, _ pal: Palette)
      -> Panel
    {
      var o = Options(title: title, xlabel: options.xlabel, ylabel: i == 0 ? options.ylabel : nil)
      o.cbrange = cb
      o.palette = pal
      var p = Panel(kind: .heatmap, grid: g, options: o)
      p.rect = Rect(x: Double(i) / 3, y: 0, width: 1.0 / 3, height: 1)
      return p
    }
    let panels = [panel(truth, "truth", 0, range, .sequential),
                  panel(prediction, "prediction", 1, range, .sequential),
                  panel(err, "error (prediction - truth)", 2, -m...m, .diverging)]
    let h = max(360, min(700, 90 + 430 * truth.rows / max(truth.cols, 1)))
    return Figure(panels: panels, kind: "compare \(truth.rows)×\(truth.cols)",
                  title: options.title, width: 1500, height: h)
  }

  /// Frames of curves (all on the y range of the whole sequence) or of fields (all on one
  /// colour scale), as an animation.
  public static func animate(x: [Double], curves: [[Double]], fps: Double,
                             options: Options = Options()) -> Figure
  {
    let all = PlotData.finiteRange(curves.flatMap { $0 }) ?? 0...1
    let pad = max((all.upperBound - all.lowerBound) * 0.05, 1e-12)
    let frames = curves.enumerated().map { i, y -> Panel in
      var o = options
      o.title = (options.title.map { $0 + " — " } ?? "") + "frame \(i + 1)/\(curves.count)"
      o.yrange = (all.lowerBound - pad)...(all.upperBound + pad)
      return Panel(series: [Series(x: x, y: y)], options: o)
    }
    var f = Figure.animation(frames, fps: fps)
    f.kind = "animation, \(frames.count) frames"
    return f
  }

  public static func animate(grids: [Grid], fps: Double, options: Options = Options())
    -> Figure
  {
    let all = PlotData.finiteRange(grids.flatMap(\.values)) ?? 0...1
    let frames = grids.enumerated().map { i, g -> Panel in
      var o = options
      o.title = (options.title.map { $0 + " — " } ?? "") + "frame \(i + 1)/\(grids.count)"
      o.cbrange = all.lowerBound < all.upperBound ? all : (all.lowerBound - 1)...(all.upperBound + 1)
      return Panel(kind: .heatmap, grid: g, options: o)
    }
    let h = grids.first.map { max(300, min(900, 120 + 680 * $0.rows / max($0.cols, 1))) } ?? 560
    var f = Figure.animation(frames, fps: fps, height: h)
    f.kind = "animation, \(frames.count) frames"
    return f
  }
}
