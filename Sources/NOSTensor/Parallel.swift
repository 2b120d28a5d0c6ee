// Splits large loops across cores; small ones run inline.
import Foundation
import Synchronization

public enum Parallel {
  private static let count = Atomic<Int>(max(1, ProcessInfo.processInfo.activeProcessorCount))

  /// Worker threads used by nos's own kernels (BLAS and FFTW are set separately).
  public static var threads: Int {
    get { count.load(ordering: .relaxed) }
    set { count.store(max(1, newValue), ordering: .relaxed) }
  }

  /// Calls `body` on disjoint sub-ranges covering `0..<n`, in parallel when `n * cost`
  /// (roughly, element operations) is large enough to pay for the threads.
  @inline(__always)
  public static func forRanges(_ n: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
    let work = n.multipliedReportingOverflow(by: cost)
    let t = threads
    if t <= 1 || n < 2 || (!work.overflow && work.partialValue < 1 << 15) {
      body(0..<n)
      return
    }
    let chunks = min(n, t * 4)
    WorkerPool.shared.run(chunks: chunks) { c in
      let lo = n * c / chunks, hi = n * (c + 1) / chunks
      if lo < hi { body(lo..<hi) }
    }
  }
}
