// Each session's plot settings (mode, gnuplot process) and the REPL's `:plots` command.
import Foundation
import NOSLang
import NOSPlot

/// The plot state of sessions: each session's plotter lives in its `SessionContext`.
public enum Plots {
  /// The mode names, in the order messages list them.
  public static let modes = PlotMode.allCases.map(\.rawValue)

  /// The plotter of `session`, made on first use from `--plots=`, then `NOS_PLOTS`, then the
  /// environment (inline plots on a terminal, nothing when output is not a terminal).
  static func plotter(for session: Session, options: StdlibOptions) -> Plotter {
    let context = session.stdlib
    if let p = context.plotter { return p }
    let output = session.interpreter.output
    let interactive = output is StandardOutput && isatty(1) != 0
    var mode = Plotter.defaultMode(interactive: interactive)
    let asked = options.plots ?? ProcessInfo.processInfo.environment["NOS_PLOTS"]
    var explicitWindow = false
    if let asked, !asked.isEmpty {
      if let m = PlotMode(rawValue: asked.lowercased()) {
        mode = m
        explicitWindow = m == .window
      } else {
        FileHandle.standardError.write(Data(("warning: unknown plots mode '\(asked)' (use "
          + "window, terminal, file or off); using \(mode.rawValue)\n").utf8))
      }
    }
    let p = Plotter(mode: mode) { [weak output] text in output?.write(text) }
    p.windowRequested = explicitWindow
    context.plotter = p
    return p
  }

  /// Sets where `session`'s plots go: "window", "terminal", "file" or "off".
  public static func setMode(_ mode: String, session: Session) throws {
    guard let m = PlotMode(rawValue: mode.lowercased()) else {
      throw RuntimeError("unknown plots mode \"\(mode)\": use \"window\", \"terminal\", "
        + "\"file\" or \"off\"")
    }
    let p = plotter(for: session, options: StdlibOptions())
    p.mode = m
    p.windowRequested = m == .window
  }

  /// The current mode of `session`'s plots.
  public static func mode(session: Session) -> String {
    plotter(for: session, options: StdlibOptions()).mode.rawValue
  }

  /// The REPL's `:plots [mode]`: sets the mode, or reports it when `arg` is empty.
  /// Returns the line to show; throws for an unknown mode.
  public static func command(_ arg: String, session: Session) throws -> String {
    let a = arg.trimmingCharacters(in: .whitespaces)
    if a.isEmpty { return "plots: \(mode(session: session))" }
    try setMode(a.trimmingCharacters(in: CharacterSet(charactersIn: "\"")), session: session)
    return "plots: \(mode(session: session))"
  }
}
