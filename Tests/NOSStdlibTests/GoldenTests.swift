// Runs every golden script in-process (in child processes, one per folder) and, when the
// release binary is built, through `nos`.
import Foundation
import Synchronization
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class GoldenTests: XCTestCase {
  static let child = "NOSStdlibTests.GoldenTests/testChildRunsOneFolder"
  static let folderVariable = "NOS_GOLDEN_FOLDER"
  static let problemPrefix = "GOLDEN-PROBLEM "

  /// Every script in-process, one child process per folder started in that folder (scripts
  /// name files relative to themselves), so this process's working directory never changes.
  func testScriptsInProcess() throws {
    let cases = try GoldenCase.all()
    XCTAssertGreaterThan(cases.count, 0, "no golden scripts found")
    let folders = Set(cases.map { ($0.path as NSString).deletingLastPathComponent }).sorted()
    let results = Mutex((problems: [String](), ran: 0))
    DispatchQueue.concurrentPerform(iterations: folders.count) { i in
      let out = ChildTest.run(Self.child, environment: [Self.folderVariable: folders[i]],
                              cwd: folders[i])
      let lines = out.split(separator: "\n")
      results.withLock {
        $0.problems += lines.filter { $0.hasPrefix(Self.problemPrefix) }
          .map { String($0.dropFirst(Self.problemPrefix.count)) }
        $0.ran += lines.filter { $0.hasPrefix("GOLDEN-RAN ") }.count
      }
    }
    let (problems, ran) = results.withLock { ($0.problems, $0.ran) }
    for p in problems { XCTFail(p) }
    XCTAssertEqual(ran, cases.count, "every script ran in a child")
  }

  /// The child's part: runs the scripts of one folder (its working directory), each in a
  /// fresh session, and prints their problems for the parent.
  func testChildRunsOneFolder() throws {
    guard ChildTest.isChild(Self.child),
          let folder = ProcessInfo.processInfo.environment[Self.folderVariable] else {
      throw XCTSkip("runs only as a child of testScriptsInProcess")
    }
    var report = ""
    // Scripts reset the random stream themselves when they depend on it.
    for c in try GoldenCase.all() where (c.path as NSString).deletingLastPathComponent == folder {
      // Progress (fit's epoch lines) goes to its own stream: stdout is what the script printed.
      let out = BufferOutput()
      let session = Stdlib.session(output: out, errorOutput: BufferOutput())
      var reported: [GoldenCase.ReportedError] = []
      do { try session.run(source: c.source, file: c.path) } catch let e as NOSError {
        reported = GoldenCase.reported(e)
      }
      report += "GOLDEN-RAN \(c.path)\n"
      for p in c.check(stdout: out.text, errors: reported) {
        report += Self.problemPrefix + "\(c.path): "
          + p.replacingOccurrences(of: "\n", with: "\\n") + "\n"
      }
    }
    ChildTest.finished(report)
  }

  /// The same corpus against the built executable: stdout, stderr and exit status.
  func testScriptsThroughBinary() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let bin = ProcessInfo.processInfo.environment["NOS_BIN"] ?? root.path + "/.build/release/nos"
    guard FileManager.default.isExecutableFile(atPath: bin) else {
      throw XCTSkip("no release binary at \(bin); scripts/test builds it")
    }
    let cases = try GoldenCase.all()
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: cases.count) { i in
      let c = cases[i]
      let (stdout, stderr, status) = runProcess(bin, [c.path], cwd: (c.path as NSString).deletingLastPathComponent)
      var problems = c.check(stdout: stdout, errors: GoldenCase.reported(stderr))
      if (status != 0) != !c.errors.isEmpty {
        problems.append("exit status \(status) with expected errors \(c.errors)")
      }
      failures.withLock { $0 += problems.map { "\(c.path): \($0)" } }
    }
    for f in failures.withLock({ $0 }) { XCTFail(f) }
  }
}
