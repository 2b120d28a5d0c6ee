// HDF5 data sets through libhdf5: listing a file, reading a dataset or a slab of its rows,
// MATLAB v7.3 .mat files (HDF5 with axes reversed).
import CHDF5
import Foundation
import NOSTensor

/// Reads HDF5 files (also MATLAB v7.3 `.mat` files, which are HDF5 inside).
///
/// MATLAB stores arrays column-major, so an `m × n` MATLAB array is an HDF5 dataset of
/// shape `[n, m]`; nos reverses the axes of every dataset in a MATLAB file, giving the
/// shape `scipy.io.loadmat` would (`[m, n]`).
public enum HDF5 {
  /// One group or dataset in a file.
  public struct Entry: Equatable {
    /// Path from the root, such as `/fields/u`.
    public var path: String
    public var isGroup: Bool
    /// Shape as `read` returns it (empty for groups).
    public var shape: [Int]
    /// Type name in the file (`f64`, `i32`, `c128`, `string`, ...), empty for groups.
    public var dtype: String
  }

  /// libhdf5 (serial build) is not thread-safe: every call goes through this lock.
  static let lock = NSLock()
  nonisolated(unsafe) static var ready = false  // safe: read and written only under `lock`

  /// True when `bytes` start like an HDF5 file (signature at 0, 512, 1024 or 2048).
  static func looksLikeHDF5(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let sig: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    return [0, 512, 1024, 2048].contains { at in
      at + 8 <= bytes.count && bytes[at..<at + 8].elementsEqual(sig)
    }
  }

  /// True when `bytes` start with a MATLAB file header.
  static func looksLikeMATLAB(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.count >= 6 && bytes[0..<6].elementsEqual(Array("MATLAB".utf8))
  }

  /// Every group and dataset of `path`, in name order.
  public static func list(path: String) throws -> [Entry] {
    try withFile(path) { fid, matlab in
      final class Names { var list: [String] = [] }
      let names = Names()
      let visit: H5L_iterate_t = { _, name, _, data in
        guard let name, let data else { return 0 }
        let names = Unmanaged<Names>.fromOpaque(data).takeUnretainedValue()
        names.list.append(String(cString: name))
        return 0
      }
      let context = Unmanaged.passUnretained(names).toOpaque()
      _ = nos_H5Lvisit(fid, H5_INDEX_NAME, H5_ITER_INC, visit, context)
      return names.list.compactMap { name -> Entry? in
        let o = nos_H5Oopen(fid, name, H5P_DEFAULT_ID)
        guard o >= 0 else { return nil }
        defer { nos_H5Oclose(o) }
        switch nos_H5Iget_type(o) {
        case H5I_GROUP: return Entry(path: "/" + name, isGroup: true, shape: [], dtype: "")
        case H5I_DATASET:
          guard let (shape, type) = try? describe(o, matlab: matlab) else { return nil }
          return Entry(path: "/" + name, isGroup: false, shape: shape, dtype: type.name)
        default: return nil
        }
      }
    }
  }

  /// Reads dataset `name` of `path`; `rows` selects a range along the first axis (of the
  /// loaded shape) and reads only that part of the file.
  public static func read(path: String, dataset name: String, rows: Range<Int>? = nil) throws
    -> Tensor
  {
    try withFile(path) { fid, matlab in
      let did = try open(fid, name, path: path)
      defer { nos_H5Dclose(did) }
      let (shape, type) = try describe(did, matlab: matlab)
      if let why = type.unsupported {
        throw IOError.load(path, "dataset \"\(name)\" holds \(why), which nos cannot load")
      }
      return try naming(path) {
        try readData(did, shape: shape, type: type, matlab: matlab, rows: rows, path: path,
                     name: name)
      }
    }
  }

  /// Opens `path` with errors silenced, runs `body` with the file id under the lock.
  static func withFile<R>(_ path: String, _ body: (hid_t, Bool) throws -> R) throws -> R {
    let head = try MappedFile(path)
    guard looksLikeHDF5(head.bytes) else {
      if looksLikeMATLAB(head.bytes) {
        throw IOError.load(path, "a MATLAB file older than v7.3; nos reads v7.3 (HDF5) .mat "
          + "files: save with -v7.3 in MATLAB")
      }
      throw IOError.load(path, "not an HDF5 file (wrong signature)")
    }
    let matlab = looksLikeMATLAB(head.bytes)
    lock.lock()
    defer { lock.unlock() }
    guard start() else {
      throw IOError.load(path, "HDF5 support needs libhdf5 (Debian package libhdf5-103-1)")
    }
    let fid = nos_H5Fopen(path, 0, H5P_DEFAULT_ID)
    guard fid >= 0 else { throw IOError.load(path, "corrupt HDF5 file (libhdf5 cannot open it)") }
    defer { nos_H5Fclose(fid) }
    return try body(fid, matlab)
  }

  static let H5P_DEFAULT_ID: hid_t = 0

  /// Loads and initialises libhdf5 once, its error printing off (call with `lock` held).
  /// False when the library is missing.
  static func start() -> Bool {
    if ready { return true }
    guard nos_hdf5_available() != 0 else { return false }
    nos_H5open()
    nos_H5Eset_auto2(0, nil, nil)
    ready = true
    return true
  }

  private static func open(_ fid: hid_t, _ name: String, path: String) throws -> hid_t {
    let exists = !name.isEmpty && nos_H5Lexists(fid, name, H5P_DEFAULT_ID) > 0
    let o = exists ? nos_H5Oopen(fid, name, H5P_DEFAULT_ID) : -1
    guard o >= 0 else {
      let all = ((try? list(fid: fid)) ?? []).prefix(12).joined(separator: ", ")
      let known = all.isEmpty ? "" : " (datasets: \(all))"
      throw IOError.load(path, "no dataset \"\(name)\"" + known)
    }
    guard nos_H5Iget_type(o) == H5I_DATASET else {
      nos_H5Oclose(o)
      throw IOError.load(path, "\"\(name)\" is a group, not a dataset")
    }
    return o
  }

  /// Dataset paths, for messages (called with the lock held).
  private static func list(fid: hid_t) throws -> [String] {
    final class Names { var list: [String] = [] }
    let names = Names()
    let visit: H5L_iterate_t = { g, name, _, data in
      guard let name, let data else { return 0 }
      let o = nos_H5Oopen(g, name, 0)
      if o >= 0 {
        if nos_H5Iget_type(o) == H5I_DATASET {
          Unmanaged<Names>.fromOpaque(data).takeUnretainedValue().list.append(String(cString: name))
        }
        nos_H5Oclose(o)
      }
      return 0
    }
    let context = Unmanaged.passUnretained(names).toOpaque()
    _ = nos_H5Lvisit(fid, H5_INDEX_NAME, H5_ITER_INC, visit, context)
    return names.list
  }

  /// The loaded shape and element type of dataset `did`.
  static func describe(_ did: hid_t, matlab: Bool) throws -> ([Int], H5ElementType) {
    let space = nos_H5Dget_space(did)
    guard space >= 0 else { throw Malformed("unreadable dataspace") }
    defer { nos_H5Sclose(space) }
    let ndim = Int(nos_H5Sget_simple_extent_ndims(space))
    guard ndim >= 0, ndim <= 32 else { throw Malformed("bad dataspace") }
    var dims = [hsize_t](repeating: 0, count: ndim)
    guard nos_H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { throw Malformed("bad dims") }
    var shape = try dims.map { d -> Int in
      guard let n = Int(exactly: d) else { throw Malformed("absurd shape") }
      return n
    }
    if matlab { shape.reverse() }
    let t = nos_H5Dget_type(did)
    guard t >= 0 else { throw Malformed("unreadable type") }
    defer { nos_H5Tclose(t) }
    return (shape, H5ElementType(t))
  }
}
