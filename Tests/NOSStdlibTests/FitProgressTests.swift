// fit's progress goes to the error stream, never stdout: about 20 epoch lines off a terminal,
// every epoch with verbose=2, none with verbose=0; stdout holds only what the script printed.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class FitProgressTests: XCTestCase {
  func script(epochs: Int, _ extra: String = "") -> String {
    """
    seed(1)
    x = linspace(0, 1, 10).reshape(10, 1)
    net = mlp([1, 4, 1])
    h = fit(net, x, x^2, epochs=\(epochs), batch=5, loss="mse"\(extra))
    print("done", h.loss.shape)
    """
  }

  /// Runs a script in-process; returns stdout and the epochs of the progress lines.
  func run(_ source: String) throws -> (String, [Int]) {
    let out = BufferOutput(), err = BufferOutput()
    let s = Stdlib.session(output: out, errorOutput: err)
    try s.run(source: source)
    return (out.text, try epochs(err.text))
  }

  struct UnexpectedLine: Error { let line: String }

  /// The epoch numbers of lines `epoch k/N  loss d.dddde±dd`; any other line is an error.
  func epochs(_ text: String) throws -> [Int] {
    let pattern = #"^epoch [0-9]+/[0-9]+  loss [0-9][.][0-9]{4}e[-+][0-9]{2}$"#
    return try text.split(separator: "\n").map { line in
      guard line.range(of: pattern, options: .regularExpression) != nil,
            let k = Int(line.dropFirst(6).prefix { $0 != "/" }) else {
        throw UnexpectedLine(line: String(line))
      }
      return k
    }
  }

  func testAboutTwentyLinesOffATerminal() throws {
    let (out, shown) = try run(script(epochs: 100))
    XCTAssertEqual(out, "done [100]\n")
    XCTAssertEqual(shown, [1] + Array(stride(from: 5, through: 100, by: 5)))
    // Epoch 1, multiples of ⌈epochs/20⌉ and the last epoch.
    XCTAssertEqual(try run(script(epochs: 7)).1, Array(1...7))
    XCTAssertEqual(try run(script(epochs: 45)).1, [1] + Array(stride(from: 3, through: 45, by: 3)))
    XCTAssertEqual(try run(script(epochs: 101)).1,
                   [1] + Array(stride(from: 6, through: 96, by: 6)) + [101])
  }

  func testVerboseTwoWritesEveryEpochAndZeroNone() throws {
    let (out2, every) = try run(script(epochs: 100, ", verbose=2"))
    XCTAssertEqual(out2, "done [100]\n")
    XCTAssertEqual(every, Array(1...100))
    let (out0, none) = try run(script(epochs: 100, ", verbose=0"))
    XCTAssertEqual(out0, "done [100]\n")
    XCTAssertEqual(none, [])
  }

  /// The real executable with stdout and stderr captured apart (pipes, so not a terminal).
  func testThroughTheBinary() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let bin = ProcessInfo.processInfo.environment["NOS_BIN"] ?? root.path + "/.build/release/nos"
    guard FileManager.default.isExecutableFile(atPath: bin) else {
      throw XCTSkip("no release binary at \(bin); scripts/test builds it")
    }
    for (extra, want) in [("", [1] + Array(stride(from: 5, through: 100, by: 5))),
                          (", verbose=2", Array(1...100)), (", verbose=0", [])] {
      let (stdout, stderr, status) = runProcess(bin, ["-e", script(epochs: 100, extra)])
      XCTAssertEqual(status, 0, stderr)
      XCTAssertEqual(stdout, "done [100]\n", extra)
      XCTAssertEqual(try epochs(stderr), want, extra)
    }
  }
}
