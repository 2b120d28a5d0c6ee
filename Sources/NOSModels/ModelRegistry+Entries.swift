// Model files: reading an architecture's entries (naming a missing one) and writing the
// entries the channel models share, so each model's reader and writer states only its own.
import Foundation

extension ModelRegistry {
  /// A fault in nos.json: `what` ("no 'width'") followed by " in nos.json".
  static func jsonError(_ what: String) -> ConfigError {
    ConfigError(detail: "\(what) in nos.json")
  }

  /// The entries of an architecture object; a missing or mistyped one is a `ConfigError`
  /// ("no 'width' in nos.json").
  struct Reader {
    let d: [String: Any]

    init(_ d: [String: Any]) { self.d = d }

    func int(_ k: String) throws -> Int {
      guard let v = d[k] as? Int else { throw jsonError("no '\(k)'") }
      return v
    }

    func ints(_ k: String) throws -> [Int] {
      guard let v = d[k] as? [Int] else { throw jsonError("no '\(k)'") }
      return v
    }

    /// The conv models' "padding": "circular" is true; "zeros" or none is false.
    var circular: Bool { d["padding"] as? String == "circular" }
  }

  /// The entries of a channel model: in/out channels and width, which every one of them has,
  /// and `own`, those only it has (a nil value is left out).
  static func entries(_ inChannels: Int, _ outChannels: Int, width: Int,
                      _ own: [String: Any?]) -> [String: Any] {
    own.compactMapValues { $0 }.merging(["in_channels": inChannels,
                                         "out_channels": outChannels, "width": width]) { $1 }
  }

  /// The conv models' "padding" entry for `circular`.
  static func paddingName(_ circular: Bool) -> String { circular ? "circular" : "zeros" }
}
