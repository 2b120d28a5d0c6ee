// Telling file formats apart by their first bytes (not by the extension).

/// The formats `load` understands, recognised by their signature.
public enum FileKind: Equatable {
  case npy, npz, hdf5, matlab5, safetensors, torch, unknown

  /// The kind of the file at `path` (an unreadable file is an error naming it).
  public static func detect(path: String) throws -> FileKind {
    let file = try MappedFile(path)
    let b = file.bytes
    if b.starts(with: NPY.magic) { return .npy }
    if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) || b.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
      // torch.save's zip holds `<name>/data.pkl`; any other zip is read as an .npz.
      let names = (try? ZipReader.entries(b).map(\.name)) ?? []
      return names.contains { $0.hasSuffix("/data.pkl") || $0 == "data.pkl" } ? .torch : .npz
    }
    // The legacy torch.save format starts with a pickled magic number.
    if b.starts(with: [0x80, 0x02, 0x8A, 0x0A]) { return .torch }
    if Safetensors.looksLikeSafetensors(b) { return .safetensors }
    if HDF5.looksLikeHDF5(b) { return .hdf5 }
    if HDF5.looksLikeMATLAB(b) { return .matlab5 }
    return .unknown
  }
}
