// `nos kernel -f FILE`: binds the five channels and serves the shell on the main thread.
import CZMQ
import Foundation
import NOSLang
import NOSRepl
import NOSStdlib

public enum Kernel {
  /// Runs the kernel until a shutdown request; returns the exit code.
  public static func run(connectionFile: String, _ o: LaunchOptions) -> Int32 {
    do {
      let c = try Connection.load(connectionFile)
      let signer = Signer(key: Array(c.key.utf8))
      let iopub = try ZMQSocket(type: ZMQ_PUB)
      try iopub.bind(c.endpoint(c.iopub_port))
      let publisher = Publisher(socket: iopub, signer: signer,
                                session: UUID().uuidString.lowercased())
      try Heartbeat.start(endpoint: c.endpoint(c.hb_port))
      let control = try ControlChannel(endpoint: c.endpoint(c.control_port), signer: signer,
                                       publisher: publisher)
      let shell = try ZMQSocket(type: ZMQ_ROUTER)
      try shell.bind(c.endpoint(c.shell_port))
      // stdin is bound so clients can connect, but input requests are not supported.
      let stdin = try ZMQSocket(type: ZMQ_ROUTER)
      try stdin.bind(c.endpoint(c.stdin_port))
      Signals.install()
      let pump = StderrPump(publisher: publisher)
      control.start()
      let server = Shell(socket: shell, signer: signer, publisher: publisher, stderr: pump,
                         options: o)
      KernelLog.write("listening (\(connectionFile))")
      server.serve(stdin: stdin)
      return 0
    } catch {
      KernelLog.write("error: \(error)")
      return 1
    }
  }
}
