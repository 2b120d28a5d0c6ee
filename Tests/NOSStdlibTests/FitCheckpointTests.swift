// fit(..., checkpoint=): a run stopped after some epochs and started again in a new session
// ends with the weights and history of the run that was never stopped, bit for bit.
import Foundation
import NOSIO
import NOSLang
import NOSStdlib
import NOSTestSupport
import NOSTensor
import XCTest

final class FitCheckpointTests: XCTestCase {
  var dir = ""

  override func setUpWithError() throws {
    dir = NSTemporaryDirectory() + "nos-fit-checkpoint-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

  /// A session that trains an MLP with Adam, a step schedule, shuffled batches and
  /// validation for `epochs`, through a loss function that gives nan after `failAfter`
  /// batches (a run that dies), then saves the weights and history to `name`.nosm/.npz.
  /// `initSeed` seeds the weights only: a resumed run must take them from the checkpoint.
  func session(epochs: Int, checkpoint: Bool, failAfter: Int = 1_000_000, initSeed: Int = 0,
               name: String) throws -> (String, String) {
    let ck = checkpoint ? ", checkpoint=\"\(dir)/run.nosm\"" : ""
    let source = """
      seed(3)
      x = randn(40, 3)
      d = {x: x, y: sin(x[:, :1]) * x[:, 1:2]}
      v = {x: randn(8, 3), y: zeros(8, 1)}
      seed(\(initSeed))
      net = mlp([3, 16, 1])
      seed(0)
      calls = [0]
      fn loss(m, b) {
        calls[0] = calls[0] + 1
        if calls[0] > \(failAfter) { return nan }
        mse(m(b.x), b.y)
      }
      h = fit(net, d, epochs=\(epochs), batch=8, loss=loss, optimizer=adam(net, lr=0.01),
              schedule={step: 2, gamma: 0.5}, val=v, verbose=2\(ck))
      savemodel(net, "\(dir)/\(name).nosm")
      save("\(dir)/\(name).npz", {loss: h.loss, val: h.val})
      """
    let out = BufferOutput(), err = BufferOutput()
    let s = Stdlib.session(output: out, errorOutput: err)
    do { try s.run(source: source) } catch { return (out.text, err.text + "\(error)") }
    return (out.text, err.text)
  }

  func arrays(_ name: String) throws -> [String: [Double]] {
    var all: [String: [Double]] = [:]
    for (k, t) in try ModelFile.read(path: "\(dir)/\(name).nosm", supportedFormat: 99).arrays {
      all[k] = t.toArray()
    }
    for (k, t) in try NPZ.read(path: "\(dir)/\(name).npz").arrays { all["h." + k] = t.toArray() }
    return all
  }

  func testAStoppedRunResumedInANewSessionEqualsTheUninterruptedRun() throws {
    // 40 samples in batches of 8 and one validation batch: 6 loss calls an epoch; the 21st
    // (epoch 4, batch 3) gives nan.
    let (_, died) = try session(epochs: 6, checkpoint: true, failAfter: 20, name: "died")
    XCTAssertTrue(died.contains("the loss became nan in epoch 4 (batch 3)"), died)
    let (_, resumed) = try session(epochs: 6, checkpoint: true, initSeed: 9, name: "resumed")
    XCTAssertTrue(resumed.contains("fit: resuming from \"\(dir)/run.nosm\" after epoch 3 of 6"),
                  resumed)
    XCTAssertFalse(resumed.contains("epoch 3/6"), "epochs 1-3 are not trained again")
    XCTAssertTrue(resumed.contains("epoch 4/6") && resumed.contains("epoch 6/6"), resumed)
    _ = try session(epochs: 6, checkpoint: false, name: "straight")
    let a = try arrays("resumed"), b = try arrays("straight")
    XCTAssertEqual(Set(a.keys), Set(b.keys))
    XCTAssertEqual(a["h.loss"]?.count, 6)
    for (k, v) in b { XCTAssertEqual(a[k], v, "\(k) differs from the uninterrupted run") }
  }

  func testAFinishedRunTrainsNothingAndTheCheckpointLoadsAsAModel() throws {
    _ = try session(epochs: 2, checkpoint: true, name: "first")
    let (_, again) = try session(epochs: 2, checkpoint: true, initSeed: 5, name: "again")
    XCTAssertTrue(again.contains("after epoch 2 of 2"), again)
    XCTAssertFalse(again.contains("epoch 1/2"), again)
    XCTAssertEqual(try arrays("again"), try arrays("first"))
    let out = BufferOutput()
    try Stdlib.session(output: out, errorOutput: BufferOutput()).run(source: """
      m, o = loadmodel("\(dir)/run.nosm", opt=true)
      print(m.nparams, o.steps, o.lr)
      """)
    // 10 steps of Adam (2 epochs of 5 batches); lr 0.01 halved after epoch 2.
    XCTAssertEqual(out.text, "81 10 0.005\n")
  }
}
