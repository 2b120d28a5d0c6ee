// The control channel, on its own thread so it answers while a cell runs: interrupt,
// shutdown and kernel_info.
import CZMQ
import Foundation
import NOSLang

/// Sendable by hand: every field is immutable after init, and the socket is used only by the
/// control thread `start` makes (libzmq sockets must stay on one thread).
final class ControlChannel: @unchecked Sendable {
  private let socket: ZMQSocket
  private let signer: Signer
  private let publisher: Publisher

  init(endpoint: String, signer: Signer, publisher: Publisher) throws {
    socket = try ZMQSocket(type: ZMQ_ROUTER)
    try socket.bind(endpoint)
    self.signer = signer
    self.publisher = publisher
  }

  func start() {
    let t = Thread { [self] in
      while true {
        guard let frames = try? socket.receive() else { continue }
        let m: Message
        do { m = try Wire.decode(frames, signer: signer) } catch {
          KernelLog.write("control: dropped a message: \(error)")
          continue
        }
        handle(m)
      }
    }
    t.start()
  }

  private func handle(_ m: Message) {
    publisher.status("busy", parent: m)
    defer { publisher.status("idle", parent: m) }
    switch m.type {
    case "interrupt_request":
      Interrupt.shared.request()
      reply(m, "interrupt_reply", ["status": "ok"])
    case "shutdown_request":
      let restart = m.content["restart"] as? Bool ?? false
      reply(m, "shutdown_reply", ["status": "ok", "restart": restart])
      publisher.status("idle", parent: m)
      KernelLog.write("shutdown requested (restart: \(restart))")
      usleep(100_000)  // let the reply leave before the process ends
      exit(0)
    case "kernel_info_request":
      reply(m, "kernel_info_reply", KernelInfo.content)
    default:
      KernelLog.write("control: ignored \(m.type)")
    }
  }

  private func reply(_ m: Message, _ type: String, _ content: JSON) {
    let r = Message(type: type, parent: m, session: publisher.session, content: content)
    do { try socket.send(Wire.encode(r, signer: signer)) } catch {
      KernelLog.write("control send failed: \(error)")
    }
  }
}
