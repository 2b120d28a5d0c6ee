// Round trips with NumPy and h5py when python3 has them (skipped otherwise): files nos
// writes load in numpy.load; files NumPy and h5py write load in nos, compared with raw
// little-endian copies of the same values.
import Foundation
import NOSTensor
import Numerics
import XCTest

@testable import NOSIO

final class PythonRoundTripTests: XCTestCase {
  func testNumPyLoadsWhatNosWrites() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let n = 24
    let values = (0..<n).map { Double($0) * 0.37 - 4 }
    let z = zip(values, values.reversed()).map { Complex($0, $1) }
    for dtype in DType.allCases {
      let t = dtype.isComplex ? try Tensor(complex: z, shape: [2, 3, 4], dtype: dtype)
        : try Tensor(values, shape: [2, 3, 4], dtype: dtype)
      try NPY.write(t, path: dir.file("\(dtype).npy"))
    }
    let a = try Tensor(values, shape: [4, 6])
    try NPZ.write(path: dir.file("s.npz"), arrays: [("a", a), ("b", Tensor(1.5))])
    try NPZ.write(path: dir.file("c.npz"), arrays: [("a", a), ("b", Tensor(1.5))],
                  compressed: true)
    try NPZ.write(path: dir.file("z.npz"), arrays: [("a", a), ("b", Tensor(1.5))], texts: [],
                  compressed: true, forceZip64: true)
    try ModelFile.write(path: dir.file("m.nosm"), arrays: [("w", a)], json: "{\"k\": 1}",
                        format: 1)
    let script = """
      import numpy as np
      d = '\(dir.path)'
      v = np.arange(24) * 0.37 - 4
      for name, dt in [('f64', '<f8'), ('f32', '<f4'), ('c128', '<c16'), ('c64', '<c8'),
                       ('bool', '|b1'), ('i64', '<i8')]:
          x = np.load(f'{d}/{name}.npy')
          want = (v + 1j * v[::-1]) if dt[1] == 'c' else v
          assert x.dtype == np.dtype(dt) and x.shape == (2, 3, 4), (name, x.dtype, x.shape)
          assert np.array_equal(x.ravel(), want.astype(dt)), name
      for f in ['s', 'c', 'z']:
          z = np.load(f'{d}/{f}.npz')
          assert sorted(z.files) == ['a', 'b'], z.files
          assert np.array_equal(z['a'], v.reshape(4, 6)) and z['b'] == 1.5 and z['b'].shape == ()
      m = np.load(f'{d}/m.nosm')
      assert np.array_equal(m['w'], v.reshape(4, 6))
      print('ok')
      """
    guard let r = runPython(script, modules: ["numpy"]) else {
      throw XCTSkip("python3 with numpy is not available")
    }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
  }

  func testH5pyReadsWhatNosWrites() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let values = (0..<24).map { Double($0) * 0.37 - 4 }
    let z = zip(values, values.reversed()).map { Complex($0, $1) }
    var fields: [(name: String, node: HDF5.Node)] = []
    for dtype in DType.allCases {
      let t = dtype.isComplex ? try Tensor(complex: z, shape: [2, 3, 4], dtype: dtype)
        : try Tensor(values, shape: [2, 3, 4], dtype: dtype)
      fields.append(("\(dtype)", .dataset(t)))
    }
    let inner: [(name: String, node: HDF5.Node)] = [
      ("s", .dataset(Tensor(1.5))), ("empty", .dataset(try Tensor([], shape: [0, 3]))),
      ("deeper", .group([("w", .dataset(try Tensor(values, shape: [24], dtype: .f32)))])),
    ]
    fields.append(("group", .group(inner)))
    try HDF5.write(path: dir.file("w.h5"), root: fields)
    // nos reads its own file back too.
    XCTAssertEqual(try HDF5.read(path: dir.file("w.h5"), dataset: "group/deeper/w").shape, [24])
    let script = """
      import h5py, numpy as np
      v = np.arange(24) * 0.37 - 4
      with h5py.File('\(dir.path)/w.h5', 'r') as f:
          for name, dt in [('f64', '<f8'), ('f32', '<f4'), ('c128', '<c16'), ('c64', '<c8'),
                           ('bool', '|b1'), ('i64', '<i8')]:
              x = f[name][()]
              want = (v + 1j * v[::-1]) if dt[1] == 'c' else v
              assert x.dtype == np.dtype(dt) and x.shape == (2, 3, 4), (name, x.dtype, x.shape)
              assert np.array_equal(x.ravel(), want.astype(dt)), name
          assert f['group/s'][()] == 1.5 and f['group/s'].shape == ()
          assert f['group/empty'].shape == (0, 3)
          assert f['group/deeper/w'].dtype == np.float32
          assert np.array_equal(f['group/deeper/w'][()], v.astype(np.float32))
          assert sorted(f.keys()) == ['bool', 'c128', 'c64', 'f32', 'f64', 'group', 'i64'], list(f)
      print('ok')
      """
    guard let r = runPython(script, modules: ["numpy", "h5py"]) else {
      throw XCTSkip("python3 with numpy and h5py is not available")
    }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
  }

  func testNosLoadsWhatNumPyAndH5pyWrite() throws {
    let dir = try TempFolder()
    defer { dir.cleanup() }
    let script = """
      import numpy as np
      rng = np.random.default_rng(7)
      d = '\(dir.path)'
      names = []
      for dt in ['<f8', '>f8', '<f4', '>f4', '<c16', '>c16', '<c8', '>c8', '<i8', '>i8', '<i4',
                 '>i2', '|i1', '<u8', '>u4', '<u2', '|u1', '|b1']:
          for order in 'CF':
              a = rng.normal(size=(3, 4, 5)) * 100
              if dt[1] == 'u':
                  a = np.abs(a)
              if dt[1] == 'c':
                  a = a + 1j * rng.normal(size=(3, 4, 5))
              a = np.require(a.astype(dt), requirements=order)
              name = dt[1:] + ('be' if dt[0] == '>' else '') + order
              np.save(f'{d}/{name}.npy', a)
              ref = a.astype('<c16' if dt[1] == 'c' else '<f8')
              ref.tofile(f'{d}/{name}.bin')
              names.append(name)
      a, b = rng.normal(size=(6, 7)), rng.integers(-9, 9, size=(5,))
      np.savez(f'{d}/s.npz', a=a, b=b)
      np.savez(f'{d}/u.npz', ok=np.array([2**63 - 1], '<u8'), big=np.array([1, 2**63], '<u8'))
      np.savez_compressed(f'{d}/c.npz', a=a, b=b)
      a.astype('<f8').tofile(f'{d}/a.bin')
      b.astype('<f8').tofile(f'{d}/b.bin')
      try:
          import h5py
          with h5py.File(f'{d}/h.h5', 'w') as f:
              u = rng.normal(size=(40, 16)).astype(np.float32)
              f.create_dataset('g/u', data=u, chunks=(8, 16), compression='gzip')
              u.astype('<f8')[5:13].tofile(f'{d}/u.bin')
              f.create_dataset('m', data=u > 0)
              (u > 0).astype('<f8').tofile(f'{d}/m.bin')
          print('h5py')
      except ImportError:
          pass
      print(' '.join(names))
      """
    guard let r = runPython(script, modules: ["numpy"]), r.status == 0 else {
      throw XCTSkip("python3 with numpy is not available")
    }
    let lines = r.output.split(separator: "\n").map(String.init)
    for name in lines.last?.split(separator: " ").map(String.init) ?? [] {
      let t = try NPY.read(path: dir.file(name + ".npy"))
      XCTAssertEqual(t.shape, [3, 4, 5], name)
      XCTAssertEqual(t.dtype == .bool, name.hasPrefix("b1"), name)
      // Integers of every width and sign load as i64 (NumPy's int64), exactly.
      XCTAssertEqual(t.dtype == .i64, name.hasPrefix("i") || name.hasPrefix("u"), name)
      try assertSame(t, raw: dir.file(name + ".bin"), complex: name.hasPrefix("c"), name)
    }
    // A uint64 within i64's range loads exactly; one beyond it is an error naming the member.
    XCTAssertEqual(try NPZ.read(path: dir.file("u.npz"), array: "ok").intElement(0), Int64.max)
    assertIOError(["member \"big.npy\"", "9223372036854775808", "beyond i64"]) {
      _ = try NPZ.read(path: dir.file("u.npz"), array: "big")
    }
    for f in ["s", "c"] {
      let z = try NPZ.read(path: dir.file(f + ".npz"))
      try assertSame(z.arrays[0].tensor, raw: dir.file("a.bin"), complex: false, f)
      try assertSame(z.arrays[1].tensor, raw: dir.file("b.bin"), complex: false, f)
    }
    if lines.contains("h5py") {
      let u = try HDF5.read(path: dir.file("h.h5"), dataset: "g/u", rows: 5..<13)
      XCTAssertEqual(u.shape, [8, 16])
      try assertSame(u, raw: dir.file("u.bin"), complex: false, "h5 slab")
      // h5py stores bool as an enum of FALSE and TRUE; it loads as a bool tensor.
      let m = try HDF5.read(path: dir.file("h.h5"), dataset: "m")
      XCTAssertEqual(m.dtype, .bool)
      try assertSame(m, raw: dir.file("m.bin"), complex: false, "h5 bool")
    }
  }

  private func assertSame(_ t: Tensor, raw path: String, complex: Bool, _ what: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let doubles = data.withUnsafeBytes { b in
      (0..<data.count / 8).map { b.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self) }
    }
    if complex {
      let z = t.toComplexArray()
      XCTAssertEqual(z.flatMap { [$0.re, $0.im] }, doubles, what)
    } else {
      XCTAssertEqual(t.toArray(), doubles, what)
    }
  }
}
