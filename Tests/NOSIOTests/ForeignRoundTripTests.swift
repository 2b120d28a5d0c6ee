// Round trips with scipy.io, safetensors and torch (skipped, saying so, when python3 lacks
// them): files they write load in nos equal to raw copies; files nos writes load in them.
import Foundation
import NOSTensor
import XCTest

@testable import NOSIO

final class ForeignRoundTripTests: XCTestCase {
  /// Random arrays through savemat (plain and compressed) against raw little-endian copies.
  func testNosReadsScipySavemat() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let script = """
      import numpy as np, scipy.io
      rng = np.random.default_rng(3)
      d = '\(dir.path)'
      arrays = {'f8': rng.normal(size=(4, 5, 3)), 'f4': rng.normal(size=(3, 7)).astype('f4'),
                'i2': rng.integers(-99, 99, size=(6, 2)).astype('i2'),
                'u1': rng.integers(0, 255, size=(1, 9)).astype('u1'),
                'c16': rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)),
                'row': rng.normal(size=(8,))}
      for z in [False, True]:
          scipy.io.savemat(f'{d}/m{int(z)}.mat', arrays, do_compression=z)
      for k, a in arrays.items():
          np.atleast_2d(a).astype('<c16' if a.dtype.kind == 'c' else '<f8').tofile(f'{d}/{k}.bin')
      print('ok')
      """
    guard let r = runPython(script, modules: ["numpy", "scipy"]) else {
      throw XCTSkip("python3 with numpy and scipy is not available")
    }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
    for z in 0...1 {
      for (name, value) in try MATLAB5.read(path: dir.file("m\(z).mat")) {
        guard case .tensor(let t) = value else { return XCTFail("\(name) is not a tensor") }
        let raw = try Data(contentsOf: URL(fileURLWithPath: dir.file(name + ".bin")))
        let want = raw.withUnsafeBytes { b in
          (0..<b.count / 8).map { b.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self) }
        }
        let got = t.dtype.isComplex ? (0..<t.count).flatMap { [t.element($0).re,
                                                              t.element($0).im] } : t.toArray()
        XCTAssertEqual(got.count, want.count, name)
        // MATLAB's integer classes (int16, uint8 here) load as i64.
        XCTAssertEqual(t.dtype == .i64, name == "i2" || name == "u1", name)
        for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: t.dtype == .f32 ? 1e-6 : 0) }
      }
    }
  }

  func testSafetensorsLibraryAgrees() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let a = try Tensor((0..<12).map { Double($0) * 0.25 - 1 }, shape: [3, 4], dtype: .f32)
    let b = try Tensor((0..<5).map { Double($0) / 3 }, shape: [5])
    let k = try Tensor(int64: [-(1 << 62), 3, 1 << 53 + 1], shape: [3])  // exact past 2^53
    try Safetensors.write(path: dir.file("nos.safetensors"), arrays: [("a", a), ("b", b), ("k", k)],
                          metadata: ["format": "pt"])
    let script = """
      import numpy as np
      from safetensors.numpy import load_file, save_file
      d = '\(dir.path)'
      x = load_file(f'{d}/nos.safetensors')
      assert x['a'].dtype == np.float32 and x['a'].shape == (3, 4)
      assert np.array_equal(x['a'].ravel(), (np.arange(12) * 0.25 - 1).astype('f4'))
      assert np.array_equal(x['b'], np.arange(5) / 3)
      assert x['k'].dtype == np.int64 and x['k'].tolist() == [-(1 << 62), 3, (1 << 53) + 1]
      save_file({'h': np.array([1, -2, 0.5], 'f2'), 'u': np.arange(4, dtype='u2'),
                 'i': np.array([2**62 + 1, -5], 'i8'),
                 'w': np.arange(6, dtype='f8').reshape(2, 3) / 7}, f'{d}/lib.safetensors')
      print('ok')
      """
    guard let r = runPython(script, modules: ["numpy", "safetensors"]) else {
      throw XCTSkip("python3 with numpy and safetensors is not available")
    }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
    let lib = Dictionary(try Safetensors.read(path: dir.file("lib.safetensors")).map {
      ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    XCTAssertEqual(lib["h"]?.toArray(), [1, -2, 0.5])
    XCTAssertEqual(lib["u"]?.toArray(), [0, 1, 2, 3])
    XCTAssertEqual(lib["u"]?.dtype, .i64)
    XCTAssertEqual(lib["i"]?.toInt64Array(), [(1 << 62) + 1, -5])
    XCTAssertEqual(lib["w"]?.toArray(), (0..<6).map { Double($0) / 7 })
  }

  /// torch.load(weights_only=True) reads what nos writes; nos reads torch.save's dicts,
  /// lists and tuples, including non-contiguous views and complex tensors.
  func testTorchAgrees() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let w = try Tensor((0..<6).map { Double($0) / 3 }, shape: [2, 3], dtype: .f32)
    let z = try Tensor(complex: [.init(1, 2), .init(-3, 0.5)], shape: [2], dtype: .c64)
    let k = try Tensor(int64: [(1 << 53) + 1, -7], shape: [2])
    try TorchFile.write(path: dir.file("nos.pt"), arrays: [("w", w), ("z", z), ("k", k)])
    let script = """
      import torch
      d = '\(dir.path)'
      x = torch.load(f'{d}/nos.pt', weights_only=True)
      assert list(x) == ['w', 'z', 'k']
      assert x['k'].dtype == torch.int64 and x['k'].tolist() == [(1 << 53) + 1, -7]
      assert torch.equal(x['w'], (torch.arange(6, dtype=torch.float32) / 3).reshape(2, 3))
      assert torch.equal(x['z'], torch.tensor([1 + 2j, -3 + 0.5j], dtype=torch.complex64))
      g = torch.Generator().manual_seed(5)
      a = torch.randn(5, 4, 3, generator=g, dtype=torch.float64)
      i = torch.tensor([[2**62 + 3, -1], [5, 6]])
      torch.save([a.permute(2, 0, 1)[:, 1:4], (a[0, :, ::2], i.t())], f'{d}/torch.pt')
      a.permute(2, 0, 1)[:, 1:4].contiguous().numpy().tofile(f'{d}/p.bin')
      a[0, :, ::2].contiguous().numpy().tofile(f'{d}/s.bin')
      print('ok')
      """
    guard let r = runPython(script, modules: ["torch"]) else {
      throw XCTSkip("python3 with torch is not available")
    }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
    guard case .list(let l) = try TorchFile.read(path: dir.file("torch.pt")),
      case .tensor(let p) = l.items[0], case .tuple(let tup) = l.items[1],
      case .tensor(let s) = tup[0], case .tensor(let i) = tup[1]
    else { return XCTFail("unexpected structure") }
    // torch's int64 (a transposed view) loads as i64, exactly.
    XCTAssertEqual(i.dtype, .i64)
    XCTAssertEqual(i.toInt64Array(), [(1 << 62) + 3, 5, -1, 6])
    XCTAssertEqual(p.shape, [3, 3, 4])
    XCTAssertEqual(s.shape, [4, 2])
    for (t, file) in [(p, "p.bin"), (s, "s.bin")] {
      let raw = try Data(contentsOf: URL(fileURLWithPath: dir.file(file)))
      let want = raw.withUnsafeBytes { b in
        (0..<b.count / 8).map { b.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self) }
      }
      XCTAssertEqual(t.toArray(), want, file)
    }
  }
}
