// Pairwise summation (NumPy's scheme) for every sum, mean, var, std and norm reduction.
import CKernels
import Numerics

/// Term i of a sum: an element, or a value made from one such as a squared deviation.
protocol SumTerms {
  associatedtype Element: AlgebraicField
  func term(_ i: Int) -> Element
}

/// The elements themselves.
struct Elements<T: AlgebraicField>: SumTerms {
  let p: UnsafePointer<T>
  @inline(__always) func term(_ i: Int) -> T { p[i] }
}

/// (x_i − μ)², the terms of a real variance.
struct SquaredDeviations<T: RealScalar>: SumTerms {
  let p: UnsafePointer<T>
  let mu: T
  @inline(__always) func term(_ i: Int) -> T { let d = p[i] - mu; return d * d }
}

/// |z_i − μ|², the terms of a complex variance.
struct ComplexSquaredDeviations<R: RealScalar>: SumTerms {
  let p: UnsafePointer<Complex<R>>
  let mu: Complex<R>
  @inline(__always) func term(_ i: Int) -> R { (p[i] - mu).lengthSquared }
}

/// Pairwise sum of `n` elements from `p`: f64 and f32 in the C kernel (the same order of
/// additions, its eight accumulators in one vector register), others here.
@inline(__always)
func pairwiseSum<T: AlgebraicField>(_ p: UnsafePointer<T>, _ n: Int) -> T {
  let raw = UnsafeRawPointer(p)
  if T.self == Double.self {
    let sum = splitPairwise(raw.assumingMemoryBound(to: Double.self), n, nos_pairwise_sum_f64)
    return unsafeBitCast(sum, to: T.self)
  }
  if T.self == Float.self {
    let sum = splitPairwise(raw.assumingMemoryBound(to: Float.self), n, nos_pairwise_sum_f32)
    return unsafeBitCast(sum, to: T.self)
  }
  return pairwiseSum(Elements(p: p), 0, n)
}

/// A long sum's top two halvings run as four pieces on the worker threads, added back in
/// the tree's order: the same additions as one call, so the same bits (a sum of 2^20 floats
/// took 0.16 ms on one core). Short sums stay one call; inside a parallel loop the pieces
/// run in turn.
private func splitPairwise<T: BinaryFloatingPoint>(
  _ p: UnsafePointer<T>, _ n: Int, _ sum: (UnsafePointer<T>?, Int) -> T
) -> T {
  guard n >= 1 << 16, Parallel.threads > 1 else { return sum(p, n) }
  // The kernel halves a run longer than 128 terms at a multiple of 8; runs here stay longer.
  func half(_ m: Int) -> Int { m / 2 - (m / 2) % 8 }
  let h = half(n), a = half(h), b = half(n - h)
  let pieces = [(0, a), (a, h - a), (h, b), (h + b, n - h - b)]
  var sums = [T](repeating: 0, count: 4)
  sums.withUnsafeMutableBufferPointer { out in
    Parallel.forRanges(4, cost: 1 << 15) { r in
      for i in r { out[i] = sum(p + pieces[i].0, pieces[i].1) }
    }
  }
  return (sums[0] + sums[1]) + (sums[2] + sums[3])
}

/// Σ terms lo..<lo+n as NumPy's pairwise_sum adds them: runs of at most 128 terms with eight
/// accumulators (then the remainder in order), longer runs split in halves at a multiple of 8.
/// The rounding error grows like log n (a plain loop's like n), and a contiguous f64 or f32
/// sum equals NumPy's to the last bit (`linspace(0, 1, 20).sum()` is 10, not 9.999999999999998).
func pairwiseSum<S: SumTerms>(_ s: S, _ lo: Int, _ n: Int) -> S.Element {
  if n < 8 {
    var r: S.Element = .zero
    for i in lo..<(lo + n) { r += s.term(i) }
    return r
  }
  if n <= 128 {
    var r0 = s.term(lo), r1 = s.term(lo + 1), r2 = s.term(lo + 2), r3 = s.term(lo + 3)
    var r4 = s.term(lo + 4), r5 = s.term(lo + 5), r6 = s.term(lo + 6), r7 = s.term(lo + 7)
    var i = lo + 8
    let end = lo + n - n % 8
    while i < end {
      r0 += s.term(i); r1 += s.term(i + 1); r2 += s.term(i + 2); r3 += s.term(i + 3)
      r4 += s.term(i + 4); r5 += s.term(i + 5); r6 += s.term(i + 6); r7 += s.term(i + 7)
      i += 8
    }
    var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < lo + n { res += s.term(i); i += 1 }
    return res
  }
  let h = n / 2 - (n / 2) % 8
  return pairwiseSum(s, lo, h) + pairwiseSum(s, lo + h, n - h)
}

/// Column sums out[j] = Σ_r x[r·n + j] of a contiguous [rows, n] block (a sum over leading
/// axes, no transposition): up to 128 rows in order (`block`, the C kernel), longer runs split
/// in halves at a multiple of 8 rows whose sums are added, so the error grows like log(rows)
/// along this axis too. `scratch` holds n elements for each halving level below this one.
func sumRowsPairwise<T>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>,
                        _ scratch: UnsafeMutablePointer<T>, rows: Int, n: Int,
                        block: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int, Int) -> Void,
                        add: (UnsafeMutablePointer<T>, UnsafePointer<T>, Int) -> Void) {
  if rows <= 128 { block(x, out, rows, n); return }
  let h = rows / 2 - (rows / 2) % 8
  sumRowsPairwise(x, out, scratch, rows: h, n: n, block: block, add: add)
  sumRowsPairwise(x + h * n, scratch, scratch + n, rows: rows - h, n: n, block: block, add: add)
  add(out, scratch, n)
}

/// Halving levels sumRowsPairwise goes through for `rows` rows (its scratch: n per level).
func pairwiseLevels(_ rows: Int) -> Int {
  var r = rows, levels = 0
  while r > 128 { r -= r / 2 - (r / 2) % 8; levels += 1 }
  return levels
}
