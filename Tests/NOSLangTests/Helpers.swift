// Test helpers: run nos source in a fresh session and capture output and errors.

import XCTest
@testable import NOSLang

/// Runs `source` in a new session; returns printed output (+ displayed last value).
func runNOS(_ source: String, file: String = "test.nos", limit: Int? = nil) -> String {
  let out = BufferOutput()
  let session = Session(output: out, interrupt: Interrupt())
  session.stepLimit = limit
  do {
    if let v = try session.run(source: source, file: file), !v.isNil {
      out.write(Display.string(v))
    }
    return out.text.hasSuffix("\n") ? String(out.text.dropLast()) : out.text
  } catch let e as NOSError {
    return out.text + e.description
  } catch {
    return out.text + "unexpected: \(error)"
  }
}

/// The first error message of running `source`, or "no error".
func errorOf(_ source: String) -> String {
  let session = Session(output: BufferOutput(), interrupt: Interrupt())
  do {
    try session.run(source: source, file: "test.nos")
    return "no error"
  } catch let e as NOSError {
    return e.message
  } catch {
    return "unexpected: \(error)"
  }
}
