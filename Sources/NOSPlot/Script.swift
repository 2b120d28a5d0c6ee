// The pure function at the heart of plotting: a figure and an output target → gnuplot script.
import Foundation

/// Where a script sends its picture.
public enum Target: Equatable, Sendable {
  /// No terminal or output lines (what `fig.script` shows).
  case none
  case png(path: String, width: Int, height: Int)
  case svg(path: String, width: Int, height: Int)
  case pdf(path: String, width: Int, height: Int)
  /// An animated GIF of the figure's frames (a still figure gives one frame).
  case gif(path: String, width: Int, height: Int)
  /// Characters on gnuplot's standard output (`dumb`).
  case text(columns: Int, lines: Int)
  /// Sixel graphics on gnuplot's standard output.
  case sixel(width: Int, height: Int)
  /// A window of an interactive terminal (`qt`, `wxt`, `x11`), numbered.
  case window(terminal: String, number: Int)

  var isText: Bool { if case .text = self { return true } else { return false } }
}

public enum Script {
  /// The gnuplot script that draws `figure` on `target`. Data travels inline in datablocks
  /// (named `$nos1`, `$nos2`, ...), undefined again at the end.
  public static func render(_ figure: Figure, target: Target = .none) -> String {
    let (columns, lines) = textSize(target)
    var b = Builder(text: target.isText, columns: columns, lines: lines)
    b.out += "# nos figure: \(figure.kind)\n"
    let isGif: Bool
    if case .gif = target { isGif = true } else { isGif = false }
    let pages: [[Panel]] = isGif && figure.isAnimation ? figure.frames.map { [$0] }
      : [figure.panels]
    var body = ""
    for panels in pages {
      body += b.page(panels, title: figure.title)
    }
    var out = b.out + b.data
    out += "reset\n" + terminalLines(target, fps: figure.fps) + body
    if target != .none { out += "unset output\n" }
    if !b.blocks.isEmpty { out += "undefine " + b.blocks.map { "$" + $0 }.joined(separator: " ") + "\n" }
    return out
  }

  static func textSize(_ t: Target) -> (Int, Int) {
    if case .text(let c, let l) = t { return (c, l) }
    return (0, 0)
  }

  static func terminalLines(_ target: Target, fps: Double) -> String {
    let font = "font 'sans,11' linewidth 1.5"
    switch target {
    case .none: return ""
    case .png(let path, let w, let h):
      return "set terminal pngcairo noenhanced size \(w),\(h) \(font)\n"
        + "set output \(quote(path))\n"
    case .svg(let path, let w, let h):
      return "set terminal svg noenhanced size \(w),\(h) dynamic font 'sans,11'\n"
        + "set output \(quote(path))\n"
    case .pdf(let path, let w, let h):
      let wi = fmt(Double(w) / 100), hi = fmt(Double(h) / 100)
      return "set terminal pdfcairo noenhanced size \(wi)in,\(hi)in font 'sans,9'\n"
        + "set output \(quote(path))\n"
    case .gif(let path, let w, let h):
      let delay = max(1, Int((100 / max(fps, 0.01)).rounded()))
      return "set terminal gif animate delay \(delay) loop 0 noenhanced size \(w),\(h) "
        + "font 'sans,10'\nset output \(quote(path))\n"
    case .text(let c, let l):
      return "set terminal dumb noenhanced size \(c),\(l)\nset output\n"
    case .sixel(let w, let h):
      return "set terminal sixelgd noenhanced truecolor size \(w),\(h) font 'sans,11'\n"
        + "set output\n"
    case .window(let term, let n):
      return "set terminal \(term) \(n) noenhanced \(font)\n"
    }
  }

  /// A gnuplot string literal (single quotes: no escapes but doubled quotes).
  static func quote(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "'", with: "''")
      .replacingOccurrences(of: "\n", with: " ") + "'"
  }

  /// A number for a setting (shortest form).
  static func fmt(_ x: Double) -> String {
    var s = ""
    PlotData.append(x, to: &s)
    return s
  }
}
