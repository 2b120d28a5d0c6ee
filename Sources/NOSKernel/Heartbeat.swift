// The heartbeat channel: echoes every message back, on its own thread, even while a cell runs.
import CZMQ
import Foundation

enum Heartbeat {
  /// Starts the echo thread on a REP socket bound to `endpoint`.
  static func start(endpoint: String) throws {
    let socket = try ZMQSocket(type: ZMQ_REP)
    try socket.bind(endpoint)
    let box = UncheckedBox(socket)
    let t = Thread {
      while true {
        do {
          guard let frames = try box.value.receive() else { continue }
          try box.value.send(frames)
        } catch {
          KernelLog.write("heartbeat: \(error)")
          usleep(10_000)
        }
      }
    }
    t.start()
  }
}

/// Hands a non-Sendable value to the one thread that will use it from then on.
struct UncheckedBox<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
