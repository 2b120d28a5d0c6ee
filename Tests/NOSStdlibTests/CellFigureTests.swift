// Figures as Jupyter users expect: shown at the end of the cell that made them, and
// savefig(path) writing the current figure.
import Foundation
import NOSLang
import NOSRepl
import NOSStdlib
import XCTest

/// Feeds the REPL fixed lines, then ends.
final class ScriptedReader: LineReader {
  var lines: [String]
  private(set) var history: [String] = []
  init(_ lines: [String]) { self.lines = lines }
  func read(prompt: String) -> LineInput { lines.isEmpty ? .end : .line(lines.removeFirst()) }
  func addHistory(_ line: String) { history.append(line) }
}

final class CellFigureTests: XCTestCase {
  func testNotebookCellsShowFiguresTheyMadeOnce() {
    let out = BufferOutput()
    let s = Stdlib.session(output: out, options: StdlibOptions(plots: "off"))
    let source = """
      f = plot([1, 2, 3])
      # %%
      plot([1, 2])
      # %%
      a = plot([1, 2]); b = plot([2, 1])
      layout(1, 2, a, b)
      # %%
      g = plot([3, 4]); show(g)
      # %%
      x = 1
      """
    let (cells, ok) = Notebook.run(Notebook.parse(source), file: "t.nos", session: s, output: out,
                                   allowErrors: false)
    XCTAssertTrue(ok)
    // A figure assigned and never shown is still drawn; a shown one (a result, show, a
    // layout's parts) is drawn once; a cell without figures has none.
    XCTAssertEqual(cells.map(\.images.count), [1, 1, 1, 1, 0])
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
    XCTAssertEqual(cells[0].images.first.map { Array($0.prefix(4)) }, png)
  }

  func testReplCellShowsAnAssignedFigureAtTheEnd() {
    let out = BufferOutput()
    let s = Stdlib.session(output: out, options: StdlibOptions(plots: "terminal"))
    let reader = ScriptedReader(["f = plot(linspace(0, 1, 50)^2, title=\"squares\")", "y = 2"])
    _ = Repl(session: s, reader: reader, output: out).run()
    XCTAssertTrue(out.text.contains("squares"), out.text)
    XCTAssertEqual(out.text.components(separatedBy: "squares").count, 2, "drawn once")
  }

  func testScriptsDoNotDrawAssignedFigures() throws {
    let out = BufferOutput()
    let s = Stdlib.session(output: out, options: StdlibOptions(plots: "terminal"))
    try s.run(source: "f = plot([1, 2, 3], title=\"quiet\")")
    XCTAssertFalse(out.text.contains("quiet"), "outside a cell a figure is drawn when shown")
  }

  func testSavefigWithOnlyAPathWritesTheCurrentFigure() throws {
    let dir = NSTemporaryDirectory() + "nos-cellfig-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let s = Stdlib.session(output: BufferOutput(), options: StdlibOptions(plots: "off"))
    try s.run(source: "plot([1, 2]); heatmap([[1, 2], [3, 4]]); savefig(\"\(dir)/a.svg\")")
    let svg = String(decoding: FileManager.default.contents(atPath: dir + "/a.svg") ?? Data(),
                     as: UTF8.self)
    XCTAssertTrue(svg.contains("</svg>"))
    XCTAssertTrue(svg.contains("<image"), "the heatmap (the last figure made) is saved")
  }
}
