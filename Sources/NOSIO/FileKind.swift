// Telling file formats apart by their first bytes (not by the extension).

/// The formats `load` understands, recognised by their signature.
public enum FileKind: Equatable {
  case npy, npz, hdf5, matlab5, unknown

  /// The kind of the file at `path` (an unreadable file is an error naming it).
  public static func detect(path: String) throws -> FileKind {
    let file = try MappedFile(path)
    let b = file.bytes
    if b.starts(with: NPY.magic) { return .npy }
    if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) || b.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
      return .npz
    }
    if HDF5.looksLikeHDF5(b) { return .hdf5 }
    if HDF5.looksLikeMATLAB(b) { return .matlab5 }
    return .unknown
  }
}
