// Model files: the architecture entries of the convolutional models (unet, t1, mgno, lsm).
import Foundation
import NOSTensor

extension ModelRegistry {
  /// Writes the architecture of a convolutional model into `d`; false for other kinds.
  static func convConfig(_ m: any Model, _ d: inout [String: Any]) -> Bool {
    switch m {
    case let x as UNet:
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["width"] = x.width
      d["levels"] = x.levels
      d["padding"] = x.circular ? "circular" : "zeros"
    case let x as T1:
      d["modes"] = x.modes
      d["width"] = x.width
      d["layers"] = x.layers
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["proj"] = x.proj
      if let r = x.resolution { d["resolution"] = r }
      if x.rfft { d["transform"] = "rfft" }
    case let x as MgNO:
      d["iterations"] = x.iterations
      d["width"] = x.width
      d["layers"] = x.layers
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["padding"] = x.circular ? "circular" : "zeros"
    case let x as LSM:
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["width"] = x.width
      d["tokens"] = x.tokens
      d["basis"] = x.basis
      d["patches"] = x.patches
      d["levels"] = x.levels
      if let p = x.padding { d["padding"] = p }
    default: return false
    }
    return true
  }

  /// The convolutional model `kind` describes with fresh weights; nil for other kinds.
  static func convModel(_ kind: String, _ d: [String: Any], _ dtype: DType,
                        _ bad: (String) -> ConfigError) throws -> (any Model)? {
    func int(_ k: String) throws -> Int {
      guard let v = d[k] as? Int else { throw bad("no '\(k)'") }
      return v
    }
    func ints(_ k: String) throws -> [Int] {
      guard let v = d[k] as? [Int] else { throw bad("no '\(k)'") }
      return v
    }
    let circular = d["padding"] as? String == "circular"
    switch kind {
    case "unet":
      return try UNet(inChannels: int("in_channels"), outChannels: int("out_channels"),
                      width: int("width"), levels: int("levels"), circular: circular,
                      dtype: dtype)
    case "t1":
      return try T1(modes: ints("modes"), width: int("width"), layers: int("layers"),
                    inChannels: int("in_channels"), outChannels: int("out_channels"),
                    proj: int("proj"), resolution: d["resolution"] as? [Int], dtype: dtype,
                    rfft: d["transform"] as? String == "rfft")
    case "mgno":
      guard let its = d["iterations"] as? [[Int]] else { throw bad("no 'iterations'") }
      return try MgNO(iterations: its, width: int("width"), layers: int("layers"),
                      inChannels: int("in_channels"), outChannels: int("out_channels"),
                      circular: circular, dtype: dtype)
    case "lsm":
      return try LSM(inChannels: int("in_channels"), outChannels: int("out_channels"),
                     width: int("width"), tokens: int("tokens"), basis: int("basis"),
                     patches: ints("patches"), levels: int("levels"),
                     padding: d["padding"] as? [Int], dtype: dtype)
    default: return nil
    }
  }
}
