// .npz archives: NumPy's stored and deflated files, round trips (also zip64), model files.
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class NPZTests: XCTestCase {
  func testSavezAndSavezCompressedFromNumPy() throws {
    let stored = try NPZ.read(path: Fixture.path("stored.npz"))
    XCTAssertEqual(stored.arrays.map(\.name), ["a", "b"])
    XCTAssertTensor(stored.arrays[0].tensor, Fixture.floats(6), shape: [2, 3], dtype: .f64)
    XCTAssertTensor(stored.arrays[1].tensor, Fixture.ints(4), shape: [4], dtype: .i64)
    let deflated = try NPZ.read(path: Fixture.path("deflated.npz"))
    XCTAssertEqual(deflated.arrays.map(\.name), ["a", "big"])
    XCTAssertTensor(deflated.arrays[1].tensor, Fixture.floats(1000), shape: [50, 20], dtype: .f32)
    let one = try NPZ.read(path: Fixture.path("deflated.npz"), array: "big", rows: 10..<12)
    XCTAssertTensor(one, Array(Fixture.floats(1000)[200..<240]), shape: [2, 20], dtype: .f32)
    assertIOError(["no array \"c\"", "a, big"]) {
      _ = try NPZ.read(path: Fixture.path("deflated.npz"), array: "c")
    }
  }

  func testRoundTripStoredDeflatedAndZip64() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let arrays: [(name: String, tensor: Tensor)] = [
      ("x", try Tensor.randn([5, 3])), ("y", try Tensor.randn([7], dtype: .c64)),
      ("zero", Tensor(3.5)),
    ]
    for (compressed, zip64) in [(false, false), (true, false), (false, true), (true, true)] {
      let p = dir.file("d.npz")
      try NPZ.write(path: p, arrays: arrays, texts: [("note.txt", "héllo")],
                    compressed: compressed, forceZip64: zip64)
      let back = try NPZ.read(path: p)
      XCTAssertEqual(back.arrays.map(\.name), ["x", "y", "zero"])
      for (a, b) in zip(arrays, back.arrays) {
        XCTAssertEqual(a.tensor.dtype, b.tensor.dtype)
        XCTAssertEqual(a.tensor.shape, b.tensor.shape)
        XCTAssertEqual(a.tensor.toComplexArray(), b.tensor.toComplexArray())
      }
      XCTAssertEqual(back.texts.first?.text, "héllo")
    }
  }

  func testCompressionShrinksRepetitiveData() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let zeros = try Tensor([Double](repeating: 0, count: 10000), shape: [10000])
    try NPZ.write(path: dir.file("s.npz"), arrays: [("z", zeros)])
    try NPZ.write(path: dir.file("c.npz"), arrays: [("z", zeros)], compressed: true)
    let s = try FileManager.default.attributesOfItem(atPath: dir.file("s.npz"))[.size] as? Int
    let c = try FileManager.default.attributesOfItem(atPath: dir.file("c.npz"))[.size] as? Int
    XCTAssertGreaterThan(s ?? 0, 80000)
    XCTAssertLessThan(c ?? .max, 1000)
  }

  func testDuplicateAndEmptyNamesAreRefused() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let t = Tensor(1)
    assertIOError(["two members are named \"a\""]) {
      try NPZ.write(path: dir.file("d.npz"), arrays: [("a", t), ("a", t)])
    }
    assertIOError(["empty"]) { try NPZ.write(path: dir.file("d.npz"), arrays: [("", t)]) }
  }

  func testModelFileRoundTripAndNewerFormat() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let p = dir.file("m.nosm")
    let w = try Tensor.randn([4, 4], dtype: .f32)
    let json = #"{"kind": "mlp", "sizes": [4, 4]}"#
    try ModelFile.write(path: p, arrays: [("layers.0.w", w)], json: json, format: 1)
    let m = try ModelFile.read(path: p, supportedFormat: 1)
    XCTAssertEqual(m.json, json)
    XCTAssertEqual(m.format, 1)
    XCTAssertEqual(m.arrays.first?.name, "layers.0.w")
    XCTAssertEqual(m.arrays.first?.tensor.toArray(), w.toArray())
    try ModelFile.write(path: p, arrays: [], json: "{}", format: 3)
    assertIOError(["m.nosm", "written by a newer nos (format 3)", "up to 2"]) {
      _ = try ModelFile.read(path: p, supportedFormat: 2)
    }
    assertIOError(["not a nos model file"]) {
      _ = try ModelFile.read(path: Fixture.path("stored.npz"), supportedFormat: 1)
    }
  }

  func testMalformedArchives() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let good = try Fixture.data("stored.npz")
    func check(_ bytes: Data, _ problem: String, line: UInt = #line) {
      assertUnreadable(bytes, as: "bad.npz", in: dir, problem, line: line) {
        _ = try NPZ.read(path: $0)
      }
    }
    check(good.prefix(good.count / 2), "no end of central directory")
    check(Data("PK".utf8), "too short")
    var flipped = good
    flipped[200] ^= 0xFF
    check(flipped, "CRC mismatch")
    let deflated = try Fixture.data("deflated.npz")
    var broken = deflated
    for i in 120..<140 { broken[i] = 0xFF }
    check(broken, "member")
  }
}
