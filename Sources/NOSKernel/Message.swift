// Jupyter messages and their wire format: identities, `<IDS|MSG>`, signature, four JSON
// frames (header, parent header, metadata, content), then buffers.
import Foundation

typealias JSON = [String: Any]

/// One Jupyter message (protocol 5.3).
struct Message {
  var identities: [Data] = []
  var header: JSON
  var parent: JSON = [:]
  var metadata: JSON = [:]
  var content: JSON = [:]
  var buffers: [Data] = []

  var type: String { header["msg_type"] as? String ?? "" }

  /// A new message of `type` answering `parent` (whose identities it is routed back to).
  init(type: String, parent: Message?, session: String, content: JSON) {
    header = [
      "msg_id": UUID().uuidString.lowercased(), "session": session, "username": "nos",
      "date": Message.timestamp(), "msg_type": type, "version": "5.3",
    ]
    self.parent = parent?.header ?? [:]
    self.identities = parent?.identities ?? []
    self.content = content
  }

  init(header: JSON) { self.header = header }

  static func timestamp() -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.string(from: Date())
  }
}

/// Why a received message was dropped (logged, never executed).
enum WireError: Error, CustomStringConvertible {
  case noDelimiter, truncated, badSignature, badJSON(String)
  var description: String {
    switch self {
    case .noDelimiter: return "no <IDS|MSG> delimiter"
    case .truncated: return "fewer than the five frames after the delimiter"
    case .badSignature: return "missing or wrong HMAC signature"
    case .badJSON(let frame): return "the \(frame) frame is not a JSON object"
    }
  }
}

enum Wire {
  static let delimiter = Data("<IDS|MSG>".utf8)

  /// The frames to send: identities, delimiter, signature, the JSON frames, buffers.
  static func encode(_ m: Message, signer: Signer) -> [Data] {
    let parts = [m.header, m.parent, m.metadata, m.content].map(json)
    return m.identities + [delimiter, Data(signer.sign(parts).utf8)] + parts + m.buffers
  }

  /// Parses received frames; throws when the message is malformed or wrongly signed.
  static func decode(_ frames: [Data], signer: Signer) throws -> Message {
    guard let d = frames.firstIndex(of: delimiter) else { throw WireError.noDelimiter }
    guard frames.count >= d + 6 else { throw WireError.truncated }
    let parts = Array(frames[(d + 2)..<(d + 6)])
    guard signer.verify(frames[d + 1], parts) else { throw WireError.badSignature }
    let names = ["header", "parent_header", "metadata", "content"]
    var objects: [JSON] = []
    for (i, p) in parts.enumerated() {
      guard let o = (try? JSONSerialization.jsonObject(with: p)) as? JSON else {
        throw WireError.badJSON(names[i])
      }
      objects.append(o)
    }
    guard objects[0]["msg_type"] is String else { throw WireError.badJSON("header") }
    var m = Message(header: objects[0])
    m.identities = Array(frames[..<d])
    m.parent = objects[1]
    m.metadata = objects[2]
    m.content = objects[3]
    m.buffers = Array(frames[(d + 6)...])
    return m
  }

  static func json(_ o: JSON) -> Data {
    (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])) ?? Data("{}".utf8)
  }
}
