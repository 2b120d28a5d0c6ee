// Model files written by an older nos: format 1 stored Tucker factors unscaled.
import Foundation
import NOSIO
import NOSLang
import NOSModels
import NOSStdlib
import NOSTensor
import XCTest

final class ModelFileFormatTests: XCTestCase {
  func testFormatOneTuckerFactorsLoadRescaled() throws {
    let dir = FileManager.default.temporaryDirectory.path
    let now = "\(dir)/nos_format2_\(getpid()).nosm", old = "\(dir)/nos_format1_\(getpid()).nosm"
    defer { for p in [now, old] { try? FileManager.default.removeItem(atPath: p) } }
    let s = Stdlib.session(output: BufferOutput())
    _ = try s.run(source: """
      seed(2)
      net = tfno(modes=3, width=4, layers=2, proj=5, rank=0.5)
      x = randn(2, 1, 12)
      y = net(x)
      savemodel(net, "\(now)")
      """)
    // The same model as format 1 wrote it: the factors themselves, not divided by the step.
    let c = try ModelFile.read(path: now, supportedFormat: 2)
    XCTAssertEqual(c.format, 2)
    var scaled = 0
    let arrays = try c.arrays.map { a -> (name: String, tensor: Tensor) in
      guard a.name.contains(".spectral.factors.") else { return a }
      scaled += 1
      return (a.name, try Tensor.binary(.mul, a.tensor, Factorization.tuckerFactorStep))
    }
    XCTAssertEqual(scaled, 2 * 3)
    try ModelFile.write(path: old, arrays: arrays, json: c.json, format: 1)
    _ = try s.run(source: """
      back = loadmodel("\(old)")
      same = allclose(back(x), y, rtol=1e-12, atol=1e-14)
      """)
    guard case .bool(let same)? = s.global("same") else { return XCTFail("no result") }
    XCTAssertTrue(same)
    XCTAssertThrowsError(try s.run(source: "loadmodel(\"\(old)\", opt=true)")) { e in
      XCTAssertTrue("\(e)".contains("optimizer state of a Tucker TFNO"), "\(e)")
    }
  }
}
