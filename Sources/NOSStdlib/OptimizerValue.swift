// Optimizers and schedulers as nos objects: summaries, fields (lr, reason), and step().
import NOSGrad
import NOSLang
import NOSModels
import NOSTensor

/// An optimizer in the language: `typeof` gives "optimizer"; `opt.lr` reads and sets the
/// learning rate; `opt.step(g)` or `opt.step(() -> loss)` updates the parameters in place.
public final class OptimizerValue: HostObject {
  public let optimizer: any Optimizer
  public let params: any LanguageParameters

  public init(_ optimizer: any Optimizer, params: any LanguageParameters) {
    self.optimizer = optimizer
    self.params = params
  }

  public var typeName: String { "optimizer" }

  /// `adam(lr=0.001, 3 tensors, 120 numbers)`.
  public func display(nested: Bool) -> String {
    let o = optimizer, n = o.layout.count, k = o.layout.elements
    let parts = ["lr=\(Display.number(o.lr))"] + o.settings
      + ["\(n) tensor\(n == 1 ? "" : "s")", "\(k) number\(k == 1 ? "" : "s")"]
    return "\(o.name)(\(parts.joined(separator: ", ")))"
  }

  /// `opt.lr`, `opt.params`, `opt.steps`, L-BFGS's stopping facts, and `opt.step(g)`.
  static func declaredMembers(lbfgs: Bool) -> [Builtin] {
    let common = Builtin.properties(of: "optimizer", [
      ("lr", "The learning rate; assign to change it: `opt.lr = 1e-4`."),
      ("params", "The parameters it updates (the record or model parameters it was given)."),
      ("steps", "How many steps it has taken."),
    ])
    let quasiNewton = Builtin.properties(of: "optimizer", [
      ("reason", """
        Why the last step stopped (L-BFGS): "converged", "line search failed" or \
        "max iterations" (nil before the first step).
        """),
      ("iterations", "L-BFGS iterations of the last step."),
      ("evaluations", "Loss evaluations of the last step (L-BFGS)."),
    ])
    return common + (lbfgs ? quasiNewton : []) + [stepBuiltin]
  }

  private static let plainMembers = declaredMembers(lbfgs: false)
  private static let lbfgsMembers = declaredMembers(lbfgs: true)
  public var members: [Builtin] { optimizer is LBFGS ? Self.lbfgsMembers : Self.plainMembers }
  public var fieldNames: [String] { members.filter(\.isProperty).map(\.name) }

  public func field(_ name: String) throws -> Value? {
    switch name {
    case "lr": return .number(optimizer.lr)
    case "params": return params.value
    case "steps": return .number(Double(optimizer.steps))
    case "step":
      // `opt.step` without a call: the method bound to this optimizer (for help and passing).
      return .builtin(Builtin("step", [Param("g")], doc: Self.stepBuiltin.doc) { [self] a in
        try self.step(a[0], interpreter: a.interpreter)
      })
    default: break
    }
    guard let l = optimizer as? LBFGS else { return nil }
    switch name {
    case "reason": return l.reason.map { .string($0.rawValue) } ?? .nil
    case "iterations": return .number(Double(l.iterations))
    case "evaluations": return .number(Double(l.evaluations))
    default: return nil
    }
  }

  public func setField(_ name: String, to value: Value) throws -> Value {
    guard name == "lr" else {
      if fieldNames.contains(name) {
        throw RuntimeError("the field '\(name)' of an optimizer is read-only")
      }
      throw RuntimeError("an optimizer has no field '\(name)'")
    }
    guard case .number(let x) = value, x.isFinite, x >= 0 else {
      throw RuntimeError("lr must be a non-negative number, got \(Display.repr(value))")
    }
    optimizer.lr = x
    return .host(self)
  }

  public func method(_ name: String) -> Builtin? { name == "step" ? Self.stepBuiltin : nil }
  public var methodNames: [String] { ["step"] }

  static let stepBuiltin = Builtin("step", [Param("opt"), Param("g")], doc: """
    One optimizer step. `opt.step(g)` applies a gradient shaped like the parameters (as \
    `grad(loss, params)` returns it) and returns nil. `opt.step(() -> loss)` takes a function \
    of no arguments that computes the loss from the parameters; the optimizer differentiates \
    it itself and returns the loss at the parameters the step started from (L-BFGS calls it \
    many times and needs this form; `opt.reason` then says why it stopped).
    """, receiver: "optimizer") { a in
    let o = try a.host(0, as: OptimizerValue.self, expected: "optimizer")
    return try o.step(a[1], interpreter: a.interpreter)
  }

  func step(_ arg: Value, interpreter: Interpreter) throws -> Value {
    let name = optimizer.name
    guard arg.isCallable else {
      try optimizer.step(gradients: params.gradientTensors(arg, optimizer: name))
      return .nil
    }
    let loss = try optimizer.step {
      // Inside the closure a `grad` call must record its backward pass, since the loss built
      // from it is differentiated again here (PINN residuals).
      let context = interpreter.stdlib
      context.gradDepth += 1
      defer { context.gradDepth -= 1 }
      let r = try interpreter.call(arg, [])
      switch r {
      case .number(let v): return Variable(Tensor(v))
      case .host(let h as TensorValue): return h.variable
      default:
        throw RuntimeError("\(name): the function given to step must return the loss (a number), "
          + "got \(article(r.typeName))")
      }
    }
    return .number(loss)
  }
}

/// A learning-rate schedule in the language: `sched.step()` once per epoch.
public final class SchedulerValue: HostObject {
  public let scheduler: any Scheduler
  let optimizerValue: OptimizerValue

  init(_ scheduler: any Scheduler, optimizer: OptimizerValue) {
    self.scheduler = scheduler
    optimizerValue = optimizer
  }

  public var typeName: String { "object" }

  /// `steplr(step=10, gamma=0.5, epoch=0, lr=0.001)`.
  public func display(nested: Bool) -> String {
    let s = scheduler
    let parts = s.settings + ["epoch=\(s.epoch)", "lr=\(Display.number(s.optimizer.lr))"]
    return "\(s.name)(\(parts.joined(separator: ", ")))"
  }

  /// `sched.lr`, `sched.epoch`, `sched.optimizer` and `sched.step()`.
  static let declaredMembers = Builtin.properties(of: "scheduler", [
    ("lr", "The learning rate it set last (the optimizer's lr)."),
    ("epoch", "How many epochs (calls of step) have passed."),
    ("optimizer", "The optimizer whose lr it sets."),
  ]) + [stepBuiltin]

  public var members: [Builtin] { Self.declaredMembers }
  public var fieldNames: [String] { Self.declaredMembers.filter(\.isProperty).map(\.name) }

  public func field(_ name: String) throws -> Value? {
    switch name {
    case "lr": return .number(scheduler.optimizer.lr)
    case "epoch": return .number(Double(scheduler.epoch))
    case "optimizer": return .host(optimizerValue)
    case "step":
      return .builtin(Builtin("step", [], doc: Self.stepBuiltin.doc) { [self] _ in
        self.scheduler.step()
        return .nil
      })
    default: return nil
    }
  }

  public func method(_ name: String) -> Builtin? { name == "step" ? Self.stepBuiltin : nil }
  public var methodNames: [String] { ["step"] }

  static let stepBuiltin = Builtin("step", [Param("sched")], doc: """
    Advances the schedule by one epoch and sets the optimizer's lr; returns nil.
    """, receiver: "scheduler") { a in
    try a.host(0, as: SchedulerValue.self, expected: "scheduler").scheduler.step()
    return .nil
  }
}
