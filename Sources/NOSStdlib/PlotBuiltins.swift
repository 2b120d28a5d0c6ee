// Builtins for plots: plot, scatter, heatmap/imagesc, surface, hist (more in PlotCompose).
import NOSLang
import NOSPlot
import NOSTensor

enum PlotBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] {
    let ctx = PlotContext(session: session, options: options)
    _ = ctx.plotter  // made now, so `:plots` sees --plots= before any plot
    return [plot(ctx), scatter(ctx), heatmap(ctx, "heatmap"), heatmap(ctx, "imagesc"),
            surface(ctx), hist(ctx)] + PlotCompose.all(ctx)
  }

  /// The options every kind takes, after its own parameters.
  static let optionParams = [
    Param("title", default: .nil), Param("xlabel", default: .nil),
    Param("ylabel", default: .nil), Param("logx", default: .bool(false)),
    Param("logy", default: .bool(false)), Param("style", default: .nil),
    Param("xlim", default: .nil), Param("ylim", default: .nil),
  ]
  static let optionDoc = "Options: title=, xlabel=, ylabel=, logx=, logy= (true for a log " +
    "axis), style= (\"lines\", \"points\", \"linespoints\", \"dots\", \"impulses\", " +
    "\"steps\", \"boxes\"), xlim=/ylim= ([low, high] fixes an axis). Returns a figure: " +
    "shown when it is a REPL result or passed to show(), or at the end of the REPL or " +
    "notebook cell that made it; savefig(fig, \"a.png\") writes it."

  static func plot(_ ctx: PlotContext) -> Builtin {
    Builtin("plot", [Param("x"), Param("y", default: .nil), Param("labels", default: .nil)]
      + optionParams + [Param("legend", default: .nil)], doc: """
      Line plot. plot(y) draws y against 0, 1, ...; plot(x, y) against x; plot(x, [y1, y2], \
      labels=["a", "b"]) draws several curves with a legend (legend= is the same as \
      labels=). A 2-D y draws one curve per column, as matplotlib does (per row when only \
      its row length matches x). A list of numbers works too: plot(h.loss, logy=true). \
      \(optionDoc)
      """) { a in try ctx.curves(a, style: .lines, kind: "line plot") }
  }

  static func scatter(_ ctx: PlotContext) -> Builtin {
    Builtin("scatter", [Param("x"), Param("y"), Param("labels", default: .nil)]
      + optionParams + [Param("legend", default: .nil)], doc: """
      Scatter plot of points (x[i], y[i]); a 2-D y gives one point set per column (per row \
      when only its row length matches x); legend= is the same as labels=. \(optionDoc)
      """) { a in try ctx.curves(a, style: .points, kind: "scatter") }
  }

  static func heatmap(_ ctx: PlotContext, _ name: String) -> Builtin {
    let alias = name == "imagesc" ? " (imagesc is heatmap, as in Torch7's gnuplot)" : ""
    return Builtin(name, [Param("z"), Param("x", default: .nil), Param("y", default: .nil)]
      + optionParams, doc: """
      A 2-D field as an image with a colour bar and square pixels\(alias). z[i, j] is drawn \
      at column j, row i, row 0 at the bottom; axes are in grid units unless x= and y= give \
      the coordinates of the columns and rows (all of them, evenly spaced, or [first, \
      last]). Size-1 axes are dropped ([1, 64, 64] is 2-D). \(optionDoc)
      """) { a in
      let g = try ctx.grid(a)
      return ctx.wrap(Figures.heatmap(g, options: try ctx.options(a, from: 3)))
    }
  }

  static func surface(_ ctx: PlotContext) -> Builtin {
    Builtin("surface", [Param("z"), Param("x", default: .nil), Param("y", default: .nil)]
      + optionParams + [Param("zlabel", default: .nil)], doc: """
      A 2-D field as a coloured 3-D surface z over (x, y); x= and y= as for heatmap; \
      zlabel= names the vertical axis. \(optionDoc)
      """) { a in
      let g = try ctx.grid(a)
      var o = try ctx.options(a, from: 3)
      if !a[11].isNil { o.zlabel = try a.string(11) }
      return ctx.wrap(Figures.surface(g, options: o))
    }
  }

  static func hist(_ ctx: PlotContext) -> Builtin {
    Builtin("hist", [Param("x"), Param("bins", default: .number(30))] + optionParams, doc: """
      Histogram of the values of x (any shape; non-finite values are left out) in bins= \
      equal bins between the smallest and largest value. \(optionDoc)
      """) { a in
      let v = try PlotArray.read(a, 0).values
      let bins = try a.int(1)
      guard (1...100_000).contains(bins) else { throw a.error(1, "bins must be 1 to 100000") }
      guard v.contains(where: \.isFinite) else { throw a.error(0, "no finite values to count") }
      return ctx.wrap(Figures.hist(v, bins: bins, options: try ctx.options(a, from: 2)))
    }
  }
}

/// What the plot builtins share: the session's plotter, option and data reading.
struct PlotContext {
  let session: Session
  let options: StdlibOptions

  var plotter: Plotter { Plots.plotter(for: session, options: options) }

  func wrap(_ f: Figure) -> Value {
    .host(FigureValue(f, plotter: plotter, figures: session.figures))
  }

  /// title, xlabel, ylabel, logx, logy from parameter `i` on (style is read by `style`).
  func options(_ a: Arguments, from i: Int) throws -> Options {
    func text(_ k: Int) throws -> String? { a[k].isNil ? nil : try a.string(k) }
    var o = Options(title: try text(i), xlabel: try text(i + 1), ylabel: try text(i + 2))
    o.logx = try a.bool(i + 3)
    o.logy = try a.bool(i + 4)
    o.xrange = try limits(a, i + 6, "xlim")
    o.yrange = try limits(a, i + 7, "ylim")
    return o
  }

  /// xlim=/ylim=: `[low, high]`, finite, low < high (nil when not given).
  func limits(_ a: Arguments, _ k: Int, _ name: String) throws -> ClosedRange<Double>? {
    if a[k].isNil { return nil }
    let v = try PlotArray.read(a, k).values
    guard v.count == 2, v[0].isFinite, v[1].isFinite, v[0] < v[1] else {
      let got = v.count == 2 ? "[\(Display.number(v[0])), \(Display.number(v[1]))]"
        : "\(v.count) values"
      throw RuntimeError("\(a.name): \(name)= must be [low, high] with finite low < high, "
        + "got \(got)")
    }
    return v[0]...v[1]
  }

  func style(_ a: Arguments, _ i: Int, default d: Style) throws -> Style {
    if a[i].isNil { return d }
    let s = try a.string(i)
    guard let st = Style(rawValue: s) else {
      throw a.error(i, "unknown style \"\(s)\"; use "
        + Style.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
    }
    return st
  }

  /// The field of argument 0 with coordinates from arguments 1 and 2, at most 1024² cells.
  func grid(_ a: Arguments) throws -> Grid {
    var g = try PlotArray.read(a, 0).grid(a, 0)
    guard g.rows > 0, g.cols > 0 else { throw a.error(0, "the field is empty") }
    g.x = try a.coordinates(1, count: g.cols)
    g.y = try a.coordinates(2, count: g.rows)
    return PlotData.shrink(g, maxRows: 1024, maxCols: 1024)
  }

  /// plot and scatter: x, y (one curve, rows of a 2-D y, or a list of curves), labels.
  func curves(_ a: Arguments, style dflt: Style, kind: String) throws -> Value {
    let yArg = a[1].isNil ? 0 : 1
    var ys: [[Double]] = []
    if case .list(let l) = a[yArg], l.items.contains(where: { if case .number = $0 { false } else { true } }) {
      for (k, item) in l.items.enumerated() {
        guard let v = try? toTensor(item, what: "curve"), !v.dtype.isComplex, v.ndim <= 1 else {
          throw a.error(yArg, "curve \(k) is not a 1-D real tensor or list of numbers")
        }
        ys.append(v.toArray())
      }
    } else {
      let y = try PlotArray.read(a, yArg)
      let s = y.squeezed
      // An empty [1e11, 0] must not become 1e11 empty curves.
      guard !y.values.isEmpty else { throw a.error(yArg, "no data to plot") }
      if s.count <= 1 {
        ys = [y.values]
      } else if s.count == 2 {
        let (r, c) = (s[0], s[1])
        // As matplotlib: the columns are the curves (plot(Y), or x as long as a column);
        // the rows when only the row length matches x (plot(x, stack([y1, y2]))).
        let n = a[1].isNil ? r : (try PlotArray.read(a, 0).values.count)
        if r == n || c != n {
          ys = (0..<c).map { j in (0..<r).map { y.values[$0 * c + j] } }
        } else {
          ys = (0..<r).map { Array(y.values[($0 * c)..<(($0 + 1) * c)]) }
        }
      } else {
        throw a.error(yArg, "1-D or 2-D data expected, got shape \(shapeText(y.shape))")
      }
    }
    guard let n = ys.first?.count, n > 0 else { throw a.error(yArg, "no data to plot") }
    let x = a[1].isNil ? (0..<n).map(Double.init) : try PlotArray.read(a, 0).values
    for (k, y) in ys.enumerated() where y.count != x.count {
      let which = ys.count == 1 ? "y" : "curve \(k)"
      throw RuntimeError("\(a.name): x has \(x.count) points but \(which) has \(y.count)")
    }
    var labels: [String?] = []
    let labelArg = a[2].isNil && !a[11].isNil ? 11 : 2  // legend= is labels=
    switch a[labelArg] {
    case .nil: break
    case .string(let s): labels = [s]
    case .list(let l):
      labels = try l.items.map { v -> String? in
        guard case .string(let s) = v else {
          throw a.error(labelArg, "labels must be strings")
        }
        return s
      }
    default: throw a.bad(labelArg, expected: "list of strings")
    }
    if !labels.isEmpty && labels.count != ys.count {
      throw a.error(labelArg, "\(labels.count) labels for \(ys.count) curves")
    }
    let st = try style(a, 8, default: dflt)
    let o = try options(a, from: 3)
    return wrap(Figures.plot(x: x, ys: ys, labels: labels, style: st, options: o, kind: kind))
  }
}
