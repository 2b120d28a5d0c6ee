// The interrupt flag: set from any thread (or a SIGINT handler), polled by the interpreter.

#if canImport(Glibc)
@preconcurrency import Glibc  // `stdout` is a C global; we only pass it to fflush
#endif
import Foundation
import Synchronization

/// A thread-safe request to stop the running program. The interpreter polls it at loop
/// back-edges and calls and turns it into the runtime error "interrupted" (clearing it).
/// Long-running builtins should poll `isRequested` too (`Interpreter.checkInterrupt()`).
public final class Interrupt: Sendable {
  /// The process-wide flag a SIGINT handler sets; the REPL, scripts and the kernel give it to
  /// their session. Other sessions get a flag of their own (an embedding app's two sessions
  /// never see each other's interrupts). Touch it once before installing a signal handler
  /// so it is initialised.
  public static let shared = Interrupt()

  private let flag = Atomic<Bool>(false)

  public init() {}

  public func request() { flag.store(true, ordering: .relaxed) }
  public func clear() { flag.store(false, ordering: .relaxed) }

  @inline(__always)
  public var isRequested: Bool { flag.load(ordering: .relaxed) }
}

/// Where `print` and friends write. Inject one per interpreter (no globals).
public protocol TextOutput: AnyObject {
  func write(_ text: String)
}

/// Writes to the process's standard output, flushed at each line end so that a long run's
/// progress reaches a log file (`nos train.nos > log`) as it happens.
public final class StandardOutput: TextOutput {
  public init() {}
  public func write(_ text: String) {
    print(text, terminator: "")
    if text.last == "\n" { fflush(stdout) }
  }
}

/// Writes to the process's standard error: fit's progress, generators' notes (tqdm's
/// convention, so a script's stdout holds only what it printed). Standard output is flushed
/// first so the two streams keep their order on a shared terminal.
public final class StandardError: TextOutput {
  public init() {}
  public func write(_ text: String) {
    fflush(stdout)
    try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
  }
}

/// Collects everything written, for tests and notebooks.
public final class BufferOutput: TextOutput {
  public private(set) var text = ""
  public init() {}
  public func write(_ text: String) { self.text += text }
  public func clear() { text = "" }
}
