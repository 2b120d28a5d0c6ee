// Shared helpers of the NOSIO tests: fixture paths, temporary folders, expected values.
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

enum Fixture {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").path

  static func path(_ name: String) -> String { folder + "/" + name }

  /// The bytes of fixture `name`.
  static func data(_ name: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path(name)))
  }

  /// The values make_fixtures.py writes: v[i] = (i % 7) * 1.5 - 3 over the flat index.
  static func floats(_ n: Int) -> [Double] { (0..<n).map { Double($0 % 7) * 1.5 - 3 } }
  static func ints(_ n: Int) -> [Double] { (0..<n).map { Double($0 % 7 - 3) } }
  static func uints(_ n: Int) -> [Double] { (0..<n).map { Double($0 % 7) } }
}

/// A fresh folder under the system temporary folder, removed by `cleanup`.
final class TempFolder {
  let path: String

  init() throws {
    path = NSTemporaryDirectory() + "nosio-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs python3 with `code`; nil when python3 (or one of `modules`) is missing.
func runPython(_ code: String, modules: [String]) -> (status: Int32, output: String)? {
  let probe = modules.map { "import \($0)" }.joined(separator: "; ")
  guard let p = pythonRun(probe.isEmpty ? "pass" : probe), p.status == 0 else { return nil }
  return pythonRun(code)
}

private func pythonRun(_ code: String) -> (status: Int32, output: String)? {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = ["python3", "-c", code]
  let pipe = Pipe()
  p.standardOutput = pipe
  p.standardError = pipe
  do { try p.run() } catch { return nil }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Asserts `body` throws an `IOError` whose message contains every fragment.
func assertIOError(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                   _ body: () throws -> Void) {
  do {
    try body()
    XCTFail("no error; expected \(fragments)", file: file, line: line)
  } catch let e as IOError {
    for f in fragments where !e.message.contains(f) {
      XCTFail("'\(e.message)' lacks '\(f)'", file: file, line: line)
    }
  } catch {
    XCTFail("not an IOError: \(error)", file: file, line: line)
  }
}

/// Writes `bytes` as `name` in `dir` and asserts that `read` of that path throws an IOError
/// naming it ("cannot load "PATH"") and `problem`: the readers' damaged-file checks.
func assertUnreadable(_ bytes: Data, as name: String, in dir: TempFolder, _ problem: String,
                      file: StaticString = #filePath, line: UInt = #line,
                      _ read: (String) throws -> Void) {
  let p = dir.file(name)
  FileManager.default.createFile(atPath: p, contents: bytes)
  assertIOError(["cannot load \"\(p)\"", problem], file: file, line: line) { try read(p) }
}

func XCTAssertTensor(_ t: Tensor, _ values: [Double], shape: [Int], dtype: DType,
                     file: StaticString = #filePath, line: UInt = #line) {
  XCTAssertEqual(t.shape, shape, file: file, line: line)
  XCTAssertEqual(t.dtype, dtype, file: file, line: line)
  XCTAssertEqual(t.toArray(), values, file: file, line: line)
}
