// Notebooks in jupytext's "percent" format: `# %%` starts a code cell, `# %% [markdown]` a
// markdown cell whose `# `-prefixed lines are the text. Running one records each cell's
// output, value, error and images for the report writers.
import Foundation
import NOSLang
import NOSStdlib

public struct NotebookCell {
  public enum Kind { case code, markdown }
  public var kind: Kind
  public var source: String
  /// Filled in by running: printed text, the last value's display, the error, PNG images.
  public var stdout = ""
  public var result: String?
  public var error: String?
  public var images: [Data] = []
  public var executionCount: Int?
}

public enum Notebook {
  /// Splits percent-format text into cells (text before the first marker is a code cell).
  public static func parse(_ text: String) -> [NotebookCell] {
    // A UTF-8 byte-order mark at the start is not part of the first cell.
    let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    var cells: [NotebookCell] = []
    var kind = NotebookCell.Kind.code
    var lines: [String] = []
    func flush() {
      var body = lines
      if kind == .markdown {
        body = body.map { l in
          l.hasPrefix("# ") ? String(l.dropFirst(2)) : (l == "#" ? "" : l)
        }
      }
      while body.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { body.removeFirst() }
      while body.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { body.removeLast() }
      if !body.isEmpty { cells.append(NotebookCell(kind: kind, source: body.joined(separator: "\n"))) }
      lines = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      let t = line.trimmingCharacters(in: .whitespaces)
      if t == "# %%" || t.hasPrefix("# %% ") {
        flush()
        kind = t.contains("[markdown]") || t.contains("[md]") ? .markdown : .code
      } else {
        lines.append(line)
      }
    }
    flush()
    return cells
  }

  /// Runs the code cells in order in one session; stops at the first error unless
  /// `allowErrors`. Returns the cells with their outputs and whether all succeeded.
  /// `progress(n, total)` is called before code cell n (1-based) of `total` runs.
  public static func run(_ cells: [NotebookCell], file: String, session: Session, output: BufferOutput,
                         allowErrors: Bool,
                         progress: ((Int, Int) -> Void)? = nil) -> ([NotebookCell], Bool) {
    var out = cells
    var count = 0
    var ok = true
    let total = cells.filter { $0.kind == .code }.count
    for i in out.indices where out[i].kind == .code {
      count += 1
      progress?(count, total)
      out[i].executionCount = count
      output.clear()
      session.figures.begin()
      Plots.beginCell(session)
      do {
        if let v = try session.run(source: out[i].source, file: "\(file) [cell \(count)]"), !v.isNil {
          out[i].result = Display.string(v)
        }
      } catch let e as NOSError {
        out[i].error = e.description
        ok = false
      } catch {
        out[i].error = "error: \(error)"
        ok = false
      }
      Plots.endCell(session)
      out[i].images = session.figures.end()
      out[i].stdout = output.text
      if !ok && !allowErrors { break }
    }
    return (out, ok)
  }
}
