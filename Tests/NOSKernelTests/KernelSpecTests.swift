// The kernelspec files and the completion/inspection answers, without sockets.
import Foundation
import NOSLang
import NOSStdlib
import XCTest

@testable import NOSKernel

final class KernelSpecTests: XCTestCase {
  func testInstallWritesSpecAndLogoAndRemoveUndoesIt() throws {
    let prefix = NSTemporaryDirectory() + "nos-spec-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: prefix) }
    let dir = try KernelSpec.install(prefix: prefix)
    XCTAssertEqual(dir, prefix + "/share/jupyter/kernels/nos")
    let data = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/kernel.json"))
    let spec = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual((spec["argv"] as? [String])?.dropFirst(), ["kernel", "-f", "{connection_file}"])
    XCTAssertEqual(spec["language"] as? String, "nos")
    XCTAssertEqual(spec["interrupt_mode"] as? String, "signal")
    let logo = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/logo-64x64.png"))
    XCTAssertEqual(Array(logo.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    _ = try KernelSpec.remove(prefix: prefix)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
    XCTAssertThrowsError(try KernelSpec.remove(prefix: prefix))
  }

  func testCompletionOffersKeywordsAndInspectFindsHelp() throws {
    let session = Stdlib.session(output: BufferOutput())
    try session.run(source: "cfg = {lr: 0.1, layers: 3}")
    let c = Introspection.complete(["code": "linspace(0, 1, d", "cursor_pos": 16], session)
    XCTAssertEqual((c["matches"] as? [String])?.first, "dtype=")
    XCTAssertEqual(c["cursor_start"] as? Int, 15)
    let f = Introspection.complete(["code": "cfg.la", "cursor_pos": 6], session)
    XCTAssertEqual(f["matches"] as? [String], ["cfg.layers"])
    // A cursor beyond the code is clamped, never an out-of-range subscript.
    let far = Introspection.complete(["code": "cf", "cursor_pos": 99], session)
    XCTAssertEqual(far["matches"] as? [String], ["cfg"])
    let i = Introspection.inspect(["code": "y = sum(x)", "cursor_pos": 6], session)
    XCTAssertEqual(i["found"] as? Bool, true)
    let text = (i["data"] as? [String: String])?["text/plain"] ?? ""
    XCTAssertTrue(text.hasPrefix("sum(x"), text)
  }

  /// The kernel completes by type as the REPL does, and inspects a model as help(m) does.
  func testCompletionByTypeAndInspectOfAnObject() throws {
    let session = Stdlib.session(output: BufferOutput())
    try session.run(source: "x = zeros(3)\nm = mlp([1, 4, 1])")
    let t = Introspection.complete(["code": "x.", "cursor_pos": 2], session)
    let matches = t["matches"] as? [String] ?? []
    XCTAssertTrue(matches.contains("x.sum") && matches.contains("x.shape"), "\(matches)")
    XCTAssertFalse(matches.contains("x.zeros") || matches.contains("x.print"), "\(matches)")
    let m = Introspection.complete(["code": "m.n", "cursor_pos": 3], session)
    XCTAssertEqual(m["matches"] as? [String], ["m.nparams"])
    let i = Introspection.inspect(["code": "m", "cursor_pos": 1], session)
    let text = (i["data"] as? [String: String])?["text/plain"] ?? ""
    XCTAssertTrue(text.hasPrefix("m: a model — mlp([1, 4, 1]"), text)
    XCTAssertTrue(text.contains("m.summary()") && text.contains("13 parameters"), text)
  }
}
