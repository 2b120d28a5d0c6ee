// Spectral-layer weights: dense complex tensors (FNO) or Tucker/CP factorised ones (TFNO).
import Foundation
import NOSGrad
import NOSTensor

/// How a spectral layer stores its `[in, out, modes...]` complex weight.
public enum Factorization: Sendable, Equatable {
  case dense
  /// A Tucker core `[r, out, modes...]` with a factor `[in, r]` for the input channel axis
  /// and a square one `[out, out]` for the output channels (the Fourier-mode axes stay whole,
  /// see `tuckerLayout`); `rank` is the fraction of the dense parameter count to keep.
  case tucker(rank: Double)
  /// A sum of `R` rank-one terms with weights λ; `R` keeps `rank` of the dense count.
  case cp(rank: Double)

  /// Tucker factors are stored divided by this and multiplied back in `weight`, so Adam (whose
  /// steps have the learning rate's size whatever the parameter's scale) moves them 10x
  /// slower than the core: a factor rotates the whole core, and full-size steps on it kept
  /// the loss from settling (the measurements are in README.md, "Accuracy").
  public static let tuckerFactorStep = 0.1

  public var name: String {
    switch self {
    case .dense: "dense"
    case .tucker: "tucker"
    case .cp: "cp"
    }
  }

  /// Tucker layout of `dims` = [in, out, modes...]: the input rank r and whether the output
  /// channels get their square factor. The budget is `rank`·Π dims numbers: the core
  /// r·out·Π modes, the input factor in·r and the output factor out² when it fits with
  /// r ≥ 2 (else the layer has no output factor); r is the largest in 1...in that fits
  /// (at least 1).
  ///
  /// The output rank stays full because the layer's output spans every feature the
  /// pointwise layers after it can read, while each Fourier mode's map needs few input
  /// directions; the square output factor adds no function the core could not express, yet
  /// trains better than a larger input rank; one input direction per mode is too few; and
  /// the mode axes stay whole, since a mode factor mixes frequencies inside the core so
  /// Adam's per-entry steps no longer scale each frequency on its own. (The seeds and errors
  /// behind each choice are in README.md, "Accuracy", and the commits that made them.)
  static func tuckerLayout(_ dims: [Int], _ rank: Double) -> (r: Int, outputFactor: Bool) {
    let target = rank * Double(dims.reduce(1, *))
    let outputFactor = tuckerCount(dims, min(2, dims[0]), outputFactor: true) <= target
    var r = 1
    while r < dims[0], tuckerCount(dims, r + 1, outputFactor: outputFactor) <= target { r += 1 }
    return (r, outputFactor)
  }

  /// Stored numbers of a Tucker weight of `dims` with input rank `r`: the core
  /// r·out·Π modes, the factor in·r and the output factor out² (in Double: no overflow).
  static func tuckerCount(_ dims: [Int], _ r: Int, outputFactor: Bool) -> Double {
    let out = Double(dims[1]), core = Double(r) * dims.dropFirst().reduce(1.0) { $0 * Double($1) }
    return core + Double(dims[0]) * Double(r) + (outputFactor ? out * out : 0)
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
    // Tucker: an input factor with orthogonal columns of norm √(n/r), an orthogonal output
    // factor and a core carrying the dense scale. Orthogonal columns pass a step on the core
    // to the weight undistorted (Gaussian factors are ill-conditioned and trained worse, see
    // `tuckerFactorStep`); the norm makes that step as large in the weight as a dense
    // layer's (unit columns learned too slowly for tutorial 08's short runs); tltorch's rule
    // (one common spread for every piece) failed to train at lr 3e-3 in tutorial 08.
    case .tucker(let rank):
      let (r, outputFactor) = Self.tuckerLayout(dims, rank)
      func factor(_ n: Int, _ r: Int) throws -> Params {
        let q = try Tensor.randomOrthonormal(n, r, dtype: c)
        let stored = sqrt(Double(n) / Double(r)) / Self.tuckerFactorStep
        return .tensor(Variable(try Tensor.binary(.mul, q, stored)))
      }
      var factors = [try factor(dims[0], r)]
      if outputFactor { factors.append(try factor(dims[1], dims[1])) }
      let core = try normal([r] + dims.dropFirst(), scale)
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
    let letters = Array("iomn".prefix(dims.count))
    switch self {
    case .dense:
      return try p.tensor("weight")
    case .tucker:
      // core "abmn" -> "aomn" (output factor, when there is one) -> "iomn" (input factor).
      let modes = String(letters.dropFirst(2))
      let factors = try p.field("factors")
      let input = try factors.tensorItem(0)
      let step = Variable(Tensor(Self.tuckerFactorStep, dtype: input.value.dtype.real))
      var core = try p.tensor("core")
      if case .list(let items) = factors, items.count > 1 {
        let output = try factors.tensorItem(1)
        core = try einsum("ab\(modes),ob->ao\(modes)", [core, mul(output, step)])
      }
      return try einsum("ao\(modes),ia->io\(modes)", [core, mul(input, step)])
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
      let (r, outputFactor) = Self.tuckerLayout(dims, rank)
      return Int(Self.tuckerCount(dims, r, outputFactor: outputFactor))
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
