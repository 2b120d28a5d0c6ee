// The connection file Jupyter writes for a kernel: transport, address, ports, key.
import Foundation

/// Where the kernel's five sockets listen and how messages are signed.
struct Connection: Decodable {
  var transport: String
  var ip: String
  var shell_port: Int
  var iopub_port: Int
  var stdin_port: Int
  var control_port: Int
  var hb_port: Int
  var key: String
  var signature_scheme: String

  static func load(_ path: String) throws -> Connection {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw KernelError("cannot read connection file '\(path)'")
    }
    let c: Connection
    do { c = try JSONDecoder().decode(Connection.self, from: data) } catch {
      throw KernelError("connection file '\(path)' is not valid: \(error)")
    }
    guard c.signature_scheme == "hmac-sha256" || c.key.isEmpty else {
      throw KernelError("unsupported signature scheme '\(c.signature_scheme)' (use hmac-sha256)")
    }
    return c
  }

  func endpoint(_ port: Int) -> String {
    transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
  }
}

/// A failure to start or install the kernel, with its message.
public struct KernelError: Error, CustomStringConvertible {
  public let description: String
  init(_ message: String) { description = message }
}
