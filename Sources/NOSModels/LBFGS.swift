// L-BFGS with a strong-Wolfe line search, as torch.optim.LBFGS(line_search_fn="strong_wolfe").
import NOSGrad
import NOSTensor

/// Limited-memory BFGS over all parameters as one flat vector of reals (a complex parameter
/// is its real and imaginary parts). Each `step(closure:)` runs up to `maxIter` iterations
/// (and `maxEval` loss evaluations), keeping the curvature history across steps as PyTorch
/// does, and records why it stopped in `reason`.
public final class LBFGS: Optimizer {
  public enum StopReason: String, Sendable {
    /// The gradient (max |g|) fell below tolerance_grad, or the loss and step stopped
    /// changing after a successful line search.
    case converged = "converged"
    /// The last line search found no point meeting the strong Wolfe conditions and the
    /// iteration could make no more progress (or the loss became NaN or infinite).
    case lineSearchFailed = "line search failed"
    /// max_iter iterations or max_eval loss evaluations were used up.
    case maxIterations = "max iterations"
  }

  public let name = "lbfgs"
  public var lr: Double
  public let maxIter: Int
  public let maxEval: Int
  public let historySize: Int
  public let toleranceGrad: Double
  public let toleranceChange: Double
  public let parameters: any ParameterContainer
  public let layout: ParameterLayout
  public private(set) var steps = 0
  /// Why the last step stopped (nil before the first step).
  public private(set) var reason: StopReason?
  /// Iterations and loss evaluations over all steps.
  public private(set) var iterations = 0
  public private(set) var evaluations = 0

  // State kept between steps (PyTorch's d, t, old_dirs, old_stps, ro, H_diag, prev_*).
  private var d: [Double] = []
  private var t = 0.0
  private var oldDirs: [[Double]] = []
  private var oldSteps: [[Double]] = []
  private var ro: [Double] = []
  private var hDiag = 1.0
  private var prevFlatGrad: [Double] = []
  private var prevLoss = 0.0

  public init(_ parameters: any ParameterContainer, lr: Double = 1, maxIter: Int = 20,
              maxEval: Int? = nil, historySize: Int = 10, toleranceGrad: Double = 1e-7,
              toleranceChange: Double = 1e-9) throws {
    try checkNonNegative(lr, "lr", "lbfgs")
    try checkNonNegative(toleranceGrad, "tolerance_grad", "lbfgs")
    try checkNonNegative(toleranceChange, "tolerance_change", "lbfgs")
    guard maxIter >= 1, historySize >= 1, (maxEval ?? 1) >= 1 else {
      throw TensorError("lbfgs: max_iter, max_eval and history must be at least 1")
    }
    guard maxIter <= 1 << 40, historySize <= 1 << 20 else {
      throw TensorError("lbfgs: max_iter or history is too large")
    }
    self.parameters = parameters
    self.lr = lr
    self.maxIter = maxIter
    self.maxEval = maxEval ?? maxIter * 5 / 4
    self.historySize = historySize
    self.toleranceGrad = toleranceGrad
    self.toleranceChange = toleranceChange
    layout = try ParameterLayout(parameters, optimizer: "lbfgs")
  }

  public var settings: [String] {
    var s: [String] = []
    if maxIter != 20 { s.append("max_iter=\(maxIter)") }
    if historySize != 10 { s.append("history=\(historySize)") }
    return s
  }

  public func step(gradients: [Tensor]) throws {
    throw TensorError("lbfgs: step needs a function that returns the loss, "
      + "e.g. opt.step(() -> loss(params)), not a gradient")
  }

  @discardableResult
  public func step(closure: () throws -> Variable) throws -> Double {
    var x = Kernels.flatten(try layout.values(of: parameters, name))
    do {
      return try run(&x, closure)
    } catch {
      // Leave the parameters at the last accepted point, never at a line-search trial.
      try? parameters.writeLeaves(Kernels.unflatten(x, layout).map { Variable($0) })
      throw error
    }
  }

  /// The iterations of one step from x (updated to the accepted points).
  private func run(_ x: inout [Double], _ closure: () throws -> Variable) throws -> Double {
    func evaluate(_ point: [Double]) throws -> (Double, [Double]) {
      let values = try Kernels.unflatten(point, layout)
      let (f, g) = try LossEvaluation.lossAndGradients(parameters, values, closure, name)
      return (f, Kernels.flatten(try layout.gradients(g, parameters, name)))
    }
    steps += 1
    let (origLoss, g0) = try evaluate(x)
    var (loss, flatGrad) = (origLoss, g0)
    var currentEvals = 1
    evaluations += 1
    reason = .converged
    if Flat.maxAbs(flatGrad) <= toleranceGrad { return origLoss }
    reason = .maxIterations
    var n = 0
    while n < maxIter {
      n += 1
      iterations += 1
      updateDirection(flatGrad)
      prevFlatGrad = flatGrad
      prevLoss = loss
      t = iterations == 1 ? Swift.min(1, 1 / Flat.sumAbs(flatGrad)) * lr : lr
      let gtd = Flat.dot(flatGrad, d)
      if gtd > -toleranceChange {
        reason = .converged
        break
      }
      let base = x, dir = d
      let ls = try LineSearch.strongWolfe({ try evaluate(Flat.moved(base, $0, dir)) }, d: d, t: t,
                                          f: loss, g: flatGrad, gtd: gtd,
                                          toleranceChange: toleranceChange,
                                          maxLS: maxEval - currentEvals)
      (loss, flatGrad, t) = (ls.f, ls.g, ls.t)
      x = Flat.moved(base, t, d)
      try parameters.writeLeaves(Kernels.unflatten(x, layout).map { Variable($0) })
      currentEvals += ls.evaluations
      evaluations += ls.evaluations
      if let r = stopReason(n, currentEvals, loss, flatGrad, lineSearchDone: ls.done) {
        reason = r
        break
      }
    }
    return origLoss
  }

  /// PyTorch's termination tests after an iteration, with the reason they stand for.
  private func stopReason(_ n: Int, _ evals: Int, _ loss: Double, _ grad: [Double],
                          lineSearchDone: Bool) -> StopReason? {
    if !loss.isFinite { return .lineSearchFailed }
    if Flat.maxAbs(grad) <= toleranceGrad { return .converged }
    if n == maxIter || evals >= maxEval { return .maxIterations }
    if Flat.maxAbs(d) * abs(t) <= toleranceChange || abs(loss - prevLoss) < toleranceChange {
      return lineSearchDone ? .converged : .lineSearchFailed
    }
    return nil
  }

  /// The new search direction −H·g by the two-loop recursion, after adding the last
  /// (step, gradient change) pair to the history when its curvature y·s is positive.
  private func updateDirection(_ g: [Double]) {
    if iterations == 1 {
      (oldDirs, oldSteps, ro, hDiag) = ([], [], [], 1)
      d = Flat.scaled(g, -1)
      return
    }
    var y = g
    Flat.axpy(-1, prevFlatGrad, &y)
    let s = Flat.scaled(d, t)
    let ys = Flat.dot(y, s)
    if ys > 1e-10 {
      if oldDirs.count == historySize {
        oldDirs.removeFirst()
        oldSteps.removeFirst()
        ro.removeFirst()
      }
      oldDirs.append(y)
      oldSteps.append(s)
      ro.append(1 / ys)
      hDiag = ys / Flat.dot(y, y)
    }
    var al = [Double](repeating: 0, count: oldDirs.count)
    var q = Flat.scaled(g, -1)
    for i in oldDirs.indices.reversed() {
      al[i] = Flat.dot(oldSteps[i], q) * ro[i]
      Flat.axpy(-al[i], oldDirs[i], &q)
    }
    var r = Flat.scaled(q, hDiag)
    for i in oldDirs.indices {
      let be = Flat.dot(oldDirs[i], r) * ro[i]
      Flat.axpy(al[i] - be, oldSteps[i], &r)
    }
    d = r
  }
}
