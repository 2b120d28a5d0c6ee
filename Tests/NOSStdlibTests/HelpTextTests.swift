// Help wrapping: word boundaries, code spans kept whole, examples and hanging indents.
import NOSLang
import NOSStdlib
import XCTest

final class HelpTextTests: XCTestCase {
  func testWrapsAtSpacesWithinTheWidth() {
    let text = "one two three four five six seven eight nine ten eleven twelve"
    let out = HelpText.wrap(text, width: 20, indent: "  ")
    XCTAssertEqual(out, "  one two three four\n  five six seven\n  eight nine ten\n  eleven twelve\n")
    for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 20) }
  }

  /// A code span moves whole to the next line; splitting it at its spaces would fit more.
  func testKeepsCodeSpansWhole() {
    let out = HelpText.wrap("Call it as `zeros(2, 3)` or so.", width: 22, indent: "")
    XCTAssertEqual(out, "Call it as\n`zeros(2, 3)` or so.\n")
  }

  /// Lines indented by four spaces are examples and stay as written; a word longer than the
  /// width stands alone on its line.
  func testExamplesAndLongWords() {
    let text = "Example:\n    x = linspace(0, 1, 100)   # a long example line stays\nsupercalifragilistic a"
    let out = HelpText.wrap(text, width: 12, indent: "  ")
    XCTAssertEqual(out, "  Example:\n      x = linspace(0, 1, 100)   # a long example line stays\n"
      + "  supercalifragilistic\n  a\n")
  }

  func testFirstLineIndentAndWidthOffATerminal() {
    XCTAssertEqual(HelpText.wrap("a b c d", width: 8, indent: "    ", first: "- "),
                   "- a b c\n    d\n")
    // Not the process's standard output: 80 columns.
    XCTAssertEqual(HelpText.width(for: BufferOutput()), 80)
  }
}
