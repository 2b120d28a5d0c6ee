// The REPL's `:commands`: help, vars, time, load, reset, history, save, plots, quit.
import Foundation
import NOSLang
import NOSStdlib
import NOSTensor

extension Repl {
  static let commands: [(String, String)] = [
    (":help [name]", "this list, or the documentation of a builtin or workspace value"),
    (":vars", "workspace variables: name, type, shape, bytes"),
    (":time stmt", "run a statement and print its wall time"),
    (":load file", "run a .nos file in this workspace"),
    (":reset", "forget every variable"),
    (":history", "the cells run so far"),
    (":save file.nos", "write this session's cells as a notebook script"),
    (":plots mode", "where plots go: window, terminal, file or off"),
    (":quit", "leave (Ctrl-D does too)"),
  ]

  func command(_ line: String) {
    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
    let name = parts[0], arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
    switch name {
    case ":help":
      if arg.isEmpty {
        for (c, what) in Repl.commands {
          output.write(c.padding(toLength: 16, withPad: " ", startingAt: 0) + what + "\n")
        }
        output.write("help() lists the builtins; help(name) documents one.\n")
      } else if session.interpreter.builtin(named: arg) == nil, session.global(arg) != nil,
                arg.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
        runQuiet("help(\(arg))")  // `:help m` describes the workspace's model m
      } else {
        runQuiet("help(\"\(arg.replacingOccurrences(of: "\"", with: ""))\")")
      }
    case ":vars": vars()
    case ":time":
      let start = DispatchTime.now().uptimeNanoseconds
      runCell(arg, reportTime: false)
      let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      output.write(String(format: "wall time: %.6f s\n", s))
    case ":load":
      _ = ScriptRunner.runFile(arg, session: session)
    case ":reset":
      session.reset()
      outList = ListBox([.nil])
      session.setGlobal("Out", .list(outList))
      output.write("workspace cleared\n")
    case ":history":
      for (i, c) in cells.enumerated() { output.write("\(i + 1): \(c)\n") }
    case ":save": save(arg)
    case ":plots":
      if arg.lowercased() == "window", let why = Plots.windowUnavailable(session: session) {
        ScriptRunner.printError("error: " + why + " (plots stay \(Plots.mode(session: session)))")
        return
      }
      do { output.write(try Plots.command(arg, session: session) + "\n") } catch {
        ScriptRunner.printError("error: " + ((error as? RuntimeError)?.message ?? "\(error)"))
      }
    case ":quit", ":q", ":exit": quitRequested = true
    default:
      var msg = "error: unknown command \(name)"
      if let s = Suggest.closest(to: name, in: Repl.commands.map { String($0.0.split(separator: " ")[0]) }) {
        msg += " — did you mean \(s)?"
      }
      ScriptRunner.printError(msg + " (:help lists them)")
    }
  }

  private func runQuiet(_ code: String) {
    do { try session.run(source: code) } catch {
      ScriptRunner.printError((error as? NOSError)?.description ?? "error: \(error)")
    }
  }

  private func vars() {
    let names = session.globalNames.filter { $0 != "_" && !predefined.contains($0) }
    if names.isEmpty { output.write("no variables\n"); return }
    var rows = [["name", "type", "shape", "bytes"]]
    for n in names {
      guard let v = session.global(n) else { continue }
      var shape = "-", bytes = "-"
      if case .host(let h) = v, let t = h as? TensorValue {
        shape = shapeText(t.tensor.shape)
        bytes = String(t.tensor.count * t.tensor.dtype.size)
      }
      rows.append([n, v.typeName, shape, bytes])
    }
    let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
    for r in rows {
      output.write(zip(r, widths).map { $0.padding(toLength: $1 + 2, withPad: " ", startingAt: 0) }
        .joined().trimmingCharacters(in: .whitespaces) + "\n")
    }
  }

  /// Writes the cells in jupytext's percent format, so `nos notebook` can run them again.
  private func save(_ path: String) {
    guard !path.isEmpty else { ScriptRunner.printError("error: :save needs a file name"); return }
    let text = cells.map { "# %%\n" + $0 + "\n" }.joined(separator: "\n")
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      output.write("saved \(cells.count) cells to \(path)\n")
    } catch {
      ScriptRunner.printError("error: cannot write \(path): \(error.localizedDescription)")
    }
  }
}
