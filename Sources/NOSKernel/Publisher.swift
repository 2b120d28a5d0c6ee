// The iopub channel: broadcasts status, streams, results and errors to every client.
import CZMQ
import Foundation

/// Sends iopub messages from any thread (the shell runs cells on the main thread, the
/// control and stderr threads publish too), serialised by a lock.
final class Publisher: @unchecked Sendable {
  private let socket: ZMQSocket
  private let signer: Signer
  let session: String
  private let lock = NSLock()
  /// The request being answered; streams from the stderr pipe are parented to it.
  private var current: Message?

  init(socket: ZMQSocket, signer: Signer, session: String) {
    self.socket = socket
    self.signer = signer
    self.session = session
  }

  var parent: Message? {
    get { lock.withLock { current } }
    set { lock.withLock { current = newValue } }
  }

  /// Publishes `type` with `content`, parented to `parent` (default: the current request).
  func publish(_ type: String, _ content: JSON, parent: Message? = nil) {
    lock.withLock {
      var m = Message(type: type, parent: parent ?? current, session: session, content: content)
      m.identities = [Data(type.utf8)]  // the iopub topic
      do { try socket.send(Wire.encode(m, signer: signer)) } catch {
        KernelLog.write("iopub send failed: \(error)")
      }
    }
  }

  func status(_ state: String, parent: Message) {
    publish("status", ["execution_state": state], parent: parent)
  }
}

/// The kernel's own log: the stderr the kernel started with (cells' stderr goes to iopub).
enum KernelLog {
  /// Set once at start-up (StderrPump.init, before it starts its thread), then only read.
  /// Process-wide by nature: the kernel is one process serving one session, and fd 2 is
  /// the process's.
  nonisolated(unsafe) static var fd: Int32 = 2

  static func write(_ text: String) {
    let line = "[nos kernel] \(text)\n"
    _ = line.withCString { Glibc.write(fd, $0, strlen($0)) }
  }
}
