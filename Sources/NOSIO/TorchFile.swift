// PyTorch .pt files (torch.save's zip format): the pickle, its storages, tensors rebuilt.
import NOSTensor

/// Reads what `torch.save` writes (a zip holding `<name>/data.pkl` and `<name>/data/<key>`
/// storages) through the safe `Unpickler`, and writes a dict of tensors that `torch.load`
/// reads (`weights_only=True` included). The old non-zip format (before PyTorch 1.6) is
/// refused with a hint.
public enum TorchFile {
  static let storages: [String: RawElement] = [
    "FloatStorage": .f32, "DoubleStorage": .f64, "HalfStorage": .f16, "BFloat16Storage": .bf16,
    "ComplexFloatStorage": .c64, "ComplexDoubleStorage": .c128, "BoolStorage": .bool,
    "LongStorage": .signed(8), "IntStorage": .signed(4), "ShortStorage": .signed(2),
    "CharStorage": .signed(1), "ByteStorage": .unsigned(1),
  ]

  /// The value pickled in `path` (tensors, dicts, lists, tuples, numbers, strings).
  public static func read(path: String) throws -> PickleValue {
    let file = try MappedFile(path)
    return try naming(path) {
      if file.bytes.starts(with: [0x80]) {
        throw Malformed("a PyTorch file in the legacy format (before 1.6); re-save it with "
          + "torch.save in a current PyTorch")
      }
      let entries = try ZipReader.entries(file.bytes)
      guard let pkl = entries.first(where: { $0.name.hasSuffix("data.pkl") }) else {
        throw Malformed("not a PyTorch file (no data.pkl in the zip)")
      }
      let prefix = String(pkl.name.dropLast("data.pkl".count))
      let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
      var loaded: [String: TorchStorage] = [:]
      let persistent = { (pid: PickleValue) throws -> PickleValue in
        .storage(try storage(pid, prefix: prefix, members: byName, bytes: file.bytes,
                             cache: &loaded))
      }
      return try ZipReader.withData(pkl, in: file.bytes) { data in
        var u = Unpickler(data, persistent: persistent, call: callable)
        return try u.load()
      }
    }
  }

  /// The storage a persistent id `('storage', torch.FloatStorage, key, location, numel)`
  /// names, read once per key.
  static func storage(_ pid: PickleValue, prefix: String, members: [String: ZipEntry],
                      bytes: UnsafeRawBufferPointer, cache: inout [String: TorchStorage])
    throws -> TorchStorage
  {
    guard case .tuple(let t) = pid, t.count >= 5, case .string("storage") = t[0],
      case .global(let module, let cls) = t[1], case .string(let key) = t[2]
    else { throw Malformed("corrupt pickle (a persistent id that is not a storage)") }
    if let s = cache[key] { return s }
    guard module == "torch", let element = storages[cls] else {
      throw Malformed("storage \(key) has type \(module).\(cls), which nos cannot load")
    }
    guard let e = members[prefix + "data/" + key] else {
      throw Malformed("storage \(key) is missing from the zip (truncated file?)")
    }
    let s = TorchStorage(element: element, data: try ZipReader.withData(e, in: bytes) {
      Array($0)
    })
    cache[key] = s
    return s
  }

  /// The callables a PyTorch pickle may call: OrderedDict and the tensor rebuilders.
  static func callable(_ module: String, _ name: String, _ args: [PickleValue]) throws
    -> PickleValue
  {
    switch (module, name) {
    case ("collections", "OrderedDict"), ("builtins", "dict"):
      let d = PickleDict()
      if case .list(let l)? = args.first {
        for case .tuple(let kv) in l.items where kv.count == 2 { d.set(kv[0], kv[1]) }
      }
      return .dict(d)
    case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
      return .tensor(try rebuild(args))
    case ("torch._utils", "_rebuild_parameter"),
      ("torch._utils", "_rebuild_parameter_with_state"):
      guard case .tensor(let t)? = args.first else {
        throw Malformed("corrupt pickle (a parameter without a tensor)")
      }
      return .tensor(t)
    case ("torch", "Size"):
      return args.first ?? .tuple([])
    default:
      throw Malformed("the pickle calls \(module).\(name), which nos does not run (it loads "
        + "tensors, dicts, lists and tuples only)")
    }
  }

  /// `_rebuild_tensor_v2(storage, offset, size, stride, ...)`: the elements of a strided
  /// view of the storage, copied into a fresh tensor.
  static func rebuild(_ args: [PickleValue]) throws -> Tensor {
    guard args.count >= 4, case .storage(let s) = args[0], case .int(let offset) = args[1],
      let size = ints(args[2]), let stride = ints(args[3]), size.count == stride.count
    else { throw Malformed("corrupt pickle (bad arguments to _rebuild_tensor)") }
    let count = try RawElement.count(size)
    let e = s.element.size
    let n = s.data.count / e
    if count > 0 && stride == contiguousStrides(size) {
      guard offset >= 0, offset <= n, count <= n - offset else {
        throw Malformed("a tensor of shape \(size) reaches past its storage of \(n) elements")
      }
      return try s.data.withUnsafeBytes {
        let slice = $0[offset * e..<(offset + count) * e]
        return try s.element.tensor(UnsafeRawBufferPointer(rebasing: slice), shape: size)
      }
    }
    let out = try gather(s, offset: offset, size: size, stride: stride, count: count)
    return try out.withUnsafeBytes { try s.element.tensor($0, shape: size) }
  }

  /// The bytes of the `count` elements a strided view (any strides, 0 included) selects,
  /// each index checked against the storage.
  private static func gather(_ s: TorchStorage, offset: Int, size: [Int], stride: [Int],
                             count: Int) throws -> [UInt8] {
    let e = s.element.size, n = s.data.count / e
    let (bytes, o) = count.multipliedReportingOverflow(by: e)
    guard !o else { throw Malformed("absurd tensor shape \(size)") }
    try MemoryGuard.check(bytes: bytes, what: "a tensor in a PyTorch file")
    var out = [UInt8](repeating: 0, count: bytes)
    var index = [Int](repeating: 0, count: size.count)
    for k in 0..<count {
      var at = offset
      for (i, st) in zip(index, stride) {
        let (p, o1) = i.multipliedReportingOverflow(by: st)
        let (q, o2) = at.addingReportingOverflow(p)
        guard !o1, !o2 else { throw Malformed("a tensor with absurd strides \(stride)") }
        at = q
      }
      guard at >= 0, at < n else {
        throw Malformed("a tensor of shape \(size) reaches past its storage of \(n) elements")
      }
      for b in 0..<e { out[k * e + b] = s.data[at * e + b] }
      var axis = size.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < size[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return out
  }

  /// Row-major strides (in elements) of `shape`.
  static func contiguousStrides(_ shape: [Int]) -> [Int] {
    var out = [Int](repeating: 1, count: shape.count)
    var step = 1
    for i in shape.indices.reversed() {
      out[i] = step
      step = step &* max(shape[i], 1)
    }
    return out
  }

  private static func ints(_ v: PickleValue) -> [Int]? {
    guard case .tuple(let items) = v else { return nil }
    var out: [Int] = []
    for case .int(let i) in items { out.append(i) }
    return out.count == items.count ? out : nil
  }
}
