// What the `nos` command does once its arguments are parsed: REPL, script, snippet, check.
import Foundation
import NOSLang
import NOSStdlib
import NOSTensor
@preconcurrency import CReadline

public struct LaunchOptions {
  public var threads: Int?
  public var seed: Int?
  public var quick = false
  public var plots: String?
  public init() {}
}

public enum Launcher {
  static func makeSession(_ o: LaunchOptions) -> Session {
    if let t = o.threads { Runtime.setThreads(t) }
    if let s = o.seed { Random.seed(UInt64(bitPattern: Int64(s))) }
    return Stdlib.session(options: StdlibOptions(quick: o.quick, plots: o.plots))
  }

  /// `nos` with no file: the REPL on a terminal, else stdin run as a script.
  public static func interactive(_ o: LaunchOptions) -> Int32 {
    Signals.install()
    let session = makeSession(o)
    guard isatty(0) != 0 else {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      return ScriptRunner.runSource(bytes: Array(data), file: "<stdin>", session: session, printLast: false)
    }
    let history = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.nos_history"
    let reader = ReadlineReader(historyFile: history) { text in
      Completer.candidates(text, session: session)
    }
    return Repl(session: session, reader: reader, output: session.interpreter.output).run()
  }

  public static func script(_ path: String, _ o: LaunchOptions) -> Int32 {
    Signals.install()
    return ScriptRunner.runFile(path, session: makeSession(o))
  }

  public static func snippet(_ code: String, _ o: LaunchOptions) -> Int32 {
    Signals.install()
    return ScriptRunner.runSource(bytes: Array(code.utf8), file: "<-e>", session: makeSession(o),
                                  printLast: true)
  }

  public static func check(_ path: String) -> Int32 { ScriptRunner.check(path) }
}
