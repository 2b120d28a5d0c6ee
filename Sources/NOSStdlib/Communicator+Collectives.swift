// The collectives on tensors: allreduce, broadcast and gather along the first axis, each a
// few MPI calls on contiguous memory (headers first, so every rank can check the shapes).
import CMPI
import NOSLang
import NOSTensor

extension Communicator {
  static let reductions = ["sum", "max", "min", "prod"]

  /// `x` combined elementwise over all ranks (op "sum", "max", "min" or "prod"); every rank
  /// gets the result. Complex tensors take "sum" only; bool tensors none.
  public func allreduce(_ x: Tensor, op: String = "sum") throws -> Tensor {
    guard let code = Self.reductions.firstIndex(of: op) else {
      throw RuntimeError("allreduce: op must be \"sum\", \"max\", \"min\" or \"prod\", not "
        + "\"\(op)\"")
    }
    guard !x.dtype.isBool else { throw RuntimeError("allreduce: needs a number tensor, not bool") }
    guard !x.dtype.isComplex || op == "sum" else {
      throw RuntimeError("allreduce: a complex tensor (\(x.dtype)) takes op=\"sum\" only")
    }
    let out = try x.copied()
    guard isMPI else { return out }
    let n = try count(x.count * (x.dtype.isComplex ? 2 : 1), "allreduce")
    let p = UnsafeMutableRawPointer(out.memory(as: UInt8.self))
    try check(nos_mpi_allreduce(p, p, n, x.dtype.real == .f32 ? 1 : 0, Int32(code)), "allreduce")
    return out
  }

  /// Root's tensor on every rank (other ranks' `x` is ignored and may be nil).
  public func broadcast(_ x: Tensor?, root: Int = 0) throws -> Tensor {
    try checkRoot(root, "broadcast")
    let mine = rank == root ? try x.map { try $0.contiguous() } : nil
    if rank == root, mine == nil { throw RuntimeError("broadcast: the root rank has no tensor") }
    if let mine, !isMPI { return mine }
    var head = [Int64](repeating: 0, count: 2)
    if let t = mine { head = [Int64(dtypeCode(t.dtype)), Int64(t.ndim)] }
    try bcast(&head, root)
    var shape = mine.map { $0.shape.map(Int64.init) }
      ?? [Int64](repeating: 0, count: max(0, Int(clamping: head[1])))
    try bcast(&shape, root)
    let code = Int(clamping: head[0])
    guard DType.allCases.indices.contains(code) else {
      throw RuntimeError("broadcast: the root rank sent an unknown dtype code \(code)")
    }
    let t = try mine ?? Tensor(uninitialized: shape.map { Int(clamping: $0) },
                               dtype: DType.allCases[code])
    let bytes = try count(t.count * t.dtype.size, "broadcast")
    try check(nos_mpi_bcast_bytes(t.memory(as: UInt8.self), bytes, Int32(root)), "broadcast")
    return t
  }

  private func bcast(_ v: inout [Int64], _ root: Int) throws {
    let rc = v.withUnsafeMutableBytes {
      nos_mpi_bcast_bytes($0.baseAddress, Int32($0.count), Int32(root))
    }
    try check(rc, "broadcast")
  }
}
