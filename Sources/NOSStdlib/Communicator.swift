// The ranks of an MPI job as one object: rank, size and the collectives on tensors, with a
// single-process fallback (rank 0 of 1) when nos was not started by an MPI launcher.
import CMPI
import Foundation
import NOSLang
import NOSTensor

/// The processes of one `mpirun -n K nos script.nos` job (MPI_COMM_WORLD). Made on first use
/// by a session (see `SessionContext.communicator`): libmpi is loaded and initialised then,
/// and only when the process was started by mpirun, srun or hydra, so nos without MPI starts
/// as before. Every collective must be called by every rank in the same order, as in MPI.
public final class Communicator {
  public let rank: Int
  public let size: Int
  /// False for the single-process fallback (no MPI calls are made).
  public let isMPI: Bool

  /// The one process of a run without MPI.
  public init() {
    rank = 0
    size = 1
    isMPI = false
  }

  /// MPI_COMM_WORLD when launched by an MPI launcher, else the single-process fallback.
  public static func world() throws -> Communicator {
    guard nos_mpi_launched() != 0 else { return Communicator() }
    guard nos_mpi_available() != 0 else {
      throw RuntimeError("""
        nos was started by an MPI launcher but could not load Open MPI's libmpi.so.40 \
        (install libopenmpi-dev / openmpi-bin)
        """)
    }
    var r: Int32 = 0, s: Int32 = 0
    guard nos_mpi_init() == 0, nos_mpi_rank(&r) == 0, nos_mpi_size(&s) == 0 else {
      throw RuntimeError("MPI_Init failed")
    }
    return Communicator(rank: Int(r), size: Int(s))
  }

  private init(rank: Int, size: Int) {
    self.rank = rank
    self.size = size
    isMPI = true
  }

  /// Ends every rank of the job after an error on this one (so no rank waits forever in a
  /// collective). Does nothing without MPI or with one rank.
  public static func abortJob(code: Int32) {
    guard nos_mpi_launched() != 0, nos_mpi_available() != 0 else { return }
    var s: Int32 = 1
    var r: Int32 = 0
    guard nos_mpi_init() == 0, nos_mpi_size(&s) == 0, nos_mpi_rank(&r) == 0, s > 1 else {
      return
    }
    fflush(nil)
    let note = "nos: the error above was on rank \(r) of \(s); ending the MPI job\n"
    FileHandle.standardError.write(Data(note.utf8))
    nos_mpi_abort(code)
  }

  func check(_ rc: Int32, _ what: String) throws {
    if rc != 0 { throw RuntimeError("\(what): MPI error \(rc) on rank \(rank)") }
  }

  public func barrier() throws {
    if isMPI { try check(nos_mpi_barrier(), "barrier") }
  }

  /// The `root` argument checked against the ranks.
  func checkRoot(_ root: Int, _ op: String) throws {
    guard (0..<size).contains(root) else {
      throw RuntimeError("\(op): root=\(root) is not a rank of this job (0..<\(size))")
    }
  }

  /// A byte count MPI's int counts can carry.
  func count(_ n: Int, _ op: String) throws -> Int32 {
    guard let c = Int32(exactly: n) else {
      throw RuntimeError("\(op): \(n) bytes is more than one MPI message carries (2^31 - 1)")
    }
    return c
  }
}
