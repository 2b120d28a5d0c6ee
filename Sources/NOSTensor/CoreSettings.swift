// Process-wide settings of the numeric core: version, thread counts, the BLAS kernels in use.
import CBLAS
import CFFTW
import CKernels

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

  /// OpenBLAS's name for the kernels its products run ("SkylakeX", "Haswell", ...; nil when
  /// the BLAS is not OpenBLAS). CKernels/blas_core.c has OpenBLAS choose again as the program
  /// loads when it fell back to SSE kernels on a CPU with AVX2 and FMA.
  /// Both properties only read: the process has one BLAS, its kernels are fixed before main
  /// runs, and no session can change them, so every session sees the same answer.
  public static var blasCore: String? { nos_blas_core().map { String(cString: $0) } }

  /// Whether this CPU (and its OS) runs AVX2 with FMA.
  public static var cpuHasAVX2FMA: Bool { nos_cpu_has_avx2_fma() != 0 }
}
