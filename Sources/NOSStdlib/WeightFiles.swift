// loadweights / saveweights: a model's weights as a PyTorch state_dict (.pt or .safetensors).
import NOSGrad
import NOSIO
import NOSLang
import NOSModels
import NOSTensor

/// PyTorch state dicts in and out of nos models: `mlp` ↔ `nn.Sequential` of `Linear` and
/// activation layers (keys `0.weight`, `0.bias`, `2.weight`, …; `linear` ↔ one `nn.Linear`),
/// `fno(..., layout="neuralop")` ↔ neuraloperator's `FNO` (its own key names and shapes).
enum WeightFiles {
  static var all: [Builtin] { [loadweights, saveweights] }

  /// One parameter as PyTorch names it; `transposed` when nos stores it as [in, out].
  struct Key {
    let name: String
    let transposed: Bool
  }

  static let loadweights = Builtin(
    "loadweights", [Param("model"), Param("path")], doc: """
      Loads a PyTorch state_dict (.pt/.pth from torch.save, or .safetensors) into a model, as \
      load_state_dict(strict=True) does: mlp/linear from nn.Sequential of Linear layers (keys \
      0.weight, 0.bias, 2.weight, ...), fno(..., layout="neuralop") from neuraloperator's FNO. \
      Missing and unexpected keys and shape mismatches are errors listing them. Returns nil.
      """
  ) { a in
    let m = try a.host(0, as: ModelValue.self, expected: "model")
    let path = try a.string(1)
    let keys = try torchKeys(m)
    let file = try IOBuiltins.io { try read(path) }
    try checkKeys(file.map(\.name), keys.map(\.name), path: path, model: m)
    let byName = Dictionary(file, uniquingKeysWith: { a, _ in a })
    let leaves = try zip(keys, try m.current().leaves).map { key, leaf -> Variable in
      guard let t = byName[key.name] else { throw RuntimeError("loadweights: internal key") }
      return Variable(try fit(t, to: leaf.value, key: key, path: path))
    }
    try m.optimizerParameters().writeLeaves(leaves)
    return .nil
  }

  static let saveweights = Builtin(
    "saveweights", [Param("model"), Param("path")], doc: """
      Writes a model's weights as a PyTorch state_dict that load_state_dict accepts: \
      "w.safetensors" (safetensors) or "w.pt" (torch.load reads it, weights_only=True too); \
      key names and shapes as loadweights reads them. Returns nil.
      """
  ) { a in
    let m = try a.host(0, as: ModelValue.self, expected: "model")
    let path = try a.string(1)
    let ext = IOBuiltins.fileExtension(path)
    guard ["safetensors", "pt", "pth"].contains(ext) else {
      throw a.error(1, "saveweights writes .safetensors, .pt or .pth files, got \"\(path)\"")
    }
    let keys = try torchKeys(m)
    let arrays = try zip(keys, try m.current().leaves).map { key, leaf in
      (key.name, key.transposed ? try transposed(leaf.value) : leaf.value)
    }
    try IOBuiltins.io { try ForeignFiles.save(ext, path: path, arrays: arrays) }
    return .nil
  }

  /// The PyTorch name of each parameter of `m`, in leaf order.
  static func torchKeys(_ m: ModelValue) throws -> [Key] {
    switch m.model {
    case is NeuralopFNO:
      var names: [String] = []
      collect(try m.current(), "", &names)
      return names.map { Key(name: $0, transposed: false) }
    case let mlp as MLP:
      if mlp.single {
        return [Key(name: "weight", transposed: true), Key(name: "bias", transposed: false)]
      }
      return (0..<(mlp.sizes.count - 1)).flatMap { l in
        [Key(name: "\(2 * l).weight", transposed: true),
         Key(name: "\(2 * l).bias", transposed: false)]
      }
    default:
      throw RuntimeError("PyTorch weights fit mlp, linear and fno(..., layout=\"neuralop\") "
        + "models, not \(m.model.signature) (savemodel/loadmodel keep any nos model)")
    }
  }

  private static func collect(_ p: Params, _ path: String, _ out: inout [String]) {
    func join(_ k: String) -> String { path.isEmpty ? k : "\(path).\(k)" }
    switch p {
    case .tensor: out.append(path)
    case .record(let f): for (k, c) in f { collect(c, join(k), &out) }
    case .list(let l): for (i, c) in l.enumerated() { collect(c, join(String(i)), &out) }
    }
  }

  /// The tensors of a state dict file: .safetensors, .pt (a dict; entries that are not
  /// tensors, such as neuraloperator's `_metadata`, are skipped) or .npz.
  static func read(_ path: String) throws -> [(name: String, tensor: Tensor)] {
    switch try FileKind.detect(path: path) {
    case .safetensors: return try Safetensors.read(path: path)
    case .npz: return try NPZ.read(path: path).arrays
    case .torch:
      guard case .dict(let d) = try TorchFile.read(path: path) else {
        throw IOError.load(path, "a PyTorch file that holds no state_dict (not a dict)")
      }
      return d.entries.compactMap { e in
        guard case .string(let k) = e.key, case .tensor(let t) = e.value else { return nil }
        return (k, t)
      }
    default:
      throw IOError.load(path, "not a state_dict file (.pt, .pth, .safetensors or .npz)")
    }
  }
}
