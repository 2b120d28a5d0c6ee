// Pairwise summation: exact results where the exact sum is known, NumPy's printed values, and
// error bounds against a compensated reference that a plain left-to-right loop fails.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class SummationAccuracyTests: XCTestCase {
  /// Neumaier's compensated sum in f64: error about ε·|sum|, whatever n.
  func compensated(_ xs: [Double]) -> Double {
    var s = 0.0, c = 0.0
    for x in xs {
      let t = s + x
      c += abs(s) >= abs(x) ? (s - t) + x : (x - t) + s
      s = t
    }
    return s + c
  }

  /// What a plain f32 loop gives (today's var pass, a naive kernel): the tests below show
  /// that their bound rejects it, so they would fail on such a loop.
  func plainFloatSum(_ xs: [Double]) -> Double {
    var s: Float = 0
    for x in xs { s += Float(x) }
    return Double(s)
  }

  /// The pairwise bound with room: |error| ≤ 2·log2(n)·ε·Σ|x|.
  func bound(_ n: Int, _ dt: DType, _ absSum: Double) -> Double {
    let eps = dt.isDouble ? Double.ulpOfOne : Double(Float.ulpOfOne)
    return 2 * log2(Double(n)) * eps * absSum
  }

  /// Long f32/f64 sums run their top halvings on the worker threads: bit for bit the
  /// single-threaded pairwise order (the generic implementation here), at and past the length
  /// where the split starts and on lengths that are not multiples of 8, through `sum`,
  /// `mean` and `var`.
  func testSplitLongSumsKeepTheOrder() throws {
    var g = TestRNG(16)
    for n in [65535, 65536, 65539, 262_147, 1_000_003] {
      let xs = g.array(n, -1, 3)
      for dt in [DType.f64, .f32] {
        let t = try Tensor(xs, shape: [n]).astype(dt)
        let want: Double, wantMean: Double
        if dt == .f64 {
          let p = UnsafePointer(t.pointer(Double.self))
          want = pairwiseSum(Elements(p: p), 0, n)
          wantMean = want / Double(n)
        } else {
          let p = UnsafePointer(t.pointer(Float.self))
          let w = pairwiseSum(Elements(p: p), 0, n)
          (want, wantMean) = (Double(w), Double(w / Float(n)))
        }
        XCTAssertEqual(try t.reduce(.sum).item().bitPattern, want.bitPattern, "sum \(n) \(dt)")
        XCTAssertEqual(try t.reduce(.mean).item().bitPattern, wantMean.bitPattern, "mean \(n) \(dt)")
      }
    }
  }

  func testPrintsAsNumPyDoes() throws {
    // NumPy 2.4.6 (computed with python3): np.linspace(0, 1, 20).sum() == 10.0,
    // .mean() == 0.5, np.linspace(-1, 1, 21).sum() == 8.881784197001252e-16. A loop with
    // four accumulators (the previous nos) gave 9.999999999999998 and 0.4999999999999999.
    XCTAssertEqual(try Tensor.linspace(0, 1, 20).reduce(.sum).item(), 10)
    XCTAssertEqual(try Tensor.linspace(0, 1, 20).reduce(.mean).item(), 0.5)
    XCTAssertEqual(try Tensor.linspace(-1, 1, 21).reduce(.sum).item(), 8.881784197001252e-16)
  }

  /// Bit for bit NumPy's numbers where python3 has NumPy (skipped otherwise): sum, mean and
  /// var of f64 and f32 vectors with lengths around the 8 and 128 boundaries of its scheme.
  func testSameBitsAsNumPy() throws {
    let lengths = [1, 7, 8, 9, 16, 17, 127, 128, 129, 130, 255, 1000, 4097, 65539]
    var g = TestRNG(15)
    let data = lengths.map { g.array($0) }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nos-sums-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for (i, xs) in data.enumerated() {
      try xs.withUnsafeBytes { try Data($0).write(to: dir.appendingPathComponent("\(i).bin")) }
    }
    let code = """
      import numpy as np
      for i in range(\(lengths.count)):
          x = np.fromfile('\(dir.path)/%d.bin' % i, dtype='<f8')
          for y in (x, x.astype(np.float32)):
              print(repr(float(y.sum())), repr(float(y.mean())), repr(float(y.var())))
      """
    guard let out = python(code) else { throw XCTSkip("python3 with numpy is not available") }
    let want = out.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
    XCTAssertEqual(want.count, 2 * lengths.count, out)
    for (i, xs) in data.enumerated() where 2 * i + 1 < want.count {
      for (k, dt) in [DType.f64, .f32].enumerated() {
        let t = try Tensor(xs, shape: [xs.count], dtype: dt)
        let got = try [t.reduce(.sum).item(), t.reduce(.mean).item(), t.reduce(.var).item()]
        XCTAssertEqual(got, want[2 * i + k], "n = \(xs.count), \(dt)")
      }
    }
  }

  /// python3's stdout, or nil when python3 or NumPy is missing.
  private func python(_ code: String) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", code]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
  }

  func testTenMillionFloatOnesAlongEveryPath() throws {
    let n = 10_000_000
    XCTAssertEqual(try Tensor.ones([n], dtype: .f32).reduce(.sum).item(), Double(n))
    XCTAssertEqual(try Tensor.ones([n, 2], dtype: .f32).sum(axis: 0).toArray(),
                   [Double(n), Double(n)])
    XCTAssertEqual(try Tensor.ones([2, n], dtype: .f32).sum(axis: 1).toArray(),
                   [Double(n), Double(n)])
    XCTAssertEqual(try Tensor.ones([n], dtype: .c64).reduce(.sum).toArray(), [Double(n)])
    // 0, a, 0, a, ... with a = f32(0.6): the mean a/2 and the deviations ±a/2 are exact, so
    // every squared deviation is the same f32 number d² and var is d² (NumPy 2.4 gives
    // 0.09000000357627869). Added in order in f32 they drift to a variance of 0.0798.
    let a = Double(Float(0.6)), d2 = Double(Float(a / 2) * Float(a / 2))
    let bits = (0..<n).map { Double($0 % 2) * a }
    let t = try Tensor(bits, shape: [n], dtype: .f32)
    XCTAssertEqual(d2, 0.09000000357627869)
    XCTAssertEqual(try t.reduce(.var).item(), d2, accuracy: 1e-15)
    XCTAssertEqual(try t.reduce(.std).item(), Double(Float(d2).squareRoot()), accuracy: 1e-15)
    XCTAssertGreaterThan(abs(plainFloatSum([Double](repeating: d2, count: n)) / Double(n) - d2),
                         1e-3)
    let c = try Tensor(complex: bits.map { Complex($0, 0) }, shape: [n], dtype: .c64)
    XCTAssertEqual(try c.reduce(.var).item(), d2, accuracy: 1e-15)
  }

  func testWholeSumsWithinTheBound() throws {
    var g = TestRNG(11)
    let n = 3_000_001
    let xs = asFloat(g.array(n, 0, 1))
    // Random roundings partly cancel, so on random data pairwise errors stay near
    // ε·√(log2 n)·Σ|x| (NumPy's: 0.03 of it on such data); a plain loop's reach ~7 times it.
    let ref = compensated(xs)
    let b = Double(Float.ulpOfOne) * log2(Double(n)).squareRoot() * ref
    let got = try Tensor(xs, shape: [n], dtype: .f32).reduce(.sum).item()
    XCTAssertLessThanOrEqual(abs(got - ref), b)
    XCTAssertGreaterThan(abs(plainFloatSum(xs) - ref), b, "the bound would not catch a plain loop")
    let mean = try Tensor(xs, shape: [n], dtype: .f32).reduce(.mean).item()
    XCTAssertLessThanOrEqual(abs(mean - ref / Double(n)), b / Double(n))
  }

  func testColumnSumsWithinTheBound() throws {
    // The leading-axis path (a bias gradient over a batch): 2^22 + 5 rows of 0.1.
    let rows = (1 << 22) + 5
    for dt in [DType.f32, .f64] {
      let c = dt.isDouble ? 0.1 : Double(Float(0.1))
      let exact = c * Double(rows)
      let s = try Tensor.full([rows, 3], 0.1, dtype: dt).sum(axis: 0).toArray()
      for v in s { XCTAssertLessThanOrEqual(abs(v - exact), bound(rows, dt, exact), "\(dt)") }
      let m = try Tensor.full([rows, 2], 0.1, dtype: dt).mean(axis: 0).toArray()
      for v in m { XCTAssertLessThanOrEqual(abs(v - c), bound(rows, dt, c), "\(dt)") }
    }
    let plain = plainFloatSum([Double](repeating: 0.1, count: rows))
    XCTAssertGreaterThan(abs(plain - Double(Float(0.1)) * Double(rows)),
                         bound(rows, .f32, Double(Float(0.1)) * Double(rows)))
  }

  func testLeadingAxisSumsAddTheRightElements() throws {
    // Random values, so a row counted twice, skipped or taken from another column shows.
    var g = TestRNG(14)
    for rows in [129, 1037, 4099] {
      let xs = g.array(rows * 15)
      let t = try Tensor(xs, shape: [rows, 5, 3])
      let sums = try t.sum(axis: 0).toArray(), means = try t.mean(axis: 0).toArray()
      for j in 0..<15 {
        let ref = compensated((0..<rows).map { xs[$0 * 15 + j] })
        XCTAssertEqual(sums[j], ref, accuracy: 1e-12, "rows \(rows), column \(j)")
        XCTAssertEqual(means[j], ref / Double(rows), accuracy: 1e-14, "rows \(rows)")
      }
      let both = try t.reduce(.sum, axes: [0, 1]).toArray()
      for k in 0..<3 {
        let ref = compensated((0..<(rows * 5)).map { xs[$0 * 3 + k] })
        XCTAssertEqual(both[k], ref, accuracy: 1e-12, "rows \(rows), axes [0, 1]")
      }
    }
  }

  func testVarianceWithinTheBound() throws {
    // f32 samples 100 + U(-1, 1): the reference variance from f64 deviations, compensated.
    var g = TestRNG(12)
    let n = 2_000_003
    let xs = asFloat(g.array(n).map { 100 + $0 })
    let mu = compensated(xs) / Double(n)
    let sq = xs.map { ($0 - mu) * ($0 - mu) }
    let ref = compensated(sq) / Double(n)
    let got = try Tensor(xs, shape: [n], dtype: .f32).reduce(.var).item()
    XCTAssertEqual(got, ref, accuracy: bound(n, .f32, ref))
    XCTAssertGreaterThan(abs(plainFloatSum(sq) / Double(n) - ref), bound(n, .f32, ref))
  }

  func testNormWithinTheBound() throws {
    var g = TestRNG(13)
    let n = 1_000_003
    let xs = asFloat(g.array(n))
    let ref = compensated(xs.map { $0 * $0 }).squareRoot()
    let got = try Tensor(xs, shape: [n], dtype: .f32).norm().item()
    XCTAssertEqual(got, ref, accuracy: bound(n, .f32, ref) + 2 * Double(Float.ulpOfOne) * ref)
  }
}
