// Fuzzing: mutated .npy, .npz, HDF5, .mat, .safetensors and .pt files load or fail with an
// IOError, never crash.
import Foundation
import NOSTensor
import NOSTestSupport
import XCTest

@testable import NOSIO

final class FuzzTests: XCTestCase {
  static func mutate(_ bytes: [UInt8], _ g: inout TestRNG) -> [UInt8] {
    var b = bytes
    switch g.int(5) {
    case 0: return Array(b.prefix(g.int(b.count)))
    case 1:
      for _ in 0...g.int(8) where !b.isEmpty { b[g.int(b.count)] = UInt8(g.int(256)) }
    case 2:
      // Header-heavy: most format fields live in the first few hundred bytes.
      for _ in 0...g.int(4) where !b.isEmpty { b[g.int(min(b.count, 400))] ^= 0xFF }
    case 3:
      let at = g.int(b.count)
      b.insert(contentsOf: (0..<1 + g.int(16)).map { _ in UInt8(g.int(256)) }, at: at)
    default:
      // Digits of a header field changed into large numbers.
      for i in b.indices.prefix(300) where b[i] >= 48 && b[i] <= 57 && g.int(6) == 0 {
        b[i] = 57
      }
    }
    return b
  }

  /// Loads `path` the way `load` does, reading every array or dataset.
  static func loadAll(_ path: String) throws {
    switch try FileKind.detect(path: path) {
    case .npy: _ = try NPY.read(path: path)
    case .npz: _ = try NPZ.read(path: path)
    case .hdf5:
      for e in try HDF5.list(path: path) where !e.isGroup {
        _ = try? HDF5.read(path: path, dataset: e.path, rows: 0..<2)
        _ = try HDF5.read(path: path, dataset: e.path)
      }
    case .matlab5: _ = try MATLAB5.read(path: path)
    case .safetensors: _ = try Safetensors.read(path: path)
    case .torch: _ = try TorchFile.read(path: path)
    default: throw IOError("unknown")
    }
  }

  func run(_ fixtures: [String], iterations: Int, seed: UInt64) throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    var g = TestRNG(state: seed)
    var loaded = 0, refused = 0
    for name in fixtures {
      let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path(name))))
      let path = dir.file("fuzz-" + name)
      for _ in 0..<iterations {
        let bytes = Self.mutate(original, &g)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
          try Self.loadAll(path)
          loaded += 1
        } catch is IOError {
          refused += 1
        } catch {
          XCTFail("\(name): not an IOError: \(error)")
        }
      }
    }
    XCTAssertGreaterThan(refused, 0)
    XCTAssertGreaterThan(loaded, 0)
  }

  func testMutatedNPY() throws {
    try run(["f8_le.npy", "c16_be.npy", "fortran.npy", "i2_le.npy"], iterations: 500, seed: 1)
  }

  func testMutatedNPZ() throws {
    try run(["stored.npz", "deflated.npz"], iterations: 800, seed: 2)
  }

  func testMutatedHDF5() throws {
    try run(["data.h5", "coeff.mat"], iterations: 400, seed: 3)
  }

  func testMutatedForeignFormats() throws {
    try run(["v5.mat", "v5z.mat"], iterations: 500, seed: 4)
    try run(["small.safetensors"], iterations: 500, seed: 5)
    try run(["dict.pt", "sequential.pt"], iterations: 400, seed: 6)
    try run(["pdebench_1d.hdf5"], iterations: 300, seed: 7)
  }
}
