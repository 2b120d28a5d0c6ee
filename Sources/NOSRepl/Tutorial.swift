// `nos tutorial`: lists the tutorials, or steps through one cell at a time — markdown shown
// for the terminal, code highlighted, Enter runs it, `e` edits it first, `q` drops into the
// REPL with the workspace kept. Without a terminal every cell runs in order.
import Foundation
import NOSLang
import NOSStdlib

public enum Tutorials {
  /// The tutorials folder: $NOS_TUTORIALS, an installed `PREFIX/share/nos/tutorials`, the
  /// repository's `tutorials/` next to the build folder, or `./tutorials`.
  static func folder() -> String? {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["NOS_TUTORIALS"] { candidates.append(env) }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // Installed: PREFIX/bin/nos beside PREFIX/share/nos/tutorials (scripts/nos install).
    candidates.append(
      dir.deletingLastPathComponent().appendingPathComponent("share/nos/tutorials").path)
    for _ in 0..<5 {
      candidates.append(dir.appendingPathComponent("tutorials").path)
      dir = dir.deletingLastPathComponent()
    }
    candidates.append(FileManager.default.currentDirectoryPath + "/tutorials")
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/") }
  }

  /// (number, file path, one-line description) for each `NN-name.nos` file.
  static func list() -> [(Int, String, String)] {
    guard let dir = folder(),
          let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
    return names.filter { $0.hasSuffix(".nos") }.sorted().compactMap { name in
      guard let n = Int(name.prefix(while: \.isNumber)) else { return nil }
      let path = dir + "/" + name
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      let cells = Notebook.parse(text)
      let title = cells.first { $0.kind == .markdown }?.source.split(separator: "\n").first
        .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "# ")) } ?? name
      return (n, path, title)
    }
  }

  /// Finds a tutorial by number ("4") or by a word of its file name ("burgers").
  static func find(_ key: String) -> String? {
    let all = list()
    if let n = Int(key) { return all.first { $0.0 == n }?.1 }
    return all.first { URL(fileURLWithPath: $0.1).lastPathComponent.lowercased().contains(key.lowercased()) }?.1
  }

  public static func command(_ key: String?, _ o: LaunchOptions) -> Int32 {
    guard let key else {
      let all = list()
      if all.isEmpty { ScriptRunner.printError("error: no tutorials found (set NOS_TUTORIALS)"); return 1 }
      for (n, _, title) in all { print(String(format: "%2d  ", n) + title) }
      print("\nnos tutorial N steps through tutorial N.")
      return 0
    }
    guard let path = find(key) else {
      ScriptRunner.printError("error: no tutorial '\(key)'; `nos tutorial` lists them")
      return 1
    }
    guard isatty(0) != 0 && isatty(1) != 0 else { return Launcher.script(path, o) }
    return step(path, o)
  }

  /// The interactive stepper.
  static func step(_ path: String, _ o: LaunchOptions) -> Int32 {
    Signals.install()
    let session = Launcher.makeSession(o)
    let fresh = Set(session.globalNames)
    let out = session.interpreter.output
    let cells = Notebook.parse((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    let history = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.nos_history"
    // Safe: readline calls the completer on this thread, while no cell runs.
    nonisolated(unsafe) let completing = session
    let reader = ReadlineReader(historyFile: history) {
      Completer.candidates($0, session: completing)
    }
    let repl = { Repl(session: session, reader: reader, output: out, predefined: fresh).run() }
    for (i, cell) in cells.enumerated() {
      if cell.kind == .markdown { out.write(Terminal.markdown(cell.source) + "\n"); continue }
      guard let source = ask(cell.source, "(\(i + 1)/\(cells.count))", reader, out) else {
        return repl()
      }
      Interrupt.shared.clear()
      Plots.beginCell(session)
      do {
        if let v = try session.run(source: source, file: path), !v.isNil {
          out.write(Display.string(v) + "\n")
        }
      } catch {
        ScriptRunner.printError((error as? NOSError)?.description ?? "error: \(error)")
      }
      Plots.endCell(session)
      out.write("\n")
    }
    out.write("End of the tutorial — the REPL has its workspace.\n")
    return repl()
  }

  /// Shows a code cell and asks what to do: Enter runs it (returns its code), `e` edits it
  /// in the editor and asks again, `q`, Ctrl-C or Ctrl-D quit to the REPL (nil).
  static func ask(_ code: String, _ place: String, _ reader: LineReader, _ out: TextOutput)
    -> String?
  {
    var source = code
    while true {
      out.write(Terminal.code(source) + "\n")
      let prompt = "\u{1B}[2m[Enter] run · e edit · q quit to the REPL \(place)\u{1B}[0m "
      switch reader.read(prompt: prompt) {
      case .end, .cancelled: return nil
      case .line(let l):
        switch l.trimmingCharacters(in: .whitespaces) {
        case "q": return nil
        case "e":
          switch Editor.edit(source) {
          case .success(let edited): source = edited.trimmingCharacters(in: .newlines)
          case .failure(let e): ScriptRunner.printError("error: \(e)")
          }
        default: return source
        }
      }
    }
  }
}

/// Plain terminal rendering: headings bold, code with keywords highlighted.
enum Terminal {
  static func markdown(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      if line.hasPrefix("#") {
        return "\u{1B}[1m" + line.drop(while: { $0 == "#" || $0 == " " }) + "\u{1B}[0m"
      }
      return String(line).replacingOccurrences(of: "**", with: "")
    }.joined(separator: "\n")
  }

  static func code(_ text: String) -> String {
    let keywords = Set(Completer.keywords)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      var out = "\u{1B}[36m│\u{1B}[0m "
      var word = ""
      func flush() {
        out += keywords.contains(word) ? "\u{1B}[35m\(word)\u{1B}[0m" : word
        word = ""
      }
      for ch in line {
        if ch.isLetter || ch.isNumber || ch == "_" { word.append(ch) } else { flush(); out.append(ch) }
      }
      flush()
      return out
    }.joined(separator: "\n")
  }
}
