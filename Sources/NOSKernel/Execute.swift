// execute_request: runs a cell in the session and publishes its input, streams, figures,
// result or error; user_expressions are evaluated after the cell.
import Foundation
import NOSLang
import NOSStdlib

extension Shell {
  /// Runs the cell of `m` and returns the execute_reply content.
  func execute(_ m: Message) -> JSON {
    let code = m.content["code"] as? String ?? ""
    let silent = m.content["silent"] as? Bool ?? false
    let store = (m.content["store_history"] as? Bool ?? true) && !silent
    if store {
      count += 1
      history.append(code)
    }
    if !silent {
      publisher.publish("execute_input", ["code": code, "execution_count": count])
    }
    output.enabled = !silent
    defer { output.enabled = true }
    Interrupt.shared.clear()
    session.figures.begin()
    Plots.beginCell(session)
    var failure: NOSError?
    var otherFailure: String?
    var result: JSON?
    do {
      // Displayed inside the capture, so a figure as the cell's value arrives as an image.
      if let v = try session.run(source: code, file: "In[\(count)]"), !v.isNil {
        session.setGlobal("_", v)
        result = Display.mimeBundle(v)
      }
    } catch let e as NOSError {
      failure = e
    } catch {
      otherFailure = "error: \(error)"
    }
    Plots.endCell(session)
    let images = session.figures.end()
    output.flush()
    stderr?.drain()
    if !silent { publishFigures(images) }
    if let failure { return publishError(ename: "NOSError", failure.message, failure.description) }
    if let otherFailure { return publishError(ename: "Error", otherFailure, otherFailure) }
    if let result, !silent {
      publisher.publish("execute_result", ["execution_count": count, "data": result,
                                           "metadata": JSON()])
    }
    let expressions = m.content["user_expressions"] as? [String: String] ?? [:]
    return ["status": "ok", "execution_count": count,
            "user_expressions": evaluate(expressions), "payload": [] as [Any]]
  }

  /// One display_data message per figure the cell showed, as PNG.
  private func publishFigures(_ images: [Data]) {
    for png in images {
      publisher.publish("display_data", ["data": ["image/png": png.base64EncodedString(),
                                                  "text/plain": "<figure>"],
                                         "metadata": JSON(), "transient": JSON()])
    }
  }

  /// Publishes `error` and returns the error reply; the traceback holds the lines the REPL
  /// prints (the caret-annotated message).
  private func publishError(ename: String, _ evalue: String, _ text: String) -> JSON {
    let content: JSON = ["ename": ename, "evalue": evalue,
                         "traceback": text.split(separator: "\n", omittingEmptySubsequences: false)
                           .map(String.init)]
    publisher.publish("error", content)
    var reply = content
    reply["status"] = "error"
    reply["execution_count"] = count
    return reply
  }

  /// Each expression evaluated in the workspace: its text/plain value or its error.
  private func evaluate(_ expressions: [String: String]) -> JSON {
    var out: JSON = [:]
    for (name, code) in expressions {
      do {
        let v = try session.run(source: code, file: "<user_expression>") ?? .nil
        out[name] = ["status": "ok", "data": Display.mimeBundle(v), "metadata": JSON()]
      } catch let e as NOSError {
        out[name] = ["status": "error", "ename": "NOSError", "evalue": e.message,
                     "traceback": [e.description]]
      } catch {
        out[name] = ["status": "error", "ename": "Error", "evalue": "\(error)",
                     "traceback": ["\(error)"]]
      }
    }
    return out
  }
}

extension Display {
  /// The MIME bundle of a value: its display text.
  static func mimeBundle(_ v: Value) -> JSON { ["text/plain": Display.string(v)] }
}
