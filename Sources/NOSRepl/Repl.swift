// The interactive loop: In [n] prompts, continuation lines, Out[n] results, :commands.
import Foundation
import NOSLang
import NOSStdlib

public final class Repl {
  let session: Session
  let reader: LineReader
  let output: TextOutput
  var cell = 1
  /// `Out[n]`: index n holds cell n's value (nil when it showed none).
  var outList = ListBox([.nil])
  /// Every cell run, for `:history` and `:save`.
  var cells: [String] = []
  var quitRequested = false
  /// Names a fresh session defines (constants), left out of `:vars`.
  let predefined: Set<String>

  /// `predefined`: the names to leave out of `:vars` when the session already ran code (the
  /// tutorial stepper hands its workspace over); by default those defined now.
  public init(session: Session, reader: LineReader, output: TextOutput,
              predefined: Set<String>? = nil) {
    self.session = session
    self.reader = reader
    self.output = output
    session.setGlobal("Out", .list(outList))
    self.predefined = (predefined ?? Set(session.globalNames)).union(["Out"])
  }

  /// Reads and runs cells until Ctrl-D or `:quit`. Returns the exit code.
  public func run() -> Int32 {
    output.write("nos \(versionString) — type :help for commands, help() for builtins, Ctrl-D to quit\n")
    while !quitRequested {
      switch reader.read(prompt: "In [\(cell)]: ") {
      case .end:
        output.write("\n")
        return 0
      case .cancelled:
        continue  // the reader showed ^C and dropped the line
      case .line(let first):
        let trimmed = first.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { continue }
        if trimmed.hasPrefix(":") {
          reader.addHistory(first)
          command(trimmed)
          continue
        }
        guard let text = readCell(first) else { continue }
        reader.addHistory(text)
        runCell(text)
      }
    }
    return 0
  }

  /// Asks for continuation lines while the parse failed only because the input ended, and
  /// after an `if` block that could still take an `else` on the next line (as in a file):
  /// then an empty line ends the cell.
  func readCell(_ first: String) -> String? {
    var text = first
    while true {
      let errors = Session.check(source: text)
      let open = errors.count == 1 && errors[0].isAtEnd
      guard open || (errors.isEmpty && Repl.mayTakeElse(text)) else { return text }
      switch reader.read(prompt: "   ...: ") {
      case .line(let more):
        if !open && more.trimmingCharacters(in: .whitespaces).isEmpty { return text }
        text += "\n" + more
      case .cancelled: return nil
      case .end: return text
      }
    }
  }

  /// The end of a cell is a safe point too: a Ctrl-C during its last operation (one long
  /// matmul, FFT or decomposition runs to its end) stops the cell there, before its value
  /// is shown. Returns true (and reports it) when that happened.
  private func interruptedAtEnd() -> Bool {
    let flag = session.interpreter.interrupt
    guard flag.isRequested else { return false }
    flag.clear()
    output.write("\n")
    ScriptRunner.printError("error: interrupted (the last operation ran to its end; its "
      + "assignments are kept)")
    return true
  }

  /// True when the cell ends with an `if` block that an `else` on the next line would
  /// continue: `text` followed by `else {}` still parses.
  static func mayTakeElse(_ text: String) -> Bool {
    guard text.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("}") else { return false }
    return Session.check(source: text + "\nelse {}").isEmpty
  }

  /// Runs one cell, shows `Out[n]: value`, records `_` and `Out[n]`; a cell over a second
  /// reports its wall time unless `reportTime` is false (`:time` reports its own).
  func runCell(_ text: String, reportTime: Bool = true) {
    Interrupt.shared.clear()
    cells.append(text)
    let start = DispatchTime.now().uptimeNanoseconds
    var shown: Value = .nil
    Plots.beginCell(session)
    do {
      let value = try session.run(source: text, file: "In[\(cell)]")
      if interruptedAtEnd() {
        // nothing shown: the cell was stopped
      } else if let v = value, !v.isNil {
        shown = v
        output.write("Out[\(cell)]: \(Display.string(v))\n\n")
        session.setGlobal("_", v)
      }
    } catch let e as NOSError {
      if e.message == "interrupted" { output.write("\n") }  // after the echoed ^C
      ScriptRunner.printError(e.description)
    } catch {
      ScriptRunner.printError("error: \(error)")
    }
    Plots.endCell(session)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if seconds > 1 && reportTime { output.write(String(format: "(wall time %.2f s)\n", seconds)) }
    outList.items.append(shown)
    cell += 1
  }
}
