// Runs every golden script in-process and, when the release binary is built, through `nos`.
import Foundation
import Synchronization
import NOSLang
import NOSStdlib
import XCTest

final class GoldenTests: XCTestCase {
  func testScriptsInProcess() throws {
    let cases = try GoldenCase.all()
    XCTAssertGreaterThan(cases.count, 0, "no golden scripts found")
    // Scripts reset the random stream themselves when they depend on it.
    let dir = FileManager.default.currentDirectoryPath
    for c in cases {
      // Progress (fit's epoch lines) goes to its own stream: stdout is what the script printed.
      let out = BufferOutput()
      let session = Stdlib.session(output: out, errorOutput: BufferOutput())
      var messages: [String] = []
      FileManager.default.changeCurrentDirectoryPath((c.path as NSString).deletingLastPathComponent)
      do { try session.run(source: c.source, file: c.path) } catch let e as NOSError {
        messages = e.diagnostics.map(\.message)
      }
      for p in c.check(stdout: out.text, errorMessages: messages) {
        XCTFail("\(c.path): \(p)")
      }
    }
    FileManager.default.changeCurrentDirectoryPath(dir)
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
      var problems = c.check(stdout: stdout, errorMessages: GoldenCase.messages(stderr))
      if (status != 0) != !c.errors.isEmpty {
        problems.append("exit status \(status) with expected errors \(c.errors)")
      }
      failures.withLock { $0 += problems.map { "\(c.path): \($0)" } }
    }
    for f in failures.withLock({ $0 }) { XCTFail(f) }
  }
}

/// Runs a program to completion; returns stdout, stderr and the exit status.
func runProcess(_ path: String, _ args: [String], cwd: String? = nil,
                stdin: String? = nil) -> (String, String, Int32) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: path)
  p.arguments = args
  if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
  let out = Pipe(), err = Pipe(), input = Pipe()
  p.standardOutput = out
  p.standardError = err
  p.standardInput = input
  do { try p.run() } catch { return ("", "cannot run \(path): \(error)", -1) }
  if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
  try? input.fileHandleForWriting.close()
  // Read both pipes concurrently so a full stderr cannot block stdout.
  let errData = Mutex(Data())
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    let data = err.fileHandleForReading.readDataToEndOfFile()
    errData.withLock { $0 = data }
    group.leave()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  p.waitUntilExit()
  return (String(decoding: outData, as: UTF8.self),
          String(decoding: errData.withLock { $0 }, as: UTF8.self),
          p.terminationStatus)
}
