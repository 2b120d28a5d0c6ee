// What one session of the standard library owns: its random stream, grad bookkeeping, the
// last odeint's work, its plotter and captured figures. No process-wide state.
import Foundation
import NOSLang
import NOSPhysics
import NOSPlot
import NOSTensor

/// The stdlib's per-session state, kept in `Interpreter.context`. Two sessions in one process
/// (a kernel, an embedding app) each have their own, so neither sees the other's seed,
/// plots, grad state or interrupt. Used by its session's thread only, one cell at a time.
public final class SessionContext {
  /// The stream `rand`, `randn`, `seed`, initialisers and generators draw from.
  public let rng = RandomStream()
  /// How many `grad` calls are evaluating their function right now. Inside one, the backward
  /// pass of an inner `grad` is recorded so the outer one can differentiate it.
  var gradDepth = 0
  /// How many times `item` turned a tracked tensor into a plain number (which leaves the graph);
  /// `grad` compares it before and after calling f to refuse a silent zero gradient.
  var itemsOfTracked = 0
  /// The work of the last odeint, lorenz or rossler (what `odeint_stats()` reports).
  var lastODEStats = ODEStats()
  /// Figures shown while a notebook or kernel cell runs (see `FigureCapture`).
  public let figures = FigureCapture()
  /// The session's plotter, made on first use (see `Plots.plotter`).
  var plotter: Plotter?
  /// The ranks of an MPI job (or the single process), made on first use (see `Communicator`).
  var communicator: Communicator?

  public init() {}

  /// This session's communicator: MPI_COMM_WORLD under mpirun/srun, else rank 0 of 1.
  func comm() throws -> Communicator {
    if let c = communicator { return c }
    let c = try Communicator.world()
    communicator = c
    return c
  }

  /// Runs one cell of `interp` with this session's random stream as the current one.
  func scope(_ interp: Interpreter) {
    interp.cellScope = { [rng] body in try Random.using(rng, body) }
  }
}

extension Interpreter {
  /// This session's stdlib state (made on first use for an interpreter the stdlib did not
  /// install into, so a stray call never traps).
  public var stdlib: SessionContext {
    if let c = context as? SessionContext { return c }
    let c = SessionContext()
    context = c
    c.scope(self)
    return c
  }

  /// The interrupt check physics loops poll: this session's flag only. Sendable, because
  /// parallel generators call it from their worker threads.
  var interruptCheck: @Sendable () throws -> Void {
    let flag = interrupt
    return {
      if flag.isRequested {
        flag.clear()
        throw RuntimeError("interrupted")
      }
    }
  }
}

extension Session {
  /// This session's stdlib state.
  public var stdlib: SessionContext { interpreter.stdlib }
  /// Restarts this session's random stream, as `seed(n)` in the session does (`--seed`).
  public func seed(_ n: Int) { stdlib.rng.seed(UInt64(bitPattern: Int64(n))) }
  /// Where this session's figures are collected while capturing (notebooks, the kernel).
  public var figures: FigureCapture { stdlib.figures }
}
