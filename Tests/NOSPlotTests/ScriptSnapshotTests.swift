// Snapshot tests of the generated gnuplot scripts (NOS_RECORD=1 re-records them, failing).
import Foundation
import NOSTestSupport
import XCTest
@testable import NOSPlot

final class ScriptSnapshotTests: XCTestCase {
  static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  func check(_ name: String, _ text: String, file: StaticString = #filePath,
             line: UInt = #line) {
    assertSnapshot(text, path: Self.dir.appendingPathComponent(name + ".gp").path,
                   "the script of \(name)", file: file, line: line)
  }

  func testEveryKindScript() {
    for (name, fig) in Samples.all { check(name, Script.render(fig)) }
  }

  func testTargets() {
    let fig = Samples.all[0].1
    check("target_png", Script.render(fig, target: .png(path: "/tmp/a.png", width: 640,
                                                         height: 480)))
    check("target_text", Script.render(fig, target: .text(columns: 80, lines: 24)))
    check("target_gif", Script.render(Samples.all[9].1, target: .gif(path: "a.gif", width: 400,
                                                                      height: 300)))
    check("text_heatmap", Script.render(Samples.all[3].1, target: .text(columns: 60,
                                                                         lines: 20)))
  }

  func testQuotingAndData() {
    XCTAssertEqual(Script.quote("it's"), "'it''s'")
    let b = PlotData.block("d", x: [0, 1.5, 2], y: [.nan, -.infinity, 1e-5])
    XCTAssertEqual(b, "$d << EOD\n0 NaN\n1.5 NaN\n2 1e-05\nEOD\n")
    let s = Script.render(Samples.all[0].1, target: .svg(path: "/x'y.svg", width: 10, height: 20))
    XCTAssertTrue(s.contains("set output '/x''y.svg'"))
    XCTAssertTrue(s.hasSuffix("undefine $nos1 $nos2\n"))
  }

  func testEnvelopeKeepsExtremes() {
    let n = 10_000
    let x = (0..<n).map(Double.init)
    var y = x.map { sin($0 / 500) }
    y[4321] = 50  // a spike must survive downsampling
    let (ox, oy) = PlotData.envelope(x: x, y: y, buckets: 100)
    XCTAssertLessThanOrEqual(ox.count, 200)
    XCTAssertEqual(oy.max(), 50)
    XCTAssertEqual(oy.min() ?? 0, y.min() ?? 1, accuracy: 1e-12)
    XCTAssertEqual(ox, ox.sorted())
  }

  func testHistogramCounts() {
    let h = PlotData.histogram([0, 0.1, 0.5, 0.9, 1, .nan], bins: 2)
    XCTAssertEqual(h.counts, [2, 3])
    XCTAssertEqual(h.centres, [0.25, 0.75])
    XCTAssertEqual(h.width, 0.5)
  }

  func testShrinkAveragesBlocks() {
    let g = Grid(rows: 2, cols: 4, values: [1, 3, 5, 7, 1, 3, 5, 7], x: 0...3, y: 0...1)
    let s = PlotData.shrink(g, maxRows: 1, maxCols: 2)
    XCTAssertEqual(s.values, [2, 6])
    XCTAssertEqual(s.x, 0.5...2.5)
    XCTAssertEqual(s.y, 0.5...0.5)
  }

  func testCompareSharesColourScale() {
    let f = Samples.all[8].1
    XCTAssertEqual(f.panels.count, 3)
    XCTAssertEqual(f.panels[0].options.cbrange, f.panels[1].options.cbrange)
    let lo = f.panels[0].options.cbrange?.lowerBound ?? 0
    XCTAssertEqual(lo, Samples.field.values.min() ?? 1, accuracy: 1e-12)
    let e = f.panels[2].options.cbrange
    XCTAssertEqual(e?.lowerBound ?? 0, -0.1, accuracy: 1e-9)
    XCTAssertEqual(e?.upperBound ?? 0, 0.1, accuracy: 1e-9)
  }
}
