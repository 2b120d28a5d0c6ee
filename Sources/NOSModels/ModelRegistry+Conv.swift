// Model files: the architecture entries of the convolutional models (unet, t1, mgno, lsm).
import Foundation
import NOSTensor

extension ModelRegistry {
  /// Writes the architecture of a convolutional model into `d`; false for other kinds.
  static func convConfig(_ m: any Model, _ d: inout [String: Any]) -> Bool {
    let e: [String: Any]
    switch m {
    case let x as UNet:
      e = entries(x.inChannels, x.outChannels, width: x.width,
                  ["levels": x.levels, "padding": paddingName(x.circular)])
    case let x as T1:
      e = entries(x.inChannels, x.outChannels, width: x.width,
                  ["modes": x.modes, "layers": x.layers, "proj": x.proj,
                   "resolution": x.resolution, "transform": x.rfft ? "rfft" : nil])
    case let x as MgNO:
      e = entries(x.inChannels, x.outChannels, width: x.width,
                  ["iterations": x.iterations, "layers": x.layers,
                   "padding": paddingName(x.circular)])
    case let x as LSM:
      e = entries(x.inChannels, x.outChannels, width: x.width,
                  ["tokens": x.tokens, "basis": x.basis, "patches": x.patches,
                   "levels": x.levels, "padding": x.padding])
    default: return false
    }
    d.merge(e) { $1 }
    return true
  }

  /// The convolutional model `kind` describes with fresh weights; nil for other kinds.
  static func convModel(_ kind: String, _ r: Reader, _ dtype: DType) throws -> (any Model)? {
    switch kind {
    case "unet":
      return try UNet(inChannels: r.int("in_channels"), outChannels: r.int("out_channels"),
                      width: r.int("width"), levels: r.int("levels"), circular: r.circular,
                      dtype: dtype)
    case "t1":
      return try T1(modes: r.ints("modes"), width: r.int("width"), layers: r.int("layers"),
                    inChannels: r.int("in_channels"), outChannels: r.int("out_channels"),
                    proj: r.int("proj"), resolution: r.d["resolution"] as? [Int],
                    dtype: dtype, rfft: r.d["transform"] as? String == "rfft")
    case "mgno":
      guard let its = r.d["iterations"] as? [[Int]] else { throw jsonError("no 'iterations'") }
      return try MgNO(iterations: its, width: r.int("width"), layers: r.int("layers"),
                      inChannels: r.int("in_channels"), outChannels: r.int("out_channels"),
                      circular: r.circular, dtype: dtype)
    case "lsm":
      return try LSM(inChannels: r.int("in_channels"), outChannels: r.int("out_channels"),
                     width: r.int("width"), tokens: r.int("tokens"), basis: r.int("basis"),
                     patches: r.ints("patches"), levels: r.int("levels"),
                     padding: r.d["padding"] as? [Int], dtype: dtype)
    default: return nil
    }
  }
}
