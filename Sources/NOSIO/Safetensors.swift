// Hugging Face .safetensors files: a JSON header naming each tensor's dtype, shape and bytes.
import Foundation
import NOSTensor

/// Reads and writes `.safetensors` files as the `safetensors` library does: an 8-byte
/// little-endian header length, a JSON header `{"name": {"dtype": "F32", "shape": [..],
/// "data_offsets": [begin, end]}, "__metadata__": {...}}`, then the raw little-endian data.
/// Tensors load in the order of their data; F16 and BF16 widen to f32, integers to f64.
public enum Safetensors {
  static let elements: [String: RawElement] = [
    "F64": .f64, "F32": .f32, "F16": .f16, "BF16": .bf16, "C64": .c64, "BOOL": .bool,
    "I8": .signed(1), "I16": .signed(2), "I32": .signed(4), "I64": .signed(8),
    "U8": .unsigned(1), "U16": .unsigned(2), "U32": .unsigned(4), "U64": .unsigned(8),
  ]

  /// Every tensor of `path`, in the order of their data in the file.
  public static func read(path: String) throws -> [(name: String, tensor: Tensor)] {
    let file = try MappedFile(path)
    return try naming(path) { try decode(file.bytes) }
  }

  /// True when `bytes` start like a safetensors file (a sane length, then `{`).
  static func looksLikeSafetensors(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard bytes.count >= 10 else { return false }
    let n = bytes.loadUnaligned(as: UInt64.self)
    return n >= 2 && n <= UInt64(bytes.count - 8) && bytes[8] == UInt8(ascii: "{")
  }

  static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [(name: String, tensor: Tensor)] {
    var r = ByteReader(bytes)
    let length = try r.u64()
    guard length <= r.remaining else {
      throw Malformed("truncated safetensors header (\(length) bytes promised)")
    }
    let json = Data(try r.take(length))
    let data = try r.take(r.remaining)
    guard let header = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
      throw Malformed("corrupt safetensors header (not a JSON object)")
    }
    var entries: [(name: String, begin: Int, end: Int, element: RawElement, shape: [Int])] = []
    for (name, info) in header where name != "__metadata__" {
      guard let info = info as? [String: Any], let type = info["dtype"] as? String,
        let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
        offsets.count == 2
      else { throw Malformed("tensor \"\(name)\": corrupt header entry") }
      guard let element = elements[type] else {
        throw Malformed("tensor \"\(name)\": unsupported dtype \(type)")
      }
      entries.append((name, offsets[0], offsets[1], element, shape))
    }
    // Checked in file order, so the first damaged tensor is the one named.
    entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
    for e in entries where !(e.begin >= 0 && e.begin <= e.end && e.end <= data.count) {
      throw Malformed("tensor \"\(e.name)\": data \(e.begin)..<\(e.end) lies outside the file "
        + "(\(data.count) data bytes; truncated?)")
    }
    return try entries.map { e in
      let slice = UnsafeRawBufferPointer(rebasing: data[e.begin..<e.end])
      do { return (e.name, try e.element.tensor(slice, shape: e.shape)) } catch let m
        as Malformed
      { throw Malformed("tensor \"\(e.name)\": " + m.problem) }
    }
  }

  /// Writes `arrays` to `path` atomically (f32 → F32, f64 → F64, c64 → C64, bool → BOOL;
  /// c128 has no safetensors dtype and is refused), `metadata` as `__metadata__`.
  public static func write(path: String, arrays: [(name: String, tensor: Tensor)],
                           metadata: [String: String] = [:]) throws {
    var seen = Set<String>()
    for (name, t) in arrays {
      guard !name.isEmpty, name != "__metadata__" else {
        throw IOError.save(path, "\"\(name)\" cannot name a tensor in a .safetensors file")
      }
      guard seen.insert(name).inserted else {
        throw IOError.save(path, "two tensors are named \"\(name)\"")
      }
      guard t.dtype != .c128 else {
        throw IOError.save(path, "tensor \"\(name)\" is c128, which .safetensors cannot hold "
          + "(use astype(x, \"c64\") or .npz)")
      }
    }
    let tensors = try arrays.map { try $0.tensor.contiguous() }
    let header = headerBytes(arrays.map(\.name), tensors, metadata)
    try AtomicFile.write(path) { sink in
      var length = UInt64(header.count).littleEndian
      try withUnsafeBytes(of: &length) { try sink.write($0) }
      try sink.write(header)
      for t in tensors { try NPY.withBytes(t) { try sink.write($0) } }
    }
  }

  /// The JSON header, padded with spaces to a multiple of 8 bytes as the library does.
  static func headerBytes(_ names: [String], _ tensors: [Tensor],
                          _ metadata: [String: String]) -> [UInt8] {
    var parts: [String] = []
    if !metadata.isEmpty {
      let m = metadata.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\(quote($0.value))" }
      parts.append("\"__metadata__\":{" + m.joined(separator: ",") + "}")
    }
    var offset = 0
    for (name, t) in zip(names, tensors) {
      let n = t.count * t.dtype.size
      let type = typeName(t.dtype)
      let shape = t.shape.map(String.init).joined(separator: ",")
      parts.append("\(quote(name)):{\"dtype\":\"\(type)\",\"shape\":[\(shape)],"
        + "\"data_offsets\":[\(offset),\(offset + n)]}")
      offset += n
    }
    var bytes = Array(("{" + parts.joined(separator: ",") + "}").utf8)
    while bytes.count % 8 != 0 { bytes.append(0x20) }
    return bytes
  }

  private static func typeName(_ dtype: DType) -> String {
    switch dtype {
    case .f32: "F32"
    case .f64: "F64"
    case .c64: "C64"
    case .bool: "BOOL"
    case .i64: "I64"
    case .c128: "C128"
    }
  }

  /// A JSON string literal.
  static func quote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }
}
