// General builtins that need the session or the clock: run, timeit, quick.
import Foundation
import NOSLang

enum BaseBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] {
    [
      Builtin("run", [Param("path")], doc: """
        Runs a .nos file in the current workspace: its top-level names become yours.
        """) { [unowned session] a in
        let path = try a.string(0)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
          throw RuntimeError("run: cannot read \"\(path)\"")
        }
        do { try session.run(source: text, file: path) } catch let e as NOSError {
          // The call site locates the error; its message says where in the file it arose.
          guard let d = e.diagnostics.first else { throw RuntimeError("run: \(path) failed") }
          var place = ""
          if let s = d.span, s.line > 0, !d.placed {
            place = "\(d.file?.name ?? path):\(s.line):\(s.column): "
          }
          let more = e.diagnostics.count > 1 ? " (and \(e.diagnostics.count - 1) more errors)" : ""
          var error = RuntimeError(place + d.message + more)
          error.placed = d.placed || !place.isEmpty
          throw error
        }
        return .nil
      },
      Builtin("timeit", [Param("f"), Param("runs", default: 7)], doc: """
        Calls f() once to warm up, then `runs` times; returns the median time in seconds.
        """) { a in
        let f = try a.callable(0)
        let runs = try a.int(1)
        guard runs >= 1 && runs <= 1_000_000 else { throw a.error(1, "runs must be between 1 and 1000000") }
        _ = try a.call(f, [])
        var times: [Double] = []
        for _ in 0..<runs {
          let t0 = DispatchTime.now().uptimeNanoseconds
          _ = try a.call(f, [])
          times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return .number(times.sorted()[runs / 2])
      },
      Builtin("quick", [], doc: """
        True when nos runs with --quick (tutorials then use small sizes).
        """) { _ in .bool(options.quick) },
    ]
  }
}

/// `help(name)`: the signature and doc of a builtin; `help()` lists every builtin by area.
public enum HelpBuiltin {
  static func make(areas: [(String, [Builtin])]) -> Builtin {
    Builtin("help", [Param("name", default: .nil)], doc: """
      Shows the documentation of a builtin: `help(sum)` or `help("sum")`; `help()` lists all.
      """) { a in
      let out = a.interpreter.output
      switch a[0] {
      case .nil:
        // The language's own builtins (print, len, ...) and help itself come first.
        let listed = Set(areas.flatMap { $0.1.map(\.name) })
        let core = a.interpreter.builtinNames.filter { !listed.contains($0) }
        out.write("language: " + core.joined(separator: " ") + "\n")
        for (area, list) in areas where !list.isEmpty {
          out.write(wrapped(area + ": ", list.map(\.name)))
        }
        out.write("help(name) shows one of them.\n")
      case .builtin(let b):
        out.write(text(b))
      case .string(let name):
        guard let b = a.interpreter.builtin(named: name) else {
          var msg = "help: no builtin named '\(name)'"
          if let s = Suggest.closest(to: name, in: a.interpreter.builtinNames) { msg += " — did you mean '\(s)'?" }
          throw RuntimeError(msg)
        }
        out.write(text(b))
      case .function:
        out.write("a function defined in nos (no documentation)\n")
      default:
        throw a.bad(0, expected: "builtin or name")
      }
      return .nil
    }
  }

  /// `title` followed by the names, wrapped at 88 columns under an indent.
  static func wrapped(_ title: String, _ names: [String]) -> String {
    var out = title, line = title.count
    for (i, n) in names.enumerated() {
      if i > 0 && line + n.count + 1 > 88 {
        out += "\n    "
        line = 4
      } else if i > 0 {
        out += " "
        line += 1
      }
      out += n
      line += n.count
    }
    return out + "\n"
  }

  /// What `help(b)` prints (also the Jupyter kernel's inspect text).
  public static func text(_ b: Builtin) -> String { "\(b.signature)\n  \(b.doc)\n" }
}
