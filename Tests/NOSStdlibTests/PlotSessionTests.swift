// Plot builtins in a session: inline text plots, savefig in every mode, no gnuplot, :plots.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class PlotSessionTests: XCTestCase {
  let dir = NSTemporaryDirectory() + "nos-plots-\(UUID().uuidString)"

  override func setUpWithError() throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

  func testTerminalModeShowsTextWhenDisplayed() throws {
    let out = BufferOutput()
    let s = Stdlib.session(output: out, options: StdlibOptions(plots: "terminal"))
    XCTAssertEqual(Plots.mode(session: s), "terminal")
    try s.run(source: "f = plot(linspace(0, 1, 10^4)^2, title=\"squares\", xlabel=\"step\")")
    XCTAssertEqual(out.text, "", "a figure is drawn only when displayed")
    try s.run(source: "show(f)")
    XCTAssertTrue(out.text.contains("squares"), out.text)
    XCTAssertTrue(out.text.contains("step"), out.text)
    XCTAssertTrue(out.text.contains("0.8"), out.text)
    XCTAssertTrue(out.text.hasSuffix("<figure: line plot, 1 series>\n"), out.text)
  }

  func testSavefigWritesInOffMode() throws {
    let s = Stdlib.session(output: BufferOutput(), options: StdlibOptions(plots: "off"))
    let path = dir + "/loss.png"
    try s.run(source: "h = {loss: [1, 0.5, 0.1, 0.01]}; savefig(plot(h.loss, logy=true), "
      + "\"\(path)\", width=400, height=300)")
    let b = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    XCTAssertGreaterThan(b.count, 24)
    XCTAssertEqual(b.count > 24 ? Int(b[18]) << 8 | Int(b[19]) : 0, 400)
    XCTAssertEqual(b.count > 24 ? Int(b[22]) << 8 | Int(b[23]) : 0, 300)
  }

  /// In a child whose PATH has no gnuplot (this process's PATH stays as it is).
  func testMissingGnuplotIsAnErrorAndTheSessionGoesOn() throws {
    let name = "NOSStdlibTests.PlotSessionTests/testMissingGnuplotIsAnErrorAndTheSessionGoesOn"
    guard ChildTest.isChild(name) else {
      ChildTest.run(name, environment: ["PATH": dir])
      return
    }
    let out = BufferOutput()
    let s = Stdlib.session(output: out, options: StdlibOptions(plots: "terminal"))
    XCTAssertThrowsError(try s.run(source: "savefig(plot([1, 2]), \"\(dir)/a.png\")")) { e in
      XCTAssertTrue("\(e)".contains("install the gnuplot-nox package"), "\(e)")
    }
    XCTAssertEqual(Display.string(try s.run(source: "1 + 1") ?? .nil), "2")
    ChildTest.finished()
  }

  func testPlotsCommand() throws {
    let s = Stdlib.session(output: BufferOutput(), options: StdlibOptions(plots: "off"))
    XCTAssertEqual(try Plots.command("", session: s), "plots: off")
    XCTAssertEqual(try Plots.command("terminal", session: s), "plots: terminal")
    XCTAssertEqual(Display.string(try s.run(source: "plots()") ?? .nil), "terminal")
    XCTAssertThrowsError(try Plots.command("screen", session: s))
  }

  func testGnuplotErrorsAreReported() throws {
    let s = Stdlib.session(output: BufferOutput(), options: StdlibOptions(plots: "off"))
    try FileManager.default.createDirectory(atPath: dir + "/x.png", withIntermediateDirectories: true)
    XCTAssertThrowsError(try s.run(source: "savefig(plot([1, 2]), \"\(dir)/x.png\")")) { e in
      XCTAssertTrue("\(e)".contains("it is a directory"), "\(e)")
    }
    XCTAssertThrowsError(try s.run(source: "savefig(plot([-1, -2], logy=true), \"\(dir)/y.png\")")) {
      XCTAssertTrue("\($0)".contains("gnuplot: "), "\($0)")
    }
    XCTAssertNotNil(try s.run(source: "typeof(figure())"))
  }
}
