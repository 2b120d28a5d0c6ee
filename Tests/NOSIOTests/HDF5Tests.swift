// HDF5 through libhdf5: datasets of every kind in an h5py file, listing, slabs of rows,
// MATLAB v7.3 files with axes reversed, and errors.
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class HDF5Tests: XCTestCase {
  let data = Fixture.path("data.h5")

  func testDatasetsOfEachType() throws {
    XCTAssertTensor(try HDF5.read(path: data, dataset: "u"), Fixture.floats(40), shape: [10, 4],
                    dtype: .f64)
    XCTAssertTensor(try HDF5.read(path: data, dataset: "/grid"), Fixture.floats(4), shape: [4],
                    dtype: .f32)
    XCTAssertTensor(try HDF5.read(path: data, dataset: "group/v"), Fixture.ints(6),
                    shape: [2, 3], dtype: .i64)
    XCTAssertTensor(try HDF5.read(path: data, dataset: "group/deeper/w"), Fixture.uints(3),
                    shape: [3], dtype: .i64)
    XCTAssertTensor(try HDF5.read(path: data, dataset: "s"), [7.25], shape: [], dtype: .f64)
    XCTAssertTensor(try HDF5.read(path: data, dataset: "flag"), [1, 0, 1], shape: [3],
                    dtype: .bool)
    let c = try HDF5.read(path: data, dataset: "c")
    XCTAssertEqual(c.dtype, .c128)
    XCTAssertEqual(c.toComplexArray().map(\.re), Fixture.floats(3))
    XCTAssertEqual(c.toComplexArray().map(\.im), [2, 2, 2])
  }

  func testRowsReadASlab() throws {
    let t = try HDF5.read(path: data, dataset: "u", rows: 2..<5)
    XCTAssertTensor(t, Array(Fixture.floats(40)[8..<20]), shape: [3, 4], dtype: .f64)
    let tail = try HDF5.read(path: data, dataset: "u", rows: 8..<100)
    XCTAssertTensor(tail, Array(Fixture.floats(40)[32...]), shape: [2, 4], dtype: .f64)
    assertIOError(["scalar"]) { _ = try HDF5.read(path: data, dataset: "s", rows: 0..<1) }
  }

  func testListing() throws {
    let entries = try HDF5.list(path: data)
    let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
    XCTAssertEqual(byPath["/u"], HDF5.Entry(path: "/u", isGroup: false, shape: [10, 4],
                                            dtype: "f64"))
    XCTAssertEqual(byPath["/group"]?.isGroup, true)
    XCTAssertEqual(byPath["/group/v"]?.dtype, "i32")
    XCTAssertEqual(byPath["/group/deeper/w"]?.dtype, "u8")
    XCTAssertEqual(byPath["/c"]?.dtype, "c128")
    XCTAssertEqual(byPath["/name"]?.dtype, "string")
    XCTAssertEqual(byPath["/s"]?.shape, [])
  }

  func testMATLABFilesAreTransposedToCOrder() throws {
    let mat = Fixture.path("coeff.mat")
    XCTAssertEqual(try FileKind.detect(path: mat), .hdf5)
    XCTAssertTensor(try HDF5.read(path: mat, dataset: "coeff"), Fixture.floats(15),
                    shape: [3, 5], dtype: .f64)
    XCTAssertTensor(try HDF5.read(path: mat, dataset: "sol"), Fixture.floats(24),
                    shape: [2, 3, 4], dtype: .f64)
    // Rows are the first axis of the loaded array (the last one in the file).
    XCTAssertTensor(try HDF5.read(path: mat, dataset: "sol", rows: 1..<2),
                    Array(Fixture.floats(24)[12...]), shape: [1, 3, 4], dtype: .f64)
    XCTAssertEqual(try HDF5.list(path: mat).first { $0.path == "/coeff" }?.shape, [3, 5])
  }

  func testErrorsNameTheFileAndProblem() throws {
    assertIOError(["data.h5", "no dataset \"nope\"", "u"]) {
      _ = try HDF5.read(path: data, dataset: "nope")
    }
    assertIOError(["\"group\" is a group"]) { _ = try HDF5.read(path: data, dataset: "group") }
    assertIOError(["strings"]) { _ = try HDF5.read(path: data, dataset: "name") }
    assertIOError(["f8_le.npy", "not an HDF5 file"]) {
      _ = try HDF5.read(path: Fixture.path("f8_le.npy"), dataset: "u")
    }
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: data))
    FileManager.default.createFile(atPath: dir.file("cut.h5"), contents: bytes.prefix(3000))
    assertIOError(["cut.h5"]) { _ = try HDF5.read(path: dir.file("cut.h5"), dataset: "u") }
    var v5 = Data("MATLAB 5.0 MAT-file".utf8)
    v5.append(Data(count: 200))
    FileManager.default.createFile(atPath: dir.file("old.mat"), contents: v5)
    assertIOError(["old.mat", "v7.3"]) {
      _ = try HDF5.read(path: dir.file("old.mat"), dataset: "a")
    }
  }
}
