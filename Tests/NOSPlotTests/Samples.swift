// Small deterministic figures of every kind, shared by the snapshot and rendering tests.
import Foundation
@testable import NOSPlot

enum Samples {
  static let x = (0..<40).map { Double($0) * 0.1 }
  static var field: Grid {
    var v: [Double] = []
    for r in 0..<12 { for c in 0..<16 { v.append(sin(Double(c) * 0.4) * cos(Double(r) * 0.3)) } }
    return Grid(rows: 12, cols: 16, values: v)
  }

  /// Every kind, by name.
  static var all: [(String, Figure)] {
    let sinx = x.map(sin), cosx = x.map(cos)
    var heat2 = field
    heat2.x = 0...1.5
    heat2.y = -1...1
    var loss = Options(title: "loss", xlabel: "epoch")
    loss.logy = true
    let pred = field.values.map { $0 + 0.1 }
    let predGrid = Grid(rows: 12, cols: 16, values: pred)
    return [
      ("plot", Figures.plot(x: x, ys: [sinx, cosx], labels: ["sin", "cos"],
                            options: Options(title: "Two curves", xlabel: "x", ylabel: "y"))),
      ("plot_log", Figures.plot(x: [0, 1, 2, 3], ys: [[1, 0.1, 0.01, 0.001]], options: loss)),
      ("scatter", Figures.plot(x: sinx, ys: [cosx], style: .points,
                               options: Options(title: "Scatter"), kind: "scatter")),
      ("heatmap", Figures.heatmap(field, options: Options(title: "Field"))),
      ("heatmap_coords", Figures.heatmap(heat2, options: Options(title: "Coordinates",
                                                                 xlabel: "x", ylabel: "y"))),
      ("surface", Figures.surface(field, options: Options(title: "Surface"))),
      ("hist", Figures.hist(sinx, bins: 8, options: Options(title: "Histogram"))),
      ("compare1d", Figures.compare(x: x, truth: sinx, prediction: sinx.map { $0 * 1.1 },
                                    options: Options(title: "Compare"))),
      ("compare2d", Figures.compare(truth: field, prediction: predGrid,
                                    options: Options(title: "Compare fields"))),
      ("animate", Figures.animate(x: x, curves: [sinx, cosx, sinx.map { -$0 }], fps: 5,
                                  options: Options(title: "wave"))),
      ("animate2d", Figures.animate(grids: [field, predGrid], fps: 2)),
      ("layout", Figure.layout(rows: 1, cols: 2, [
        Figures.plot(x: x, ys: [sinx], options: Options(title: "left")),
        Figures.heatmap(field, options: Options(title: "right")),
      ], title: "Layout")),
    ]
  }
}
