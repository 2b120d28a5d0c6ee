// A thin, throwing wrapper over libzmq sockets: bind, multipart send and receive, poll.
import CZMQ
import Foundation

/// An error from libzmq, with its message.
public struct ZMQError: Error, CustomStringConvertible {
  public let description: String
  init(_ what: String) {
    description = "\(what): \(String(cString: zmq_strerror(zmq_errno())))"
  }
}

/// One process-wide libzmq context: libzmq contexts are thread-safe, and the pointer is
/// written once (lazily, by Swift's thread-safe static initialisation) and never changed.
enum ZMQContext {
  nonisolated(unsafe) static let shared: UnsafeMutableRawPointer = zmq_ctx_new()
}

/// A zmq socket. Not thread-safe: each socket is used by one thread at a time (the iopub
/// socket is shared behind a lock, which libzmq allows with a full memory barrier).
final class ZMQSocket {
  let raw: UnsafeMutableRawPointer

  init(type: Int32) throws {
    guard let s = zmq_socket(ZMQContext.shared, type) else { throw ZMQError("zmq_socket") }
    raw = s
    var linger: Int32 = 1000
    zmq_setsockopt(raw, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
  }

  deinit { zmq_close(raw) }

  func bind(_ endpoint: String) throws {
    guard zmq_bind(raw, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
  }

  /// Sends the frames as one multipart message (retrying when a signal interrupts).
  func send(_ frames: [Data]) throws {
    for (i, frame) in frames.enumerated() {
      let flags = i < frames.count - 1 ? ZMQ_SNDMORE : 0
      var rc: Int32
      repeat {
        rc = frame.withUnsafeBytes { zmq_send(raw, $0.baseAddress, frame.count, flags) }
      } while rc < 0 && zmq_errno() == EINTR
      if rc < 0 { throw ZMQError("zmq_send") }
    }
  }

  /// Receives one multipart message; nil when a signal interrupted the wait.
  func receive() throws -> [Data]? {
    var frames: [Data] = []
    while true {
      var msg = zmq_msg_t()
      zmq_msg_init(&msg)
      defer { zmq_msg_close(&msg) }
      if zmq_msg_recv(&msg, raw, 0) < 0 {
        if zmq_errno() == EINTR && frames.isEmpty { return nil }
        if zmq_errno() == EINTR { continue }
        throw ZMQError("zmq_msg_recv")
      }
      frames.append(Data(bytes: zmq_msg_data(&msg), count: zmq_msg_size(&msg)))
      if zmq_msg_more(&msg) == 0 { return frames }
    }
  }

  /// Waits up to `timeout` ms for one of `sockets` to be readable; returns their indices.
  static func poll(_ sockets: [ZMQSocket], timeout: Int) -> [Int] {
    var items = sockets.map { zmq_pollitem_t(socket: $0.raw, fd: 0, events: Int16(ZMQ_POLLIN),
                                            revents: 0) }
    let rc = zmq_poll(&items, Int32(items.count), timeout)
    guard rc > 0 else { return [] }
    return items.indices.filter { items[$0].revents & Int16(ZMQ_POLLIN) != 0 }
  }
}
