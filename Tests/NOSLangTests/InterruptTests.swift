// Interruption from another thread, and the interrupt polled by builtins.

import Foundation
import XCTest
@testable import NOSLang

final class InterruptTests: XCTestCase {
  func testWhileTrueIsInterrupted() {
    let flag = Interrupt()
    let session = Session(output: BufferOutput(), interrupt: flag)
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.request() }
    let start = Date()
    XCTAssertThrowsError(try session.run(source: "i = 0\nwhile true { i += 1 }")) { e in
      XCTAssertEqual((e as? NOSError)?.message, "interrupted")
      XCTAssertEqual((e as? NOSError)?.diagnostics.first?.span?.line, 2)
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    XCTAssertFalse(flag.isRequested)
    // The workspace survives and the session keeps working.
    XCTAssertEqual(try session.run(source: "i > 0").map(Display.string), "true")
  }

  func testRecursionIsInterrupted() {
    let flag = Interrupt()
    let session = Session(output: BufferOutput(), interrupt: flag)
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.request() }
    let src = "fn f(n) = if n == 0 { 0 } else { f(n - 1) + f(n - 1) }\nf(60)"
    XCTAssertThrowsError(try session.run(source: src)) { e in
      XCTAssertEqual((e as? NOSError)?.message, "interrupted")
    }
  }
}
