// Snapshot files: compare generated text with a committed file; NOS_RECORD=1 re-records.
import Foundation
import XCTest

/// Compares `text` with the file at `path`. A missing file fails. With `NOS_RECORD=1` in the
/// environment a missing or different file is rewritten and the test still fails ("recorded
/// ..., run again"), so a run that records can never pass by itself; an equal file passes.
public func assertSnapshot(_ text: String, path: String, _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
  let old = try? String(contentsOfFile: path, encoding: .utf8)
  if old == text { return }
  guard ProcessInfo.processInfo.environment["NOS_RECORD"] == "1" else {
    if old == nil {
      XCTFail("no snapshot \(path) for \(what); run with NOS_RECORD=1", file: file, line: line)
    } else {
      XCTAssertEqual(text, old, "\(what) changed; NOS_RECORD=1 re-records \(path)", file: file,
                     line: line)
    }
    return
  }
  do {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    XCTFail("recorded \(path) for \(what); run again without NOS_RECORD", file: file, line: line)
  } catch {
    XCTFail("cannot record \(path): \(error)", file: file, line: line)
  }
}
