// Cell output as iopub `stream` messages: stdout from the interpreter, stderr from a pipe.
import Foundation
import NOSLang

/// The interpreter's output in a kernel: text is sent as `stream` (name "stdout") at each
/// line end, and by `flush()` when the cell ends, so a long cell's progress appears live.
final class StreamOutput: TextOutput {
  private let publisher: Publisher
  private let name: String
  private var pending = ""
  /// When false (a silent execute), text is dropped.
  var enabled = true
  /// The last flush, for flushing partial lines (a progress bar) every 0.2 s.
  private var lastFlush = Date()

  init(publisher: Publisher, name: String) {
    self.publisher = publisher
    self.name = name
  }

  func write(_ text: String) {
    guard enabled else { return }
    pending += text
    if text.contains("\n") || Date().timeIntervalSince(lastFlush) > 0.2 { flush() }
  }

  func flush() {
    lastFlush = Date()
    guard !pending.isEmpty else { return }
    publisher.publish("stream", ["name": name, "text": pending])
    pending = ""
  }
}

/// Redirects file descriptor 2 into a pipe and publishes what arrives as `stream` "stderr"
/// (warnings, gnuplot's errors). The original stderr is kept for the kernel's log.
/// Sendable by hand: its fields are set in init; the pump thread and `drain` share the pipe's
/// read end only under `lock`.
final class StderrPump: @unchecked Sendable {
  private let publisher: Publisher
  private let readFD: Int32
  private let lock = NSLock()

  init?(publisher: Publisher) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { return nil }
    KernelLog.fd = dup(2)
    dup2(fds[1], 2)
    close(fds[1])
    self.publisher = publisher
    readFD = fds[0]
    // Non-blocking, so drain() and the thread never wait inside read holding the lock.
    _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
    let t = Thread { [self] in self.loop() }
    t.start()
  }

  private func loop() {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      var ready = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
      if Glibc.poll(&ready, 1, -1) < 0 { continue }  // EINTR
      guard pump(&buffer) else { return }
    }
  }

  /// Reads what is waiting and publishes it; false at end of file.
  @discardableResult
  private func pump(_ buffer: inout [UInt8]) -> Bool {
    lock.withLock {
      let n = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
      if n == 0 { return false }
      if n > 0 {
        publisher.publish("stream", ["name": "stderr",
                                     "text": String(decoding: buffer[..<n], as: UTF8.self)])
      }
      return true
    }
  }

  /// Publishes whatever the cell wrote to stderr before its reply is sent.
  func drain() {
    fflush(nil)  // all output streams: stderr without naming the C global (Swift 6)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      var ready = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
      guard Glibc.poll(&ready, 1, 0) > 0 else { return }
      guard pump(&buffer) else { return }
    }
  }
}
