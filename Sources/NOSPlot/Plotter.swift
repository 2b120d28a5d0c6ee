// The sinks of one session: where a shown figure goes (window, terminal, files, nowhere).
import Foundation

/// Where shown figures go.
public enum PlotMode: String, CaseIterable, Sendable {
  case window, terminal, file, off
}

/// A session's plotting state: the mode, its gnuplot process, counters for files and windows.
public final class Plotter {
  public var mode: PlotMode
  /// True when the user asked for windows (then a missing window terminal is an error).
  public var windowRequested = false
  public let gnuplot = Gnuplot()
  /// Where text and sixel plots are written.
  public var write: (String) -> Void
  /// Figures shown in "file" mode so far (they are named figure-1.png, figure-2.png, ...).
  public private(set) var filesWritten = 0
  /// `figure()` opens a new window number in window mode.
  public var windowNumber = 0
  private var windowTerminal: String??
  private var sixel: Bool?
  /// The current figure: the last one made or shown (what `savefig(path)` writes).
  public var current: Figure?
  /// Figures made during a REPL or notebook cell and not yet shown or used, by id; nil
  /// outside a cell. The cell shows them when it ends, as Jupyter's inline backend does.
  public var pending: [(id: Int, figure: Figure)]?
  private var figuresMade = 0

  public init(mode: PlotMode, write: @escaping (String) -> Void) {
    self.mode = mode
    self.write = write
  }

  /// Records a new figure as current (and pending inside a cell); returns its id.
  public func made(_ figure: Figure) -> Int {
    figuresMade += 1
    current = figure
    if !figure.isEmpty { pending?.append((figuresMade, figure)) }
    return figuresMade
  }

  /// The figure `id` was shown, saved or placed in a layout: the cell need not show it.
  public func handled(_ id: Int) {
    pending?.removeAll { $0.id == id }
  }

  /// The mode for a session with no explicit choice: windows with a display, inline plots
  /// on a terminal, nothing when output is not a terminal.
  public static func defaultMode(interactive: Bool) -> PlotMode {
    guard interactive else { return .off }
    return TerminalInfo.hasDisplay ? .window : .terminal
  }

  /// Shows a figure through the current mode. Returns a note for the user ("saved
  /// figure-1.png") or nil.
  @discardableResult
  public func show(_ figure: Figure) throws -> String? {
    if figure.isEmpty { return nil }
    switch mode {
    case .off: return nil
    case .file:
      filesWritten += 1
      let name = "figure-\(filesWritten)." + (figure.isAnimation ? "gif" : "png")
      try save(figure, path: name)
      return "saved \(name)"
    case .window:
      if let term = try windowTerminalName() {
        _ = try gnuplot.run(Script.render(figure, target: .window(terminal: term,
                                                                    number: windowNumber)))
        return nil
      }
      if windowRequested {
        throw PlotError.failed("plots(\"window\") needs a display and a gnuplot with a window "
          + "terminal (qt, wxt or x11); gnuplot-nox has none. Use plots(\"terminal\")")
      }
      return try showInline(figure)
    case .terminal: return try showInline(figure)
    }
  }

  /// A text plot as a string (the `dumb` terminal at the given size).
  public func text(_ figure: Figure, columns: Int, lines: Int) throws -> String {
    let data = try gnuplot.run(Script.render(figure, target: .text(columns: columns,
                                                                     lines: lines)))
    var s = String(decoding: data, as: UTF8.self)
    s.removeAll { $0 == "\u{0C}" }
    let rows = s.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0.reversed().drop { $0 == " " }.reversed())
    }
    return rows.joined(separator: "\n").trimmingCharacters(in: .newlines) + "\n"
  }

  private func showInline(_ figure: Figure) throws -> String? {
    if sixel == nil { sixel = TerminalInfo.supportsSixel() }
    if sixel == true {
      let w = min(figure.width, 1000), h = figure.height * w / max(figure.width, 1)
      let data = try gnuplot.run(Script.render(figure, target: .sixel(width: w, height: h)))
      write(String(decoding: data, as: UTF8.self) + "\n")
      return nil
    }
    let (c, l) = TerminalInfo.textPlotSize()
    let rows = figure.panels.count > 1 ? min(60, l * 3 / 2) : l
    write(try text(figure, columns: c, lines: rows))
    return nil
  }

  /// Writes `figure` to `path`, the format chosen by the extension (png, svg, pdf, gif).
  /// The file appears complete or not at all (written beside it, then renamed).
  public func save(_ figure: Figure, path: String, width: Int? = nil, height: Int? = nil)
    throws
  {
    guard !figure.isEmpty else { throw PlotError.failed("the figure is empty: nothing to save") }
    let url = URL(fileURLWithPath: path)
    let ext = url.pathExtension.lowercased()
    let w = width ?? figure.width, h = height ?? figure.height
    guard (16...10000).contains(w), (16...10000).contains(h) else {
      throw PlotError.failed("the figure size must be 16 to 10000 pixels, got \(w)×\(h)")
    }
    let dir = url.deletingLastPathComponent().path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
      throw PlotError.failed("cannot write \(path): no such directory \(dir)")
    }
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
      throw PlotError.failed("cannot write \(path): it is a directory")
    }
    // Named like NOSIO's atomic writes, so a killed savefig's file is found as stale.
    let temp = dir + "/.\(url.lastPathComponent).tmp-\(getpid())-"
      + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    let target: Target
    switch ext {
    case "png": target = .png(path: temp, width: w, height: h)
    case "svg": target = .svg(path: temp, width: w, height: h)
    case "pdf": target = .pdf(path: temp, width: w, height: h)
    case "gif": target = .gif(path: temp, width: w, height: h)
    default:
      throw PlotError.failed("cannot save a figure as '.\(ext)': use .png, .svg, .pdf or .gif")
    }
    defer { try? FileManager.default.removeItem(atPath: temp) }
    _ = try gnuplot.run(Script.render(figure, target: target))
    guard FileManager.default.fileExists(atPath: temp) else {
      throw PlotError.failed("gnuplot wrote no file for \(path)")
    }
    try OutputCheck.verify(temp, ext: ext, path: path)
    // rename(2) replaces the target in one step (no moment without a figure).
    guard rename(temp, url.path) == 0 else {
      throw PlotError.failed("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }

  /// Why window mode cannot draw here (no display, or a gnuplot without a window
  /// terminal), or nil when it can.
  public func windowUnavailable() -> String? {
    guard TerminalInfo.hasDisplay else {
      return "window plots need a display (DISPLAY and WAYLAND_DISPLAY are not set); "
        + "use :plots terminal (inline) or :plots file"
    }
    guard (try? windowTerminalName()) ?? nil != nil else {
      return "window plots need a gnuplot with a window terminal (qt, wxt or x11); this "
        + "gnuplot has none (gnuplot-nox): use :plots terminal or :plots file"
    }
    return nil
  }

  /// The first of qt, wxt, x11 that this gnuplot has, when a display is available.
  private func windowTerminalName() throws -> String? {
    if let known = windowTerminal { return known }
    var found: String? = nil
    if TerminalInfo.hasDisplay {
      let data = try gnuplot.run("set print '-'\nprint GPVAL_TERMINALS\nset print")
      let names = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
      found = ["qt", "wxt", "x11"].first { names.contains(Substring($0)) }
    }
    windowTerminal = .some(found)
    return found
  }
}
