// Model files written by an older nos: a Tucker TFNO factored every axis before format 3,
// both channel axes (with a smaller output rank) in format 3 and only the input channels in
// format 4.
import Foundation
import NOSIO
import NOSLang
import NOSModels
import NOSStdlib
import NOSTensor
import XCTest

final class ModelFileFormatTests: XCTestCase {
  /// Rewrites the file at `path` with the same contents under format number `format`.
  private func relabel(_ path: String, as old: String, format: Int) throws {
    let c = try ModelFile.read(path: path, supportedFormat: 5)
    XCTAssertEqual(c.format, 5)
    try ModelFile.write(path: old, arrays: c.arrays, json: c.json, format: format)
  }

  func testOlderTuckerFilesAreRefusedAndOtherModelsLoad() throws {
    let dir = FileManager.default.temporaryDirectory.path, id = getpid()
    let paths = ["tfno5", "tfno2", "fno5", "fno2", "cp2", "tfno3", "fno3", "tfno4", "cp4"]
      .map { "\(dir)/nos_fmt_\($0)_\(id).nosm" }
    defer { for p in paths { try? FileManager.default.removeItem(atPath: p) } }
    let s = Stdlib.session(output: BufferOutput())
    _ = try s.run(source: """
      seed(2)
      net = tfno(modes=4, width=4, layers=2, proj=5, rank=0.9)
      dense = fno(modes=3, width=4, layers=2, proj=5)
      cp = tfno(modes=3, width=4, layers=2, proj=5, rank=0.5, factorization="cp")
      x = randn(2, 1, 12)
      savemodel(net, "\(paths[0])")
      savemodel(dense, "\(paths[2])")
      savemodel(cp, "\(paths[4])")
      """)
    try relabel(paths[4], as: paths[8], format: 4)
    try relabel(paths[0], as: paths[1], format: 2)
    try relabel(paths[2], as: paths[3], format: 2)
    try relabel(paths[4], as: paths[4], format: 2)
    try relabel(paths[0], as: paths[5], format: 3)
    try relabel(paths[2], as: paths[6], format: 3)
    try relabel(paths[0], as: paths[7], format: 4)
    XCTAssertThrowsError(try s.run(source: "loadmodel(\"\(paths[1])\")")) { e in
      XCTAssertTrue("\(e)".contains("a Tucker TFNO saved by an older nos (format 2) factored "
        + "the Fourier-mode axes too"), "\(e)")
    }
    XCTAssertThrowsError(try s.run(source: "loadmodel(\"\(paths[5])\")")) { e in
      XCTAssertTrue("\(e)".contains("a Tucker TFNO saved by an older nos (format 3) gave the "
        + "output channels a smaller rank, which this nos no longer builds"), "\(e)")
    }
    XCTAssertThrowsError(try s.run(source: "loadmodel(\"\(paths[7])\")")) { e in
      XCTAssertTrue("\(e)".contains("a Tucker TFNO saved by an older nos (format 4) had no "
        + "output-channel factor, which this nos no longer builds; retrain the model"), "\(e)")
    }
    _ = try s.run(source: """
      same = allclose(loadmodel("\(paths[0])")(x), net(x), rtol=1e-12, atol=1e-14)
      same_dense = allclose(loadmodel("\(paths[3])")(x), dense(x), rtol=1e-12, atol=1e-14)
      same_dense3 = allclose(loadmodel("\(paths[6])")(x), dense(x), rtol=1e-12, atol=1e-14)
      same_cp = allclose(loadmodel("\(paths[4])")(x), cp(x), rtol=1e-12, atol=1e-14)
      same_cp4 = allclose(loadmodel("\(paths[8])")(x), cp(x), rtol=1e-12, atol=1e-14)
      """)
    for name in ["same", "same_dense", "same_dense3", "same_cp", "same_cp4"] {
      guard case .bool(let ok)? = s.global(name) else { return XCTFail("no \(name)") }
      XCTAssertTrue(ok, name)
    }
  }
}
