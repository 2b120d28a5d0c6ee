// `distributed=true` for the data set generators: each rank computes its block of the
// samples (with the serial run's per-sample streams) and the blocks are gathered.
import NOSLang
import NOSTensor

/// How one generator call shares its n samples among the ranks of an MPI job.
struct Share {
  /// The samples this rank computes (nil: all of them, a plain call).
  let part: Range<Int>?
  let comm: Communicator?
  /// Where the full set goes: one rank, or every rank (nil).
  let root: Int?

  /// Reads `distributed=` at argument `i` and `root=` at i + 1.
  init(_ a: Arguments, n: Int, at i: Int) throws {
    guard try a.bool(i) else {
      guard a[i + 1].isNil else {
        throw a.error(i + 1, "root= needs distributed=true")
      }
      (part, comm, root) = (nil, nil, nil)
      return
    }
    let c = try a.interpreter.stdlib.comm()
    root = try a.optionalInt(i + 1)
    if let root { try c.checkRoot(root, a.name) }
    // Contiguous blocks in rank order, the first n mod K ranks one sample more.
    let q = max(n, 0) / c.size, extra = max(n, 0) % c.size
    func start(_ r: Int) -> Int { r * q + min(r, extra) }
    part = start(c.rank)..<start(c.rank + 1)
    comm = c
  }

  /// The generator's record: the sample fields gathered along axis 0 (nil off the root
  /// rank with root=), `plain` fields (the same on every rank) as they are.
  func record(_ samples: [(String, Tensor)], plain: [(String, Tensor)] = []) throws -> Value {
    guard let comm else { return PhysicsBuiltins.record(samples + plain) }
    var fields = [(String, Tensor)]()
    for (name, t) in samples {
      guard let all = try comm.gatherRows(t, root: root, op: "gather of \(name)") else {
        continue
      }
      fields.append((name, all))
    }
    return fields.isEmpty ? .nil : PhysicsBuiltins.record(fields + plain)
  }
}
