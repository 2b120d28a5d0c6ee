// Two stdlib sessions in one process (as a kernel or an embedding app runs them) interleave
// cells without seeing each other's variables, seeds, plots, interrupts or grad state.
import Foundation
import NOSGrad
import NOSLang
import NOSStdlib
import NOSTensor
import XCTest

final class TwoSessionsTests: XCTestCase {
  private func session() -> Session {
    Stdlib.session(output: BufferOutput(), errorOutput: BufferOutput(),
                   options: StdlibOptions(plots: "off"))
  }

  private func numbers(_ s: Session, _ code: String) throws -> [Double] {
    guard case .host(let h as TensorValue)? = try s.run(source: code) else {
      XCTFail("\(code) did not give a tensor")
      return []
    }
    return h.tensor.toArray()
  }

  func testVariablesAreSeparate() throws {
    let a = session(), b = session()
    try a.run(source: "x = 1")
    try b.run(source: "x = 2; y = 3")
    XCTAssertEqual(Display.string(try a.run(source: "x")!), "1")
    XCTAssertEqual(Display.string(try b.run(source: "x")!), "2")
    XCTAssertThrowsError(try a.run(source: "y"))
  }

  /// A's draws after seed(n) are the same whether or not B seeds and draws in between; the
  /// reference is a third session running A's cells alone.
  func testSeedStreamsAreSeparate() throws {
    let cells = ["seed(7); randn(5)", "rand(3)", "sum(grf(2, 16))",
                 "flatten(linear(2, 3).params.w)", "flatten(batches({x: arange(6)}, 6)[0].x)"]
    let alone = session()
    let reference = try cells.map { try numbers(alone, $0) }
    let a = session(), b = session()
    for (i, cell) in cells.enumerated() {
      try b.run(source: "seed(\(i)); randn(100); grf(3, 16); seed(7); rand(4)")
      XCTAssertEqual(try numbers(a, cell), reference[i], cell)
    }
    // The batches cell really shuffled (the comparison above is not of a fixed order).
    XCTAssertNotEqual(reference[4], [0, 1, 2, 3, 4, 5])
  }

  /// A fresh session draws what nos always drew from its start-up stream, and a session's
  /// seed() leaves the stream of Swift code outside sessions alone.
  func testFreshSessionsAndTheProcessStream() throws {
    let fresh = RandomStream(seed: RandomStream.defaultSeed)
    let expected = try Tensor.randn([4], rng: fresh).toArray()
    XCTAssertEqual(try numbers(session(), "randn(4)"), expected)
    Random.process.seed(11)
    let before = try Tensor.randn([3]).toArray()
    Random.process.seed(11)
    try session().run(source: "seed(5); randn(3)")
    XCTAssertEqual(try Tensor.randn([3]).toArray(), before)
    XCTAssertTrue(Random.current === Random.process)
  }

  /// Plot modes and captured figures are per session.
  func testPlotsAndFiguresAreSeparate() throws {
    let a = session(), b = session()
    try a.run(source: "plots(\"file\")")
    XCTAssertEqual(Display.string(try b.run(source: "plots()")!), "off")
    XCTAssertEqual(Display.string(try a.run(source: "plots()")!), "file")
    try a.run(source: "plots(\"off\")")
    a.figures.begin()
    b.figures.begin()
    let fig = try a.run(source: "plot([1, 2, 3])")!
    _ = Display.string(fig)  // displayed while A captures: rendered into A's report
    let imagesB = b.figures.end()
    let imagesA = a.figures.end()
    XCTAssertEqual(imagesB.count, 0)
    guard imagesA.count == 1 else {
      throw XCTSkip("no image captured (gnuplot with pngcairo missing?): \(imagesA.count)")
    }
    XCTAssertEqual(Array(imagesA[0].prefix(4)), [0x89, 0x50, 0x4E, 0x47])  // PNG signature
  }

  /// An interrupt requested for A stops A's next cell and is never seen by B, also not by
  /// B's parallel generators.
  func testInterruptsAreSeparate() throws {
    let a = session(), b = session()
    XCTAssertFalse(a.interpreter.interrupt === b.interpreter.interrupt)
    a.interpreter.interrupt.request()
    // burgers polls the interrupt check between samples, on its worker threads.
    let data = "burgers(2, res=16, solve_res=32).x"
    XCTAssertEqual(try numbers(b, "s = 0; for i in 0..1000 { s = s + i }; \(data)").count, 32)
    XCTAssertThrowsError(try a.run(source: data)) { e in
      XCTAssertTrue("\(e)".contains("interrupted"), "\(e)")
    }
    XCTAssertEqual(try numbers(a, data).count, 32)  // the request was consumed
  }

  /// odeint_stats() reports the session's own last integration.
  func testODEStatsAreSeparate() throws {
    let a = session(), b = session()
    try a.run(source: "odeint((t, y) -> -y, 1.0, [0, 1], method=\"rk4\", step=0.01)")
    try b.run(source: "odeint((t, y) -> -y, 1.0, [0, 1], method=\"rk4\", step=0.5)")
    // rk4: 4 evaluations per step; 100 steps in A, 2 in B.
    XCTAssertEqual(Display.string(try a.run(source: "odeint_stats().nfev")!), "400")
    XCTAssertEqual(Display.string(try b.run(source: "odeint_stats().nfev")!), "8")
  }

  /// Runs `cellA` on a thread of its own; it calls `pause()`, during which `cellB` runs in
  /// B. Returns A's result (or error) and B's.
  private func interleave(_ a: Session, _ cellA: String, _ b: Session, _ cellB: String)
    throws -> (Result<Value?, Error>, Value?)
  {
    final class Box: @unchecked Sendable {  // written by A's thread before `done` is signalled
      var result: Result<Value?, Error>?
    }
    let paused = DispatchSemaphore(value: 0), resume = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    a.interpreter.register([Builtin("pause", [], doc: "Test hook.") { _ in
      paused.signal()
      resume.wait()
      return .nil
    }])
    let box = Box()
    nonisolated(unsafe) let sessionA = a  // used by A's thread only until `done`
    Thread {
      box.result = Result { try sessionA.run(source: cellA) }
      done.signal()
    }.start()
    XCTAssertEqual(paused.wait(timeout: .now() + 60), .success)
    let valueB = try b.run(source: cellB)
    resume.signal()
    XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
    return (box.result ?? .failure(RuntimeError("A did not finish")), valueB)
  }

  /// B takes a tracked tensor's item() while A is inside grad: A's check for "the result
  /// left the graph through item()" must not fire (it counts B's item with a global).
  func testGradBookkeepingIsSeparate() throws {
    let a = session(), b = session()
    let (ra, vb) = try interleave(a, "grad(x -> { pause(); 5 }, 3)",
                                  b, "grad(x -> x.item() * 0 + x^2, 2)")
    XCTAssertEqual(Display.string(try ra.get()!), "0")
    XCTAssertEqual(Display.string(vb!), "4")
  }

  /// A runs with gradient recording off (as a backward pass does) while B differentiates:
  /// B's ops must still be recorded.
  func testGradRecordingIsSeparate() throws {
    let a = session(), b = session()
    a.interpreter.register([Builtin("no_grad", [Param("f")], doc: "Test hook.") { args in
      try GradMode.with(recording: false) { try args.interpreter.call(args[0], []) }
    }])
    let (ra, vb) = try interleave(a, "no_grad(() -> { pause(); grad(x -> x^2, 3) })",
                                  b, "grad(x -> x^3, 2)")
    XCTAssertEqual(Display.string(vb!), "12")
    // A's own grad, inside no_grad, records nothing: the hook really switched A's recording
    // off (with it on, the gradient of x^2 at 3 is 6).
    XCTAssertEqual(Display.string(try ra.get()!), "0")
  }
}
