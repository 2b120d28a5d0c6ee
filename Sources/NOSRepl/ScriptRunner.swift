// Running code without a prompt: files, `-e` snippets, piped stdin, `check`.
import Foundation
import NOSLang
import NOSStdlib

public enum ScriptRunner {
  /// Runs a file; prints errors to stderr. Returns the process exit code.
  public static func runFile(_ path: String, session: Session) -> Int32 {
    guard let data = FileManager.default.contents(atPath: path) else {
      printError("error: cannot read file '\(path)'")
      return 1
    }
    return runSource(bytes: Array(data), file: path, session: session, printLast: false)
  }

  /// Runs source text; with `printLast` shows the last expression's value (`nos -e`).
  public static func runSource(bytes: [UInt8], file: String, session: Session,
                               printLast: Bool) -> Int32 {
    do {
      let value = try session.run(bytes: bytes, file: file)
      if printLast, let value, !value.isNil {
        session.interpreter.output.write(Display.string(value) + "\n")
      }
      return 0
    } catch let e as NOSError {
      printError(e.description)
    } catch {
      printError("error: \(error)")
    }
    Communicator.abortJob(code: 1)  // under mpirun: end the other ranks too (no hang)
    return 1
  }

  /// Parses a file and reports syntax errors (exit 1 when there are any).
  public static func check(_ path: String) -> Int32 {
    guard let data = FileManager.default.contents(atPath: path) else {
      printError("error: cannot read file '\(path)'")
      return 1
    }
    let diagnostics = Session.check(bytes: Array(data), file: path)
    for d in diagnostics { printError(d.formatted()) }
    if diagnostics.isEmpty { print("\(path): ok") }
    return diagnostics.isEmpty ? 0 : 1
  }

  public static func printError(_ text: String) {
    // Keep program output and errors in order on a shared terminal. fflush(nil) flushes
    // stdout without naming the C global, which Swift 6 rejects here even with
    // @preconcurrency (whole-module release builds).
    fflush(nil)
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
