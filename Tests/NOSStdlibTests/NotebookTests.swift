// Notebooks: percent-format parsing, running with outputs and errors, and the three exports.
import Foundation
import NOSLang
import NOSRepl
import NOSStdlib
import XCTest

final class NotebookTests: XCTestCase {
  let text = """
    x = 1
    # %% [markdown]
    # # Title
    # Some *text*.
    #
    # %%
    print("hi", x)
    x + 1

    # %% A named cell
    y = [1, 2] @ [3]
    # %%
    print("never")
    """

  func testParseSplitsCellsAndStripsMarkdownPrefixes() {
    let cells = Notebook.parse(text)
    XCTAssertEqual(cells.map(\.kind), [.code, .markdown, .code, .code, .code])
    XCTAssertEqual(cells[1].source, "# Title\nSome *text*.")
    XCTAssertEqual(cells[2].source, "print(\"hi\", x)\nx + 1")
  }

  func testRunRecordsOutputsAndStopsAtTheFirstError() {
    let out = BufferOutput()
    let s = Stdlib.session(output: out)
    let (cells, ok) = Notebook.run(Notebook.parse(text), file: "t.nos", session: s, output: out, allowErrors: false)
    XCTAssertFalse(ok)
    XCTAssertEqual(cells[2].stdout, "hi 1\n")
    XCTAssertEqual(cells[2].result, "2")
    XCTAssertEqual(cells[2].executionCount, 2)
    XCTAssertTrue(cells[3].error?.contains("shape mismatch in @: [2] and [1]") ?? false)
    XCTAssertNil(cells[4].executionCount, "cells after an error do not run")
    let (all, _) = Notebook.run(Notebook.parse(text), file: "t.nos", session: Stdlib.session(output: out),
                                output: out, allowErrors: true)
    XCTAssertEqual(all[4].stdout, "never\n")
  }

  func testExports() throws {
    var cells = Notebook.parse(text)
    let out = BufferOutput()
    (cells, _) = Notebook.run(cells, file: "t.nos", session: Stdlib.session(output: out), output: out,
                              allowErrors: true)
    cells[2].images = [Data([0x89, 0x50, 0x4E, 0x47])]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }

    try NotebookExport.write(cells, to: dir.appendingPathComponent("r.md").path, title: "t")
    let md = try String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8)
    XCTAssertTrue(md.contains("```nos\nprint(\"hi\", x)\nx + 1\n```"))
    XCTAssertTrue(md.contains("![figure](r_files/cell3-1.png)"))
    XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r_files/cell3-1.png").path))

    try NotebookExport.write(cells, to: dir.appendingPathComponent("r.html").path, title: "t")
    let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
    XCTAssertTrue(html.contains("<h1>Title</h1>"))
    XCTAssertTrue(html.contains("<em>text</em>"))
    XCTAssertTrue(html.contains("data:image/png;base64,iVBORw=="))
    // The failing cell's source and its error message are both in the page.
    XCTAssertTrue(html.contains("y = [1, 2] @ [3]"))
    XCTAssertTrue(html.contains("shape mismatch in @: [2] and [1]"))

    try NotebookExport.write(cells, to: dir.appendingPathComponent("r.ipynb").path, title: "t")
    let data = try Data(contentsOf: dir.appendingPathComponent("r.ipynb"))
    let nb = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(nb["nbformat"] as? Int, 4)
    XCTAssertEqual(nb["nbformat_minor"] as? Int, 5)
    let list = try XCTUnwrap(nb["cells"] as? [[String: Any]])
    XCTAssertEqual(list.count, 5)
    let outputs = try XCTUnwrap(list[2]["outputs"] as? [[String: Any]])
    XCTAssertEqual(outputs.map { $0["output_type"] as? String }, ["stream", "display_data", "execute_result"])
    let failed = try XCTUnwrap(list[3]["outputs"] as? [[String: Any]])
    XCTAssertEqual(failed.last?["output_type"] as? String, "error")

    XCTAssertThrowsError(try NotebookExport.write(cells, to: dir.appendingPathComponent("r.pdf").path, title: "t"))
  }
}
