// Child processes for tests: run a program, or one test of this test binary in a child with
// its own environment and working directory (so tests never change the process's own).
import Foundation
import XCTest

/// Runs a program to completion; returns stdout, stderr and the exit status.
public func runProcess(_ path: String, _ args: [String], cwd: String? = nil,
                       environment: [String: String]? = nil,
                       stdin: String? = nil) -> (String, String, Int32) {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: path)
  p.arguments = args
  if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
  if let environment { p.environment = environment }
  let out = Pipe(), err = Pipe(), input = Pipe()
  p.standardOutput = out
  p.standardError = err
  p.standardInput = input
  do { try p.run() } catch { return ("", "cannot run \(path): \(error)", -1) }
  if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
  try? input.fileHandleForWriting.close()
  // Read stderr on another thread so a full stderr pipe cannot block stdout.
  let errData = PipeReader(err.fileHandleForReading)
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errText = errData.wait()
  p.waitUntilExit()
  return (String(decoding: outData, as: UTF8.self), errText, p.terminationStatus)
}

/// Reads a pipe to its end on a background thread.
private final class PipeReader: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    DispatchQueue.global().async { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  func wait() -> String {
    done.wait()
    return String(decoding: data, as: UTF8.self)
  }
}

/// One test of this test binary run again in a child process, for a test that needs another
/// working directory or environment (`PATH` without gnuplot): the parent calls `run`, the
/// child (where `isChild` is true) does the work and calls `finished()`.
public enum ChildTest {
  static let variable = "NOS_TEST_CHILD"
  static let marker = "NOS-CHILD-FINISHED"

  /// The test this process was started to run as a child ("Target.Class/testName"), or nil.
  public static var current: String? { ProcessInfo.processInfo.environment[variable] }

  /// Whether this process is the child started for `name`.
  public static func isChild(_ name: String) -> Bool { current == name }

  /// Tells the parent the child's body ran to its end.
  public static func finished(_ report: String = "") {
    print(report + (report.isEmpty || report.hasSuffix("\n") ? "" : "\n") + marker)
    fflush(nil)  // all streams: naming stdout is not concurrency-safe in Swift 6
  }

  /// Runs test `name` in a child with `environment` added and working directory `cwd`;
  /// fails unless the child passed and reached `finished()`. Returns the child's stdout.
  @discardableResult
  public static func run(_ name: String, environment: [String: String] = [:],
                         cwd: String? = nil, file: StaticString = #filePath,
                         line: UInt = #line) -> String {
    let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      .merging([variable: name]) { $1 }
    let (out, err, status) = runProcess(CommandLine.arguments[0], [name], cwd: cwd,
                                        environment: env)
    XCTAssertEqual(status, 0, "child \(name) failed:\n\(out)\n\(err)", file: file, line: line)
    XCTAssertTrue(out.contains(marker), "child \(name) did not finish:\n\(out)\n\(err)",
                  file: file, line: line)
    return out
  }
}
