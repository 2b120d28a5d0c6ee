// HMAC-SHA256 through the system's libcrypto (OpenSSL 3), as Jupyter's message signatures.
import COpenSSL
import Foundation

/// Signs and checks Jupyter messages with the connection file's key.
struct Signer: Sendable {
  let key: [UInt8]

  /// True when the connection file gave no key: Jupyter then sends empty signatures.
  var isDisabled: Bool { key.isEmpty }

  /// The lowercase hex HMAC-SHA256 of the concatenated frames.
  func sign(_ frames: [Data]) -> String {
    if isDisabled { return "" }
    var message = Data()
    for f in frames { message.append(f) }
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = key.withUnsafeBufferPointer { k in
      message.withUnsafeBytes { m in
        HMAC(EVP_sha256(), k.baseAddress, Int32(k.count),
             m.bindMemory(to: UInt8.self).baseAddress, m.count, &out, &length)
      }
    }
    return out.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
  }

  /// Compares in constant time, so the check leaks nothing about the expected signature.
  func verify(_ signature: Data, _ frames: [Data]) -> Bool {
    if isDisabled { return true }
    let expected = Array(sign(frames).utf8), given = Array(signature)
    guard expected.count == given.count else { return false }
    var diff: UInt8 = 0
    for i in expected.indices { diff |= expected[i] ^ given[i] }
    return diff == 0
  }
}
