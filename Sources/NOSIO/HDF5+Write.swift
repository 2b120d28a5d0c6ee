// Writing HDF5 files through libhdf5: records as groups, tensors as datasets with the types
// h5py writes (f32, f64, complex as an {r, i} compound, bool as h5py's FALSE/TRUE enum).
import CHDF5
import NOSTensor

extension HDF5 {
  /// What one name in a written file holds.
  public indirect enum Node {
    case dataset(Tensor)
    case group([(name: String, node: Node)])
  }

  /// Writes `root` (names in order) to `path` as a new HDF5 file, atomically: libhdf5 writes
  /// a temporary file beside it, which is renamed over `path` once complete.
  public static func write(path: String, root: [(name: String, node: Node)]) throws {
    try checkNames(root, path: path, at: "")
    try AtomicFile.write(path, byName: { temp in
      lock.lock()
      defer { lock.unlock() }
      guard start() else {
        throw IOError.save(path, "HDF5 support needs libhdf5 (Debian package libhdf5-103-1)")
      }
      let fid = nos_H5Fcreate(temp, H5F_ACC_TRUNC_FLAG, H5P_DEFAULT_ID, H5P_DEFAULT_ID)
      guard fid >= 0 else { throw IOError.save(path, "libhdf5 cannot create the file") }
      var open = true
      defer { if open { nos_H5Fclose(fid) } }
      try writeGroup(fid, root, path: path, at: "")
      open = false
      guard nos_H5Fclose(fid) >= 0 else { throw IOError.save(path, "libhdf5 could not finish it") }
    })
  }

  /// Names must be non-empty, without "/" (which would nest them), and not "." or "..".
  private static func checkNames(_ items: [(name: String, node: Node)], path: String,
                                 at prefix: String) throws {
    for (name, node) in items {
      guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
        throw IOError.save(path, "the name \"\(prefix + name)\" cannot be an HDF5 name "
          + "(empty, \".\", \"..\" or containing \"/\")")
      }
      if case .group(let inner) = node {
        try checkNames(inner, path: path, at: prefix + name + "/")
      }
    }
  }

  private static func writeGroup(_ loc: hid_t, _ items: [(name: String, node: Node)],
                                 path: String, at prefix: String) throws {
    for (name, node) in items {
      switch node {
      case .group(let inner):
        let g = nos_H5Gcreate2(loc, name, H5P_DEFAULT_ID, H5P_DEFAULT_ID, H5P_DEFAULT_ID)
        guard g >= 0 else { throw IOError.save(path, "libhdf5 cannot make group \(prefix + name)") }
        defer { nos_H5Gclose(g) }
        try writeGroup(g, inner, path: path, at: prefix + name + "/")
      case .dataset(let t):
        try writeDataset(loc, name, try t.contiguous(), path: path, full: prefix + name)
      }
    }
  }

  private static func writeDataset(_ loc: hid_t, _ name: String, _ t: Tensor, path: String,
                                   full: String) throws {
    let dims = t.shape.map { hsize_t($0) }
    let space = dims.isEmpty ? nos_H5Screate(H5S_SCALAR)
      : nos_H5Screate_simple(Int32(dims.count), dims, nil)
    guard space >= 0 else { throw IOError.save(path, "libhdf5 cannot describe \(full)") }
    defer { nos_H5Sclose(space) }
    let type = elementType(t.dtype)
    guard type >= 0 else { throw IOError.save(path, "libhdf5 has no type for \(t.dtype)") }
    defer { nos_H5Tclose(type) }
    let d = nos_H5Dcreate2(loc, name, type, space, H5P_DEFAULT_ID, H5P_DEFAULT_ID, H5P_DEFAULT_ID)
    guard d >= 0 else { throw IOError.save(path, "libhdf5 cannot make dataset \(full)") }
    defer { nos_H5Dclose(d) }
    guard t.count > 0 else { return }
    let status = NPY.withBytes(t) { b in
      nos_H5Dwrite(d, type, H5S_ALL_ID, H5S_ALL_ID, H5P_DEFAULT_ID, b.baseAddress)
    }
    guard status >= 0 else { throw IOError.save(path, "libhdf5 could not write \(full)") }
  }

  static let H5S_ALL_ID: hid_t = 0
  /// H5F_ACC_TRUNC (a macro Swift cannot import): create, replacing any file.
  static let H5F_ACC_TRUNC_FLAG: UInt32 = 0x0002

  /// The type h5py writes for `dtype` (little-endian hosts: native = the file's order).
  static func elementType(_ dtype: DType) -> hid_t {
    switch dtype {
    case .f32: return nos_H5Tcopy(nos_H5T_NATIVE_FLOAT())
    case .f64: return nos_H5Tcopy(nos_H5T_NATIVE_DOUBLE())
    case .i64: return nos_H5Tcopy(nos_H5T_NATIVE_INT64())
    case .c64, .c128:
      let half = dtype == .c128 ? 8 : 4
      let real = dtype == .c128 ? nos_H5T_NATIVE_DOUBLE() : nos_H5T_NATIVE_FLOAT()
      let t = nos_H5Tcreate(H5T_COMPOUND, 2 * half)
      nos_H5Tinsert(t, "r", 0, real)
      nos_H5Tinsert(t, "i", half, real)
      return t
    case .bool:
      let t = nos_H5Tenum_create(nos_H5T_NATIVE_INT8())
      var no: Int8 = 0, yes: Int8 = 1
      nos_H5Tenum_insert(t, "FALSE", &no)
      nos_H5Tenum_insert(t, "TRUE", &yes)
      return t
    }
  }
}
