// Script pieces for one page and its panels: curves, images, surfaces, text-only variants.
import Foundation

/// Accumulates datablocks and commands while a figure is rendered.
struct Builder {
  let text: Bool
  let columns: Int
  let lines: Int
  var out = ""
  /// The page area of the panel being written.
  var area = Rect.page
  var data = ""
  var blocks: [String] = []

  init(text: Bool, columns: Int, lines: Int) {
    self.text = text
    self.columns = columns
    self.lines = lines
  }

  static let colours = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
                        "#000000", "#f0e442"]
  static let viridis = "set palette defined (0 '#440154', 1 '#482878', 2 '#3e4989', "
    + "3 '#31688e', 4 '#26828e', 5 '#1f9e89', 6 '#35b779', 7 '#6ece58', 8 '#b5de2b', "
    + "9 '#fde725')\n"
  static let diverging = "set palette defined (0 '#2166ac', 1 '#67a9cf', 2 '#d1e5f0', "
    + "3 '#f7f7f7', 4 '#fddbc7', 5 '#ef8a62', 6 '#b2182b')\n"
  /// Shades for text heatmaps, light to dark.
  static let ramp = [" ", ".", ":", "-", "=", "+", "*", "%", "@"]

  /// A number with 3 significant digits (ranges in text titles).
  static func short(_ x: Double) -> String {
    guard x.isFinite, x != 0 else { return Script.fmt(x) }
    let digits = max(0, 2 - Int(floor(log10(abs(x)))))
    return digits > 6 ? String(format: "%.2e", x) : String(format: "%.\(digits)f", x)
  }

  mutating func block(_ text: String, _ name: String) -> String {
    data += text
    blocks.append(name)
    return "$" + name
  }

  mutating func nextName() -> String { "nos\(blocks.count + 1)" }

  /// One page: a single panel, or several placed with `set multiplot`.
  mutating func page(_ panels: [Panel], title: String?) -> String {
    if panels.count == 1, title == nil, panels[0].rect == .page {
      area = .page
      return panel(panels[0], size: nil)
    }
    var s = "set multiplot"
    if let title { s += " title \(Script.quote(title)) font ',13'" }
    s += "\n"
    let page = title == nil ? Rect.page : Rect(x: 0, y: 0, width: 1, height: 0.93)
    for p in panels {
      let r = p.rect.inside(page)
      self.area = r
      s += "reset\nset origin \(Script.fmt(r.x)),\(Script.fmt(r.y))\n"
      s += panel(p, size: "\(Script.fmt(r.width)),\(Script.fmt(r.height))")
    }
    return s + "unset multiplot\n"
  }

  /// Settings shared by every kind, then the kind's own commands.
  mutating func panel(_ p: Panel, size: String?) -> String {
    let o = p.options
    var s = ""
    if var t = o.title {
      if text, p.kind != .xy, area.width > 0.99, let g = p.grid, let r = g.finiteRange {
        t += " [\(Builder.short(r.lowerBound))..\(Builder.short(r.upperBound))]"
      }
      s += "set title \(Script.quote(t))\(text ? "" : " font ',12'")\n"
    }
    if let x = o.xlabel { s += "set xlabel \(Script.quote(x))\n" }
    if let y = o.ylabel { s += "set ylabel \(Script.quote(y))\n" }
    if let z = o.zlabel, p.kind == .surface { s += "set zlabel \(Script.quote(z)) rotate\n" }
    if o.logx { s += "set logscale x\n" }
    if o.logy { s += p.kind == .surface ? "set logscale z\n" : "set logscale y\n" }
    switch p.kind {
    case .xy: s += curves(p, size: size)
    case .heatmap: s += heatmap(p, size: size)
    // Text has no shaded surfaces: a top view in shades reads better than wire lines.
    case .surface: s += text ? heatmap(p, size: size) : surface(p, size: size)
    }
    return s
  }

  mutating func curves(_ p: Panel, size: String?) -> String {
    var s = size.map { "set size \($0)\n" } ?? ""
    if !text { s += "set grid lc rgb '#dddddd' lw 1\n" }
    let curves: Set<Style> = [.lines, .linespoints, .steps]
    if p.series.allSatisfy({ curves.contains($0.style) }) { s += "set autoscale xfix\n" }
    if let step = p.options.ytics { s += "set ytics \(Script.fmt(step))\n" }
    s += Builder.limits(p.options)
    if p.series.contains(where: { $0.label != nil }) {
      s += text ? "set key top right\n" : "set key top right opaque box lc rgb '#bbbbbb'\n"
    } else {
      s += "unset key\n"
    }
    if let w = p.boxWidth {
      s += "set boxwidth \(Script.fmt(w)) absolute\n"
      s += "set style fill solid 0.7 border lc rgb '#333333'\n"
    }
    var items: [String] = []
    for (i, ser) in p.series.enumerated() {
      var x = ser.x, y = ser.y
      if text, ser.style == .lines || ser.style == .linespoints {
        (x, y) = PlotData.envelope(x: x, y: y, buckets: max(columns, 20))
      }
      let name = nextName()
      let ref = block(PlotData.block(name, x: x, y: y), name)
      items.append("\(ref) using 1:2 " + with(ser, index: i))
    }
    return s + "plot " + items.joined(separator: ", \\\n  ") + "\n"
  }

  func with(_ ser: Series, index i: Int) -> String {
    var w = "with \(ser.style.rawValue)"
    if !text {
      let c = Builder.colours[i % Builder.colours.count]
      switch ser.style {
      case .lines, .steps, .impulses: w += " lw 2"
      case .linespoints: w += " lw 2 pt 7 ps 0.7"
      case .points: w += " pt 7 ps 0.6"
      case .dots, .boxes: break
      }
      w += " lc rgb '\(c)'"
      if ser.dashed { w += " dt 2" }
    }
    return w + (ser.label.map { " title \(Script.quote($0))" } ?? " notitle")
  }

  /// `set xrange`/`set yrange` for the ranges the user fixed (xlim=, ylim=).
  static func limits(_ o: Options) -> String {
    func range(_ axis: String, _ r: ClosedRange<Double>?) -> String {
      guard let r else { return "" }
      return "set \(axis)range [\(Script.fmt(r.lowerBound)):\(Script.fmt(r.upperBound))]\n"
    }
    return range("x", o.xrange) + range("y", o.yrange)
  }

  /// Pixel centres: `(x0 + $1*dx)` for column index `$1`.
  static func axis(_ range: ClosedRange<Double>?, _ n: Int) -> (Double, Double) {
    let r = range ?? 0...Double(max(n - 1, 0))
    return (r.lowerBound, n > 1 ? (r.upperBound - r.lowerBound) / Double(n - 1) : 1)
  }

  mutating func heatmap(_ p: Panel, size: String?) -> String {
    guard var g = p.grid else { return "" }
    if text {
      g = PlotData.shrink(g, maxRows: max(4, Int(Double(lines) * area.height) - 6),
                          maxCols: max(8, Int(Double(columns) * area.width) - 14))
    }
    let (x0, dx) = Builder.axis(g.x, g.cols), (y0, dy) = Builder.axis(g.y, g.rows)
    var s = ""
    let ratio = Script.fmt(Double(g.rows) / Double(g.cols))
    s += text ? (size.map { "set size \($0)\n" } ?? "")
      : "set size ratio \(ratio)\(size.map { " " + $0 } ?? "")\n"
    s += "set xrange [\(Script.fmt(x0 - dx / 2)):\(Script.fmt(x0 + dx * (Double(g.cols) - 0.5)))]\n"
    s += "set yrange [\(Script.fmt(y0 - dy / 2)):\(Script.fmt(y0 + dy * (Double(g.rows) - 0.5)))]\n"
    s += Builder.limits(p.options) + "unset key\n"
    if text { return s + textImage(g, x0: x0, dx: dx, y0: y0, dy: dy) }
    s += "set tics out nomirror\n"
    s += p.options.palette == .diverging ? Builder.diverging : Builder.viridis
    if let r = p.options.cbrange {
      s += "set cbrange [\(Script.fmt(r.lowerBound)):\(Script.fmt(r.upperBound))]\n"
    }
    s += "set colorbox\n"
    let name = nextName()
    let ref = block(PlotData.matrix(name, g), name)
    return s + "plot \(ref) matrix using (\(Script.fmt(x0))+$1*\(Script.fmt(dx))):"
      + "(\(Script.fmt(y0))+$2*\(Script.fmt(dy))):3 with image notitle\n"
  }

  /// A heatmap for the dumb terminal: one shading character per (averaged) cell.
  mutating func textImage(_ g: Grid, x0: Double, dx: Double, y0: Double, dy: Double)
    -> String
  {
    let lo = g.finiteRange?.lowerBound ?? 0, hi = g.finiteRange?.upperBound ?? 1
    let name = nextName()
    var t = "$\(name) << EOD\n"
    let n = Builder.ramp.count
    // One label per character cell (nearest cell of the field), so no gaps show.
    let cw = max(4, Int(Double(columns) * area.width) - 8)
    let rh = max(3, Int(Double(lines) * area.height) - 3)
    let nc = max(g.cols, cw), nr = max(g.rows, rh)
    for i in 0..<nr {
      let r = min(g.rows - 1, i * g.rows / nr)
      let y = y0 - dy / 2 + (Double(i) + 0.5) * dy * Double(g.rows) / Double(nr)
      for j in 0..<nc {
        let c = min(g.cols - 1, j * g.cols / nc)
        let v = g.values[r * g.cols + c]
        guard v.isFinite else { continue }
        let k = hi > lo ? min(n - 1, max(0, Int((v - lo) / (hi - lo) * Double(n - 1) + 0.5))) : n / 2
        let x = x0 - dx / 2 + (Double(j) + 0.5) * dx * Double(g.cols) / Double(nc)
        t += "\(Script.fmt(x)) \(Script.fmt(y)) \"\(Builder.ramp[k])\"\n"
      }
    }
    let ref = block(t + "EOD\n", name)
    return "plot \(ref) using 1:2:3 with labels notitle\n"
  }

  mutating func surface(_ p: Panel, size: String?) -> String {
    guard var g = p.grid else { return "" }
    g = PlotData.shrink(g, maxRows: text ? 24 : 120, maxCols: text ? 24 : 120)
    let (x0, dx) = Builder.axis(g.x, g.cols), (y0, dy) = Builder.axis(g.y, g.rows)
    var s = size.map { "set size \($0)\n" } ?? ""
    s += "set view 60,30\nset ticslevel 0\nunset key\n"
    s += "set xrange [\(Script.fmt(x0)):\(Script.fmt(x0 + dx * Double(g.cols - 1)))]\n"
    s += "set yrange [\(Script.fmt(y0)):\(Script.fmt(y0 + dy * Double(g.rows - 1)))]\n"
    s += Builder.limits(p.options)
    if let r = p.options.cbrange {
      s += "set zrange [\(Script.fmt(r.lowerBound)):\(Script.fmt(r.upperBound))]\n"
    }
    let name = nextName()
    let ref = block(PlotData.matrix(name, g), name)
    let using = "using (\(Script.fmt(x0))+$1*\(Script.fmt(dx))):(\(Script.fmt(y0))+$2*"
      + "\(Script.fmt(dy))):3"
    if text { return s + "set hidden3d\nsplot \(ref) matrix \(using) with lines notitle\n" }
    s += Builder.viridis + "set pm3d depthorder border lc rgb '#55000000' lw 0.5\n"
    if let r = p.options.cbrange {
      s += "set cbrange [\(Script.fmt(r.lowerBound)):\(Script.fmt(r.upperBound))]\n"
    }
    return s + "splot \(ref) matrix \(using) with pm3d notitle\n"
  }
}
