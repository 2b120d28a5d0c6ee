// Writing PyTorch .pt files: a protocol-2 pickle of an OrderedDict of tensors, storages apart.
import NOSTensor

extension TorchFile {
  /// Writes `arrays` to `path` atomically as `torch.save(OrderedDict(...))` would: each
  /// tensor its own storage (`archive/data/<i>`), rebuilt by `_rebuild_tensor_v2`. Loads
  /// with `torch.load(path)` and `torch.load(path, weights_only=True)`.
  public static func write(path: String, arrays: [(name: String, tensor: Tensor)]) throws {
    var seen = Set<String>()
    for (name, _) in arrays where !seen.insert(name).inserted {
      throw IOError.save(path, "two tensors are named \"\(name)\"")
    }
    let tensors = try arrays.map { try $0.tensor.contiguous() }
    let pickle = stateDictPickle(zip(arrays.map(\.name), tensors).map { ($0, $1) })
    try AtomicFile.write(path) { sink in
      var zip = ZipWriter(sink: sink)
      try add(&zip, "archive/data.pkl", pickle)
      try add(&zip, "archive/byteorder", Array("little".utf8))
      for (i, t) in tensors.enumerated() {
        try NPY.withBytes(t) {
          try zip.add(name: "archive/data/\(i)", parts: [$0], compress: false)
        }
      }
      try add(&zip, "archive/version", Array("3\n".utf8))
      try zip.finish()
    }
  }

  private static func add(_ zip: inout ZipWriter, _ name: String, _ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try zip.add(name: name, parts: [$0], compress: false) }
  }

  /// The pickle of `OrderedDict([(name, tensor), ...])`, protocol 2, no memo.
  static func stateDictPickle(_ items: [(String, Tensor)]) -> [UInt8] {
    var p = PickleWriter()
    p.op(0x80, [2])  // PROTO 2
    p.global("collections", "OrderedDict")
    p.op(0x29)  // EMPTY_TUPLE
    p.op(0x52)  // REDUCE
    p.op(0x28)  // MARK
    for (i, (name, t)) in items.enumerated() {
      p.string(name)
      p.global("torch._utils", "_rebuild_tensor_v2")
      p.op(0x28)  // MARK: the arguments
      p.op(0x28)  // MARK: the persistent id
      p.string("storage")
      p.global("torch", storageClass(t.dtype))
      p.string(String(i))
      p.string("cpu")
      p.int(t.count)
      p.op(0x74)  // TUPLE
      p.op(0x51)  // BINPERSID
      p.int(0)
      p.tuple(t.shape)
      p.tuple(contiguousStrides(t.shape))
      p.op(0x89)  // requires_grad = False
      p.global("collections", "OrderedDict")
      p.op(0x29)
      p.op(0x52)  // backward hooks: OrderedDict()
      p.op(0x74)  // TUPLE
      p.op(0x52)  // REDUCE
    }
    p.op(0x75)  // SETITEMS
    p.op(0x2E)  // STOP
    return p.bytes
  }

  static func storageClass(_ dtype: DType) -> String {
    switch dtype {
    case .f32: "FloatStorage"
    case .f64: "DoubleStorage"
    case .c64: "ComplexFloatStorage"
    case .c128: "ComplexDoubleStorage"
    case .bool: "BoolStorage"
    case .i64: "LongStorage"
    }
  }
}

/// The few pickle opcodes `TorchFile.write` needs.
struct PickleWriter {
  var bytes: [UInt8] = []

  mutating func op(_ code: UInt8, _ args: [UInt8] = []) { bytes += [code] + args }

  mutating func global(_ module: String, _ name: String) {
    bytes += [0x63] + Array((module + "\n" + name + "\n").utf8)
  }

  mutating func string(_ s: String) {
    let u = Array(s.utf8)
    bytes += [0x58] + le(u.count, 4) + u  // BINUNICODE
  }

  mutating func int(_ v: Int) {
    if let i = Int32(exactly: v) {
      bytes += [0x4A] + le(Int(UInt32(bitPattern: i)), 4)  // BININT
    } else {
      bytes += [0x8A, 8] + le(v, 8)  // LONG1 of 8 bytes
    }
  }

  mutating func tuple(_ values: [Int]) {
    op(0x28)
    for v in values { int(v) }
    op(0x74)
  }

  private func le(_ v: Int, _ n: Int) -> [UInt8] {
    (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
  }
}
