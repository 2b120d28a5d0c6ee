// Plot builtins that combine or output figures: compare, animate, layout, figure, savefig,
// plots.
import Foundation
import NOSIO
import NOSLang
import NOSPlot
import NOSTensor

enum PlotCompose {
  static func all(_ ctx: PlotContext) -> [Builtin] {
    [compare(ctx), animate(ctx), layout(ctx), figure(ctx), savefig(ctx), plots(ctx)]
  }

  static func compare(_ ctx: PlotContext) -> Builtin {
    Builtin("compare", [Param("truth"), Param("pred"), Param("x", default: .nil)]
      + PlotBuiltins.optionParams, doc: """
      Truth against prediction. 1-D fields: both curves in one panel and the error \
      (prediction - truth) in a panel below, against x= when given. 2-D fields: truth | \
      prediction | error heatmaps side by side, the first two on one colour scale, the \
      error on a scale symmetric about zero. Size-1 axes are dropped. Options: title=, \
      xlabel=, ylabel=, logx=, logy=.
      """) { a in
      let t = try PlotArray.read(a, 0), p = try PlotArray.read(a, 1)
      guard t.squeezed == p.squeezed else {
        throw RuntimeError("compare: truth has shape \(shapeText(t.shape)) but the prediction "
          + "has shape \(shapeText(p.shape))")
      }
      let o = try ctx.options(a, from: 3)
      switch t.squeezed.count {
      case 0, 1:
        let x = a[2].isNil ? (0..<t.values.count).map(Double.init)
          : try PlotArray.read(a, 2).values
        guard x.count == t.values.count else {
          throw RuntimeError("compare: x has \(x.count) points but the fields have "
            + "\(t.values.count)")
        }
        return ctx.wrap(Figures.compare(x: x, truth: t.values, prediction: p.values, options: o))
      case 2:
        let shrink = { (g: Grid) in PlotData.shrink(g, maxRows: 1024, maxCols: 1024) }
        return ctx.wrap(Figures.compare(truth: shrink(try t.grid(a, 0)),
                                        prediction: shrink(try p.grid(a, 1)), options: o))
      default:
        throw RuntimeError("compare: 1-D or 2-D fields expected (size-1 axes dropped), got "
          + "shape \(shapeText(t.shape))")
      }
    }
  }

  static func animate(_ ctx: PlotContext) -> Builtin {
    Builtin("animate", [Param("frames"), Param("file", default: .nil),
                        Param("fps", default: .number(10)), Param("x", default: .nil),
                        Param("title", default: .nil), Param("xlabel", default: .nil),
                        Param("ylabel", default: .nil)], doc: """
      An animation over the first axis of frames: [T, N] gives T curves (on one y range), \
      [T, H, W] gives T heatmaps (on one colour scale); size-1 axes after the first are \
      dropped. file="f.gif" writes an animated GIF (in every plots mode); fps= sets the \
      speed. Returns a figure (a still output shows the first frame).
      """) { a in
      let f = try PlotArray.read(a, 0)
      guard let count = f.shape.first, count > 0 else {
        throw a.error(0, "frames expected along the first axis, got shape \(shapeText(f.shape))")
      }
      let inner = f.shape.dropFirst().filter { $0 != 1 }
      let size = f.values.count / count
      let chunks = (0..<count).map { Array(f.values[($0 * size)..<(($0 + 1) * size)]) }
      let fps = try a.number(2)
      guard fps > 0, fps <= 100 else { throw a.error(2, "fps must be between 0 and 100") }
      func text(_ k: Int) throws -> String? { a[k].isNil ? nil : try a.string(k) }
      let o = Options(title: try text(4), xlabel: try text(5), ylabel: try text(6))
      let fig: Figure
      switch inner.count {
      case 0, 1:
        let x = a[3].isNil ? (0..<size).map(Double.init) : try PlotArray.read(a, 3).values
        guard x.count == size else {
          throw RuntimeError("animate: x has \(x.count) points but each frame has \(size)")
        }
        fig = Figures.animate(x: x, curves: chunks, fps: fps, options: o)
      case 2:
        let grids = chunks.map {
          PlotData.shrink(Grid(rows: inner[0], cols: inner[1], values: $0), maxRows: 512,
                          maxCols: 512)
        }
        fig = Figures.animate(grids: grids, fps: fps, options: o)
      default:
        throw a.error(0, "[T, N] or [T, H, W] frames expected, got shape \(shapeText(f.shape))")
      }
      if !a[1].isNil {
        let path = try a.string(1)
        guard path.lowercased().hasSuffix(".gif") else {
          throw a.error(1, "an animation is written as a .gif file")
        }
        try save(ctx, fig, path, nil, nil)
      }
      return ctx.wrap(fig)
    }
  }

  static func layout(_ ctx: PlotContext) -> Builtin {
    Builtin("layout", [Param("rows"), Param("cols"), .variadic("figs"),
                       Param("title", default: .nil)], doc: """
      Figures placed in a rows × cols grid, filled row by row from the top left: \
      layout(1, 2, plot(a), heatmap(u)). A list of figures works too. title= goes over \
      the whole page.
      """) { a in
      let rows = try a.int(0), cols = try a.int(1)
      guard (1...10).contains(rows) else { throw a.error(0, "rows must be 1 to 10") }
      guard (1...10).contains(cols) else { throw a.error(1, "cols must be 1 to 10") }
      var items = a.rest
      if items.count == 1, case .list(let l) = items[0] { items = l.items }
      var figs: [Figure] = []
      for (k, v) in items.enumerated() {
        guard case .host(let h as FigureValue) = v else {
          throw a.badRest(k, expected: "figure")
        }
        ctx.plotter.handled(h.id)  // drawn as part of the layout
        figs.append(h.figure)
      }
      guard figs.count <= rows * cols else {
        throw RuntimeError("layout: \(figs.count) figures do not fit in \(rows)×\(cols) cells")
      }
      let title = a[3].isNil ? nil : try a.string(3)
      return ctx.wrap(Figure.layout(rows: rows, cols: cols, figs, title: title))
    }
  }

  static func figure(_ ctx: PlotContext) -> Builtin {
    Builtin("figure", [], doc: """
      An empty figure; in "window" mode the plots shown after it go to a new window \
      (as Torch7's gnuplot.figure()).
      """) { _ in
      ctx.plotter.windowNumber += 1
      return ctx.wrap(Figure(panels: [], kind: "empty"))
    }
  }

  static func savefig(_ ctx: PlotContext) -> Builtin {
    Builtin("savefig", [Param("fig"), Param("path", default: .nil),
                        Param("width", default: .nil), Param("height", default: .nil)], doc: """
      Writes a figure to a file chosen by its extension: .png, .svg, .pdf, or .gif (an \
      animation's frames). savefig("a.png") writes the current figure (the last one made \
      or shown), as matplotlib's plt.savefig does. width= and height= give the size in \
      pixels (a PDF takes 100 pixels per inch). Works in every plots mode, "off" included.
      """, receiver: "figure") { a in
      if case .string(let path) = a[0] {
        guard a[1].isNil else {
          throw RuntimeError("savefig: the figure comes first: savefig(fig, \"\(path)\")")
        }
        guard let fig = ctx.plotter.current else {
          throw RuntimeError("savefig: no figure to save yet: make one first (plot(y)), or "
            + "pass it: savefig(fig, \"\(path)\")")
        }
        try save(ctx, fig, path, try a.optionalInt(2), try a.optionalInt(3))
        return .nil
      }
      let h = try a.host(0, as: FigureValue.self, expected: "figure or path")
      guard !a[1].isNil else {
        throw RuntimeError("savefig: no path given: savefig(fig, \"figure.png\")")
      }
      try save(ctx, h.figure, try a.string(1), try a.optionalInt(2), try a.optionalInt(3))
      return .nil
    }
  }

  static func save(_ ctx: PlotContext, _ fig: Figure, _ path: String, _ w: Int?, _ h: Int?)
    throws
  {
    let url = URL(fileURLWithPath: path)
    StaleTemps.remove(in: url.deletingLastPathComponent().path, target: url.lastPathComponent)
    do { try ctx.plotter.save(fig, path: path, width: w, height: h) } catch let e as PlotError {
      throw RuntimeError(e.description)
    }
  }

  static func plots(_ ctx: PlotContext) -> Builtin {
    Builtin("plots", [Param("mode", default: .nil)], doc: """
      Where shown figures go: "window" (a gnuplot window; needs a display), "terminal" \
      (inline: sixel graphics when the terminal supports them, else text), "file" \
      (figure-1.png, figure-2.png, ... in the current folder) or "off". plots() returns \
      the current mode. The default comes from --plots=, then NOS_PLOTS, then the \
      terminal (inline on a terminal, "off" when output is not a terminal).
      """) { a in
      if a[0].isNil { return .string(Plots.mode(session: ctx.session)) }
      let m = try a.string(0)
      guard PlotMode(rawValue: m) != nil else {
        throw a.error(0, "mode must be \"window\", \"terminal\", \"file\" or \"off\"")
      }
      try Plots.setMode(m, session: ctx.session)
      return .nil
    }
  }
}
