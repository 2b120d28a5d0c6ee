// The golden harness itself: wrong output, a wrong error and an error on another line fail.
import NOSLang
import NOSStdlib
import XCTest

final class GoldenHarnessTests: XCTestCase {
  /// Runs `source` in-process as the golden test does; returns the harness's problems.
  func problems(_ source: String) -> [String] {
    let c = GoldenCase(path: "t.nos", source: source)
    let out = BufferOutput()
    var reported: [GoldenCase.ReportedError] = []
    do {
      try Stdlib.session(output: out, errorOutput: BufferOutput()).run(source: source,
                                                                         file: "t.nos")
    } catch let e as NOSError {
      reported = GoldenCase.reported(e)
    } catch {
      return ["unexpected \(error)"]
    }
    return c.check(stdout: out.text, errors: reported)
  }

  func testErrorsBelongToTheirLine() {
    XCTAssertEqual(problems("print(1)  # expect: 1\nerror(\"no\")  # expect error: no\n"), [])
    XCTAssertEqual(problems("x = 1\nerror(\"no\")\n# expect error: no\n"), [])
    XCTAssertEqual(problems("error(\"no\")\nx = 1\n# expect error: no\n"),
                   ["error 'no' expected at line 2, reported at lines [1]"])
    // An error in a function is reported at its call site too.
    XCTAssertEqual(problems("fn f() { error(\"no\") }\nf()  # expect error: no\n"), [])
    // The end of the input belongs to the last code line.
    XCTAssertEqual(problems("x = (1 +  # expect error: expected an expression, found end of "
      + "input\n"), [])
  }

  func testWrongOutputAndWrongMessagesFail() {
    XCTAssertEqual(problems("print(2)  # expect: 1\n"), ["line 1: expected '1', got '2'"])
    XCTAssertEqual(problems("error(\"yes\")  # expect error: no\n"),
                   ["errors: expected [line 1: no], got [\"yes\"]"])
    XCTAssertEqual(problems("x = 1  # expect error: no\n"),
                   ["errors: expected [line 1: no], got []"])
    XCTAssertEqual(problems("print(1.5)  # expect~: 1.4 0.01\n"),
                   ["line 1: expected 1.4 ± 0.01, got '1.5'"])
  }

  /// The stderr form the binary writes carries the same lines.
  func testReportsOnStderrAreRead() {
    let report = "error: no\n --> t.nos:2:1\n  |\n2 | f()\n  in f at t.nos:1:10\n"
    let r = GoldenCase.reported(report)
    XCTAssertEqual(r.map(\.message), ["no"])
    XCTAssertEqual(r.first?.lines, [2, 1])
  }
}
