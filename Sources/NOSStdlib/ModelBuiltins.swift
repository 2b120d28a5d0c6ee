// Builtins for models and training: linear, mlp, deeponet, fno, tfno, fit, normalizer, split, batches.
import NOSLang
import NOSModels
import NOSTensor

enum ModelBuiltins {
  static func all(session: Session, options: StdlibOptions) -> [Builtin] {
    constructors + [unet, t1, mgno, ModelFit.builtin] + latentModels + ModelData.all
      + ModelFiles.all + WeightFiles.all
  }

  static var constructors: [Builtin] {
    [
      Builtin("linear", [Param("in"), Param("out"), Param("dtype", default: .nil)], doc: """
        A dense layer `x @ w + b` on the last axis: [..., in] → [..., out]. Params {w [in, out], \
        b [out]}; Glorot-uniform w, zero b.
        """) { a in
        try make(MLP(sizes: [a.int(0), a.int(1)], dtype: a.dtype(2) ?? .f64, single: true))
      },
      Builtin("mlp", [Param("sizes"), Param("act", default: "tanh"), Param("out_act", default: .nil),
                      Param("dtype", default: .nil)], doc: """
        A multilayer perceptron [..., sizes[0]] → [..., sizes[-1]]: dense layers with `act` \
        ("tanh", "relu", "gelu", "sigmoid", "softplus", "sin", "identity") after each hidden \
        layer and `out_act` (default none) after the last. Params: a list of {w, b}; \
        Glorot-uniform weights, zero biases.
        """) { a in
        let out = a[2].isNil ? nil : try a.string(2)
        return try make(MLP(sizes: sizes(a, 0), act: a.string(1), outAct: out,
                            dtype: a.dtype(3) ?? .f64))
      },
      Builtin("deeponet", [Param("branch"), Param("trunk", default: .list([1, 40, 40])),
                           Param("act", default: "relu"), Param("dtype", default: .nil)], doc: """
        DeepONet (Lu et al.): `net(u, y)` with sensor values u [B, m] and points y [P, d] gives \
        [B, P] = branch(u) · trunk(y)ᵀ + bias (y [B, P, d] evaluates each sample at its own \
        points). branch=[m, ..., p], trunk=[d, ..., p]; `act` after every layer but the \
        branch's last. Glorot-uniform weights, zero biases.
        """) { a in
        try make(DeepONet(branch: sizes(a, 0), trunk: sizes(a, 1), act: a.string(2),
                          dtype: a.dtype(3) ?? .f64))
      },
      Builtin("fno", fnoParams + [Param("layout", default: "nos")], doc: """
        Fourier Neural Operator (Li et al.) on [B, C, X] (modes=16) or [B, C, X, Y] \
        (modes=[12, 12]): grid coordinates j/X appended as channels, a pointwise lift to \
        `width`, `layers` blocks of spectral convolution (keeping `modes` Fourier modes) plus \
        a pointwise skip and `act` (none after the last), then a projection width → proj → \
        out_channels. Works at any resolution with at least 2·modes points per axis. \
        layout="neuralop" builds neuraloperator 2.0's FNO instead (its n_modes convention, \
        channel-MLP lifting/projection, soft-gating skips), whose state_dict loadweights reads.
        """) { a in
        switch try a.string(8) {
        case "nos": return try make(fno(a, factorization: .dense))
        case "neuralop": return try make(neuralop(a))
        case let s: throw a.error(8, "unknown layout \"\(s)\"; use \"nos\" or \"neuralop\"")
        }
      },
      Builtin("tfno", fnoParams + [Param("rank", default: 0.1),
                                   Param("factorization", default: "tucker"),
                                   Param("layout", default: "nos")], doc: """
        FNO with factorised spectral weights (Kossaifi et al.): factorization="tucker" (a rank-r \
        factor for the input channels, a square one for the output channels and a core keeping \
        the modes whole) or "cp" (a sum of rank-one terms); rank is the fraction of the dense \
        spectral parameter count kept. Other arguments as fno. layout="neuralop" builds \
        neuraloperator's TFNO (Tucker over every axis of the weight, tensorly's ranks).
        """) { a in
        let rank = try a.number(8)
        switch try a.string(10) {
        case "nos": break
        case "neuralop":
          guard try a.string(9) == "tucker" else {
            throw a.error(9, "layout=\"neuralop\" builds neuraloperator's Tucker TFNO only")
          }
          return try make(neuralop(a, tucker: rank))
        case let s: throw a.error(10, "unknown layout \"\(s)\"; use \"nos\" or \"neuralop\"")
        }
        let f: Factorization
        switch try a.string(9) {
        case "tucker": f = .tucker(rank: rank)
        case "cp": f = .cp(rank: rank)
        case let s: throw a.error(9, "unknown factorization \"\(s)\"; use \"tucker\" or \"cp\"")
        }
        return try make(fno(a, factorization: f))
      },
    ]
  }

  static var unet: Builtin {
    Builtin("unet", [Param("in_channels", default: 1), Param("out_channels", default: 1),
                     Param("width", default: 32), Param("levels", default: 4),
                     Param("padding", default: "zeros"), Param("dtype", default: .nil)], doc: """
      The standard 2-D U-Net baseline (Ronneberger et al. 2015; the form of PDEArena's and \
      PDEBench's baselines) on [B, C, H, W]: `levels` blocks of (3×3 conv, group norm, GELU) \
      ×2 with 2×2 max pooling, a bottleneck, 2×2 stride-2 transposed convolutions with skip \
      concatenation, a 1×1 output conv; level i has width·2^i channels; H and W must divide \
      by 2^levels. padding="circular" for periodic problems.
      """) { a in
      let circular: Bool
      switch try a.string(4) {
      case "zeros": circular = false
      case "circular": circular = true
      case let s: throw a.error(4, "padding must be \"zeros\" or \"circular\", got \"\(s)\"")
      }
      return try make(UNet(inChannels: a.int(0), outChannels: a.int(1), width: a.int(2),
                           levels: a.int(3), circular: circular, dtype: a.dtype(5) ?? .f64))
    }
  }

  static var t1: Builtin {
    Builtin("t1", [Param("modes", default: 16), Param("width", default: 64),
                   Param("layers", default: 4), Param("in_channels", default: 1),
                   Param("out_channels", default: 1), Param("proj", default: 128),
                   Param("resolution", default: .nil), Param("dtype", default: .nil),
                   Param("transform", default: "dct")], doc: """
      Transform Once (Poli et al. 2022, "Transform Once: Efficient Operator Learning in \
      Frequency Domain") on [B, C, X] (modes=16) or [B, C, X, Y] (modes=[m1, m2]): grid \
      channels and a pointwise lift, ONE orthonormal DCT keeping the first modes, `layers` \
      blocks z + M(sin(K z)) (K: channel mixing per mode, M: dense mode mixing per axis), a \
      head sin(z·W1)·W2 in frequency space, ONE inverse DCT. Variance-preserving init; \
      `resolution` (the training size per axis) sets it, N = M when nil. transform="rfft" \
      is kairos's Fourier T1: one orthonormal rfft, complex weights and sine, one irfft.
      """) { a in
      let rfft: Bool
      switch try a.string(8) {
      case "dct": rfft = false
      case "rfft": rfft = true
      case let s: throw a.error(8, "transform must be \"dct\" or \"rfft\", got \"\(s)\"")
      }
      let modes: [Int]
      if case .number = a[0] { modes = [try a.int(0)] } else { modes = try sizes(a, 0) }
      let res: [Int]? = a[6].isNil ? nil
        : (a[6].asNumber != nil ? [try a.int(6)] : try sizes(a, 6))
      return try make(T1(modes: modes, width: a.int(1), layers: a.int(2),
                         inChannels: a.int(3), outChannels: a.int(4), proj: a.int(5),
                         resolution: res, dtype: a.dtype(7) ?? .f64, rfft: rfft))
    }
  }

  static var mgno: Builtin {
    Builtin("mgno", [Param("iterations", default: .nil), Param("width", default: 24),
                     Param("layers", default: 4), Param("in_channels", default: 1),
                     Param("out_channels", default: 1), Param("padding", default: "zeros"),
                     Param("dtype", default: .nil)], doc: """
      MgNO (He, Liu & Xu, ICLR 2024, "MgNO: Efficient Parameterization of Linear Operators \
      via Multigrid") on [B, C, H, W]: `layers` blocks GELU(V(u) + W u + b), V a learned \
      multigrid V-cycle — smoothing u ← u + S(f − A u), stride-2 3×3 restriction, 4×4 \
      stride-2 transposed-convolution prolongation — with `iterations` [pre, post] per level \
      (default the paper's Darcy setting [[1, 0]] × 5 + [[2, 0]], 24 channels, 4 layers). \
      H and W must divide by 2^(levels − 1); padding="circular" for periodic boundaries.
      """) { a in
      var its = Array(repeating: [1, 0], count: 5) + [[2, 0]]
      if !a[0].isNil {
        guard let rows = sequenceItems(a[0]) ?? tensorRows(a[0]) else {
          throw a.bad(0, expected: "list of [pre, post] pairs")
        }
        its = try rows.map { r in
          guard let pair = sequenceItems(r) else {
            throw a.bad(0, expected: "list of [pre, post] pairs")
          }
          return try pair.map { v in
            guard let x = v.asNumber, let n = Int(exactly: x) else {
              throw a.error(0, "iteration counts must be whole numbers")
            }
            return n
          }
        }
      }
      let circular: Bool
      switch try a.string(5) {
      case "zeros": circular = false
      case "circular": circular = true
      case let s: throw a.error(5, "padding must be \"zeros\" or \"circular\", got \"\(s)\"")
      }
      return try make(MgNO(iterations: its, width: a.int(1), layers: a.int(2),
                           inChannels: a.int(3), outChannels: a.int(4), circular: circular,
                           dtype: a.dtype(6) ?? .f64))
    }
  }

  /// The rows of a 2-D tensor (a bracket literal of pairs) as 1-D tensor values.
  private static func tensorRows(_ v: Value) -> [Value]? {
    guard case .host(let h as TensorValue) = v, h.tensor.ndim == 2 else { return nil }
    return (0..<h.tensor.shape[0]).compactMap { i in
      (try? h.tensor.get([.at(i)])).map { wrap($0) }
    }
  }

  static let fnoParams = [
    Param("modes", default: 16), Param("width", default: 64), Param("layers", default: 4),
    Param("in_channels", default: 1), Param("out_channels", default: 1),
    Param("proj", default: 128), Param("act", default: "gelu"), Param("dtype", default: .nil),
  ]

  private static func fno(_ a: Arguments, factorization: Factorization) throws -> FNO {
    let modes: [Int]
    if case .number = a[0] { modes = [try a.int(0)] } else { modes = try sizes(a, 0) }
    return try FNO(modes: modes, width: a.int(1), layers: a.int(2), inChannels: a.int(3),
                   outChannels: a.int(4), proj: a.int(5), act: a.string(6),
                   factorization: factorization, dtype: a.dtype(7) ?? .f64)
  }

  private static func neuralop(_ a: Arguments, tucker: Double? = nil) throws -> NeuralopFNO {
    let modes: [Int]
    if case .number = a[0] { modes = [try a.int(0)] } else { modes = try sizes(a, 0) }
    return try NeuralopFNO(modes: modes, width: a.int(1), layers: a.int(2), inChannels: a.int(3),
                           outChannels: a.int(4), proj: a.int(5), act: a.string(6),
                           dtype: a.dtype(7) ?? .f64, tuckerRank: tucker)
  }

  private static func make(_ m: any Model) throws -> Value { .host(try ModelValue(m)) }

  /// A list (or 1-D tensor) of integer sizes.
  static func sizes(_ a: Arguments, _ i: Int) throws -> [Int] {
    guard let items = sequenceItems(a[i]) else { throw a.bad(i, expected: "list of sizes") }
    return try items.map { v in
      guard let x = v.asNumber, let n = Int(exactly: x) else {
        throw a.error(i, "sizes must be whole numbers, got \(Display.repr(v))")
      }
      return n
    }
  }
}
