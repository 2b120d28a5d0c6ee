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
  public static func makeSession(_ o: LaunchOptions) -> Session {
    if let t = o.threads { Runtime.setThreads(t) }
    let session = Stdlib.session(options: StdlibOptions(quick: o.quick, plots: o.plots),
                                 interrupt: .shared)
    if let s = o.seed { session.seed(s) }
    return session
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
    // Safe: readline calls the completer on this thread, while no cell runs.
    nonisolated(unsafe) let completing = session
    let reader = ReadlineReader(historyFile: history) { text in
      Completer.candidates(text, session: completing)
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

  /// `nos notebook FILE.nos -o OUT.md|.html|.ipynb`: runs the cells and writes the report.
  public static func notebook(_ path: String, output: String, allowErrors: Bool, _ o: LaunchOptions) -> Int32 {
    Signals.install()
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      ScriptRunner.printError("error: cannot read file '\(path)'")
      return 1
    }
    do { try NotebookExport.checkWritable(output) } catch {
      ScriptRunner.printError("error: cannot write '\(output)': \(error)")
      return 1
    }
    if let t = o.threads { Runtime.setThreads(t) }
    let buffer = BufferOutput()
    let session = Stdlib.session(output: buffer,
                                 options: StdlibOptions(quick: o.quick, plots: "off"),
                                 interrupt: .shared)
    if let s = o.seed { session.seed(s) }
    let cells = Notebook.parse(text)
    let (ran, ok) = Notebook.run(cells, file: path, session: session, output: buffer, allowErrors: allowErrors)
    do {
      let title = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      try NotebookExport.write(ran, to: output, title: title)
    } catch {
      ScriptRunner.printError("error: cannot write '\(output)': \(error)")
      return 1
    }
    let code = ran.filter { $0.kind == .code }.count
    if !ok, let failed = ran.first(where: { $0.error != nil }), let e = failed.error {
      ScriptRunner.printError(e)
      print("wrote \(output) (\(code) code cells, stopped at cell \(failed.executionCount ?? 0))")
      return allowErrors ? 0 : 1
    }
    print("wrote \(output) (\(ran.count) cells, \(code) run)")
    return 0
  }
}
