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
  /// Names defined before the first cell (constants), left out of `:vars`.
  let predefined: Set<String>

  public init(session: Session, reader: LineReader, output: TextOutput) {
    self.session = session
    self.reader = reader
    self.output = output
    session.setGlobal("Out", .list(outList))
    predefined = Set(session.globalNames)
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

  /// Asks for continuation lines while the parse failed only because the input ended.
  private func readCell(_ first: String) -> String? {
    var text = first
    while case let errors = Session.check(source: text), errors.count == 1, errors[0].isAtEnd {
      switch reader.read(prompt: "   ...: ") {
      case .line(let more): text += "\n" + more
      case .cancelled: return nil
      case .end: return text
      }
    }
    return text
  }

  /// Runs one cell, shows `Out[n]: value`, records `_` and `Out[n]`.
  func runCell(_ text: String) {
    Interrupt.shared.clear()
    cells.append(text)
    let start = DispatchTime.now().uptimeNanoseconds
    var shown: Value = .nil
    Plots.beginCell(session)
    do {
      if let v = try session.run(source: text, file: "In[\(cell)]"), !v.isNil {
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
    if seconds > 1 { output.write(String(format: "(wall time %.2f s)\n", seconds)) }
    outList.items.append(shown)
    cell += 1
  }
}

public let versionString = "0.1.0"
