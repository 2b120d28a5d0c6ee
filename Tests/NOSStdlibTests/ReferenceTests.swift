// docs/builtins.md must match the builtin tables; NOS_RECORD=1 rewrites it.
import Foundation
import NOSLang
import NOSStdlib
import XCTest

final class ReferenceTests: XCTestCase {
  func testReferenceIsUpToDate() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/builtins.md").path
    let generated = Stdlib.reference()
    if ProcessInfo.processInfo.environment["NOS_RECORD"] == "1" {
      try generated.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let committed = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    XCTAssertEqual(committed, generated, "docs/builtins.md is stale: run NOS_RECORD=1 swift test --filter ReferenceTests")
  }

  func testEveryBuiltinHasADoc() {
    let s = Stdlib.session(output: BufferOutput())
    for name in s.interpreter.builtinNames {
      let doc = s.interpreter.builtin(named: name)?.doc ?? ""
      XCTAssertGreaterThan(doc.count, 10, "'\(name)' has no documentation")
    }
  }
}
