// FFTW plans, made once per (kind, precision, sizes, batch) and reused; planning is serialised
// because FFTW's planner is not thread-safe, executing is not.
import CFFTW
import Synchronization

enum FFTKind: Hashable { case forward, backward, r2c, c2r }

struct FFTKey: Hashable {
  let kind: FFTKind
  let double: Bool
  let dims: [Int]
  let batch: Int
}

/// Sendable by hand: plans are made and cached under the table's lock (FFTW's planner is
/// not reentrant), the thread count is atomic, and executing a made plan is thread-safe.
final class FFTPlans: @unchecked Sendable {
  static let shared = FFTPlans()
  private let plans = Locked<[FFTKey: OpaquePointer]>([:])
  private let threads = Atomic<Int>(Parallel.threads)

  private init() {
    fftw_init_threads()
    fftwf_init_threads()
  }

  func setThreads(_ n: Int) { threads.store(n, ordering: .relaxed) }

  /// The plan for `key`, made on first use. Out-of-place, 64-byte aligned, contiguous batches.
  func plan(_ key: FFTKey) throws -> OpaquePointer {
    // FFTW's interface counts in 32-bit ints.
    let limit = Int(Int32.max)
    guard key.batch <= limit, key.dims.reduce(1, *) <= limit / 2 else {
      throw TensorError("fft: transform of size \(shapeText(key.dims)) × \(key.batch) is too large")
    }
    return try plans.withLock { cache in
      if let p = cache[key] { return p }
      let total = key.dims.reduce(key.batch, *)
      // FFTW_ESTIMATE, never FFTW_MEASURE: a measured plan is chosen by timing, so two runs
      // of one seeded script could take different algorithms and differ in the last bits
      // (tutorial 08's test error moved in its 8th digit between runs).
      let flags = UInt32(FFTW_ESTIMATE)
      let nthreads = Int32(total >= 1 << 15 ? threads.load(ordering: .relaxed) : 1)
      guard let p = makePlan(key, flags: flags, threads: nthreads) else {
        throw TensorError("fft: FFTW could not plan a transform of size \(shapeText(key.dims))")
      }
      cache[key] = p
      return p
    }
  }

  private func makePlan(_ key: FFTKey, flags: UInt32, threads: Int32) -> OpaquePointer? {
    let n = key.dims.map { Int32($0) }
    let rank = Int32(n.count), howmany = Int32(key.batch)
    let logical = key.dims.reduce(1, *)
    let half = key.dims.dropLast().reduce(1, *) * (key.dims[key.dims.count - 1] / 2 + 1)
    let (inCount, outCount): (Int, Int) =
      switch key.kind {
      case .forward, .backward: (logical, logical)
      case .r2c: (logical, half)
      case .c2r: (half, logical)
      }
    // Planning may overwrite its arrays, so it gets scratch ones (complex-sized, aligned).
    let a = UnsafeMutableRawPointer.allocate(byteCount: max(inCount, 1) * 16 * key.batch, alignment: 64)
    let b = UnsafeMutableRawPointer.allocate(byteCount: max(outCount, 1) * 16 * key.batch, alignment: 64)
    defer { a.deallocate(); b.deallocate() }
    let (idist, odist) = (Int32(inCount), Int32(outCount))
    return n.withUnsafeBufferPointer { np -> OpaquePointer? in
      let dims = np.baseAddress
      if key.double {
        fftw_plan_with_nthreads(threads)
        let ca = a.assumingMemoryBound(to: fftw_complex.self), cb = b.assumingMemoryBound(to: fftw_complex.self)
        let ra = a.assumingMemoryBound(to: Double.self), rb = b.assumingMemoryBound(to: Double.self)
        switch key.kind {
        case .forward, .backward:
          return fftw_plan_many_dft(rank, dims, howmany, ca, nil, 1, idist, cb, nil, 1, odist,
                                    key.kind == .forward ? FFTW_FORWARD : FFTW_BACKWARD, flags)
        case .r2c:
          return fftw_plan_many_dft_r2c(rank, dims, howmany, ra, nil, 1, idist, cb, nil, 1, odist, flags)
        case .c2r:
          return fftw_plan_many_dft_c2r(rank, dims, howmany, ca, nil, 1, idist, rb, nil, 1, odist, flags)
        }
      }
      fftwf_plan_with_nthreads(threads)
      let ca = a.assumingMemoryBound(to: fftwf_complex.self), cb = b.assumingMemoryBound(to: fftwf_complex.self)
      let ra = a.assumingMemoryBound(to: Float.self), rb = b.assumingMemoryBound(to: Float.self)
      switch key.kind {
      case .forward, .backward:
        return fftwf_plan_many_dft(rank, dims, howmany, ca, nil, 1, idist, cb, nil, 1, odist,
                                   key.kind == .forward ? FFTW_FORWARD : FFTW_BACKWARD, flags)
      case .r2c:
        return fftwf_plan_many_dft_r2c(rank, dims, howmany, ra, nil, 1, idist, cb, nil, 1, odist, flags)
      case .c2r:
        return fftwf_plan_many_dft_c2r(rank, dims, howmany, ca, nil, 1, idist, rb, nil, 1, odist, flags)
      }
    }
  }
}
