// Solving a generator's samples as chains of similar systems: the similarity order (a greedy
// nearest-neighbour chain on coarse block means), the parallel split into contiguous chains
// and the per-sample solve statistics the generators report.
import NOSTensor

/// How a generator's solves went, in the caller's sample order.
public struct SolveStats: Sendable {
  /// Krylov iterations and operator applications of each sample's solve.
  public var iterations: [Int]
  public var matvecs: [Int]
  /// Samples whose recycled solve gave up and were solved by the plain solver.
  public var fallbacks: Int
  /// The order the samples were solved in (sample indices; 0..<n without recycling).
  public var order: [Int]

  init(_ reports: [KrylovReport], order: [Int]) {
    iterations = reports.map(\.iterations)
    matvecs = reports.map(\.matvecs)
    fallbacks = reports.filter(\.fellBack).count
    self.order = order
  }
}

enum SimilarityOrder {
  /// Means of a res × res field over a blocks × blocks grid of (nearly) equal blocks.
  static func coarse(_ field: [Double], res: Int, blocks: Int = 16) -> [Double] {
    let b = min(blocks, res)
    var sums = [Double](repeating: 0, count: b * b), counts = sums
    for i in 0..<res {
      for j in 0..<res {
        let cell = (i * b / res) * b + j * b / res
        sums[cell] += field[i * res + j]
        counts[cell] += 1
      }
    }
    return zip(sums, counts).map { $1 > 0 ? $0 / $1 : 0 }
  }

  /// The greedy nearest-neighbour chain from sample 0: each next sample is the unvisited one
  /// nearest (Euclidean) to the current one; ties go to the lower index.
  static func chain(_ features: [[Double]]) -> [Int] {
    let n = features.count
    guard n > 0 else { return [] }
    var visited = [Bool](repeating: false, count: n), order = [0]
    visited[0] = true
    while order.count < n, let here = order.last {
      var best = -1, bestDistance = Double.infinity
      for j in 0..<n where !visited[j] {
        var d = 0.0
        for (a, b) in zip(features[here], features[j]) { d += (a - b) * (a - b) }
        if best < 0 || d < bestDistance { best = j; bestDistance = d }
      }
      visited[best] = true
      order.append(best)
    }
    return order
  }

  /// Calls `body(sample, &state)` along `order` split into up to Parallel.threads contiguous
  /// chains run in parallel, each with its own `makeState()`; results in sample order. The
  /// session's interrupt check runs between samples.
  static func runChains<S, T>(_ order: [Int], label: String, makeState: () -> S,
                              _ body: (Int, inout S) throws -> T) throws -> [T] {
    let n = order.count, chains = max(1, min(Parallel.threads, n))
    let check = Samples.interruptCheck
    let parts = try Samples.runEach(chains, label: label) { c -> [(Int, T)] in
      var state = makeState()
      var out: [(Int, T)] = []
      for i in (c * n / chains)..<((c + 1) * n / chains) {
        try check?()
        out.append((order[i], try body(order[i], &state)))
      }
      return out
    }
    var slots = [T?](repeating: nil, count: n)
    for part in parts { for (i, v) in part { slots[i] = v } }
    return try slots.map { v in
      guard let v else { throw TensorError("internal: a chained sample was not solved") }
      return v
    }
  }
}
