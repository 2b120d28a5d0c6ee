// Optimizer and scheduler builtins: sgd, adam, adamw, lbfgs, steplr, cosine.
import NOSLang
import NOSModels

enum OptimizerBuiltins {
  static var all: [Builtin] {
    [
      Builtin("sgd", [Param("params"), Param("lr"), Param("momentum", default: 0),
                      Param("nesterov", default: false), Param("weight_decay", default: 0)],
              doc: """
        Stochastic gradient descent on `params` (a record or list of tensors, nested, or a \
        model), updated in place by `opt.step(g)` or `opt.step(() -> loss)`. As PyTorch's SGD: \
        d = g + weight_decay·p; with momentum μ the buffer b = d at the first step, then \
        b = μ·b + d; the step is d + μ·b with nesterov=true, else b; p ← p − lr·step.
        """) { a in
        let p = try parameters(a)
        return make(try SGD(p, lr: a.number(1), momentum: a.number(2), weightDecay: a.number(4),
                            nesterov: a.bool(3)), p)
      },
      Builtin("adam", adamParams(weightDecay: 0), doc: """
        Adam on `params` (a record or list of tensors, nested, or a model), updated in place \
        by `opt.step(g)` or `opt.step(() -> loss)`. As PyTorch's Adam: weight_decay adds \
        weight_decay·p to the gradient (L2); m and v are running means of g and g² with rates \
        betas; p ← p − lr·m̂/(√v̂ + eps) with bias-corrected m̂, v̂. Complex parameters are \
        updated as their real and imaginary parts.
        """) { a in
        let p = try parameters(a)
        let (b1, b2) = try betas(a, 3)
        return make(try Adam(p, lr: a.number(1), beta1: b1, beta2: b2, eps: a.number(4),
                             weightDecay: a.number(2)), p)
      },
      Builtin("adamw", adamParams(weightDecay: 1e-2), doc: """
        AdamW: Adam with decoupled weight decay (each step first scales p by \
        1 − lr·weight_decay, as PyTorch's AdamW, default 0.01) instead of adding it to the \
        gradient.
        """) { a in
        let p = try parameters(a)
        let (b1, b2) = try betas(a, 3)
        return make(try Adam.adamW(p, lr: a.number(1), beta1: b1, beta2: b2, eps: a.number(4),
                                   weightDecay: a.number(2)), p)
      },
      Builtin("lbfgs", [Param("params"), Param("lr", default: 1), Param("max_iter", default: 20),
                        Param("history", default: 10), Param("tolerance_grad", default: 1e-7),
                        Param("tolerance_change", default: 1e-9)], doc: """
        L-BFGS with a strong-Wolfe line search (PyTorch's LBFGS with \
        line_search_fn="strong_wolfe"). Each `opt.step(() -> loss)` runs up to max_iter \
        iterations, returns the loss at its start, and sets `opt.reason` to "converged", \
        "line search failed" or "max iterations"; `opt.iterations` counts all iterations.
        """) { a in
        let p = try parameters(a)
        return make(try LBFGS(p, lr: a.number(1), maxIter: a.positiveInt(2),
                              historySize: a.positiveInt(3), toleranceGrad: a.number(4),
                              toleranceChange: a.number(5)), p)
      },
      Builtin("steplr", [Param("opt"), Param("step"), Param("gamma")], doc: """
        Step decay of an optimizer's lr, as PyTorch's StepLR: each `sched.step()` is an \
        epoch, and every `step` epochs lr is multiplied by gamma (lr = lr0·gamma^⌊epoch/step⌋).
        """) { a in
        let o = try a.host(0, as: OptimizerValue.self, expected: "optimizer")
        let s = try StepLR(o.optimizer, stepSize: a.positiveInt(1), gamma: a.number(2))
        return .host(SchedulerValue(s, optimizer: o))
      },
      Builtin("cosine", [Param("opt"), Param("total"), Param("eta_min", default: 0)], doc: """
        Cosine annealing of an optimizer's lr, as PyTorch's CosineAnnealingLR: after `epoch` \
        calls of `sched.step()`, lr = eta_min + (lr0 − eta_min)(1 + cos(π·epoch/total))/2 \
        (it reaches eta_min at epoch = total and rises again after, as in PyTorch).
        """) { a in
        let o = try a.host(0, as: OptimizerValue.self, expected: "optimizer")
        let s = try CosineLR(o.optimizer, total: a.positiveInt(1), etaMin: a.number(2))
        return .host(SchedulerValue(s, optimizer: o))
      },
    ]
  }

  private static func adamParams(weightDecay: Double) -> [Param] {
    [Param("params"), Param("lr", default: 1e-3),
     Param("weight_decay", default: .number(weightDecay)),
     Param("betas", default: .list([0.9, 0.999])), Param("eps", default: 1e-8)]
  }

  /// The parameters argument: a record or list of tensors, or an object holding parameters.
  static func parameters(_ a: Arguments) throws -> any LanguageParameters {
    switch a[0] {
    case .record, .list: return try ValueParameters(a[0], optimizer: a.name)
    case .host(let h as ParameterHost): return try h.optimizerParameters()
    case .host(is TensorValue):
      throw a.error(0, "a tensor cannot be updated in place; put it in a record, e.g. "
        + "p = {w: w}, and optimize p")
    default: throw a.bad(0, expected: "record or list of tensors")
    }
  }

  /// betas=[b1, b2] (a list or a 1-D tensor of two numbers).
  private static func betas(_ a: Arguments, _ i: Int) throws -> (Double, Double) {
    guard let items = sequenceItems(a[i]), items.count == 2,
          let b1 = items[0].asNumber, let b2 = items[1].asNumber else {
      throw a.error(i, "betas must be two numbers, e.g. [0.9, 0.999]")
    }
    return (b1, b2)
  }

  private static func make(_ o: any Optimizer, _ p: any LanguageParameters) -> Value {
    .host(OptimizerValue(o, params: p))
  }
}
