// A tensor that may remember how it was computed, so gradients can flow back through it.
import NOSTensor

/// A value in a computation. `node` is nil for constants; ops on variables with nodes record
/// new nodes while recording is on, so `backward` can later walk the graph in reverse.
public final class Variable {
  public let value: Tensor
  public let node: Node?

  public init(_ value: Tensor) {
    self.value = value
    node = nil
  }

  init(_ value: Tensor, node: Node) {
    self.value = value
    self.node = node
  }

  /// A leaf that gradients are taken with respect to. When `base` is itself tracked (a
  /// nested `grad`), the leaf stays connected to it so outer gradients flow through.
  public static func leaf(_ base: Variable) -> Variable {
    let node = Node(inputs: base.node == nil ? [] : [base]) { g, _, _, _ in [g] }
    return Variable(base.value, node: node)
  }

  public var requiresGrad: Bool { node != nil }
  public var shape: [Int] { value.shape }
  public var dtype: DType { value.dtype }

  /// The same value without its history.
  public var detached: Variable { node == nil ? self : Variable(value) }
}

/// How one recorded op turns the gradient of its output into gradients of its inputs.
/// `backward(g, out, needs)` returns one gradient per input (nil where `needs` is false or
/// the gradient is zero), computed with `Variable` ops so that they can be differentiated
/// again when the graph of the backward pass is recorded (higher derivatives).
public final class Node {
  public private(set) var inputs: [Variable]
  let backward: (Variable, Variable, [Bool], [Variable]) throws -> [Variable?]

  init(inputs: [Variable], backward: @escaping (Variable, Variable, [Bool], [Variable]) throws -> [Variable?]) {
    self.inputs = inputs
    self.backward = backward
  }

  /// Frees a long chain of nodes with a loop instead of nested deinits (which would
  /// overflow the stack after a few hundred thousand ops). Backward closures receive their
  /// inputs as an argument and never capture them, so `inputs` holds the only references.
  deinit {
    guard !inputs.isEmpty else { return }
    var pending = inputs
    inputs = []
    while var v = pending.popLast() {
      if isKnownUniquelyReferenced(&v), let n = v.node, !n.inputs.isEmpty {
        pending += n.inputs
        n.inputs = []
      }
    }
  }
}

/// Whether ops record nodes. Off while a first-order backward pass runs (nothing will
/// differentiate it), on while a nested `grad` needs the backward pass as a graph.
///
/// Task-local (per thread outside Swift concurrency): a session runs one cell at a time on one
/// thread, so each session's backward passes switch recording for their own ops only. Work
/// handed to other threads (worker pools) sees the default, on: an op there records only when
/// its inputs are tracked, which costs memory at most, never a wrong value.
public enum GradMode {
  @TaskLocal public static var isRecording = true

  /// Runs `body` with recording set to `on`, restoring the previous mode afterwards.
  public static func with<R>(recording on: Bool, _ body: () throws -> R) rethrows -> R {
    try $isRecording.withValue(on, operation: body)
  }
}

extension Variable {
  /// The result of an op: tracked when recording and some input is tracked.
  public static func record(_ value: Tensor, _ inputs: [Variable],
                     _ backward: @escaping (Variable, Variable, [Bool], [Variable]) throws -> [Variable?]) -> Variable {
    guard GradMode.isRecording, inputs.contains(where: { $0.node != nil }) else { return Variable(value) }
    return Variable(value, node: Node(inputs: inputs, backward: backward))
  }
}
