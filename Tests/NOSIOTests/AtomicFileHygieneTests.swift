// Saves over symlinks and existing files: written through, permissions kept; stale temps.
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class AtomicFileHygieneTests: XCTestCase {
  /// `save` over a symlink replaces the file it points to (as numpy.save does) and keeps the
  /// link; it used to replace the link by a plain file.
  func testSaveWritesThroughASymlink() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    try FileManager.default.createDirectory(atPath: dir.file("data"), withIntermediateDirectories: true)
    try NPY.write(try Tensor([1, 2], shape: [2]), path: dir.file("data/u.npy"))
    try FileManager.default.createSymbolicLink(atPath: dir.file("link.npy"),
                                               withDestinationPath: "data/u.npy")
    try NPY.write(try Tensor([7, 8, 9], shape: [3]), path: dir.file("link.npy"))
    XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dir.file("link.npy")),
                   "data/u.npy")
    XCTAssertEqual(try NPY.read(path: dir.file("data/u.npy")).toArray(), [7, 8, 9])
  }

  /// An existing file keeps its permissions (a 0600 file stayed 0600 only by luck of the
  /// umask before: the temporary file was created 0644).
  func testSaveKeepsTheExistingPermissions() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let path = dir.file("secret.npy")
    try NPY.write(try Tensor([1], shape: [1]), path: path)
    XCTAssertEqual(chmod(path, 0o600), 0)
    try NPY.write(try Tensor([2], shape: [1]), path: path)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    XCTAssertEqual(mode, 0o600)
  }

  /// Stale temporary files (their PID is gone) are removed; a live process's are kept, and so
  /// are files that only look similar.
  func testStaleTemporaryFilesAreRemoved() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    // PID 2^22 + 1 is above Linux's pid_max limit, so no process has it.
    let stale = ".u.npy.tmp-4194305-1f", live = ".v.npy.tmp-\(getpid())-2a"
    let other = ".notes.tmp-abc", plain = "w.npy.tmp-4194305-1f"
    for n in [stale, live, other, plain] {
      XCTAssertTrue(FileManager.default.createFile(atPath: dir.file(n), contents: Data([1])))
    }
    StaleTemps.remove(in: dir.path)
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
    XCTAssertEqual(left, [live, other, plain])
  }
}
