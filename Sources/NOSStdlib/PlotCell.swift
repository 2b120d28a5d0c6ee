// The plot side of REPL and notebook cells: figures made in a cell and not shown are shown
// when it ends, as Jupyter's inline backend does; whether `:plots window` can draw here.
import NOSLang
import NOSPlot

extension Plots {
  /// Starts collecting the figures `session` makes (call before a cell runs).
  public static func beginCell(_ session: Session) {
    plotter(for: session, options: StdlibOptions()).pending = []
  }

  /// Shows, in order, the figures made since `beginCell` that were not shown or placed in
  /// a layout, through the session's plot mode (or the notebook's capture); stops collecting.
  public static func endCell(_ session: Session) {
    let p = plotter(for: session, options: StdlibOptions())
    let left = p.pending ?? []
    p.pending = nil
    for (_, figure) in left {
      _ = FigureValue(figure, plotter: p, figures: session.figures).display(nested: false)
    }
  }

  /// Why `session` cannot show plots in a window, or nil when it can (`:plots window`).
  public static func windowUnavailable(session: Session) -> String? {
    plotter(for: session, options: StdlibOptions()).windowUnavailable()
  }
}
