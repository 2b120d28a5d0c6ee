// Training with NOSModels alone (no interpreter): an FNO learns Burgers data made by
// NOSPhysics; the loop's interruption, nan stop, shuffles, data subsets and normalizer.
import NOSGrad
import NOSModels
import NOSPhysics
import NOSTensor
import XCTest

/// Records what `Training.fit` reports.
final class RecordingProgress: FitProgress {
  var started: [Int] = [], ended: [(loss: Double, val: Double?)] = [], seen: [Int] = []
  var interruptedIn: Int?
  func startEpoch(_ epoch: Int) { started.append(epoch) }
  func batch(seen: Int, loss: Double) { self.seen.append(seen) }
  func endEpoch(loss: Double, val: Double?) { ended.append((loss, val)) }
  func interrupted(_ epoch: Int) { interruptedIn = epoch }
}

final class TrainingTests: XCTestCase {
  /// 40 Burgers pairs at 32 points: 32 to train, 8 to test, the grid shared by both.
  func burgers() throws -> (TensorSamples, TensorSamples) {
    let d = try Generators.burgers(n: 40, res: 32, solveRes: 256, seed: 3)
    let all = try TensorSamples([("x", d.x), ("y", d.y), ("grid", d.grid)])
    return try all.split(32)
  }

  func testFNOLearnsBurgersWithoutTheInterpreter() throws {
    let (train, test) = try burgers()
    XCTAssertEqual([train.count, test.count], [32, 8])
    XCTAssertEqual(test.tensor("grid")?.shape, [32], "the grid is shared, not split")
    Random.seed(5)
    let model = try FNO(modes: [8], width: 16, layers: 2, proj: 32)
    let box = ParamsBox(try model.initialParams())
    let opt = try Adam(box, lr: 1e-2)
    let loss = Training.supervisedLoss(model, params: { box.params }, inputs: ["x"],
                                       target: "y", metric: Losses.relativeL2)
    let before = try Training.evaluate(test, batchSize: 8, loss: loss)
    let progress = RecordingProgress()
    var rng = TestRNG(11)
    let options = FitOptions(epochs: 30, batchSize: 8, scheduler: try CosineLR(opt, total: 30),
                             progress: progress)
    let h = try Training.fit(box, optimizer: opt, train: train, validation: test,
                             options: options, rng: &rng, loss: loss)
    XCTAssertEqual(h.loss.count, 30)
    XCTAssertEqual(h.val?.count, 30)
    XCTAssertNil(h.interruptedEpoch)
    XCTAssertEqual(opt.steps, 30 * 4)
    XCTAssertEqual(progress.started, Array(1...30))
    XCTAssertEqual(progress.seen, Array(repeating: [8, 16, 24, 32], count: 30).flatMap { $0 })
    let after = try XCTUnwrap(h.val?.last)
    // Measured: test rel. L2 30.3 at the initial weights, 0.030 after 30 epochs (train 0.037).
    XCTAssertLessThan(after, 0.1, "test rel. L2 \(before) → \(after)")
    XCTAssertGreaterThan(before, 1)
    XCTAssertLessThan(h.loss[29], 0.1, "train \(h.loss[0]) → \(h.loss[29])")
    // The last validation value is the test loss of the final weights, computed directly
    // over all 8 samples at once (rel_l2 is a mean over samples, so batches of 3 weighted
    // by their sizes give the same number).
    let pred = try model.forward(box.params, [Variable(try XCTUnwrap(test.tensor("x")))])
    let direct = try Losses.relativeL2(pred, Variable(try XCTUnwrap(test.tensor("y"))))
    XCTAssertEqual(after, try direct.value.item(), accuracy: 1e-12)
    XCTAssertEqual(try Training.evaluate(test, batchSize: 3, loss: loss), after, accuracy: 1e-12)
  }

  /// A line y = 2x + 1 fitted by SGD in batches of 2 over 6 samples.
  func line() throws -> (ParameterList, TensorSamples, (TensorSamples) throws -> Variable) {
    let params = ParameterList([Tensor(0.0), Tensor(0.0)])
    let xs: [Double] = [0, 1, 2, 3, 4, 5]
    let data = try TensorSamples([("x", Tensor(xs, shape: [6])),
                                  ("y", Tensor(xs.map { 2 * $0 + 1 }, shape: [6]))])
    let loss = { (b: TensorSamples) throws -> Variable in
      let w = params.leaves[0], c = params.leaves[1]
      let pred = try add(mul(Variable(try XCTUnwrap(b.tensor("x"))), w), c)
      return try Losses.mse(pred, Variable(try XCTUnwrap(b.tensor("y"))))
    }
    return (params, data, loss)
  }

  func testInterruptionStopsAfterTheCurrentBatchAndKeepsTheHistory() throws {
    let (params, data, loss) = try line()
    let opt = try SGD(params, lr: 0.01)
    var asked = 0
    let progress = RecordingProgress()
    let options = FitOptions(epochs: 5, batchSize: 2, progress: progress, isInterrupted: {
      asked += 1
      return asked == 5
    })
    var rng = TestRNG(1)
    let h = try Training.fit(params, optimizer: opt, train: data, validation: data,
                             options: options, rng: &rng, loss: loss)
    // 3 batches in epoch 1, the interruption after the 2nd batch of epoch 2.
    XCTAssertEqual(opt.steps, 5)
    XCTAssertEqual(h.loss.count, 2)
    XCTAssertEqual(h.interruptedEpoch, 2)
    XCTAssertEqual(h.val?.count, 2, "the interrupted epoch is validated too (h.val as long as h.loss)")
    XCTAssertEqual(progress.interruptedIn, 2)
    XCTAssertEqual(progress.ended.count, 1)
  }

  func testANonFiniteLossStopsBeforeThatBatchsUpdate() throws {
    let (params, data, loss) = try line()
    let opt = try SGD(params, lr: 0.01)
    var calls = 0
    var rng = TestRNG(1)
    XCTAssertThrowsError(try Training.fit(
      params, optimizer: opt, train: data, options: FitOptions(epochs: 3, batchSize: 2),
      rng: &rng, loss: { b in
        calls += 1
        return calls == 5 ? Variable(Tensor(Double.nan)) : try loss(b)
      })) { e in
      XCTAssertEqual("\(e)", "fit: the loss became nan in epoch 2 (batch 2); the weights are "
        + "those before that batch")
    }
    XCTAssertEqual(opt.steps, 4)
  }

  /// Fisher–Yates from the top with j = next() % (i + 1): a generator of zeros swaps each
  /// position with 0, which rotates 0..<5 left by one ([1, 2, 3, 4, 0], worked by hand).
  func testPermutationFollowsFisherYates() {
    struct Zeros: RandomNumberGenerator { mutating func next() -> UInt64 { 0 } }
    var z = Zeros()
    XCTAssertEqual(Training.permutation(5, &z), [1, 2, 3, 4, 0])
    var a = TestRNG(9), b = TestRNG(9)
    let p = Training.permutation(50, &a)
    XCTAssertEqual(p.sorted(), Array(0..<50))
    XCTAssertEqual(p, Training.permutation(50, &b), "the same seed gives the same order")
    XCTAssertNotEqual(p, Array(0..<50))
  }

  func testSubsetsSplitAndBatchesKeepSharedFields() throws {
    let x = try Tensor((0..<12).map(Double.init), shape: [4, 3])
    let grid = try Tensor([0.0, 0.5, 1.0], shape: [3])
    let s = try TensorSamples([("x", x), ("grid", grid), ("c", Tensor(7.0))])
    XCTAssertEqual(s.perSample, [true, false, false])
    let picked = try s.subset([3, 1])
    XCTAssertEqual(picked.tensor("x")?.toArray(), [9, 10, 11, 3, 4, 5])
    XCTAssertEqual(picked.tensor("grid")?.toArray(), [0, 0.5, 1])
    let (a, b) = try s.split(1)
    XCTAssertEqual([a.count, b.count], [1, 3])
    XCTAssertEqual(b.tensor("x")?.toArray(), Array(3..<12).map(Double.init))
    XCTAssertThrowsError(try s.split(5)) { e in
      XCTAssertEqual("\(e)", "split: n must be between 0 and 4 (the number of samples), got 5")
    }
    var rng = TestRNG(4)
    let parts = try s.batches(size: 3, rng: &rng)
    XCTAssertEqual(parts.map(\.count), [3, 1])
    let rows = parts.flatMap { $0.tensor("x")?.toArray() ?? [] }
    XCTAssertEqual(rows.sorted(), (0..<12).map(Double.init), "every sample exactly once")
    XCTAssertThrowsError(try TensorSamples([("c", Tensor(1.0))], what: "fit")) { e in
      XCTAssertEqual("\(e)", "fit: the record holds no tensors")
    }
  }

  /// x = [[1, 2, 5], [3, 6, 5]]: mean [2, 4, 5], population std [1, 2, 0] (by hand).
  func testNormalizerUsesPopulationStatisticsPerPoint() throws {
    let x = try Tensor([1, 2, 5, 3, 6, 5], shape: [2, 3])
    let n = try Normalizer(fitting: x, eps: 0.5)
    XCTAssertEqual(n.mean.toArray(), [2, 4, 5])
    XCTAssertEqual(n.std.toArray(), [1, 2, 0])
    let e = try n.encode(Variable(x)).value.toArray()
    assertClose(e, [-1 / 1.5, -2 / 2.5, 0, 1 / 1.5, 2 / 2.5, 0], tol: 1e-15, "encode")
    assertClose(try n.decode(n.encode(Variable(x))).value.toArray(), x.toArray(), tol: 1e-15,
                "decode ∘ encode")
    XCTAssertThrowsError(try n.encode(Variable(Tensor([1.0, 2.0], shape: [2])))) { e in
      XCTAssertEqual("\(e)", "normalizer: expected samples of shape [3], got a tensor of shape [2]")
    }
  }
}
