// Builtins for runs on several processes (`mpirun -n K nos script.nos`): rank, nranks and the
// collectives, each a single-process fallback when nos was not started by an MPI launcher.
import NOSLang
import NOSTensor

enum DistributedBuiltins {
  static func comm(_ a: Arguments) throws -> Communicator { try a.interpreter.stdlib.comm() }

  /// A collective's result: a 0-d real f64 tensor comes back as a number.
  static func result(_ t: Tensor) throws -> Value {
    t.ndim == 0 && t.dtype == .f64 ? .number(try t.item()) : wrap(t)
  }

  /// The `root` argument: a rank, or nil (every rank) when `allowNil`.
  static func root(_ a: Arguments, _ i: Int, allowNil: Bool) throws -> Int? {
    if allowNil, a[i].isNil { return nil }
    return try a.int(i)
  }

  static var all: [Builtin] {
    [
      Builtin("rank", [], doc: """
        This process's number in an MPI job (`mpirun -n K nos script.nos`): 0 ..< nranks(); \
        0 when nos runs alone.
        """) { a in .number(Double(try comm(a).rank)) },
      Builtin("nranks", [], doc: """
        How many processes the MPI job has (mpirun's -n); 1 when nos runs alone.
        """) { a in .number(Double(try comm(a).size)) },
      Builtin("barrier", [], doc: """
        Waits until every rank has reached its barrier() call. Returns nil.
        """) { a in
        try comm(a).barrier()
        return .nil
      },
      Builtin("allreduce", [Param("x"), Param("op", default: "sum")], doc: """
        x combined elementwise over all ranks, on every rank (MPI_Allreduce): op "sum", \
        "max", "min" or "prod"; complex tensors take "sum" only. x has the same shape and \
        dtype on every rank; a number gives a number. Alone: x itself.
        """) { a in
        try result(try comm(a).allreduce(a.tensor(0), op: a.string(1)))
      },
      Builtin("broadcast", [Param("x"), Param("root", default: 0)], doc: """
        The root rank's x (a tensor or number) on every rank (MPI_Bcast); the other ranks' \
        x is ignored (pass nil). A 0-d f64 tensor comes back as a number. Alone: x itself.
        """) { a in
        let c = try comm(a), r = try a.int(1)
        let mine: Tensor? = c.rank == r ? try a.tensor(0) : nil
        return try result(try c.broadcast(mine, root: r))
      },
      Builtin("gather", [Param("x"), Param("root", default: 0)], doc: """
        Every rank's x stacked in rank order, [nranks, x.shape...], on the root rank and nil \
        on the others (as torch.distributed.gather); root=nil gives it to every rank \
        (all_gather). x has the same shape and dtype on every rank. Alone: [x].
        """) { a in
        let x = try a.tensor(0)
        let rows = try x.reshaped([1] + x.shape)
        let out = try comm(a).gatherRows(rows, root: root(a, 1, allowNil: true),
                                         sameShape: true)
        return out.map(wrap) ?? .nil
      },
    ]
  }
}
