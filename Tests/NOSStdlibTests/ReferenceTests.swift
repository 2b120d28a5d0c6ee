// docs/builtins.md must match the builtin tables; NOS_RECORD=1 rewrites it.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class ReferenceTests: XCTestCase {
  func testReferenceIsUpToDate() {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/builtins.md").path
    assertSnapshot(Stdlib.reference(), path: path,
                   "docs/builtins.md (run NOS_RECORD=1 swift test --filter ReferenceTests)")
  }

  func testEveryBuiltinHasADoc() {
    let s = Stdlib.session(output: BufferOutput())
    for name in s.interpreter.builtinNames {
      let doc = s.interpreter.builtin(named: name)?.doc ?? ""
      XCTAssertGreaterThan(doc.count, 10, "'\(name)' has no documentation")
    }
  }
}
