// f-string formats against Python's `format()` output (expectations computed with Python 3.11).

import XCTest
@testable import NOSLang

final class FormatTests: XCTestCase {
  func testNumberFormatsMatchPython() throws {
    let cases: [(Double, String, String)] = [
      (3.14159, ".2f", "3.14"), (1234.5678, ".3e", "1.235e+03"),
      (0.000123456, ".3e", "1.235e-04"), (1234.5678, "10.2f", "   1234.57"),
      (1234.5678, "<10.1f", "1234.6    "), (1234.5678, "^12.1f", "   1234.6   "),
      (42, "5d", "   42"), (42, "05d", "00042"), (-42, "05d", "-0042"),
      (0.25, "%", "25.000000%"), (0.25, ".1%", "25.0%"), (1234567.891, ",.2f", "1,234,567.89"),
      (0.0001234, "g", "0.0001234"), (123456789, "g", "1.23457e+08"), (1e-05, ".3g", "1e-05"),
      (100, ".3g", "100"), (3, "+.1f", "+3.0"), (2.5, "e", "2.500000e+00"),
      (.infinity, ".2f", "inf"), (.nan, ".3e", "nan"), (-0.0, ".1f", "-0.0"),
      (7, "*>6d", "*****7"), (1e16, "g", "1e+16"), (123.456, ".0f", "123"), (0.5, ".0f", "0"),
      (1.5, ".0f", "2"), (2.5, ".0f", "2"), (1234567, ",d", "1,234,567"),
      (12.5, "08.2f", "00012.50"), (-12.5, "08.2f", "-0012.50"),
      (0.1, ".20f", "0.10000000000000000555"), (1e300, ".2e", "1.00e+300"),
    ]
    for (x, spec, expected) in cases {
      XCTAssertEqual(try FormatSpec(spec).format(.number(x)), expected, "\(x):\(spec)")
    }
    XCTAssertEqual(try FormatSpec("5").format(.string("ab")), "ab   ")
    XCTAssertEqual(try FormatSpec(">5").format(.string("ab")), "   ab")
    XCTAssertEqual(try FormatSpec(".3").format(.string("abcdef")), "abc")
  }

  func testFStrings() {
    XCTAssertEqual(runNOS("l = 0.0123456; i = 7; f\"loss {l:.3e} at {i}\""),
                   "loss 1.235e-02 at 7")
    XCTAssertEqual(runNOS("x = [1, 2]; f\"{x} {len(x)} {{x}} {x[0] + 1:3d}|\""),
                   "[1, 2] 2 {x}   2|")
    XCTAssertEqual(runNOS("r = {a: 'q'}; f\"{r['a']}!\""), "q!")
    XCTAssertEqual(runNOS("r = {a: 'q'}; f\"{r[\"a\"] + \"}\"}!\""), "q}!")
    XCTAssertEqual(errorOf("f\"{1.5:d}\""), "format 'd' needs an integral number, got 1.5")
    XCTAssertEqual(errorOf("f\"{1:q}\""), "invalid format spec 'q'")
    XCTAssertEqual(errorOf("f\"{1:99999999f}\""), "format width or precision too large")
  }
}
