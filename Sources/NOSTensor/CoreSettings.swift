// Process-wide settings of the numeric core: version and thread counts.
import CBLAS
import CFFTW

public enum NOSVersion {
  public static let string = "0.1.0"
}

public enum Runtime {
  /// Sets the threads used by nos's kernels, matrix products and FFTW (at least 1).
  public static func setThreads(_ n: Int) {
    let t = max(1, min(n, 256))
    Parallel.threads = t
    FFTPlans.shared.setThreads(t)
  }
}
