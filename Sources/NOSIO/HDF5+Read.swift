// Reading an HDF5 dataset (or a slab of its rows) into a tensor.
import CHDF5
import NOSTensor

extension HDF5 {
  /// Reads dataset `did` (lock held). `shape` is the loaded shape (reversed for MATLAB);
  /// `rows` picks a range of its first axis, which for MATLAB is the file's last axis.
  static func readData(_ did: hid_t, shape: [Int], type: H5ElementType, matlab: Bool,
                       rows: Range<Int>?, path: String, name: String) throws -> Tensor {
    var loaded = shape
    if let rows {
      guard let first = shape.first else {
        throw IOError.load(path, "rows= needs a dataset with axes; \"\(name)\" is a scalar")
      }
      let lo = min(rows.lowerBound, first), hi = min(rows.upperBound, first)
      loaded[0] = hi - lo
    }
    // The file's axis order: reversed back for MATLAB.
    let fileShape = matlab ? Array(loaded.reversed()) : loaded
    var t = try Tensor(uninitialized: fileShape, dtype: type.dtype)
    let fileSpace = nos_H5Dget_space(did)
    guard fileSpace >= 0 else { throw IOError.load(path, "unreadable dataspace") }
    defer { nos_H5Sclose(fileSpace) }
    if let rows, let first = shape.first {
      var start = [hsize_t](repeating: 0, count: shape.count)
      let axis = matlab ? shape.count - 1 : 0
      start[axis] = hsize_t(min(rows.lowerBound, first))
      var count = fileShape.map { hsize_t($0) }
      guard nos_H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &count, nil) >= 0 else {
        throw IOError.load(path, "cannot select rows of \"\(name)\"")
      }
    }
    let memSpace: hid_t
    if fileShape.isEmpty {
      memSpace = nos_H5Screate(H5S_SCALAR)
    } else {
      var dims = fileShape.map { hsize_t($0) }
      memSpace = nos_H5Screate_simple(Int32(dims.count), &dims, nil)
    }
    defer { nos_H5Sclose(memSpace) }
    let memType = type.memoryType()
    defer { nos_H5Tclose(memType) }
    if t.count > 0 {
      let buffer = t.storage.raw + t.offset * t.dtype.size
      let status = nos_H5Dread(did, memType, memSpace, fileSpace, 0, buffer)
      guard status >= 0 else {
        throw IOError.load(path, "cannot read dataset \"\(name)\" (corrupt data or an "
          + "unsupported \(type.name) type)")
      }
    }
    if type.isUInt64 {
      let p = t.memory(as: UInt64.self)
      for i in 0..<t.count where p[i] > UInt64(Int64.max) {
        throw IOError.load(path, "dataset \"\(name)\" holds the uint64 value \(p[i]), beyond "
          + "i64's range (integers load as i64)")
      }
    }
    if matlab && t.ndim > 1 {
      t = try t.permuted(Array((0..<t.ndim).reversed())).copied()
    }
    return type.isBool ? try t.astype(.bool) : t
  }
}
