// L-BFGS: Rosenbrock from (−1.2, 1), PyTorch's trajectory, stop reasons, errors.
import NOSGrad
import NOSModels
import NOSTensor
import XCTest

/// Rosenbrock's function (1 − x)² + 100(y − x²)² of the container's first leaf [x, y].
private func rosenbrock(_ list: ParameterList) throws -> Variable {
  let p = list.leaves[0]
  let x = try getIndex(p, [.at(0)]), y = try getIndex(p, [.at(1)])
  let one = Variable(Tensor(1)), hundred = Variable(Tensor(100))
  let a = try sub(one, x), b = try sub(y, mul(x, x))
  return try add(mul(a, a), mul(hundred, mul(b, b)))
}

final class LBFGSTests: XCTestCase {
  func testRosenbrockConvergesWithinOneHundredIterations() throws {
    let list = ParameterList([vec([-1.2, 1])])
    let opt = try LBFGS(list)
    var losses: [Double] = []
    for _ in 0..<5 { losses.append(try opt.step { try rosenbrock(list) }) }
    let f = try rosenbrock(list).value.item()
    XCTAssertLessThan(f, 1e-10)
    XCTAssertLessThanOrEqual(opt.iterations, 100)
    assertClose(list.tensors[0].toArray(), [1, 1], tol: 1e-5)
    // PyTorch 2.x (float64, same settings) returns these losses at the start of each step
    // and has used 19, 36, 37 iterations and 25, 45, 46 evaluations after steps 1–3.
    assertClose(Array(losses.prefix(3)), [24.199999999999996, 0.42407215685652544,
                                          4.5007091440361657e-13], tol: 1e-9)
    XCTAssertEqual(opt.reason, .converged)
    XCTAssertFalse(list.leaves[0].requiresGrad)
  }

  func testPyTorchIterationCounts() throws {
    let list = ParameterList([vec([-1.2, 1])])
    let opt = try LBFGS(list)
    try opt.step { try rosenbrock(list) }
    // max_eval = 25 (max_iter·5/4) runs out during iteration 19.
    XCTAssertEqual(opt.iterations, 19)
    XCTAssertEqual(opt.evaluations, 25)
    XCTAssertEqual(opt.reason, .maxIterations)
    try opt.step { try rosenbrock(list) }
    XCTAssertEqual(opt.iterations, 36)
    XCTAssertEqual(opt.evaluations, 45)
  }

  func testQuadraticConvergesAsInPyTorch() throws {
    // A convex quadratic in 4 variables: L-BFGS reaches the minimum within one step.
    let target = Variable(vec([1, -2, 3, 0.5]))
    let list = ParameterList([vec([0, 0, 0, 0])])
    let opt = try LBFGS(list)
    let loss = try opt.step {
      let d = try sub(list.leaves[0], target)
      return try reduceSum(mul(mul(d, d), Variable(vec([1, 2, 3, 4]))))
    }
    XCTAssertEqual(loss, 1 + 8 + 27 + 1, accuracy: 1e-12)
    XCTAssertEqual(opt.reason, .converged)
    // PyTorch stops at the same point after 8 iterations and 8 evaluations (the loss stopped
    // changing by more than tolerance_change).
    assertClose(list.tensors[0].toArray(), [1.0000016865048198, -1.9999957704118119,
                                            3.0000023717569078, 0.5000000115744623], tol: 1e-12)
    XCTAssertEqual(opt.iterations, 8)
    XCTAssertEqual(opt.evaluations, 8)
  }

  func testMaxIterationsIsReported() throws {
    let list = ParameterList([vec([-1.2, 1])])
    let opt = try LBFGS(list, maxIter: 3, maxEval: 100)
    try opt.step { try rosenbrock(list) }
    XCTAssertEqual(opt.reason, .maxIterations)
    XCTAssertEqual(opt.iterations, 3)
  }

  func testLineSearchFailureIsReported() throws {
    // A loss that is not differentiable at its minimum along the search line (|x| with a
    // wrong slope): the reported gradient never fits the values, so no Wolfe point exists.
    let list = ParameterList([vec([1])])
    let opt = try LBFGS(list, maxEval: 500)
    try opt.step {
      let x = list.leaves[0]
      // value |x|, but a gradient of 1 everywhere (value from a constant plus x·0 + x).
      let shift = Variable(Tensor(try abs(x.value.item()) - x.value.item()))
      return try add(x, shift)
    }
    XCTAssertEqual(opt.reason, .lineSearchFailed)
  }

  func testClosureErrorsLeaveTheAcceptedPoint() throws {
    let list = ParameterList([vec([-1.2, 1])])
    let opt = try LBFGS(list)
    var calls = 0
    XCTAssertThrowsError(try opt.step {
      calls += 1
      if calls == 4 { throw TensorError("boom") }
      return try rosenbrock(list)
    })
    XCTAssertFalse(list.leaves[0].requiresGrad)
    XCTAssertThrowsError(try opt.step(gradients: [vec([1, 1])])) { e in
      XCTAssertTrue("\(e)".hasPrefix("lbfgs: step needs a function that returns the loss"))
    }
    XCTAssertThrowsError(try LBFGS(list, maxIter: 0))
    XCTAssertThrowsError(try LBFGS(list, maxIter: Int.max))
    XCTAssertThrowsError(try LBFGS(list, toleranceGrad: .nan))
  }

  func testComplexParametersAreRealPairs() throws {
    let target = Variable(Tensor(complex: .init(1, 2)))
    let list = ParameterList([Tensor(complex: .init(-1, 0.5))])
    let opt = try LBFGS(list)
    try opt.step { try Losses.mse(list.leaves[0], target) }
    let z = list.tensors[0].toComplexArray()[0]
    XCTAssertEqual(z.re, 1, accuracy: 1e-7)
    XCTAssertEqual(z.im, 2, accuracy: 1e-7)
  }
}
