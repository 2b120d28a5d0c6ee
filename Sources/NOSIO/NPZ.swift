// NumPy .npz archives (zip files of .npy members) and nos model files built on them.
import NOSTensor

/// Reads and writes `.npz` archives as `numpy.savez` / `numpy.savez_compressed` do: a zip
/// file whose member `name.npy` holds array `name`. Members that are not `.npy` files
/// (such as a JSON document) are kept as text.
public enum NPZ {
  /// The contents of an archive, in archive order.
  public struct Contents {
    public var arrays: [(name: String, tensor: Tensor)] = []
    /// Members that are not arrays, decoded as UTF-8 text.
    public var texts: [(name: String, text: String)] = []
    public init() {}
  }

  /// Loads every member of `path`.
  public static func read(path: String) throws -> Contents {
    let file = try MappedFile(path)
    return try naming(path) {
      var out = Contents()
      for e in try ZipReader.entries(file.bytes) {
        try ZipReader.withData(e, in: file.bytes) { data in
          if data.starts(with: NPY.magic) {
            out.arrays.append((arrayName(e.name), try member(e.name) { try NPY.decode(data) }))
          } else {
            out.texts.append((e.name, String(decoding: data, as: UTF8.self)))
          }
        }
      }
      return out
    }
  }

  /// Loads one array (`name`, with or without `.npy`), optionally a range of its rows.
  public static func read(path: String, array name: String, rows: Range<Int>? = nil) throws
    -> Tensor
  {
    let file = try MappedFile(path)
    return try naming(path) {
      let entries = try ZipReader.entries(file.bytes)
      guard let e = entries.first(where: { $0.name == name || arrayName($0.name) == name }) else {
        let names = entries.map { arrayName($0.name) }.joined(separator: ", ")
        throw Malformed("no array \"\(name)\" (it holds: \(names))")
      }
      return try ZipReader.withData(e, in: file.bytes) { data in
        try member(e.name) { try NPY.decode(data, rows: rows) }
      }
    }
  }

  /// The names of the members of `path` (arrays without their `.npy`).
  public static func names(path: String) throws -> [String] {
    let file = try MappedFile(path)
    return try naming(path) { try ZipReader.entries(file.bytes).map { arrayName($0.name) } }
  }

  /// Writes `arrays` (each as `name.npy`) and `texts` to `path` atomically; `compressed`
  /// deflates every member as `numpy.savez_compressed` does.
  public static func write(path: String, arrays: [(name: String, tensor: Tensor)],
                           texts: [(name: String, text: String)] = [],
                           compressed: Bool = false) throws {
    try write(path: path, arrays: arrays, texts: texts, compressed: compressed,
              forceZip64: false)
  }

  static func write(path: String, arrays: [(name: String, tensor: Tensor)],
                    texts: [(name: String, text: String)], compressed: Bool,
                    forceZip64: Bool) throws {
    var seen = Set<String>()
    for name in arrays.map(\.name) + texts.map(\.name) {
      guard !name.isEmpty else { throw IOError.save(path, "an array name is empty") }
      guard seen.insert(name).inserted else {
        throw IOError.save(path, "two members are named \"\(name)\"")
      }
    }
    let tensors = try arrays.map { try $0.tensor.contiguous() }
    try AtomicFile.write(path) { sink in
      var zip = ZipWriter(sink: sink, forceZip64: forceZip64)
      for (i, t) in tensors.enumerated() {
        let header = NPY.header(for: t)
        try header.withUnsafeBytes { h in
          try NPY.withBytes(t) { data in
            try zip.add(name: arrays[i].name + ".npy", parts: [h, data], compress: compressed)
          }
        }
      }
      for (name, text) in texts {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { try zip.add(name: name, parts: [$0], compress: compressed) }
      }
      try zip.finish()
    }
  }

  static func arrayName(_ member: String) -> String {
    member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
  }

  private static func member<T>(_ name: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let m as Malformed {
      throw Malformed("member \"\(name)\": " + m.problem)
    }
  }
}
