// Spectral-layer weights: dense complex tensors (FNO) or Tucker/CP factorised ones (TFNO).
import Foundation
import NOSGrad
import NOSTensor

/// How a spectral layer stores its `[in, out, modes...]` complex weight.
public enum Factorization: Sendable, Equatable {
  case dense
  /// A Tucker core `[r_in, r_out, modes...]` with a factor for each channel axis (the
  /// Fourier-mode axes stay whole in the core); `rank` is the fraction of the dense
  /// parameter count to keep (both channel ranks scale by one common factor).
  case tucker(rank: Double)
  /// A sum of `R` rank-one terms with weights λ; `R` keeps `rank` of the dense count.
  case cp(rank: Double)

  /// Tucker factors are stored divided by this and multiplied back in `weight`, so Adam (whose
  /// steps have the learning rate's size whatever the parameter's scale) moves them 10x
  /// slower than the core. The factors rotate the whole core, and full-size steps on them kept
  /// the loss from settling. On the Burgers benchmark (rank 0.1, 100 epochs) Gaussian factors
  /// reached 0.31% at 1 and 0.23% at 0.1, `initial`'s orthogonal ones 0.175% at 0.1.
  /// (Unit orthogonal columns: 0.24%, 0.19–0.22%, 0.18% at 0.03, 0.1, 0.3; at full rank
  /// 0.09% at 0.1 against 0.26% for Gaussian factors at 1.) With the mode axes left whole
  /// (see `tuckerRanks`): 0.17%, 0.15%, 0.14% at 1, 0.3, 0.1.
  public static let tuckerFactorStep = 0.1

  public var name: String {
    switch self {
    case .dense: "dense"
    case .tucker: "tucker"
    case .cp: "cp"
    }
  }

  /// Tucker ranks of the channel axes of `dims` = [in, out, modes...]: the common fraction f
  /// (found by bisection) with r_in·r_out·Π modes + in·r_in + out·r_out closest to
  /// `rank`·Π dims from below, each rank in 1...n. The mode axes are not factored: a mode
  /// factor mixes frequencies inside the core, so Adam's per-entry steps no longer scale
  /// each frequency on its own, and mode ranks cost accuracy (Burgers, rank 0.1, three
  /// runs: 0.11–0.15% against 0.16–0.175% with all axes factored as tensorly does; at full
  /// rank 0.068% against 0.09%).
  static func tuckerRanks(_ dims: [Int], _ rank: Double) -> [Int] {
    let target = rank * Double(dims.reduce(1, *))
    func ranks(_ f: Double) -> [Int] {
      dims.prefix(2).map { min($0, max(1, Int((Double($0) * f).rounded()))) }
    }
    var lo = 0.0, hi = 1.0
    for _ in 0..<60 {
      let mid = (lo + hi) / 2
      if tuckerCount(dims, ranks(mid)) <= target { lo = mid } else { hi = mid }
    }
    return ranks(lo)
  }

  /// Stored numbers of a Tucker weight of `dims` with channel ranks `r`: the core
  /// r_in·r_out·Π modes plus the factors in·r_in + out·r_out (in Double: no overflow).
  static func tuckerCount(_ dims: [Int], _ r: [Int]) -> Double {
    let modes = dims.dropFirst(2).reduce(1.0) { $0 * Double($1) }
    return Double(r.reduce(1, *)) * modes + zip(dims, r).reduce(0.0) { $0 + Double($1.0 * $1.1) }
  }

  /// CP rank: the R with R·(1 + Σ n) closest to `rank`·Π n (at least 1).
  static func cpRank(_ dims: [Int], _ rank: Double) -> Int {
    let full = Double(dims.reduce(1, *)), per = Double(dims.reduce(1, +))
    return max(1, Int((rank * full / per).rounded()))
  }

  /// Fresh weights for `dims` = [in, out, modes...]; the reconstructed weight has the
  /// scale 1/(in·out) of the FNO paper's initialisation.
  func initial(_ dims: [Int], dtype: DType) throws -> Params {
    let scale = 1 / Double(max(1, dims[0] * dims[1])), c = dtype.complex
    func normal(_ shape: [Int], _ sd: Double) throws -> Variable {
      Variable(try Tensor.binary(.mul, Tensor.randn(shape, dtype: c), sd))
    }
    switch self {
    case .dense:
      let w = try Init.spectral(dims, fanIn: dims[0], fanOut: dims[1], dtype: dtype)
      return .record([("weight", .tensor(Variable(w)))])
    // Tucker: factors with orthogonal columns of norm √(n/r) and a core carrying the dense
    // scale. Orthogonal columns pass a step on the core to the weight undistorted (Gaussian
    // factors are ill-conditioned and trained worse, see `tuckerFactorStep`); the norm makes
    // that step as large in the weight as a dense layer's (unit columns learned too slowly
    // for tutorial 08's short runs); tltorch's rule (one common spread for every piece)
    // failed to train at lr 3e-3 in tutorial 08.
    case .tucker(let rank):
      let r = Self.tuckerRanks(dims, rank)
      let factors = try zip(dims, r).map { n, k in
        let q = try Tensor.randomOrthonormal(n, k, dtype: c)
        let stored = sqrt(Double(n) / Double(k)) / Self.tuckerFactorStep
        return Params.tensor(Variable(try Tensor.binary(.mul, q, stored)))
      }
      let core = try normal(r + dims.dropFirst(2), scale)
      return .record([("core", .tensor(core)), ("factors", .list(factors))])
    case .cp(let rank):
      let r = Self.cpRank(dims, rank)
      let factors = try dims.map { Params.tensor(try normal([$0, r], 1)) }
      let w = try Tensor.full([r], scale / sqrt(Double(r)), dtype: c)
      return .record([("weights", .tensor(Variable(w))), ("factors", .list(factors))])
    }
  }

  /// The full `[in, out, modes...]` weight from the stored parameters (differentiable).
  func weight(_ p: Params, _ dims: [Int]) throws -> Variable {
    let letters = Array("iomn".prefix(dims.count)), ranks = Array("abcd".prefix(dims.count))
    switch self {
    case .dense:
      return try p.tensor("weight")
    case .tucker:
      // core "abmn" -> "iomn": each channel factor replaces its rank letter.
      var t = try p.tensor("core"), cur = Array(ranks.prefix(2)) + letters.dropFirst(2)
      for k in 0..<2 {
        var next = cur
        next[k] = letters[k]
        let spec = "\(String(cur)),\(letters[k])\(ranks[k])->\(String(next))"
        let factor = try p.field("factors").tensorItem(k)
        let step = Variable(Tensor(Self.tuckerFactorStep, dtype: factor.value.dtype.real))
        t = try einsum(spec, [t, mul(factor, step)])
        cur = next
      }
      return t
    case .cp:
      var t = try mul(p.field("factors").tensorItem(0), p.tensor("weights"))
      var cur = "\(letters[0])r"
      for k in 1..<dims.count {
        let keep = k < dims.count - 1
        let next = String(letters[0...k]) + (keep ? "r" : "")
        t = try einsum("\(cur),\(letters[k])r->\(next)", [t, p.field("factors").tensorItem(k)])
        cur = next
      }
      return t
    }
  }

  /// Stored numbers for `dims`.
  func count(_ dims: [Int]) -> Int {
    switch self {
    case .dense: return dims.reduce(1, *)
    case .tucker(let rank):
      return Int(Self.tuckerCount(dims, Self.tuckerRanks(dims, rank)))
    case .cp(let rank):
      return Self.cpRank(dims, rank) * (1 + dims.reduce(0, +))
    }
  }
}

extension Params {
  /// The tensor at list index `i`.
  func tensorItem(_ i: Int) throws -> Variable {
    guard case .tensor(let v) = try item(i) else {
      throw TensorError("model parameters: item \(i) must be a tensor")
    }
    return v
  }
}
