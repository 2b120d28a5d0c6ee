// CSV: numeric and text columns, quoting, header handling, round trips and errors.
import Foundation
import XCTest

@testable import NOSIO

final class CSVTests: XCTestCase {
  func testReadNumbersTextAndQuotes() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let p = dir.file("t.csv")
    let text = "x,name,y\r\n1,\"a, b\",2.5\r\n-3e2,\"say \"\"hi\"\"\",\n4,\"two\nlines\",nan\n"
    try text.write(toFile: p, atomically: false, encoding: .utf8)
    let cols = try CSV.read(path: p)
    XCTAssertEqual(cols.map(\.name), ["x", "name", "y"])
    XCTAssertEqual(cols[0].column, .numbers([1, -300, 4]))
    XCTAssertEqual(cols[1].column, .strings(["a, b", "say \"hi\"", "two\nlines"]))
    guard case .numbers(let y) = cols[2].column else { return XCTFail("y not numeric") }
    XCTAssertEqual(y[0], 2.5)
    XCTAssertTrue(y[1].isNaN && y[2].isNaN)
    let plain = try CSV.read(path: p, header: false)
    XCTAssertEqual(plain.map(\.name), ["c0", "c1", "c2"])
    XCTAssertEqual(plain[0].column, .strings(["x", "1", "-3e2", "4"]))
  }

  func testRoundTrip() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let p = dir.file("w.csv")
    let cols: [(name: String, column: CSV.Column)] = [
      ("t", .numbers([0, 0.1, 1e-5, -2, .infinity])),
      ("label", .strings(["a", "b,c", "\"q\"", "", "e"])),
    ]
    try CSV.write(path: p, columns: cols)
    let text = try String(contentsOfFile: p, encoding: .utf8)
    XCTAssertTrue(text.hasPrefix("t,label\n0,a\n0.1,\"b,c\"\n1e-05,\"\"\"q\"\"\"\n-2,\n"))
    let back = try CSV.read(path: p)
    XCTAssertEqual(back[0].column, cols[0].column)
    XCTAssertEqual(back[1].column, cols[1].column)
  }

  func testErrors() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let p = dir.file("bad.csv")
    try "a,b\n1,2\n3\n".write(toFile: p, atomically: false, encoding: .utf8)
    assertIOError(["bad.csv", "row 3 has 1 fields, expected 2"]) { _ = try CSV.read(path: p) }
    try "a,a\n1,2\n".write(toFile: p, atomically: false, encoding: .utf8)
    assertIOError(["column name \"a\" appears twice"]) { _ = try CSV.read(path: p) }
    try "a\n\"open\n".write(toFile: p, atomically: false, encoding: .utf8)
    assertIOError(["unterminated quote starting on line 2"]) { _ = try CSV.read(path: p) }
    assertIOError(["column \"b\" has 1 values"]) {
      try CSV.write(path: p, columns: [("a", .numbers([1, 2])), ("b", .numbers([1]))])
    }
  }
}
