// HDF5 element types: what a dataset's type loads as, its name in listings, memory types.
import CHDF5
import NOSTensor

/// How one HDF5 dataset type is read into a tensor.
struct H5ElementType {
  /// The dtype of the loaded tensor.
  var dtype: DType
  /// A short name of the type in the file (`f32`, `i64`, `c128`, `string`, ...).
  var name: String
  /// Why it cannot be loaded, when it cannot.
  var unsupported: String?
  /// For complex compounds, the two member names (`r`/`i` from h5py, `real`/`imag` from
  /// MATLAB).
  var parts: (String, String)?
  /// h5py's bool (an enum of FALSE = 0 and TRUE = 1): read as numbers, loaded as bool.
  var isBool = false
  /// A uint64 dataset: read as unsigned and checked to fit i64.
  var isUInt64 = false

  /// Describes the file type `t` (an open type id).
  init(_ t: hid_t) {
    dtype = .f64
    unsupported = nil
    parts = nil
    let size = nos_H5Tget_size(t)
    let cls = nos_H5Tget_class(t)
    switch cls {
    case H5T_FLOAT:
      dtype = size <= 4 ? .f32 : .f64
      name = "f\(size * 8)"
    case H5T_INTEGER:  // every integer type loads as i64 (NumPy's int64)
      dtype = .i64
      name = (nos_H5Tget_sign(t) == H5T_SGN_NONE ? "u" : "i") + "\(size * 8)"
      isUInt64 = name == "u64"
    case H5T_ENUM:
      isBool = H5ElementType.isBoolEnum(t)
      name = isBool ? "bool" : "enum"
    case H5T_COMPOUND:
      if let p = H5ElementType.complexParts(t) {
        dtype = size <= 8 ? .c64 : .c128
        name = dtype.rawValue
        parts = p
      } else {
        name = "compound"
        unsupported = "a compound type other than complex"
      }
    case H5T_STRING: name = "string"; unsupported = "strings"
    case H5T_REFERENCE: name = "reference"; unsupported = "references (MATLAB cells)"
    case H5T_ARRAY: name = "array"; unsupported = "array elements"
    case H5T_VLEN: name = "vlen"; unsupported = "variable-length elements"
    default: name = "opaque"; unsupported = "opaque or bitfield elements"
    }
  }

  /// True for an enum whose two members are named FALSE and TRUE (how h5py stores bool).
  private static func isBoolEnum(_ t: hid_t) -> Bool {
    guard nos_H5Tget_nmembers(t) == 2 else { return false }
    var names: [String] = []
    for i: UInt32 in 0..<2 {
      guard let c = nos_H5Tget_member_name(t, i) else { return false }
      names.append(String(cString: c))
      nos_H5free_memory(c)
    }
    return names == ["FALSE", "TRUE"]
  }

  /// The member names of a two-float compound (a complex number), else nil.
  private static func complexParts(_ t: hid_t) -> (String, String)? {
    guard nos_H5Tget_nmembers(t) == 2 else { return nil }
    var names: [String] = []
    for i: UInt32 in 0..<2 {
      let m = nos_H5Tget_member_type(t, i)
      defer { if m >= 0 { nos_H5Tclose(m) } }
      guard m >= 0, nos_H5Tget_class(m) == H5T_FLOAT, let c = nos_H5Tget_member_name(t, i) else {
        return nil
      }
      names.append(String(cString: c))
      nos_H5free_memory(c)
    }
    let known: Set<[String]> = [["r", "i"], ["real", "imag"], ["re", "im"], ["Re", "Im"]]
    guard known.contains(names) else { return nil }
    return (names[0], names[1])
  }

  /// A memory type for reading into a tensor of `dtype` (caller closes it).
  func memoryType() -> hid_t {
    if dtype == .i64 {
      return nos_H5Tcopy(isUInt64 ? nos_H5T_NATIVE_UINT64() : nos_H5T_NATIVE_INT64())
    }
    let real = dtype.isDouble ? nos_H5T_NATIVE_DOUBLE() : nos_H5T_NATIVE_FLOAT()
    guard let parts else { return nos_H5Tcopy(real) }
    let half = dtype.isDouble ? 8 : 4
    let t = nos_H5Tcreate(H5T_COMPOUND, 2 * half)
    nos_H5Tinsert(t, parts.0, 0, real)
    nos_H5Tinsert(t, parts.1, half, real)
    return t
  }
}
