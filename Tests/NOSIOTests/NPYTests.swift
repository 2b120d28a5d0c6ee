// .npy reading of NumPy's files (every dtype, both byte orders, Fortran order), writing,
// and errors for malformed files.
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class NPYTests: XCTestCase {
  func testRealDtypesFromNumPy() throws {
    let cases: [(String, [Double], DType)] = [
      ("f8_le", Fixture.floats(6), .f64), ("f8_be", Fixture.floats(6), .f64),
      ("f4_le", Fixture.floats(6), .f32), ("f4_be", Fixture.floats(6), .f32),
      ("i8_le", Fixture.ints(6), .i64), ("i4_be", Fixture.ints(6), .i64),
      ("i2_le", Fixture.ints(6), .i64), ("i1_le", Fixture.ints(6), .i64),
      ("u2_le", Fixture.uints(6), .i64), ("u1_le", Fixture.uints(6), .i64),
      ("b1_le", (0..<6).map { Double($0 % 2) }, .bool),
    ]
    for (name, values, dtype) in cases {
      let t = try NPY.read(path: Fixture.path(name + ".npy"))
      XCTAssertTensor(t, values, shape: [2, 3], dtype: dtype)
    }
  }

  func testComplexFromNumPy() throws {
    let re = Fixture.floats(6)
    // The imaginary part is the array flipped along its first axis.
    let im = Array(re[3..<6] + re[0..<3])
    for (name, dtype) in [("c16_le", DType.c128), ("c16_be", .c128), ("c8_le", .c64)] {
      let t = try NPY.read(path: Fixture.path(name + ".npy"))
      XCTAssertEqual(t.dtype, dtype)
      XCTAssertEqual(t.shape, [2, 3])
      XCTAssertEqual(t.toComplexArray().map(\.re), re)
      XCTAssertEqual(t.toComplexArray().map(\.im), im)
    }
  }

  func testFortranOrderGivesTheSameArray() throws {
    let t = try NPY.read(path: Fixture.path("fortran.npy"))
    XCTAssertTensor(t, Fixture.floats(24), shape: [2, 3, 4], dtype: .f64)
    let rows = try NPY.read(path: Fixture.path("fortran.npy"), rows: 1..<2)
    XCTAssertTensor(rows, Array(Fixture.floats(24)[12...]), shape: [1, 3, 4], dtype: .f64)
  }

  func testScalarAndEmpty() throws {
    XCTAssertTensor(try NPY.read(path: Fixture.path("scalar.npy")), [2.5], shape: [], dtype: .f64)
    XCTAssertTensor(try NPY.read(path: Fixture.path("empty.npy")), [], shape: [0, 3], dtype: .f64)
  }

  func testRowsReadOnlyASlab() throws {
    let t = try NPY.read(path: Fixture.path("f8_le.npy"), rows: 1..<5)
    XCTAssertTensor(t, Array(Fixture.floats(6)[3...]), shape: [1, 3], dtype: .f64)
  }

  func testRoundTripEveryDtype() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    for dtype in DType.allCases {
      let x = dtype == .bool ? try Tensor.binary(.gt, Tensor.randn([3, 4, 2]), 0)
        : dtype == .i64 ? try (Tensor.randn([3, 4, 2]) * 1e6).astype(.i64)
        : try Tensor.randn([3, 4, 2], dtype: dtype)
      let path = dir.file("x.npy")
      try NPY.write(x, path: path)
      let y = try NPY.read(path: path)
      XCTAssertEqual(y.dtype, dtype)
      XCTAssertEqual(y.shape, [3, 4, 2])
      XCTAssertEqual(y.toComplexArray(), x.toComplexArray())
    }
    // A strided view is written as the array it shows.
    let m = try Tensor((0..<12).map(Double.init), shape: [3, 4])
    try NPY.write(m.T, path: dir.file("t.npy"))
    XCTAssertEqual(try NPY.read(path: dir.file("t.npy")).toArray(), m.T.toArray())
  }

  func testHeaderIsPaddedTo64Bytes() throws {
    let t = try Tensor([1, 2, 3], shape: [3])
    let h = NPY.header(for: t)
    XCTAssertEqual(h.count % 64, 0)
    let text = String(decoding: h[10...], as: UTF8.self)
    XCTAssertTrue(text.hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"))
    XCTAssertEqual(h.last, 0x0A)
  }

  func testMalformedFilesAreErrorsNamingTheFile() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let good = try Fixture.data("f8_le.npy")
    func check(_ bytes: Data, _ problem: String, line: UInt = #line) {
      assertUnreadable(bytes, as: "bad.npy", in: dir, problem, line: line) {
        _ = try NPY.read(path: $0)
      }
    }
    check(good.prefix(good.count - 8), "truncated data")
    check(good.prefix(30), "truncated header")
    check(Data("hello world".utf8), "wrong magic")
    let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (9999999999, 9999999999), } "
    check(npy(text), "absurd shape")
    check(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000,), }"),
          "truncated data")
    check(npy("{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }"), "unsupported dtype")
    check(npy("{'descr': 'zz', 'fortran_order': False, 'shape': (1,), }"), "dtype")
    check(npy("{'descr': '<f8', 'shape': (1,), }"), "bad header")
    check(npy("{'descr': '<f8' 'fortran_order': False}"), "bad header")
    check(npy("not a dict"), "bad header")
    assertIOError(["unicode.npy", "unsupported dtype '<U2'"]) {
      _ = try NPY.read(path: Fixture.path("unicode.npy"))
    }
    assertIOError(["no such file"]) { _ = try NPY.read(path: dir.file("missing.npy")) }
  }

  /// A version 1.0 file with `header` and no data.
  private func npy(_ header: String) -> Data {
    var d = Data(NPY.magic + [1, 0])
    let h = Array(header.utf8) + [0x0A]
    d.append(contentsOf: [UInt8(h.count & 255), UInt8(h.count >> 8)] + h)
    return d
  }
}
