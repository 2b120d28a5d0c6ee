// Display forms: numbers as Python's repr (integral without ".0"), containers, cycles.

import XCTest
@testable import NOSLang

final class DisplayTests: XCTestCase {
  func testNumbersMatchPythonRepr() {
    // Expectations from Python 3.11 `repr(float)`, with a trailing ".0" removed.
    let cases: [(Double, String)] = [
      (0.1, "0.1"), (1e-5, "1e-05"), (1e20, "1e+20"), (0.0001, "0.0001"), (1e16, "1e+16"),
      (1e15, "1000000000000000"), (12345678, "12345678"), (1.0 / 3, "0.3333333333333333"),
      (2.0 / 3, "0.6666666666666666"), (1e-7, "1e-07"),
      (1.2345678901234568e17, "1.2345678901234568e+17"), (.leastNonzeroMagnitude, "5e-324"),
      (1.7976931348623157e308, "1.7976931348623157e+308"), (0.5, "0.5"), (100, "100"),
      (1e22, "1e+22"), (1.5e-10, "1.5e-10"), (-2.5, "-2.5"),
      (9_007_199_254_740_992, "9007199254740992"), (0.3, "0.3"), (12, "12"),
      (-0.0, "-0"), (0, "0"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
    ]
    for (x, expected) in cases { XCTAssertEqual(Display.number(x), expected, "\(x)") }
  }

  func testContainers() {
    XCTAssertEqual(runNOS("[1, \"a\", nil, true, [2.5]]"), "[1, \"a\", nil, true, [2.5]]")
    XCTAssertEqual(runNOS("{lr: 0.001, epochs: 100}"), "{lr: 0.001, epochs: 100}")
    XCTAssertEqual(runNOS("\"top\\tlevel\""), "top\tlevel")
    XCTAssertEqual(runNOS("[\"q\\\"\\n\"]"), "[\"q\\\"\\n\"]")
    XCTAssertEqual(runNOS("0..5"), "0..5")
    XCTAssertEqual(runNOS("1..=3"), "1..=3")
    XCTAssertEqual(runNOS("fn f() {}; f"), "<fn f>")
    XCTAssertEqual(runNOS("print"), "<builtin print>")
    XCTAssertEqual(runNOS("{}"), "{}")
    XCTAssertEqual(runNOS("[]"), "[]")
    XCTAssertEqual(runNOS("{\"a b\": 1}"), "{\"a b\": 1}")
  }

  func testCycles() {
    XCTAssertEqual(runNOS("x = [1]; push(x, x); x"), "[1, [...]]")
    XCTAssertEqual(runNOS("r = {a: 1}; r.self = r; r"), "{a: 1, self: {...}}")
    XCTAssertEqual(runNOS("x = [1]; y = [x, x]; y"), "[[1], [1]]")
  }

  func testDeepNestingDisplayAndRelease() {
    let out = runNOS("x = []\nfor i in 0..300000 { x = [x] }\nlen(str(x)) > 0")
    XCTAssertEqual(out, "true")
  }

  func testPrintAndStr() {
    XCTAssertEqual(runNOS("print(1, 2.5, \"s\", [\"s\"])"), "1 2.5 s [\"s\"]")
    XCTAssertEqual(runNOS("str(1e-5) + \"!\""), "1e-05!")
    XCTAssertEqual(runNOS("show([1])"), "[1]")
  }
}
