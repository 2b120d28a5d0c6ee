// Rendering through gnuplot: files of the right pixel size, text plots, errors, no gnuplot.
import Foundation
import NOSTestSupport
import XCTest
@testable import NOSPlot

final class RenderTests: XCTestCase {
  var dir = ""
  var plotter = Plotter(mode: .off) { _ in }

  override func setUpWithError() throws {
    // A child started without gnuplot on its PATH runs on (see testMissingGnuplotIsAClearError).
    guard Gnuplot.locate() != nil || ChildTest.current != nil else {
      throw XCTSkip("gnuplot is not installed")
    }
    dir = NSTemporaryDirectory() + "nosplot-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDown() {
    try? FileManager.default.removeItem(atPath: dir)
    plotter.gnuplot.stop()
  }

  /// Width and height from a PNG's IHDR chunk.
  func pngSize(_ path: String) -> (Int, Int)? {
    guard let d = FileManager.default.contents(atPath: path), d.count > 24,
          d.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]) else { return nil }
    let b = [UInt8](d)
    func be(_ i: Int) -> Int { b[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
    return (be(16), be(20))
  }

  func testEveryKindAsPNGAndSVG() throws {
    for (name, fig) in Samples.all {
      let png = dir + "/\(name).png"
      try plotter.save(fig, path: png)
      let size = pngSize(png)
      XCTAssertEqual(size?.0, fig.width, name)
      XCTAssertEqual(size?.1, fig.height, name)
      let svg = dir + "/\(name).svg"
      try plotter.save(fig, path: svg, width: 640, height: 400)
      let text = try String(contentsOfFile: svg, encoding: .utf8)
      XCTAssertTrue(text.contains("width=\"640\" height=\"400\""), name)
    }
    // Only the files asked for: no temporaries left beside them.
    let names = try FileManager.default.contentsOfDirectory(atPath: dir)
    XCTAssertEqual(names.count, 2 * Samples.all.count)
  }

  func testGIFAndPDF() throws {
    let gif = dir + "/a.gif"
    try plotter.save(Samples.all[9].1, path: gif, width: 320, height: 200)
    let b = [UInt8](FileManager.default.contents(atPath: gif) ?? Data())
    XCTAssertEqual(Array(b.prefix(3)), Array("GIF".utf8))
    XCTAssertEqual(Int(b[6]) | Int(b[7]) << 8, 320)
    XCTAssertEqual(Int(b[8]) | Int(b[9]) << 8, 200)
    // Three frames: three image descriptors (0x2C after a graphic control block).
    let frames = zip(b, b.dropFirst()).filter { $0 == 0x00 && $1 == 0x2C }.count
    XCTAssertGreaterThanOrEqual(frames, 3)
    let pdf = dir + "/a.pdf"
    try plotter.save(Samples.all[0].1, path: pdf)
    XCTAssertEqual(FileManager.default.contents(atPath: pdf)?.prefix(4), Data("%PDF".utf8))
  }

  func testTextPlotHasTitleAndTics() throws {
    for (name, fig) in Samples.all {
      let t = try plotter.text(fig, columns: 100, lines: 30)
      if let title = fig.title ?? fig.panels[0].options.title {
        XCTAssertTrue(t.contains(title), "\(name): no title in\n\(t)")
      }
      XCTAssertGreaterThan(t.split(separator: "\n").count, 10, name)
    }
    let t = try plotter.text(Samples.all[0].1, columns: 80, lines: 24)
    for tic in ["-0.4", "0.8", "1.5", "2.5", "3.5"] {
      XCTAssertTrue(t.contains(tic), "tic \(tic) missing in\n\(t)")
    }
    XCTAssertTrue(t.contains("sin") && t.contains("cos"))
  }

  func testTextHeatmapShowsShades() throws {
    let t = try plotter.text(Samples.all[3].1, columns: 70, lines: 24)
    XCTAssertTrue(t.contains("@"))
    XCTAssertTrue(t.contains("Field"))
  }

  func testLongCurveTextIsDownsampled() throws {
    let n = 10_000
    let x = (0..<n).map(Double.init)
    let fig = Figures.plot(x: x, ys: [x.map { sin($0 / 1000) }])
    let s = Script.render(fig, target: .text(columns: 80, lines: 24))
    XCTAssertLessThan(s.split(separator: "\n").count, 400)
    XCTAssertNoThrow(try plotter.text(fig, columns: 80, lines: 24))
  }

  func testGnuplotErrorIsReportedAndProcessRecovers() throws {
    XCTAssertThrowsError(try plotter.gnuplot.run("plot nosuchfunction(x)")) { e in
      guard case PlotError.gnuplot(let m) = e else { return XCTFail("\(e)") }
      XCTAssertTrue(m.contains("undefined function: nosuchfunction"), m)
    }
    XCTAssertNoThrow(try plotter.text(Samples.all[0].1, columns: 80, lines: 24))
  }

  func testDeadGnuplotRestarts() throws {
    _ = try plotter.gnuplot.run("x = 1")
    _ = try? plotter.gnuplot.run("exit")
    XCTAssertNoThrow(try plotter.text(Samples.all[0].1, columns: 80, lines: 24))
  }

  func testBadPathsAndTypes() {
    XCTAssertThrowsError(try plotter.save(Samples.all[0].1, path: dir + "/a.jpg")) {
      XCTAssertTrue("\($0)".contains("use .png, .svg, .pdf or .gif"))
    }
    XCTAssertThrowsError(try plotter.save(Samples.all[0].1, path: "/no/such/dir/a.png")) {
      XCTAssertTrue("\($0)".contains("no such directory"))
    }
    XCTAssertThrowsError(try plotter.save(Figure(panels: [], kind: "empty"), path: dir + "/e.png"))
  }

  /// In a child whose PATH has no gnuplot (this process's PATH stays as it is).
  func testMissingGnuplotIsAClearError() throws {
    let name = "NOSPlotTests.RenderTests/testMissingGnuplotIsAClearError"
    guard ChildTest.isChild(name) else {
      ChildTest.run(name, environment: ["PATH": dir])
      return
    }
    let p = Plotter(mode: .terminal) { _ in }
    XCTAssertThrowsError(try p.save(Samples.all[0].1, path: dir + "/a.png")) { e in
      XCTAssertEqual(e as? PlotError, .missing)
      XCTAssertTrue("\(e)".contains("gnuplot-nox"))
    }
    ChildTest.finished()
  }

  /// File mode names figures in the working directory: a child started in `dir`.
  func testFileModeNamesFigures() throws {
    let name = "NOSPlotTests.RenderTests/testFileModeNamesFigures"
    guard ChildTest.isChild(name) else {
      ChildTest.run(name, cwd: dir)
      XCTAssertNotNil(pngSize(dir + "/figure-1.png"))
      XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/figure-2.gif"))
      return
    }
    let p = Plotter(mode: .file) { _ in }
    XCTAssertEqual(try p.show(Samples.all[0].1), "saved figure-1.png")
    XCTAssertEqual(try p.show(Samples.all[9].1), "saved figure-2.gif")
    p.gnuplot.stop()
    ChildTest.finished()
  }
}
