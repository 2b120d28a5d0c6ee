// Script pieces for one page and its panels: curves, images, surfaces, text-only variants.

/// Accumulates datablocks and commands while a figure is rendered.
struct Builder {
  let text: Bool
  let columns: Int
  var out = ""
  var data = ""
  var blocks: [String] = []

  init(text: Bool, columns: Int) {
    self.text = text
    self.columns = columns
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

  mutating func block(_ text: String, _ name: String) -> String {
    data += text
    blocks.append(name)
    return "$" + name
  }

  mutating func nextName() -> String { "nos\(blocks.count + 1)" }

  /// One page: a single panel, or several placed with `set multiplot`.
  mutating func page(_ panels: [Panel], title: String?) -> String {
    if panels.count == 1, title == nil, panels[0].rect == .page {
      return panel(panels[0], size: nil)
    }
    var s = "set multiplot"
    if let title { s += " title \(Script.quote(title)) font ',13'" }
    s += "\n"
    let area = title == nil ? Rect.page : Rect(x: 0, y: 0, width: 1, height: 0.93)
    for p in panels {
      let r = p.rect.inside(area)
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
      if text, p.kind == .heatmap, let g = p.grid, let r = g.finiteRange {
        t += "  [' '..'@' = \(Script.fmt(r.lowerBound))..\(Script.fmt(r.upperBound))]"
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
    case .surface: s += surface(p, size: size)
    }
    return s
  }

  mutating func curves(_ p: Panel, size: String?) -> String {
    var s = size.map { "set size \($0)\n" } ?? ""
    if !text { s += "set grid lc rgb '#dddddd' lw 1\n" }
    let curves: Set<Style> = [.lines, .linespoints, .steps]
    if p.series.allSatisfy({ curves.contains($0.style) }) { s += "set autoscale xfix\n" }
    if let step = p.options.ytics { s += "set ytics \(Script.fmt(step))\n" }
    if let r = p.options.yrange {
      s += "set yrange [\(Script.fmt(r.lowerBound)):\(Script.fmt(r.upperBound))]\n"
    }
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

  /// Pixel centres: `(x0 + $1*dx)` for column index `$1`.
  static func axis(_ range: ClosedRange<Double>?, _ n: Int) -> (Double, Double) {
    let r = range ?? 0...Double(max(n - 1, 0))
    return (r.lowerBound, n > 1 ? (r.upperBound - r.lowerBound) / Double(n - 1) : 1)
  }

  mutating func heatmap(_ p: Panel, size: String?) -> String {
    guard var g = p.grid else { return "" }
    if text { g = PlotData.shrink(g, maxRows: 40, maxCols: max(10, columns - 20)) }
    let (x0, dx) = Builder.axis(g.x, g.cols), (y0, dy) = Builder.axis(g.y, g.rows)
    var s = ""
    let ratio = Script.fmt(Double(g.rows) / Double(g.cols))
    s += text ? (size.map { "set size \($0)\n" } ?? "")
      : "set size ratio \(ratio)\(size.map { " " + $0 } ?? "")\n"
    s += "set xrange [\(Script.fmt(x0 - dx / 2)):\(Script.fmt(x0 + dx * (Double(g.cols) - 0.5)))]\n"
    s += "set yrange [\(Script.fmt(y0 - dy / 2)):\(Script.fmt(y0 + dy * (Double(g.rows) - 0.5)))]\n"
    s += "unset key\n"
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
    for r in 0..<g.rows {
      for c in 0..<g.cols {
        let v = g.values[r * g.cols + c]
        guard v.isFinite else { continue }
        let k = hi > lo ? min(n - 1, max(0, Int((v - lo) / (hi - lo) * Double(n - 1) + 0.5))) : n / 2
        t += "\(Script.fmt(x0 + Double(c) * dx)) \(Script.fmt(y0 + Double(r) * dy)) "
        t += "\"\(Builder.ramp[k])\"\n"
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
