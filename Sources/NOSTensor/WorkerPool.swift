// A small pool of worker threads that spin briefly between jobs, so loops of a few hundred
// microseconds can be shared between cores (waking Dispatch threads costs about as much as
// the work). Workers sleep on a semaphore after ~50 µs without work.
import Foundation
import Synchronization

/// Sendable by hand: one job at a time (taken under the `submit` lock), handed to workers
/// through semaphores; each chunk index goes to exactly one worker.
final class WorkerPool: @unchecked Sendable {
  static let shared = WorkerPool(workers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

  /// The job being run: called with chunk indices 0..<chunks.
  private final class Job {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
  }

  private let workers: Int
  private let generation = Atomic<Int>(0)
  private let next = Atomic<Int>(0)
  private let done = Atomic<Int>(0)
  private let active = Atomic<Int>(0)
  private let finished = Atomic<Bool>(true)
  private let sleeping = Atomic<Int>(0)
  private let wake = DispatchSemaphore(value: 0)
  private let submit = Locked(())
  // Written only while no worker can be reading it (see run).
  nonisolated(unsafe) private var job: Unmanaged<Job>?
  nonisolated(unsafe) private var chunks = 0

  private init(workers: Int) {
    self.workers = workers
    for _ in 0..<workers {
      let t = Thread { [unowned self] in self.loop() }
      t.stackSize = 1 << 20
      t.start()
    }
  }

  /// Runs body(0..<chunks) with the caller taking part; returns when every chunk is done.
  /// While a job runs, other calls (from another thread, or nested inside the job) run
  /// their chunks inline instead of waiting, so nothing can deadlock.
  func run(chunks n: Int, _ body: (Int) -> Void) {
    guard workers > 0, n > 1 else {
      for i in 0..<n { body(i) }
      return
    }
    let ran = submit.withLockIfAvailable { _ in
      withoutActuallyEscaping(body) { body in
        let box = Job(body)
        job = Unmanaged.passUnretained(box)
        chunks = n
        next.store(0, ordering: .sequentiallyConsistent)
        done.store(0, ordering: .sequentiallyConsistent)
        finished.store(false, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        let sleepers = sleeping.exchange(0, ordering: .sequentiallyConsistent)
        for _ in 0..<sleepers { wake.signal() }
        work(box)
        var spins = 0
        while done.load(ordering: .sequentiallyConsistent) < n {
          // A worker still running its chunk may be waiting for a core (other processes):
          // after a short spin, give the core up rather than hold it.
          spins += 1
          if spins < 2_000 { spinPause() } else { sched_yield() }
        }
        // No worker may touch the job after this: those that joined finish first.
        finished.store(true, ordering: .sequentiallyConsistent)
        while active.load(ordering: .sequentiallyConsistent) > 0 { spinPause() }
        job = nil
        withExtendedLifetime(box) {}
      }
    }
    if ran == nil { for i in 0..<n { body(i) } }
  }

  private func work(_ box: Job) {
    while true {
      let i = next.add(1, ordering: .sequentiallyConsistent).oldValue
      if i >= chunks { return }
      box.body(i)
      done.add(1, ordering: .sequentiallyConsistent)
    }
  }

  private func loop() {
    var seen = 0
    while true {
      var spins = 0
      while generation.load(ordering: .sequentiallyConsistent) == seen {
        spins += 1
        if spins < 20_000 { spinPause(); continue }
        sleeping.add(1, ordering: .sequentiallyConsistent)
        if generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
        spins = 0
      }
      seen = generation.load(ordering: .sequentiallyConsistent)
      active.add(1, ordering: .sequentiallyConsistent)
      if !finished.load(ordering: .sequentiallyConsistent), let box = job?.takeUnretainedValue() {
        work(box)
      }
      active.subtract(1, ordering: .sequentiallyConsistent)
    }
  }
}

@inline(__always) private func spinPause() {
  #if arch(x86_64)
    // A short pause keeps a spinning core from starving its sibling hyper-thread.
    _ = 0
  #endif
}
