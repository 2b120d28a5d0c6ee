// Completion by type: after `x.` only what applies to x, read from a live session.
import NOSLang
import NOSRepl
import NOSStdlib
import XCTest

final class CompletionTests: XCTestCase {
  private func session(_ code: String) throws -> Session {
    let s = Stdlib.session(output: BufferOutput(), errorOutput: BufferOutput(),
                           options: StdlibOptions(plots: "off"))
    try s.run(source: code)
    return s
  }

  /// A tensor offers its properties and the tensor builtins, not zeros, print or mlp.
  func testTensorOffersTensorMethodsOnly() throws {
    let s = try session("x = zeros(2, 3)")
    let all = Completer.candidates("x.", session: s)
    for m in ["x.shape", "x.T", "x.sum", "x.reshape", "x.svd", "x.argmax", "x.item"] {
      XCTAssertTrue(all.contains(m), "\(m) missing from \(all)")
    }
    for m in ["x.zeros", "x.print", "x.mlp", "x.plot", "x.help", "x.adam", "x.linspace"] {
      XCTAssertFalse(all.contains(m), "\(m) should not be offered")
    }
    XCTAssertEqual(Completer.candidates("x.su", session: s), ["x.sum"])
    XCTAssertEqual(Completer.candidates("x.nd", session: s), ["x.ndim"])
  }

  func testRecordOffersItsFields() throws {
    let s = try session("d = {alpha: 1, beta: zeros(3)}")
    XCTAssertEqual(Completer.candidates("d.", session: s), ["d.alpha", "d.beta"])
    // A field that holds a tensor completes as a tensor.
    XCTAssertEqual(Completer.candidates("d.beta.sha", session: s), ["d.beta.shape"])
  }

  func testModelOffersItsMembers() throws {
    let s = try session("m = mlp([1, 4, 1])")
    XCTAssertEqual(Completer.candidates("m.", session: s),
                   ["m.dtype", "m.kind", "m.nparams", "m.params", "m.summary"])
  }

  func testOptimizerOffersItsMembers() throws {
    let s = try session("m = mlp([1, 4, 1])\nopt = adam(m, lr=0.01)\nq = lbfgs({w: [1.0]})")
    XCTAssertEqual(Completer.candidates("opt.", session: s),
                   ["opt.lr", "opt.params", "opt.step", "opt.steps"])
    XCTAssertEqual(Completer.candidates("q.ev", session: s), ["q.evaluations"])
  }

  func testFigureOffersPropertiesAndSavefig() throws {
    let s = try session("fig = plot([1, 2, 3])")
    let all = Completer.candidates("fig.", session: s)
    XCTAssertTrue(all.contains("fig.savefig") && all.contains("fig.script"), "\(all)")
    XCTAssertFalse(all.contains("fig.sum"), "\(all)")
  }

  /// Names, keywords and REPL commands still complete as before.
  func testNamesAndCommands() throws {
    let s = try session("learning_rate = 0.1")
    XCTAssertEqual(Completer.candidates("learn", session: s), ["learning_rate"])
    XCTAssertTrue(Completer.candidates("whi", session: s).contains("while"))
    XCTAssertEqual(Completer.candidates(":he", session: s), [":help"])
    XCTAssertEqual(Completer.candidates("nosuch.", session: s), [])
  }
}
