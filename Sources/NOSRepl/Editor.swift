// Editing a cell in the user's editor ($VISUAL, $EDITOR, else nano or vi) for the tutorial
// stepper's `e`: the editor runs in nos's own process group, which holds the terminal, so
// full-screen editors can read keys and draw.
import Foundation
import NOSLang

enum Editor {
  /// The edited text, or why no editor ran.
  static func edit(_ code: String) -> Result<String, EditorError> {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nos-cell-\(getpid()).nos")
    guard (try? Data(code.utf8).write(to: url)) != nil else {
      return .failure(EditorError("cannot write \(url.path)"))
    }
    defer { try? FileManager.default.removeItem(at: url) }
    let editor = command()
    // `sh -c` so EDITOR may carry arguments ("code --wait"); 127 means it was not found.
    let status = run(["/bin/sh", "-c", "\(editor) \"$1\"", "sh", url.path])
    tcflush(0, TCIFLUSH)  // keys typed while the editor quit stay out of the next prompt
    Interrupt.shared.clear()  // a Ctrl-C meant for the editor is not meant for the cell
    PromptInterrupt.flag.store(false, ordering: .relaxed)
    guard let status else { return .failure(EditorError("could not start /bin/sh")) }
    guard status != 127 && status != 126 else {
      return .failure(EditorError("could not start the editor '\(editor)' (set EDITOR to one "
        + "that is installed, e.g. EDITOR=nano)"))
    }
    guard status == 0 else {
      return .failure(EditorError("the editor '\(editor)' exited with status \(status); "
        + "the cell is unchanged"))
    }
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
      return .failure(EditorError("the edited cell could not be read back"))
    }
    return .success(text)
  }

  /// $VISUAL, then $EDITOR, then the first of nano and vi on PATH.
  static func command() -> String {
    let env = ProcessInfo.processInfo.environment
    for key in ["VISUAL", "EDITOR"] {
      if let e = env[key]?.trimmingCharacters(in: .whitespaces), !e.isEmpty { return e }
    }
    let path = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    for name in ["nano", "vi"] where path.contains(where: {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }) {
      return name
    }
    return "vi"
  }

  /// Runs `argv` in this process group (Foundation's Process starts a new one, where an
  /// editor cannot use the terminal) and waits; its exit status, or nil if it did not start.
  static func run(_ argv: [String]) -> Int32? {
    var pid: pid_t = 0
    var cargs = argv.map { strdup($0) }
    cargs.append(nil)
    defer { for p in cargs { free(p) } }
    guard posix_spawn(&pid, argv[0], nil, nil, cargs, environ) == 0 else { return nil }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return nil }
    }
    // WIFEXITED / WEXITSTATUS by hand (the macros are not imported).
    return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }
}

struct EditorError: Error, CustomStringConvertible {
  let description: String
  init(_ message: String) { description = message }
}
