// The hostile-file corpus: every format nos reads, truncated, byte-flipped and with huge
// declared sizes, through the builtins a user calls. Each must load or be an error, quickly.
import Foundation
import NOSIO
import NOSLang
import NOSStdlib
import XCTest

final class HostileFileTests: XCTestCase {
  private var dir = ""

  override func setUpWithError() throws {
    dir = NSTemporaryDirectory() + "nos-hostile-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

  /// Runs `code` in a fresh session within `seconds`; returns the error message or nil.
  @discardableResult
  private func outcome(_ code: String, seconds: Double = 20) -> String? {
    let session = Stdlib.session(output: BufferOutput())
    let start = Date()
    var message: String?
    do { try session.run(source: code) } catch let e as NOSError { message = e.message } catch {
      XCTFail("not a NOSError: \(error)")
    }
    XCTAssertLessThan(Date().timeIntervalSince(start), seconds, code)
    return message
  }

  private func npy(_ header: String, data: Data) -> Data {
    var h = Data(header.utf8)
    while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
    h.append(0x0A)
    var d = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    HostileFiles.le(&d, h.count, 2)
    return d + h + data
  }

  private func write(_ name: String, _ data: Data) throws -> String {
    let path = dir + "/" + name
    try data.write(to: URL(fileURLWithPath: path))
    return path
  }

  /// .npy headers that declare far more (or far stranger) than the file holds.
  func testNPYDeclaredSizes() throws {
    let cases: [(String, Data, String?)] = [
      ("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }", Data(count: 16),
       "truncated data"),
      ("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000000, 0, 1000000000000000), }",
       Data(), nil),
      ("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 2), }", Data(),
       "absurd shape"),
      ("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", Data(),
       "absurd shape"),
    ]
    for (i, (header, data, expected)) in cases.enumerated() {
      let path = try write("h\(i).npy", npy(header, data: data))
      let m = outcome("x = load(\"\(path)\"); y = x + 1; print(x); s = sum(x)")
      if let expected {
        XCTAssertNotNil(m, header)
        XCTAssertTrue(m?.contains(expected) ?? false, "\(header): \(m ?? "no error")")
      } else {
        XCTAssertNil(m, header)
      }
    }
    // A header length that runs past the end of the file.
    var short = Data([0x93] + Array("NUMPY".utf8) + [1, 0, 0xFF, 0xFF])
    short.append(Data("{'descr'".utf8))
    XCTAssertNotNil(outcome("load(\"\(try write("short.npy", short))\")"))
  }

  /// .npz archives whose directories lie: a member declaring 3 GiB of 4 MiB, a huge member
  /// count, and every truncation of a small archive.
  func testNPZDeclaredSizesAndTruncations() throws {
    let lying = try write("lying.npz", HostileFiles.lyingZip(declared: 3 << 30, actual: 4 << 20))
    XCTAssertTrue(outcome("load(\"\(lying)\")")?.contains("corrupt compressed data") ?? false)
    var zip = HostileFiles.lyingZip(declared: 100, actual: 100)
    let eocd = zip.count - 22
    zip[eocd + 8] = 0xFF; zip[eocd + 9] = 0xFF; zip[eocd + 10] = 0xFF; zip[eocd + 11] = 0xFF
    XCTAssertNotNil(outcome("load(\"\(try write("count.npz", zip))\")"))
    let good = dir + "/good.npz"
    outcome("save(\"\(good)\", {a: [1, 2, 3], b: ones(2, 2)}, compressed=true)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
    for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 60)) {
      let path = try write("cut.npz", bytes.prefix(cut))
      XCTAssertNotNil(outcome("load(\"\(path)\")"), "cut at \(cut)")
    }
  }

  /// Model files: truncated, byte-flipped, and with absurd sizes in their JSON.
  func testModelFiles() throws {
    let good = dir + "/m.nosm"
    XCTAssertNil(outcome("savemodel(fno(modes=2, width=4, layers=1, proj=4), \"\(good)\")"))
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: good)))
    var state: UInt64 = 7
    func next() -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int(state >> 33)
    }
    var refused = 0
    for k in 0..<150 {
      var b = bytes
      if k % 3 == 0 { b = Array(b.prefix(next() % b.count)) } else {
        for _ in 0..<(1 + next() % 6) { b[next() % b.count] = UInt8(next() % 256) }
      }
      let path = try write("fuzz.nosm", Data(b))
      if outcome("m = loadmodel(\"\(path)\"); y = m(ones(1, 1, 8))") != nil { refused += 1 }
    }
    XCTAssertGreaterThan(refused, 50)
  }

  /// fit checkpoints: truncated and byte-flipped files, and well-formed files whose fit
  /// entry, arrays or optimizer state lie (huge counts, wrong types, missing pieces).
  func testFitCheckpoints() throws {
    let good = dir + "/ck.nosm", path = dir + "/fuzz-ck.nosm"
    func training(_ epochs: Int, _ file: String) -> String {
      "seed(1); x = linspace(0, 1, 8).reshape(8, 1); net = mlp([1, 3, 1]); "
        + "fit(net, x, x^2, epochs=\(epochs), batch=4, loss=\"mse\", verbose=0, "
        + "checkpoint=\"\(file)\"); y = net(x)"
    }
    XCTAssertNil(outcome(training(2, good)))
    let resume = training(3, path)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: good)))
    var state: UInt64 = 11
    func next() -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int(state >> 33)
    }
    for k in 0..<60 {
      var b = bytes
      if k % 3 == 0 { b = Array(b.prefix(next() % b.count)) } else {
        for _ in 0..<(1 + next() % 6) { b[next() % b.count] = UInt8(next() % 256) }
      }
      try Data(b).write(to: URL(fileURLWithPath: path))
      outcome(resume)
    }
    let c = try ModelFile.read(path: good, supportedFormat: 99)
    let hostile = ["-1", "1e300", "9223372036854775807", "4611686018427387904", "\"x\"", "[]",
                   "null", "2.5", "[\"0\", \"0\", \"0\", \"0\"]", "[\"zz\"]", "{}"]
    var refused = 0
    for key in ["epochs", "samples", "batch", "rng", "schedule_epoch", "steps", "name", "lr"] {
      for v in hostile {
        let json = c.json.replacingOccurrences(of: #""\#(key)":(\[[^\]]*\]|[^,}]*)"#,
                                               with: "\"\(key)\":\(v)",
                                               options: .regularExpression)
        try ModelFile.write(path: path, arrays: c.arrays, json: json, format: c.format)
        if outcome(resume) != nil { refused += 1 }
      }
    }
    for drop in ["fit.loss", "fit.val", "fit.lr", "optimizer.m.0", "0.w"] {
      try ModelFile.write(path: path, arrays: c.arrays.filter { $0.name != drop }, json: c.json,
                          format: c.format)
      if outcome(resume) != nil { refused += 1 }
    }
    XCTAssertGreaterThan(refused, 60)
  }

  /// CSV files: an unterminated quote, a 200,000-field row, ragged rows.
  func testCSV() throws {
    let quote = try write("q.csv", Data("a,b\n1,\"2\n3,4\n".utf8))
    XCTAssertTrue(outcome("readcsv(\"\(quote)\")")?.contains("unterminated quote") ?? false)
    let wide = try write("w.csv", Data((String(repeating: ",", count: 200_000) + "\n").utf8))
    XCTAssertNil(outcome("r = readcsv(\"\(wide)\", header=false)", seconds: 60))
    let ragged = try write("r.csv", Data("a,b\n1,2\n3\n".utf8))
    XCTAssertTrue(outcome("readcsv(\"\(ragged)\")")?.contains("row 3 has 1 fields") ?? false)
  }

  /// Scripts: deep nesting, a BOM, NUL bytes and invalid UTF-8 are errors or run.
  func testScripts() throws {
    let deep = try write("deep.nos", Data((String(repeating: "(", count: 100_000) + "1").utf8))
    XCTAssertTrue(outcome("run(\"\(deep)\")")?.contains("nesting too deep") ?? false)
    let odd = try write("odd.nos", Data([0xEF, 0xBB, 0xBF, 0x78, 0x00, 0xFF, 0xFE, 0x0A]))
    XCTAssertNotNil(outcome("run(\"\(odd)\")"))
  }
}
