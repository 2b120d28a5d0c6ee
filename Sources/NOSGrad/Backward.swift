// Reverse-mode differentiation: a topological walk from the output back to the wanted leaves.
import NOSTensor

public enum Autodiff {
  /// Gradients of scalar `output` with respect to each of `wrt` (leaves made with
  /// `Variable.leaf`). A leaf the output does not depend on gets zeros. With `createGraph`
  /// the backward pass is itself recorded, so the gradients can be differentiated again.
  public static func gradients(of output: Variable, wrt: [Variable], createGraph: Bool) throws -> [Variable] {
    guard output.value.count == 1 else {
      throw TensorError("grad: the function must return a single number, got a tensor of shape \(shapeText(output.shape))")
    }
    let targets = Set(wrt.compactMap { $0.node.map(ObjectIdentifier.init) })
    let (order, relevant) = topologicalOrder(from: output, reaching: targets)
    var grads: [ObjectIdentifier: Variable] = [:]
    if let n = output.node {
      grads[ObjectIdentifier(n)] = Variable(try Tensor.ones(output.shape, dtype: output.dtype))
    }
    try GradMode.with(recording: createGraph) {
      for v in order {
        guard let node = v.node, let g = grads[ObjectIdentifier(node)] else { continue }
        let needs = node.inputs.map { $0.node.map { relevant.contains(ObjectIdentifier($0)) } ?? false }
        guard needs.contains(true) else { continue }
        let gs = try node.backward(g, v, needs, node.inputs)
        for (k, input) in node.inputs.enumerated() where needs[k] {
          guard k < gs.count, let gi = gs[k], let n = input.node else { continue }
          let key = ObjectIdentifier(n)
          grads[key] = try grads[key].map { try add($0, gi) } ?? gi
        }
      }
    }
    return try wrt.map { x in
      if let n = x.node, let g = grads[ObjectIdentifier(n)] { return createGraph ? g : g.detached }
      return Variable(try Tensor.zeros(x.shape, dtype: x.dtype))
    }
  }

  /// Variables on some path from `output` to a target, outputs before inputs, and the set
  /// of nodes on such paths (only those receive gradients).
  private static func topologicalOrder(from output: Variable, reaching targets: Set<ObjectIdentifier>)
    -> ([Variable], Set<ObjectIdentifier>) {
    var reaches: [ObjectIdentifier: Bool] = [:]
    var postorder: [Variable] = []
    // Iterative DFS: graphs of long loops are deep and recursion could overflow the stack.
    var stack: [(Variable, Int)] = [(output, 0)]
    while let (v, i) = stack.popLast() {
      guard let node = v.node else { continue }
      let key = ObjectIdentifier(node)
      if i == 0 && reaches[key] != nil { continue }
      if i < node.inputs.count {
        stack.append((v, i + 1))
        let child = node.inputs[i]
        if let cn = child.node, reaches[ObjectIdentifier(cn)] == nil { stack.append((child, 0)) }
        continue
      }
      let r = targets.contains(key)
        || node.inputs.contains { c in c.node.map { reaches[ObjectIdentifier($0)] ?? false } ?? false }
      reaches[key] = r
      if r { postorder.append(v) }
    }
    return (postorder.reversed(), Set(reaches.filter(\.value).map(\.key)))
  }
}
