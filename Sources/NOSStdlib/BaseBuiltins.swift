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
      Builtin("clock", [], doc: """
        Seconds on a monotonic clock from an arbitrary start, for timing (Python's \
        time.perf_counter): t0 = clock(); ...; clock() - t0.
        """) { _ in .number(Double(DispatchTime.now().uptimeNanoseconds) / 1e9) },
      Builtin("quick", [], doc: """
        True when nos runs with --quick (tutorials then use small sizes).
        """) { _ in .bool(options.quick) },
    ]
  }
}
