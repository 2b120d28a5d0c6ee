// The strict checks of loadweights: key sets as load_state_dict reports them, shapes, dtypes.
import NOSLang
import NOSModels
import NOSTensor

extension WeightFiles {
  /// Missing and unexpected keys, listed as PyTorch's strict load_state_dict does.
  static func checkKeys(_ file: [String], _ model: [String], path: String, model m: ModelValue)
    throws
  {
    let have = Set(file), need = Set(model)
    let missing = model.filter { !have.contains($0) }
    let unexpected = file.filter { !need.contains($0) }
    guard missing.isEmpty && unexpected.isEmpty else {
      var parts: [String] = []
      if !missing.isEmpty { parts.append("missing keys: " + list(missing)) }
      if !unexpected.isEmpty { parts.append("unexpected keys: " + list(unexpected)) }
      throw RuntimeError("loadweights: \"\(path)\" does not fit \(m.model.signature): "
        + parts.joined(separator: "; "))
    }
  }

  private static func list(_ names: [String]) -> String {
    let shown = names.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
    return names.count > 8 ? shown + " and \(names.count - 8) more" : shown
  }

  /// The file's tensor `t` for a leaf shaped like `leaf`: shapes must agree (PyTorch's
  /// orientation), real and complex must agree, the precision becomes the model's.
  static func fit(_ t: Tensor, to leaf: Tensor, key: Key, path: String) throws -> Tensor {
    let want = key.transposed ? Array(leaf.shape.reversed()) : leaf.shape
    guard t.shape == want else {
      throw RuntimeError("loadweights: \"\(path)\": size mismatch for \"\(key.name)\": the file "
        + "has \(t.shape), the model needs \(want)")
    }
    guard t.dtype.isComplex == leaf.dtype.isComplex else {
      throw RuntimeError("loadweights: \"\(path)\": \"\(key.name)\" is \(t.dtype), the model "
        + "needs \(leaf.dtype)")
    }
    let cast = t.dtype == leaf.dtype ? t : try t.astype(leaf.dtype)
    return key.transposed ? try transposed(cast) : try cast.copied()
  }

  /// A 2-D tensor's transpose, contiguous.
  static func transposed(_ t: Tensor) throws -> Tensor {
    try t.permuted([1, 0]).copied()
  }
}
