// Gathering tensors from every rank along their first axis: the generators' allgather and
// the `gather` builtin. Headers go to every rank first, so a mismatch fails on all of them.
import CMPI
import NOSLang
import NOSTensor

extension Communicator {
  /// Every rank's `x` joined along axis 0 in rank order ([Σ nᵣ, rest...]): on `root` only
  /// (nil on the others), or on every rank when root is nil. The dtypes and the sizes of
  /// the other axes must agree (`sameShape`: all of the shape).
  public func gatherRows(_ x: Tensor, root: Int?, sameShape: Bool = false,
                         op: String = "gather") throws -> Tensor? {
    if let root { try checkRoot(root, op) }
    guard x.ndim > 0 else { throw RuntimeError("\(op): needs a tensor with at least one axis") }
    let t = try x.contiguous()
    guard isMPI else { return t }
    let heads = try allgather(t.shape.map(Int64.init) + [Int64(dtypeCode(t.dtype))], op)
    for (r, h) in heads.enumerated() where h.count != heads[rank].count
      || h.last != heads[rank].last || h.dropFirst() != heads[rank].dropFirst()
      || (sameShape && h != heads[rank]) {
      throw RuntimeError("\(op): rank \(r) has \(describe(h)), rank \(rank) has "
        + describe(heads[rank]))
    }
    let rows = heads.reduce(0) { $0 + Int($1[0]) }
    let isRoot = root == nil || root == rank
    let out = try Tensor(uninitialized: isRoot ? [rows] + Array(t.shape.dropFirst()) : [0],
                         dtype: t.dtype)
    let rowBytes = t.shape.dropFirst().reduce(t.dtype.size, *)  // also when this rank has none
    let counts = try heads.map { try count(Int($0[0]) * rowBytes, op) }
    try gatherBytes(t.memory(as: UInt8.self), counts, into: out.memory(as: UInt8.self),
                    root: root, op)
    return isRoot ? out : nil
  }

  /// Each rank's Int64 values, on every rank (the headers of a gather).
  func allgather(_ values: [Int64], _ op: String) throws -> [[Int64]] {
    var n = [Int64(values.count)]
    let sizes = try exchange(&n, counts: [Int32](repeating: 8, count: size), op)
    let lengths = sizes.map { Int($0) }
    var mine = values
    let all = try exchange(&mine, counts: try lengths.map { try count($0 * 8, op) }, op)
    var out = [[Int64]](), at = 0
    for l in lengths {
      out.append(Array(all[at..<at + l]))
      at += l
    }
    return out
  }

  private func exchange(_ v: inout [Int64], counts: [Int32], _ op: String) throws -> [Int64] {
    var all = [Int64](repeating: 0, count: counts.reduce(0) { $0 + Int($1) } / 8)
    try v.withUnsafeMutableBytes { send in
      try all.withUnsafeMutableBytes { recv in
        try gatherBytes(send.baseAddress, counts, into: recv.baseAddress, root: nil, op)
      }
    }
    return all
  }

  private func gatherBytes(_ send: UnsafeRawPointer?, _ counts: [Int32],
                           into recv: UnsafeMutableRawPointer?, root: Int?, _ op: String) throws {
    var displs = [Int32](), at = 0
    for c in counts {
      displs.append(try count(at, op))
      at += Int(c)
    }
    _ = try count(at, op)
    try check(nos_mpi_gatherv_bytes(send, counts[rank], recv, counts, displs,
                                    Int32(root ?? -1)), op)
  }

  func dtypeCode(_ d: DType) -> Int { DType.allCases.firstIndex(of: d) ?? 0 }

  private func describe(_ head: [Int64]) -> String {
    let code = Int(head.last ?? 0)
    let dtype = DType.allCases.indices.contains(code) ? DType.allCases[code].rawValue : "?"
    return "\(dtype) \(shapeText(head.dropLast().map(Int.init)))"
  }
}
