// Atomic writes: a child process killed in the middle of a large write leaves the previous
// file intact (the child is this test binary running `testChildWriter`).
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class KillDuringWriteTests: XCTestCase {
  static let childVariable = "NOSIO_CHILD_WRITE"

  /// Runs only as the child: writes a 64 MB array slowly (a pause after each 4 MB chunk).
  func testChildWriter() throws {
    guard let path = ProcessInfo.processInfo.environment[Self.childVariable] else {
      throw XCTSkip("runs only as the child process of testKilledWriterLeavesThePreviousFile")
    }
    FileSink.chunkDelayMicroseconds = 50_000
    let t = try Tensor([Double](repeating: 9, count: 8 << 20), shape: [8 << 20])
    try NPY.write(t, path: path)
  }

  func testKilledWriterLeavesThePreviousFile() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let target = dir.file("big.npy")
    let previous = try Tensor([1, 2, 3, 4], shape: [2, 2])
    try NPY.write(previous, path: target)

    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    child.arguments = ["NOSIOTests.KillDuringWriteTests/testChildWriter"]
    child.environment = ProcessInfo.processInfo.environment.merging(
      [Self.childVariable: target]) { $1 }
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    try child.run()
    // Wait until the temporary file holds at least one chunk, then kill the writer.
    var partial: String?
    let deadline = Date().addingTimeInterval(60)
    while partial == nil, child.isRunning, Date() < deadline {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      for n in names where n.hasPrefix(".big.npy.tmp-") {
        let size = (try? FileManager.default.attributesOfItem(atPath: dir.file(n))[.size]) as? Int
        if (size ?? 0) >= 4 << 20 { partial = n }
      }
      usleep(2000)
    }
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    XCTAssertNotNil(partial, "the child never got to the middle of its write")
    XCTAssertEqual(child.terminationReason, .uncaughtSignal)
    let back = try NPY.read(path: target)
    XCTAssertEqual(back.shape, [2, 2])
    XCTAssertEqual(back.toArray(), [1, 2, 3, 4])
    // The killed writer's temporary file stays until the next save of the same target,
    // which removes it (its process is gone); it used to stay for good.
    if let partial { XCTAssertTrue(FileManager.default.fileExists(atPath: dir.file(partial))) }
    try NPY.write(previous, path: target)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["big.npy"])
  }

  func testFailedWriteLeavesNoTemporaryFile() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let target = dir.file("x.csv")
    try CSV.write(path: target, columns: [("a", .numbers([1]))])
    assertIOError(["column \"b\""]) {
      try CSV.write(path: target, columns: [("a", .numbers([1])), ("b", .numbers([]))])
    }
    struct Stop: Error {}
    XCTAssertThrowsError(try AtomicFile.write(target) { sink in
      try sink.write([1, 2, 3])
      throw Stop()
    })
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["x.csv"])
    XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "a\n1\n")
    assertIOError(["no such folder"]) {
      try CSV.write(path: dir.file("nope/x.csv"), columns: [])
    }
  }
}
