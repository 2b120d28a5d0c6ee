// One long-lived gnuplot process: scripts in on stdin, pictures and messages back out.
import Foundation

/// Plotting failures, each with a message fit for the user.
public enum PlotError: Error, CustomStringConvertible, Equatable {
  /// No `gnuplot` on PATH.
  case missing
  /// gnuplot rejected the script; its own message.
  case gnuplot(String)
  /// Anything else (gnuplot died, a file could not be written, a bad request).
  case failed(String)

  public var description: String {
    switch self {
    case .missing:
      return "gnuplot is not installed (no 'gnuplot' on PATH): install the gnuplot-nox package "
        + "(apt-get install gnuplot-nox)"
    case .gnuplot(let m): return "gnuplot: \(m)"
    case .failed(let m): return m
    }
  }
}

/// A gnuplot process kept open for a session (starting one costs ~20 ms; a plot then costs
/// a few). Each script ends with markers printed on stdout and stderr, so the output of one
/// script is told from the next. A process that died is started again on the next script.
/// Sendable by hand: the process, its pipes and the output buffers are touched only under
/// `lock` (the pipe readers run on their own threads).
public final class Gnuplot: @unchecked Sendable {
  private let lock = NSLock()
  private let wake = DispatchSemaphore(value: 0)
  private var process: Process?
  private var input: FileHandle?
  private var out = Data(), err = Data()
  private var running = false
  private var serial = 0
  /// Pipes read to their end (both, once a process has exited and its output is in).
  private var closedPipes = 0

  public init() {}

  deinit { try? input?.close() }

  /// The gnuplot executable on PATH, or nil.
  public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String?
  {
    let path = environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") where !dir.isEmpty {
      let candidate = String(dir) + "/gnuplot"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `script`; returns what gnuplot wrote on its standard output (text or sixel
  /// plots). Throws `PlotError.gnuplot` with gnuplot's message when it reports an error.
  public func run(_ script: String, timeout: Double = 120) throws -> Data {
    try start()
    serial += 1
    let mark = "NOS-END-\(serial)"
    let text = "unset multiplot\n" + script
      + "\nset print '-'\nprint '\(mark)'\nset print\nprint '\(mark)'\n"
    lock.lock()
    out.removeAll(keepingCapacity: true)
    err.removeAll(keepingCapacity: true)
    lock.unlock()
    do {
      try input?.write(contentsOf: Data(text.utf8))
    } catch {
      stop()
      let e = errorText()
      throw PlotError.failed("gnuplot stopped unexpectedly (\(e.isEmpty ? "no message" : e))")
    }
    let needle = Data((mark + "\n").utf8)
    let deadline = DispatchTime.now() + timeout
    while true {
      lock.lock()
      let o = out.range(of: needle), e = err.range(of: needle)
      let alive = running || closedPipes < 2
      let stdout = o.map { out.subdata(in: 0..<$0.lowerBound) }
      let stderr = e.map { err.subdata(in: 0..<$0.lowerBound) }
      lock.unlock()
      if let stdout, let stderr {
        if let message = Gnuplot.errorMessage(String(decoding: stderr, as: UTF8.self)) {
          throw PlotError.gnuplot(message)
        }
        return stdout
      }
      if !alive {
        // gnuplot reads its script as a file (buffered, much faster than its line-by-line
        // stdin) and so ends at the first error; the next script starts a new process.
        stop()
        if let message = Gnuplot.errorMessage(errorText()) { throw PlotError.gnuplot(message) }
        throw PlotError.failed("gnuplot stopped unexpectedly (no message)")
      }
      if wake.wait(timeout: deadline) == .timedOut {
        stop()
        throw PlotError.failed("gnuplot did not finish within \(Int(timeout)) s")
      }
    }
  }

  /// The error lines of gnuplot's stderr (warnings left out), without "line N:" prefixes.
  static func errorMessage(_ stderr: String) -> String? {
    var lines: [String] = []
    for raw in stderr.split(separator: "\n") {
      var l = raw.trimmingCharacters(in: .whitespaces)
      if l.isEmpty || l.lowercased().contains("warning:") || l == "^"
        || l.hasSuffix("frames in animation sequence") { continue }
      if let r = l.range(of: #"^(".*" )?line \d+: "#, options: .regularExpression) {
        l.removeSubrange(r)
      }
      if !lines.contains(l) { lines.append(l) }
    }
    return lines.isEmpty ? nil : lines.joined(separator: "; ")
  }

  private func errorText() -> String {
    lock.lock()
    defer { lock.unlock() }
    let e = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return e
  }

  private func start() throws {
    lock.lock()
    let alive = running
    lock.unlock()
    if alive, process != nil { return }
    guard let exe = Gnuplot.locate() else { throw PlotError.missing }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = ["/dev/stdin"]
    signal(SIGPIPE, SIG_IGN)  // a write to a gnuplot that died must be an error, not a kill
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    p.standardInput = stdin
    p.standardOutput = stdout
    p.standardError = stderr
    p.terminationHandler = { [weak self] _ in
      guard let self else { return }
      self.lock.lock()
      self.running = false
      self.lock.unlock()
      self.wake.signal()
    }
    lock.lock()
    running = true
    closedPipes = 0
    lock.unlock()
    do { try p.run() } catch {
      lock.lock()
      running = false
      lock.unlock()
      throw PlotError.failed("cannot start gnuplot at \(exe): \(error.localizedDescription)")
    }
    process = p
    input = stdin.fileHandleForWriting
    pump(stdout.fileHandleForReading, isError: false)
    pump(stderr.fileHandleForReading, isError: true)
  }

  /// Copies a pipe into a buffer on a background thread until end of file.
  private func pump(_ handle: FileHandle, isError: Bool) {
    DispatchQueue.global().async { [weak self] in
      while true {
        let d = handle.availableData
        guard let self else { return }
        if d.isEmpty {
          self.lock.lock()
          self.closedPipes += 1
          self.lock.unlock()
          self.wake.signal()
          return
        }
        self.lock.lock()
        if isError { self.err.append(d) } else { self.out.append(d) }
        self.lock.unlock()
        self.wake.signal()
      }
    }
  }

  /// Ends the process (the next script starts a new one).
  public func stop() {
    try? input?.close()
    input = nil
    if let p = process, p.isRunning { p.terminate() }
    process = nil
    lock.lock()
    running = false
    lock.unlock()
  }
}
