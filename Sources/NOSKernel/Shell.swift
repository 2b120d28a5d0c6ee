// The shell channel: receives requests, checks their signatures, answers each one with
// `status` busy/idle around it. Cells run here, on the main thread.
import CZMQ
import Foundation
import NOSLang
import NOSRepl
import NOSStdlib
import NOSTensor

final class Shell {
  let socket: ZMQSocket
  let signer: Signer
  let publisher: Publisher
  let stderr: StderrPump?
  let output: StreamOutput
  let session: Session
  /// The execution counter (cells run with store_history) and those cells, for history.
  var count = 0
  var history: [String] = []

  init(socket: ZMQSocket, signer: Signer, publisher: Publisher, stderr: StderrPump?,
       options: LaunchOptions) {
    self.socket = socket
    self.signer = signer
    self.publisher = publisher
    self.stderr = stderr
    output = StreamOutput(publisher: publisher, name: "stdout")
    session = Kernel.makeSession(options, output: output)
  }

  /// Serves requests until a shutdown request ends the process.
  func serve(stdin: ZMQSocket) {
    // One step per call: a loop around the whole body made the release optimizer spin.
    while step(stdin: stdin) {}
  }

  /// Waits up to a second for a request and answers it; always true.
  private func step(stdin: ZMQSocket) -> Bool {
    let ready = ZMQSocket.poll([socket, stdin], timeout: 1000)
    if ready.contains(1) { _ = try? stdin.receive() }  // no input requests: drop
    guard ready.contains(0) else { return true }
    guard let frames = try? socket.receive() else { return true }
    do { handle(try Wire.decode(frames, signer: signer)) } catch {
      KernelLog.write("shell: dropped a message: \(error)")
    }
    return true
  }

  private func handle(_ m: Message) {
    publisher.parent = m
    publisher.status("busy", parent: m)
    defer { publisher.status("idle", parent: m) }
    switch m.type {
    case "kernel_info_request": reply(m, "kernel_info_reply", KernelInfo.content)
    case "execute_request": reply(m, "execute_reply", execute(m))
    case "complete_request": reply(m, "complete_reply", Introspection.complete(m.content, session))
    case "inspect_request": reply(m, "inspect_reply", Introspection.inspect(m.content, session))
    case "is_complete_request": reply(m, "is_complete_reply", Introspection.isComplete(m.content))
    case "history_request": reply(m, "history_reply", historyReply(m.content))
    case "comm_info_request": reply(m, "comm_info_reply", ["status": "ok", "comms": JSON()])
    case "shutdown_request":
      let restart = m.content["restart"] as? Bool ?? false
      reply(m, "shutdown_reply", ["status": "ok", "restart": restart])
      publisher.status("idle", parent: m)
      usleep(100_000)
      exit(0)
    default:
      KernelLog.write("shell: ignored \(m.type)")
    }
  }

  func reply(_ m: Message, _ type: String, _ content: JSON) {
    let r = Message(type: type, parent: m, session: publisher.session, content: content)
    do { try socket.send(Wire.encode(r, signer: signer)) } catch {
      KernelLog.write("shell send failed: \(error)")
    }
  }

  /// The cells of this session as (session 0, line n, source); `tail` gives the last n.
  private func historyReply(_ c: JSON) -> JSON {
    var first = 0
    if c["hist_access_type"] as? String == "tail", let n = c["n"] as? Int, n >= 0 {
      first = max(0, history.count - n)
    }
    var items: [Any] = []
    for i in first..<history.count {
      let item: [Any] = [0, i + 1, history[i]]
      items.append(item)
    }
    return ["status": "ok", "history": items]
  }
}

extension Kernel {
  /// A stdlib session writing to `output`; figures are captured, never shown in a window.
  static func makeSession(_ o: LaunchOptions, output: TextOutput) -> Session {
    if let t = o.threads { Runtime.setThreads(t) }
    let session = Stdlib.session(output: output,
                                 options: StdlibOptions(quick: o.quick, plots: "off"),
                                 interrupt: .shared)  // the control channel's interrupt_request
    if let s = o.seed { session.seed(s) }
    return session
  }
}
