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
    do {
      try NotebookExport.checkFormat(output)
      try NotebookExport.checkWritable(output)
    } catch {
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
    let (ran, ok) = Notebook.run(cells, file: path, session: session, output: buffer,
                                 allowErrors: allowErrors, progress: notebookProgress())
    if isatty(2) != 0 { fputs("\r\u{1B}[K", stderr) }
    do {
      let title = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
      try NotebookExport.write(ran, to: output, title: title)
    } catch {
      ScriptRunner.printError("error: cannot write '\(output)': \(error)")
      return 1
    }
    return notebookSummary(ran, ok: ok, output: output, allowErrors: allowErrors)
  }

  /// Progress on stderr ("cell 3 of 12", rewritten in place) when stderr is a terminal.
  static func notebookProgress() -> ((Int, Int) -> Void)? {
    guard isatty(2) != 0 else { return nil }
    return { n, total in
      fputs("\r\u{1B}[Knos notebook: running cell \(n) of \(total)", stderr)
      fflush(stderr)
    }
  }

  /// Prints the failed cells' errors and one line on what was written. With `allowErrors`
  /// the run counts as done (exit 0) and the line says how many cells failed.
  static func notebookSummary(_ ran: [NotebookCell], ok: Bool, output: String,
                              allowErrors: Bool) -> Int32 {
    let code = ran.filter { $0.kind == .code }
    let failed = code.filter { $0.error != nil }
    for cell in failed { ScriptRunner.printError(cell.error ?? "") }
    if ok {
      print("wrote \(output) (\(ran.count) cells, \(code.count) run)")
      return 0
    }
    if allowErrors {
      let list = failed.map { String($0.executionCount ?? 0) }.joined(separator: ", ")
      let cells = failed.count == 1 ? "cell \(list)" : "cells \(list)"
      print("wrote \(output) (\(code.count) code cells run, \(failed.count) failed: \(cells))")
      return 0
    }
    print("wrote \(output) (\(code.count) code cells, stopped at cell "
      + "\(failed.first?.executionCount ?? 0))")
    return 1
  }
}
