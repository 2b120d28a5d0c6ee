// Figures as nos values (typeof "figure"), and reading plot data from arguments.
#if canImport(Glibc)
@preconcurrency import Glibc  // C globals (`stdout`) are only passed to fflush
#endif
import Foundation
import NOSLang
import NOSPlot
import NOSTensor

/// A figure in the language. Displaying it at top level (a REPL result, `nos -e`, `show`,
/// `print`) shows it through the session's plot mode; `fig.script` is its gnuplot script.
public final class FigureValue: HostObject {
  public let figure: Figure
  weak var plotter: Plotter?
  /// The plotter's number for this figure (0 without a plotter).
  let id: Int
  /// The session's collector: a figure displayed while it captures goes there as a PNG.
  weak var figures: FigureCapture?

  /// A figure just made: it becomes the session's current figure (and pending in a cell).
  init(_ figure: Figure, plotter: Plotter?, figures: FigureCapture?) {
    self.figure = figure
    self.plotter = plotter
    self.figures = figures
    id = plotter?.made(figure) ?? 0
  }

  public var typeName: String { "figure" }

  public func display(nested: Bool) -> String {
    let summary = figure.isEmpty ? "<figure: empty>" : "<figure: \(figure.kind)>"
    if !nested, let p = plotter {
      p.handled(id)
      p.current = figure
    }
    if !nested, let figures, figures.isActive, let p = plotter {
      capture(p, into: figures)
      return summary
    }
    guard !nested, let p = plotter, p.mode != .off else { return summary }
    do {
      if let note = try p.show(figure) { p.write(note + "\n") }
    } catch {
      fflush(stdout)
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
    return summary
  }

  /// A notebook cell is running: the figure goes into its report as a PNG.
  private func capture(_ p: Plotter, into figures: FigureCapture) {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("nos-figure-\(getpid())-\(UUID().uuidString).png").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      try p.save(figure, path: path)
      figures.add(try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      fflush(stdout)
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    }
  }

  /// `fig.script`, `fig.kind`, ...; `savefig` is its method (`fig.savefig("a.png")`).
  static let properties = Builtin.properties(of: "figure", [
    ("script", "The gnuplot script that draws it (data inline), as a string."),
    ("kind", "What it shows: \"line plot, 2 series\", \"heatmap 64×64\", \"layout 1×2\", ..."),
    ("title", "Its title, or nil."),
    ("panels", "The number of panels (more than one for `layout` and `compare`)."),
    ("frames", "The number of animation frames (0 for a still figure)."),
    ("width", "The width in pixels when saved."),
    ("height", "The height in pixels when saved."),
  ])

  public var fieldNames: [String] { Self.properties.map(\.name) }
  public var members: [Builtin] { Self.properties }

  public func field(_ name: String) throws -> Value? {
    switch name {
    case "script": return .string(Script.render(figure))
    case "kind": return .string(figure.kind)
    case "title":
      return (figure.title ?? figure.panels.first?.options.title).map { .string($0) } ?? .nil
    case "panels": return .number(Double(figure.panels.count))
    case "frames": return .number(Double(figure.frames.count))
    case "width": return .number(Double(figure.width))
    case "height": return .number(Double(figure.height))
    default: return nil
    }
  }
}

/// Real data of a plot argument: its shape (size-1 axes kept) and values in row-major order.
struct PlotArray {
  var shape: [Int]
  var values: [Double]

  /// The shape without size-1 axes (a [1, 1, 64] field is 1-D).
  var squeezed: [Int] { shape.filter { $0 != 1 } }

  static func read(_ a: Arguments, _ i: Int, what: String? = nil) throws -> PlotArray {
    let t: Tensor
    do { t = try a.tensor(i) } catch {
      throw a.bad(i, expected: "tensor or list of numbers")
    }
    if t.dtype.isComplex {
      throw a.error(i, "complex values: plot real(z), imag(z) or abs(z)")
    }
    return PlotArray(shape: t.shape, values: t.toArray())
  }

  /// A 2-D field (size-1 axes dropped) as a grid.
  func grid(_ a: Arguments, _ i: Int) throws -> Grid {
    let s = squeezed
    guard s.count == 2 || (s.count < 2 && shape.count >= 2) else {
      throw a.error(i, "2-D field expected, got shape \(shapeText(shape))")
    }
    let rows = s.count == 2 ? s[0] : (shape.count >= 2 ? shape[shape.count - 2] : 1)
    let cols = s.count == 2 ? s[1] : (shape.last ?? 1)
    return Grid(rows: rows, cols: cols, values: values)
  }
}

extension Arguments {
  /// Coordinates of grid centres: nil, `[first, last]`, or all `n` evenly spaced values.
  func coordinates(_ i: Int, count n: Int) throws -> ClosedRange<Double>? {
    if self[i].isNil { return nil }
    let v = try PlotArray.read(self, i).values
    guard let first = v.first, let last = v.last, v.allSatisfy(\.isFinite) else {
      throw error(i, "finite coordinates expected")
    }
    guard v.count == 2 || v.count == n else {
      throw error(i, "\(n) coordinates or [first, last] expected, got \(v.count) values")
    }
    if v.count > 2 {
      let step = (last - first) / Double(n - 1)
      for (k, x) in v.enumerated() where abs(x - (first + step * Double(k)))
        > 1e-6 * max(abs(last - first), 1e-300)
      {
        throw error(i, "coordinates must be evenly spaced")
      }
    }
    guard first < last || (n == 1 && first == last) else {
      throw error(i, "coordinates must increase")
    }
    return first...last
  }

  /// The figure argument `i`.
  func figure(_ i: Int) throws -> Figure {
    try host(i, as: FigureValue.self, expected: "figure").figure
  }
}
