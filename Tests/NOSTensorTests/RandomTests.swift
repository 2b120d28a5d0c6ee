// Random numbers: xoshiro256** reference values, seeding, and sample moments of rand / randn.
import Numerics
import XCTest
@testable import NOSTensor

final class RandomTests: XCTestCase {
  override func tearDown() {
    Random.seed(0x6E6F_7300)  // leave the global stream as the process starts it
    super.tearDown()
  }

  func testXoshiroReferenceValues() {
    // From an independent Python implementation of splitmix64 seeding + xoshiro256**
    // (splitmix64 checked against its published vector for seed 1234567).
    let expected: [(UInt64, [UInt64])] = [
      (1, [0xB3F2_AF6D_0FC7_10C5, 0x853B_5596_4736_4CEA, 0x92F8_9756_082A_4514, 0x642E_1C7B_C266_A3A7]),
      (0, [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C]),
      (12345, [0xBE6A_3637_4160_D49B, 0x214A_AA06_37A6_88C6, 0xF69D_16DE_9954_D388, 0x0C60_048C_4E96_E033]),
    ]
    for (seed, values) in expected {
      var g = Xoshiro256(seed: seed)
      XCTAssertEqual((0..<4).map { _ in g.next() }, values, "seed \(seed)")
    }
    var g = Xoshiro256(seed: 1)
    XCTAssertEqual((0..<3).map { _ in g.uniform() }, [0.7029218331588505, 0.5204366199388569, 0.5741057000197225])
  }

  func testSeedReproducibility() throws {
    for dt in DType.numeric {
      Random.seed(42)
      let a = try Tensor.rand([50], dtype: dt), b = try Tensor.randn([3, 7], dtype: dt)
      Random.seed(42)
      let c = try Tensor.rand([50], dtype: dt), d = try Tensor.randn([3, 7], dtype: dt)
      XCTAssertEqual(a.toComplexArray(), c.toComplexArray(), "\(dt)")
      XCTAssertEqual(b.toComplexArray(), d.toComplexArray(), "\(dt)")
      Random.seed(43)
      XCTAssertNotEqual(try Tensor.rand([50], dtype: dt).toComplexArray(), a.toComplexArray())
      // Successive draws differ.
      XCTAssertNotEqual(try Tensor.rand([50], dtype: dt).toComplexArray(), try Tensor.rand([50], dtype: dt).toComplexArray())
    }
    // rand uses the stream the documented way: element i of seed(s) is the i-th uniform.
    Random.seed(1)
    XCTAssertEqual(try Tensor.rand([3]).toArray(), [0.7029218331588505, 0.5204366199388569, 0.5741057000197225])
    // Split generators are reproducible too.
    Random.seed(7)
    var s1 = Random.split()
    Random.seed(7)
    var s2 = Random.split()
    XCTAssertEqual(s1.next(), s2.next())
  }

  func testUniformMoments() throws {
    Random.seed(2024)
    let n = 1_000_000.0
    let x = try Tensor.rand([1_000_000])
    let v = x.toArray()
    XCTAssertTrue(v.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = try x.mean().item(), variance = try x.reduce(.var).item()
    // Standard errors: sqrt(1/12/n) for the mean, sqrt((1/80 - 1/144)/n) for the variance.
    XCTAssertEqual(mean, 0.5, accuracy: 5 * (1.0 / 12 / n).squareRoot())
    XCTAssertEqual(variance, 1.0 / 12, accuracy: 5 * ((1.0 / 80 - 1.0 / 144) / n).squareRoot())
    let f = try Tensor.rand([200_000], dtype: .f32)
    XCTAssertEqual(f.dtype, .f32)
    XCTAssertEqual(try f.mean().item(), 0.5, accuracy: 5 * (1.0 / 12 / 200_000).squareRoot())
    let z = try Tensor.rand([100_000], dtype: .c128)
    let zs = z.toComplexArray()
    XCTAssertTrue(zs.allSatisfy { $0.real >= 0 && $0.real < 1 && $0.imaginary >= 0 && $0.imaginary < 1 })
    XCTAssertEqual(zs.reduce(0) { $0 + $1.imaginary } / 100_000, 0.5, accuracy: 5 * (1.0 / 12 / 100_000).squareRoot())
  }

  func testNormalMoments() throws {
    Random.seed(99)
    let n = 1_000_000.0
    let x = try Tensor.randn([1000, 1000])
    // Standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance.
    XCTAssertEqual(try x.mean().item(), 0, accuracy: 5 / n.squareRoot())
    XCTAssertEqual(try x.reduce(.var).item(), 1, accuracy: 5 * (2 / n).squareRoot())
    // Fourth moment 3 (a Gaussian, not just unit variance): standard error sqrt(96/n).
    let m4 = x.toArray().reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
    XCTAssertEqual(m4, 3, accuracy: 5 * (96 / n).squareRoot())
    let f = try Tensor.randn([200_000], dtype: .f32)
    XCTAssertEqual(try f.reduce(.var).item(), 1, accuracy: 5 * (2 / 200_000.0).squareRoot())
  }

  func testComplexNormalSplitsVariance() throws {
    Random.seed(5)
    let n = 1_000_000.0
    for dt in [DType.c128, .c64] {
      let z = try Tensor.randn([1_000_000], dtype: dt)
      XCTAssertEqual(z.dtype, dt)
      let re = try z.unary(.real), im = try z.unary(.imag)
      // Each part has variance 1/2 (standard error sqrt(2·(1/2)²/n)), total E|z|² = 1.
      XCTAssertEqual(try re.reduce(.var).item(), 0.5, accuracy: 5 * (0.5 / n).squareRoot(), "\(dt)")
      XCTAssertEqual(try im.reduce(.var).item(), 0.5, accuracy: 5 * (0.5 / n).squareRoot(), "\(dt)")
      XCTAssertEqual(try z.reduce(.var).item(), 1, accuracy: 5 * (1 / n).squareRoot(), "\(dt)")
      XCTAssertEqual(try re.mean().item(), 0, accuracy: 5 * (0.5 / n).squareRoot())
      // Real and imaginary parts are uncorrelated.
      XCTAssertEqual(try (re * im).mean().item(), 0, accuracy: 5 * (0.25 / n).squareRoot())
    }
  }

  /// Regression: rand in f32 rounded draws within 2^-25 of 1 up to exactly 1.0. With this seed
  /// (found by search) the second double draw is 0.99999999839…
  func testFloatRandStaysBelowOne() throws {
    Random.seed(10_309_825)
    XCTAssertEqual(try Tensor.rand([2]).toArray()[1], 0.99999999839140252, accuracy: 1e-17)
    Random.seed(10_309_825)
    let f = try Tensor.rand([2], dtype: .f32).toArray()
    XCTAssertLessThan(f[1], 1)
    Random.seed(10_309_825)
    let z = try Tensor.rand([1], dtype: .c64).toComplexArray()
    XCTAssertLessThan(z[0].imaginary, 1)
  }

  func testShapesAndErrors() throws {
    XCTAssertEqual(try Tensor.rand([]).shape, [])
    XCTAssertEqual(try Tensor.randn([0, 3]).shape, [0, 3])
    assertThrows("negative size", try Tensor.rand([-1]))
    assertThrows("negative size", try Tensor.randn([2, -2]))
    assertThrows("", try Tensor.randn([1 << 62, 4]))
  }
}
