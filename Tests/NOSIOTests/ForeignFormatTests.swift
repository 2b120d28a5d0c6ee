// MATLAB v5, .safetensors and PyTorch .pt files: committed fixtures, the safe unpickler, and
// round trips with scipy, safetensors and torch when python3 has them (skipped otherwise).
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class ForeignFormatTests: XCTestCase {
  /// v5.mat and v5z.mat (make_foreign_fixtures.py): the same values, plain and compressed.
  func testMATv5FixturesInCOrder() throws {
    for name in ["v5.mat", "v5z.mat"] {
      let vars = Dictionary(try MATLAB5.read(path: Fixture.path(name)).map { ($0.name, $0.value) },
                            uniquingKeysWith: { a, _ in a })
      guard case .tensor(let a)? = vars["a"], case .tensor(let cube)? = vars["cube"],
        case .tensor(let s)? = vars["s"], case .text(let text)? = vars["name"],
        case .record(let st)? = vars["st"], case .list(let cells)? = vars["cells"]
      else { return XCTFail("\(name): unexpected variables \(vars.keys.sorted())") }
      XCTAssertEqual(a.shape, [3, 4])
      XCTAssertEqual(a.toArray(), Fixture.floats(12), name)
      XCTAssertEqual(cube.shape, [2, 3, 4])
      XCTAssertEqual(cube.toArray(), Fixture.floats(24), name)
      XCTAssertEqual(s.dtype, .f32)
      XCTAssertEqual(text, ["darcy"])
      XCTAssertEqual(st.map(\.name), ["coeff", "k", "label"])
      XCTAssertEqual(cells.count, 3)
    }
  }

  func testHalfFloatsWiden() {
    // IEEE binary16 bit patterns and their values (1, -2, largest, smallest subnormal, inf).
    XCTAssertEqual(RawElement.f16ToFloat(0x3C00), 1)
    XCTAssertEqual(RawElement.f16ToFloat(0xC000), -2)
    XCTAssertEqual(RawElement.f16ToFloat(0x7BFF), 65504)
    XCTAssertEqual(RawElement.f16ToFloat(0x0001), 0x1p-24)
    XCTAssertEqual(RawElement.f16ToFloat(0x7C00), .infinity)
    XCTAssertTrue(RawElement.f16ToFloat(0x7E00).isNaN)
  }

  func testSafetensorsWriteReadRoundTrip() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let a = try Tensor(Fixture.floats(6), shape: [2, 3], dtype: .f32)
    let b = try Tensor(Fixture.floats(5), shape: [5])
    try Safetensors.write(path: dir.file("x.safetensors"), arrays: [("a", a), ("b", b)])
    let back = try Safetensors.read(path: dir.file("x.safetensors"))
    XCTAssertEqual(back.map(\.name), ["a", "b"])
    XCTAssertEqual(back[0].tensor.dtype, .f32)
    XCTAssertEqual(back[0].tensor.toArray(), a.toArray())
    XCTAssertEqual(back[1].tensor.toArray(), b.toArray())
    // The header is padded to 8 bytes, as the safetensors library writes it.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("x.safetensors")))
    XCTAssertEqual(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } % 8, 0)
  }

  func testTorchWriteReadRoundTrip() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let w = try Tensor(Fixture.floats(12), shape: [3, 4], dtype: .f32)
    try TorchFile.write(path: dir.file("w.pt"), arrays: [("layer.weight", w)])
    guard case .dict(let d) = try TorchFile.read(path: dir.file("w.pt")),
      case .tensor(let t) = d.entries[0].value
    else { return XCTFail("not a dict of tensors") }
    XCTAssertEqual(t.shape, [3, 4])
    XCTAssertEqual(t.toArray(), w.toArray())
  }

  /// A transposed slice in dict.pt shares its storage: strides and offset are honoured.
  func testTorchViewsOfOneStorage() throws {
    guard case .dict(let d) = try TorchFile.read(path: Fixture.path("dict.pt")),
      let v = d.entries.first(where: { PickleDict.same($0.key, .string("view")) }),
      case .tensor(let t) = v.value
    else { return XCTFail("no view") }
    // base = v((4, 6)); view = base.t()[1:3] → rows 1, 2 of the transpose (columns of base).
    let base = Fixture.floats(24)
    XCTAssertEqual(t.shape, [2, 4])
    XCTAssertEqual(t.toArray(), [1, 2].flatMap { c in (0..<4).map { base[$0 * 6 + c] } })
  }

  func testUnpicklerKeepsNamesButRefusesCalls() throws {
    // {'f': <name torch._C._nn.gelu>, 'n': -2**40} in protocol 2, then a REDUCE of os.system.
    var p = PickleWriter()
    p.op(0x80, [2])
    p.op(0x7D)
    p.op(0x28)
    p.string("f")
    p.global("torch._C._nn", "gelu")
    p.string("n")
    p.int(-(1 << 40))
    p.op(0x75)
    p.op(0x2E)
    let v = try unpickle(p.bytes)
    guard case .dict(let d) = v, case .global("torch._C._nn", "gelu") = d.entries[0].value,
      case .int(let n) = d.entries[1].value
    else { return XCTFail("\(v)") }
    XCTAssertEqual(n, -(1 << 40))
    var evil = PickleWriter()
    evil.op(0x80, [2])
    evil.global("os", "system")
    evil.string("echo hi")
    evil.op(0x85)
    evil.op(0x52)
    evil.op(0x2E)
    XCTAssertThrowsError(try unpickle(evil.bytes)) { e in
      XCTAssertTrue("\((e as? Malformed)?.problem ?? "")".contains("calls os.system"), "\(e)")
    }
    var newobj = PickleWriter()
    newobj.op(0x80, [2])
    newobj.global("neuralop.layers", "SpectralConv")
    newobj.op(0x29)
    newobj.op(0x81)
    newobj.op(0x2E)
    XCTAssertThrowsError(try unpickle(newobj.bytes)) { e in
      XCTAssertTrue("\((e as? Malformed)?.problem ?? "")".contains("SpectralConv"), "\(e)")
    }
  }

  private func unpickle(_ bytes: [UInt8]) throws -> PickleValue {
    try bytes.withUnsafeBytes { b in
      var u = Unpickler(b, persistent: { _ in throw Malformed("no storages") },
                        call: TorchFile.callable)
      return try u.load()
    }
  }

  /// A million nested lists (two bytes a level) unpickle and are freed without recursion.
  func testDeeplyNestedPickleIsFreedIteratively() throws {
    let n = 1_000_000
    let bytes: [UInt8] = [0x80, 2] + [UInt8](repeating: 0x5D, count: n)
      + [UInt8](repeating: 0x61, count: n - 1) + [0x2E]
    var v: PickleValue? = try unpickle(bytes)
    guard case .list(let outer)? = v else { return XCTFail("not a list") }
    XCTAssertEqual(outer.items.count, 1)
    v = nil  // the deinit must not overflow the stack
  }

  /// Cells nested 100 deep: refused at depth 64 (the parser recurses per level).
  func testDeeplyNestedMATCellsAreRefused() throws {
    func element(_ type: Int, _ body: [UInt8]) -> [UInt8] {
      var out = le(type) + le(body.count) + body
      while out.count % 8 != 0 { out.append(0) }
      return out
    }
    func le(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    var inner = element(14, [])  // an empty matrix
    for _ in 0..<100 {
      inner = element(14, element(6, le(1) + le(0)) + element(5, le(1) + le(1))
        + element(1, []) + inner)  // a 1×1 cell (class 1) holding `inner`
    }
    var header = [UInt8](repeating: 0x20, count: 128)
    header.replaceSubrange(0..<6, with: Array("MATLAB".utf8))
    header.replaceSubrange(124..<128, with: [0, 1, UInt8(ascii: "I"), UInt8(ascii: "M")])
    let file = header + inner
    XCTAssertThrowsError(try file.withUnsafeBytes { try MATLAB5.decode($0) }) { e in
      XCTAssertTrue("\((e as? Malformed)?.problem ?? "")".contains("nested more than 64"), "\(e)")
    }
  }

  /// A compressed element whose inner tag announces 4 GiB from a few bytes of input is
  /// corrupt (deflate expands at most ~1032:1), refused before any large allocation.
  func testCompressedMATElementCannotReserveGigabytes() throws {
    let tag: [UInt8] = [14, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 8)
    let deflated = try tag.withUnsafeBytes { try Deflate.compress([$0]) }
    let stream: [UInt8] = [0x78, 0x9C] + deflated + [0, 0, 0, 0]  // zlib header, bad adler
    var header = [UInt8](repeating: 0x20, count: 128)
    header.replaceSubrange(0..<6, with: Array("MATLAB".utf8))
    header.replaceSubrange(124..<128, with: [0, 1, UInt8(ascii: "I"), UInt8(ascii: "M")])
    let n = stream.count
    let element: [UInt8] = [15, 0, 0, 0] + (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) }
    let start = Date()
    XCTAssertThrowsError(try (header + element + stream).withUnsafeBytes {
      try MATLAB5.decode($0)
    }) { e in
      XCTAssertTrue("\((e as? Malformed)?.problem ?? "")".contains("announces"), "\(e)")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), 1)
  }
}
