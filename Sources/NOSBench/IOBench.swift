// The "io" suite of nos-bench: .npy/.npz/CSV writes and reads, HDF5 reads (whole and a slab).
import Foundation
import NOSIO
import NOSTensor

func ioSuite(runs: Int) throws {
  Random.seed(0)
  let dir = NSTemporaryDirectory() + "nos-bench-io-\(getpid())"
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let x = try Tensor.randn([10_000_000])
  report("save npy 1e7 f64", try median(runs: runs) { try NPY.write(x, path: dir + "/x.npy") })
  report("load npy 1e7 f64", try median(runs: runs) { _ = try NPY.read(path: dir + "/x.npy") })
  report("save npz 1e7 f64", try median(runs: runs) {
    try NPZ.write(path: dir + "/x.npz", arrays: [("x", x)])
  })
  report("load npz 1e7 f64", try median(runs: runs) { _ = try NPZ.read(path: dir + "/x.npz") })
  let s = try Tensor.randn([1_000_000])
  report("save npz compressed 1e6 f64", try median(runs: runs) {
    try NPZ.write(path: dir + "/c.npz", arrays: [("s", s)], compressed: true)
  })
  report("load npz compressed 1e6 f64", try median(runs: runs) {
    _ = try NPZ.read(path: dir + "/c.npz")
  })
  let cols: [(name: String, column: CSV.Column)] = try (0..<3).map {
    ("c\($0)", .numbers(try Tensor.randn([100_000]).toArray()))
  }
  report("writecsv 1e5x3", try median(runs: runs) {
    try CSV.write(path: dir + "/t.csv", columns: cols)
  })
  report("readcsv 1e5x3", try median(runs: runs) { _ = try CSV.read(path: dir + "/t.csv") })
  // HDF5 input comes from h5py (nos does not write HDF5); skipped without it.
  let h5 = dir + "/u.h5"
  let make = Process()
  make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  make.arguments = ["python3", "-c", "import h5py, numpy as np; h5py.File('\(h5)', 'w')"
    + "['u'] = np.random.default_rng(0).standard_normal((10000, 1000))"]
  make.standardError = FileHandle.nullDevice
  guard (try? make.run()) != nil else { return }
  make.waitUntilExit()
  guard make.terminationStatus == 0 else { return }
  report("h5 read [10000,1000] f64", try median(runs: runs) {
    _ = try HDF5.read(path: h5, dataset: "u")
  })
  report("h5 rows 5000..5100", try median(runs: runs) {
    _ = try HDF5.read(path: h5, dataset: "u", rows: 5000..<5100)
  })
}
