// The figure value: panels of series or grids with their options, placed on one page.

/// How the points of a series are drawn (gnuplot's `with` styles).
public enum Style: String, CaseIterable, Equatable, Sendable {
  case lines, points, linespoints, dots, impulses, steps, boxes
}

/// One curve or point cloud: `y[i]` drawn at `x[i]`.
public struct Series: Equatable, Sendable {
  public var x: [Double]
  public var y: [Double]
  public var label: String?
  public var style: Style
  /// Dashed line (a prediction drawn over the truth).
  public var dashed = false

  public init(x: [Double], y: [Double], label: String? = nil, style: Style = .lines) {
    self.x = x
    self.y = y
    self.label = label
    self.style = style
  }
}

/// A field on a regular grid, `values[r * cols + c]`; row 0 is drawn at the bottom.
public struct Grid: Equatable, Sendable {
  public var rows: Int
  public var cols: Int
  public var values: [Double]
  /// Coordinates of the first and last column centres (grid units 0...cols-1 when nil).
  public var x: ClosedRange<Double>?
  /// Coordinates of the first and last row centres (grid units when nil).
  public var y: ClosedRange<Double>?

  public init(rows: Int, cols: Int, values: [Double], x: ClosedRange<Double>? = nil,
              y: ClosedRange<Double>? = nil) {
    self.rows = rows
    self.cols = cols
    self.values = values
    self.x = x
    self.y = y
  }

  /// The finite minimum and maximum (nil when no value is finite).
  public var finiteRange: ClosedRange<Double>? { PlotData.finiteRange(values) }
}

/// A rectangle of the page in screen units (0...1, origin bottom left).
public struct Rect: Equatable, Sendable {
  public var x: Double, y: Double, width: Double, height: Double
  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }
  public static let page = Rect(x: 0, y: 0, width: 1, height: 1)

  /// This rectangle mapped into `outer` (for nesting figures in a layout).
  public func inside(_ outer: Rect) -> Rect {
    Rect(x: outer.x + x * outer.width, y: outer.y + y * outer.height,
         width: width * outer.width, height: height * outer.height)
  }
}

/// Colour maps: sequential (viridis) for fields, diverging (blue-white-red) for errors.
public enum Palette: String, Equatable, Sendable { case sequential, diverging }

/// Titles, labels and axis settings of one panel.
public struct Options: Equatable, Sendable {
  public var title: String?
  public var xlabel: String?
  public var ylabel: String?
  public var zlabel: String?
  public var logx = false
  public var logy = false
  /// Fixed x range (`xlim=`).
  public var xrange: ClosedRange<Double>?
  /// Fixed y range (`ylim=`; animations keep one across frames).
  public var yrange: ClosedRange<Double>?
  /// Fixed colour range (compare puts truth and prediction on one scale).
  public var cbrange: ClosedRange<Double>?
  public var palette = Palette.sequential
  /// Distance between y tics (nil: gnuplot chooses).
  public var ytics: Double?
  public init(title: String? = nil, xlabel: String? = nil, ylabel: String? = nil) {
    self.title = title
    self.xlabel = xlabel
    self.ylabel = ylabel
  }
}

/// One set of axes: curves (`xy`), an image (`heatmap`) or a 3-D surface.
public struct Panel: Equatable, Sendable {
  public enum Kind: String, Equatable, Sendable { case xy, heatmap, surface }
  public var kind: Kind
  public var series: [Series] = []
  public var grid: Grid?
  public var options: Options
  /// Where the panel sits on the page.
  public var rect = Rect.page
  /// Bar width for histograms (boxes).
  public var boxWidth: Double?

  public init(series: [Series], options: Options = Options()) {
    kind = .xy
    self.series = series
    self.options = options
  }

  public init(kind: Kind, grid: Grid, options: Options = Options()) {
    self.kind = kind
    self.grid = grid
    self.options = options
  }
}

/// What a plot builtin returns: panels on a page, or the frames of an animation.
public struct Figure: Equatable, Sendable {
  public var panels: [Panel]
  /// A title over the whole page (layouts).
  public var title: String?
  /// Default size in pixels for files and inline images.
  public var width: Int
  public var height: Int
  /// A short description for display: "line plot", "heatmap 64×64", ...
  public var kind: String
  /// Animation frames (each one page); empty for a still figure.
  public var frames: [Panel] = []
  /// Animation speed in frames per second.
  public var fps: Double = 10

  public init(panels: [Panel], kind: String, title: String? = nil, width: Int = 800,
              height: Int = 560) {
    self.panels = panels
    self.kind = kind
    self.title = title
    self.width = width
    self.height = height
  }

  /// An animation: the first frame stands for the figure on still outputs.
  public static func animation(_ frames: [Panel], fps: Double, width: Int = 800,
                               height: Int = 560) -> Figure {
    var f = Figure(panels: frames.isEmpty ? [] : [frames[0]], kind: "animation",
                   width: width, height: height)
    f.frames = frames
    f.fps = fps
    return f
  }

  public var isEmpty: Bool { panels.isEmpty }
  public var isAnimation: Bool { !frames.isEmpty }

  /// Figures placed in a grid of `rows` × `cols` cells, filled row by row from the top left.
  public static func layout(rows: Int, cols: Int, _ figures: [Figure], title: String? = nil)
    -> Figure
  {
    var panels: [Panel] = []
    for (i, f) in figures.enumerated() {
      let r = i / max(cols, 1), c = i % max(cols, 1)
      let cellH = 1 / Double(rows)
      let cell = Rect(x: Double(c) / Double(cols), y: 1 - Double(r + 1) * cellH,
                      width: 1 / Double(cols), height: cellH)
      for var p in f.panels {
        p.rect = p.rect.inside(cell)
        panels.append(p)
      }
    }
    let w = min(1800, max(800, cols * 560)), h = min(1400, max(500, rows * 420))
    return Figure(panels: panels, kind: "layout \(rows)×\(cols)", title: title, width: w,
                  height: h)
  }
}
