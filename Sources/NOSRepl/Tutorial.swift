// `nos tutorial`: lists the tutorials, or steps through one cell at a time — markdown shown
// for the terminal, code highlighted, Enter runs it, `e` edits it first, `q` drops into the
// REPL with the workspace kept. Without a terminal every cell runs in order.
import Foundation
import NOSLang
import NOSStdlib

public enum Tutorials {
  /// The tutorials folder: $NOS_TUTORIALS, the repository's `tutorials/` next to the build
  /// folder, or `./tutorials`.
  static func folder() -> String? {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["NOS_TUTORIALS"] { candidates.append(env) }
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
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
    let out = session.interpreter.output
    let cells = Notebook.parse((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    let history = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.nos_history"
    // Safe: readline calls the completer on this thread, while no cell runs.
    nonisolated(unsafe) let completing = session
    let reader = ReadlineReader(historyFile: history) {
      Completer.candidates($0, session: completing)
    }
    for (i, cell) in cells.enumerated() {
      if cell.kind == .markdown { out.write(Terminal.markdown(cell.source) + "\n"); continue }
      out.write(Terminal.code(cell.source) + "\n")
      var source = cell.source
      switch reader.read(prompt: "\u{1B}[2m[Enter] run · e edit · q quit to the REPL (\(i + 1)/\(cells.count))\u{1B}[0m ") {
      case .end, .cancelled: return Repl(session: session, reader: reader, output: out).run()
      case .line(let l) where l.trimmingCharacters(in: .whitespaces) == "q":
        return Repl(session: session, reader: reader, output: out).run()
      case .line(let l) where l.trimmingCharacters(in: .whitespaces) == "e":
        source = Terminal.edit(source) ?? source
      default: break
      }
      Interrupt.shared.clear()
      do {
        if let v = try session.run(source: source, file: path), !v.isNil { out.write(Display.string(v) + "\n") }
      } catch {
        ScriptRunner.printError((error as? NOSError)?.description ?? "error: \(error)")
      }
      out.write("\n")
    }
    out.write("End of the tutorial — the REPL has its workspace.\n")
    return Repl(session: session, reader: reader, output: out).run()
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

  /// Opens the code in $EDITOR (vi if unset) and returns what was saved.
  static func edit(_ code: String) -> String? {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nos-cell-\(getpid()).nos")
    guard (try? Data(code.utf8).write(to: url)) != nil else { return nil }
    defer { try? FileManager.default.removeItem(at: url) }
    let editor = ProcessInfo.processInfo.environment["EDITOR"] ?? "vi"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "\(editor) \"$1\"", "sh", url.path]
    guard (try? p.run()) != nil else { return nil }
    p.waitUntilExit()
    return try? String(contentsOf: url, encoding: .utf8)
  }
}
