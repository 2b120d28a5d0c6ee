// einsum for one or two operands, lowered to permutes, sums and one batched GEMM.

extension Tensor {
  /// Einstein summation, e.g. `einsum("bix,iox->box", a, b)`; without `->` the output holds
  /// the letters used once, in alphabetical order (as NumPy).
  public static func einsum(_ spec: String, _ operands: [Tensor]) throws -> Tensor {
    let operands = try operands.map { try $0.astype($0.dtype.arithmetic) }
    let (inputs, output) = try parseEinsum(spec, count: operands.count)
    var sizes: [Character: Int] = [:]
    var terms: [(Tensor, [Character])] = []
    for (t, letters) in zip(operands, inputs) {
      guard letters.count == t.ndim else {
        throw TensorError("einsum: '\(String(letters))' names \(letters.count) axes but the operand has shape \(shapeText(t.shape))")
      }
      for (c, n) in zip(letters, t.shape) {
        if let m = sizes[c], m != n {
          throw TensorError("einsum: axis '\(c)' has sizes \(m) and \(n)")
        }
        sizes[c] = n
      }
      terms.append(try diagonal(t, letters))
    }
    for c in output where sizes[c] == nil {
      throw TensorError("einsum: output axis '\(c)' does not appear in any input")
    }
    // Sum out letters that appear in one operand only and not in the output.
    for i in terms.indices {
      let others = Set(terms.indices.filter { $0 != i }.flatMap { terms[$0].1 } + output)
      terms[i] = try sumOut(terms[i], keep: others)
    }
    if terms.count == 1 { return try arrange(terms[0], output) }
    return try contract(terms[0], terms[1], output, sizes)
  }

  private static func parseEinsum(_ spec: String, count: Int) throws -> ([[Character]], [Character]) {
    let s = spec.filter { !$0.isWhitespace }
    if s.contains(".") { throw TensorError("einsum: '...' is not supported; name every axis") }
    let parts = s.components(separatedBy: "->")
    guard parts.count <= 2 else { throw TensorError("einsum: '\(spec)' has more than one '->'") }
    let inputs = parts[0].split(separator: ",", omittingEmptySubsequences: false).map(Array.init)
    guard inputs.count == count else {
      throw TensorError("einsum: '\(spec)' names \(inputs.count) operands but \(count) were given")
    }
    guard (1...2).contains(count) else {
      throw TensorError("einsum: \(count) operands given; only 1 or 2 are supported")
    }
    for c in inputs.joined() where !c.isLetter {
      throw TensorError("einsum: '\(c)' is not a letter in '\(spec)'")
    }
    let all = inputs.joined()
    let output = parts.count == 2 ? Array(parts[1])
      : Set(all).filter { c in all.filter { $0 == c }.count == 1 }.sorted()
    guard Set(output).count == output.count else {
      throw TensorError("einsum: output '\(String(output))' repeats an axis")
    }
    return (inputs, output)
  }

  /// Collapses repeated letters of one operand to their diagonal (a strided view).
  private static func diagonal(_ t: Tensor, _ letters: [Character]) throws -> (Tensor, [Character]) {
    var seen: [Character] = [], sh: [Int] = [], st: [Int] = []
    for (i, c) in letters.enumerated() {
      if let j = seen.firstIndex(of: c) { st[j] += t.strides[i] } else {
        seen.append(c); sh.append(t.shape[i]); st.append(t.strides[i])
      }
    }
    return (Tensor(storage: t.storage, dtype: t.dtype, shape: sh, strides: st, offset: t.offset), seen)
  }

  private static func sumOut(_ term: (Tensor, [Character]), keep: Set<Character>) throws -> (Tensor, [Character]) {
    let axes = term.1.indices.filter { !keep.contains(term.1[$0]) }
    if axes.isEmpty { return term }
    return (try term.0.reduce(.sum, axes: axes), term.1.filter { keep.contains($0) })
  }

  private static func arrange(_ term: (Tensor, [Character]), _ output: [Character]) throws -> Tensor {
    let order = output.compactMap { term.1.firstIndex(of: $0) }
    return try term.0.permuted(order).contiguous()
  }

  private static func contract(_ a: (Tensor, [Character]), _ b: (Tensor, [Character]),
                               _ output: [Character], _ sizes: [Character: Int]) throws -> Tensor {
    let inA = Set(a.1), inB = Set(b.1), inOut = Set(output)
    let batch = a.1.filter { inB.contains($0) && inOut.contains($0) }
    let summed = a.1.filter { inB.contains($0) && !inOut.contains($0) }
    let left = a.1.filter { !inB.contains($0) }
    let right = b.1.filter { !inA.contains($0) }
    func size(_ cs: [Character]) -> Int { cs.reduce(1) { $0 * (sizes[$1] ?? 1) } }
    func axes(_ t: (Tensor, [Character]), _ cs: [Character]) -> [Int] {
      cs.compactMap { t.1.firstIndex(of: $0) }
    }
    let x = try a.0.permuted(axes(a, batch + left + summed))
      .reshaped([size(batch), size(left), size(summed)])
    let y = try b.0.permuted(axes(b, batch + summed + right))
      .reshaped([size(batch), size(summed), size(right)])
    let z = try matmul(x, y).reshaped((batch + left + right).map { sizes[$0] ?? 1 })
    return try arrange((z, batch + left + right), output)
  }
}
