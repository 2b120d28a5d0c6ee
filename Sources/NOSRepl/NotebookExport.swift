// Writing a run notebook as Markdown (images beside it), self-contained HTML, or Jupyter's
// nbformat 4.5 (.ipynb).
import Foundation
import Ink

public enum NotebookExport {
  /// Writes `cells` to `path`; the format follows the extension (.md, .html, .ipynb).
  /// Errors are plain sentences (`permission denied`), never Foundation's error dumps, and a
  /// failed Markdown export leaves no `NAME_files/` folder behind.
  public static func write(_ cells: [NotebookCell], to path: String, title: String) throws {
    let url = URL(fileURLWithPath: path)
    try checkWritable(path)
    let text: String
    let folder = url.deletingPathExtension().path + "_files"
    let hadFolder = FileManager.default.fileExists(atPath: folder)
    do {
      switch url.pathExtension.lowercased() {
      case "md": text = try markdown(cells, imagesBeside: url)
      case "html", "htm": text = html(cells, title: title)
      case "ipynb": text = try ipynb(cells)
      default:
        throw NotebookError("notebook: unknown output format '.\(url.pathExtension)'; use .md, .html or .ipynb")
      }
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      if !hadFolder { try? FileManager.default.removeItem(atPath: folder) }
      throw plain(error)
    }
  }

  /// Throws a plain error unless the report's folder exists and is writable (checked before
  /// the cells run, so a long run is not wasted).
  public static func checkWritable(_ path: String) throws {
    let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
      throw NotebookError("no such folder '\(dir)'")
    }
    guard access(dir, W_OK) == 0 else {
      throw NotebookError("permission denied (the folder '\(dir)' is not writable)")
    }
  }

  /// Foundation's file errors as their POSIX sentence (`No space left on device`).
  static func plain(_ error: Error) -> Error {
    if error is NotebookError { return error }
    let ns = error as NSError
    if let under = ns.userInfo[NSUnderlyingErrorKey] as? NSError, under.domain == NSPOSIXErrorDomain {
      return NotebookError(String(cString: strerror(Int32(under.code))))
    }
    if ns.domain == NSPOSIXErrorDomain { return NotebookError(String(cString: strerror(Int32(ns.code)))) }
    return NotebookError(ns.localizedDescription)
  }

  /// Markdown with code fences; images go to `NAME_files/` next to the report.
  static func markdown(_ cells: [NotebookCell], imagesBeside url: URL) throws -> String {
    let folderName = url.deletingPathExtension().lastPathComponent + "_files"
    let folder = url.deletingLastPathComponent().appendingPathComponent(folderName)
    var out: [String] = []
    for (i, c) in cells.enumerated() {
      if c.kind == .markdown { out.append(c.source); continue }
      out.append("```nos\n\(c.source)\n```")
      let text = outputText(c)
      if !text.isEmpty { out.append("```text\n\(text)\n```") }
      for (k, png) in c.images.enumerated() {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = "cell\(i + 1)-\(k + 1).png"
        try png.write(to: folder.appendingPathComponent(name), options: .atomic)
        out.append("![figure](\(folderName)/\(name))")
      }
    }
    return out.joined(separator: "\n\n") + "\n"
  }

  /// One HTML file: markdown rendered, code and output blocks, images inline as base64.
  static func html(_ cells: [NotebookCell], title: String) -> String {
    let parser = MarkdownParser()
    var body = ""
    for c in cells {
      if c.kind == .markdown { body += "<div class=\"md\">\(parser.html(from: c.source))</div>\n"; continue }
      let n = c.executionCount.map { "[\($0)]" } ?? ""
      body += "<div class=\"cell\"><div class=\"n\">\(n)</div><pre class=\"code\">\(escape(c.source))</pre></div>\n"
      let text = outputText(c)
      if !text.isEmpty {
        body += "<pre class=\"\(c.error == nil ? "out" : "err")\">\(escape(text))</pre>\n"
      }
      for png in c.images {
        body += "<img alt=\"figure\" src=\"data:image/png;base64,\(png.base64EncodedString())\">\n"
      }
    }
    return """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"><title>\(escape(title))</title>
      <style>
      body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
             line-height: 1.5; color: #222; }
      pre { padding: .6rem .8rem; border-radius: 6px; overflow-x: auto; font-size: .9rem; }
      .cell { display: flex; gap: .5rem; align-items: flex-start; }
      .n { color: #888; font-family: monospace; min-width: 2.5rem; padding-top: .7rem; }
      .code { background: #f4f5f7; flex: 1; margin: .4rem 0; }
      .out { background: #fff; border-left: 3px solid #cde; margin: 0 0 .8rem 3rem; }
      .err { background: #fff4f4; border-left: 3px solid #e88; margin: 0 0 .8rem 3rem; }
      img { max-width: calc(100% - 3rem); margin: .4rem 0 1rem 3rem; }
      </style></head><body>
      \(body)</body></html>

      """
  }

  /// Jupyter nbformat 4.5.
  static func ipynb(_ cells: [NotebookCell]) throws -> String {
    func lines(_ s: String) -> [String] {
      let parts = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      return parts.enumerated().map { i, l in i < parts.count - 1 ? l + "\n" : l }.filter { !$0.isEmpty }
    }
    var list: [[String: Any]] = []
    for (i, c) in cells.enumerated() {
      var cell: [String: Any] = ["id": "cell-\(i + 1)", "metadata": [String: Any](), "source": lines(c.source)]
      if c.kind == .markdown {
        cell["cell_type"] = "markdown"
      } else {
        cell["cell_type"] = "code"
        cell["execution_count"] = c.executionCount.map { $0 as Any } ?? NSNull()
        var outputs: [[String: Any]] = []
        if !c.stdout.isEmpty { outputs.append(["output_type": "stream", "name": "stdout", "text": lines(c.stdout)]) }
        for png in c.images {
          outputs.append(["output_type": "display_data", "metadata": [String: Any](),
                          "data": ["image/png": png.base64EncodedString(), "text/plain": ["<figure>"]]])
        }
        if let r = c.result {
          outputs.append(["output_type": "execute_result", "execution_count": c.executionCount ?? 0,
                          "metadata": [String: Any](), "data": ["text/plain": lines(r)]])
        }
        if let e = c.error {
          let first = e.split(separator: "\n").first.map(String.init) ?? e
          outputs.append(["output_type": "error", "ename": "NOSError",
                          "evalue": first.hasPrefix("error: ") ? String(first.dropFirst(7)) : first,
                          "traceback": e.split(separator: "\n").map(String.init)])
        }
        cell["outputs"] = outputs
      }
      list.append(cell)
    }
    let notebook: [String: Any] = [
      "cells": list,
      "metadata": ["kernelspec": ["name": "nos", "display_name": "nos", "language": "nos"],
                   "language_info": ["name": "nos", "file_extension": ".nos"]],
      "nbformat": 4, "nbformat_minor": 5,
    ]
    let data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys])
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// What a code cell printed, its value, and its error, as text.
  static func outputText(_ c: NotebookCell) -> String {
    var parts: [String] = []
    if !c.stdout.isEmpty { parts.append(String(c.stdout.dropLast(c.stdout.hasSuffix("\n") ? 1 : 0))) }
    if let r = c.result { parts.append(r) }
    if let e = c.error { parts.append(e) }
    return parts.joined(separator: "\n")
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}

public struct NotebookError: Error, CustomStringConvertible {
  public let description: String
  init(_ message: String) { description = message }
}
