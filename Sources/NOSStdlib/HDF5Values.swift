// save("x.h5", record): a record's fields as HDF5 datasets, nested records as groups.
import NOSIO
import NOSLang
import NOSTensor

extension IOBuiltins {
  /// The tree `save` writes to an .h5 file: argument `i` must be a record; tensors, numbers,
  /// bools and lists of numbers become datasets, records groups.
  static func h5Root(_ a: Arguments, _ i: Int) throws -> [(name: String, node: HDF5.Node)] {
    guard case .record(let r) = a[i] else {
      throw a.error(i, "an .h5 file holds a record of tensors: save(\"x.h5\", {u: u}), got "
        + a[i].typeName)
    }
    return try h5Group(r, a, i, at: "")
  }

  private static func h5Group(_ r: RecordBox, _ a: Arguments, _ i: Int, at prefix: String)
    throws -> [(name: String, node: HDF5.Node)]
  {
    try zip(r.keys, r.values).map { name, v in
      switch v {
      case .record(let inner):
        return (name, .group(try h5Group(inner, a, i, at: prefix + name + "/")))
      case .number, .bool, .host(is TensorValue), .list:
        return (name, .dataset(try toTensor(v, what: "save: field \"\(prefix + name)\"")))
      default:
        throw a.error(i, "field \"\(prefix + name)\" is "
          + (v.typeName == "nil" ? "nil" : "a " + v.typeName)
          + "; an .h5 file holds tensors, numbers, bools and records")
      }
    }
  }
}
