// Model files: an .npz archive of named arrays plus a JSON document and a format number.
import Foundation
import NOSTensor

/// The container of `savemodel`/`loadmodel`: an ordinary `.npz` (so `numpy.load` opens it)
/// holding the weights as arrays, a JSON document (`nos.json`, architecture and settings)
/// and the format number (`nos-format`, ASCII digits).
///
/// Reading a file whose format number is larger than the reader's fails with
/// `cannot load "m.nosm": this file was written by a newer nos (format 3); this nos reads
/// formats up to 2`.
public enum ModelFile {
  static let jsonMember = "nos.json"
  static let formatMember = "nos-format"

  /// What a model file holds.
  public struct Contents {
    public var arrays: [(name: String, tensor: Tensor)]
    public var json: String
    public var format: Int
  }

  /// Writes `arrays`, `json` and `format` to `path` atomically.
  public static func write(path: String, arrays: [(name: String, tensor: Tensor)],
                           json: String, format: Int, compressed: Bool = false) throws {
    try NPZ.write(path: path, arrays: arrays,
                  texts: [(formatMember, String(format)), (jsonMember, json)],
                  compressed: compressed)
  }

  /// Reads a model file, refusing formats newer than `supportedFormat`.
  public static func read(path: String, supportedFormat: Int) throws -> Contents {
    let npz = try NPZ.read(path: path)
    guard let f = npz.texts.first(where: { $0.name == formatMember }),
      let json = npz.texts.first(where: { $0.name == jsonMember })
    else { throw IOError.load(path, "not a nos model file (no \(jsonMember) member)") }
    guard let format = Int(f.text.trimmingCharacters(in: .whitespaces)), format >= 1 else {
      throw IOError.load(path, "not a nos model file (bad format number \"\(f.text)\")")
    }
    guard format <= supportedFormat else {
      throw IOError.load(path, "this file was written by a newer nos (format \(format)); "
        + "this nos reads formats up to \(supportedFormat)")
    }
    return Contents(arrays: npz.arrays, json: json.text, format: format)
  }
}
