// Builtins for resampling, attention and normalisation layers: interpolate, attention,
// layer_norm, group_norm (declared in TensorConvBuiltins.all).
import NOSGrad
import NOSLang
import NOSTensor

extension TensorConvBuiltins {
  static var interpolate: Builtin {
    Builtin("interpolate", [Param("x"), Param("size", default: .nil),
                            Param("scale_factor", default: .nil),
                            Param("mode", default: .string("nearest")),
                            Param("align_corners", default: false)], doc: """
      Resizes x [N, C, L] or [N, C, H, W] to `size` (an integer or one per spatial axis) or \
      by `scale_factor` (output size ⌊in·factor⌋), as PyTorch's interpolate: mode "nearest", \
      "linear" (3-D) or "bilinear" (4-D), align_corners as PyTorch. Up- and down-sampling.
      """, differentiable: true, gradChecks: [
        GradCheck("interpolate(x * x, size=[5, 3], mode=\"bilinear\")", input: "randn(1, 2, 3, 4)"),
        GradCheck("interpolate(x, scale_factor=2)", input: "randn(1, 2, 3)"),
      ]) { a in
      let x = try a.variable(0)
      guard x.value.ndim == 3 || x.value.ndim == 4 else {
        throw a.error(0, "interpolate needs [N, C, L] or [N, C, H, W], got "
          + "\(shapeText(x.shape))")
      }
      let d = x.value.ndim - 2, spatial = Array(x.shape.suffix(d))
      let size: [Int]
      switch (a[1].isNil, a[2].isNil) {
      case (false, true):
        let p = try pair(a, 1, d)
        size = d == 1 ? [p.1] : [p.0, p.1]
      case (true, false):
        let f = try a.number(2)
        guard f > 0, f.isFinite else { throw a.error(2, "scale_factor must be positive") }
        size = spatial.map { Int(min((Double($0) * f).rounded(.down), 1e9)) }
      default: throw a.error(1, "give exactly one of size and scale_factor")
      }
      guard let mode = InterpolationMode(rawValue: try a.string(3)) else {
        throw a.error(3, "mode must be \"nearest\", \"linear\" or \"bilinear\"")
      }
      return wrap(try NOSGrad.interpolate(x, size: size, mode: mode, alignCorners: try a.flag(4),
                                          scaleFactor: try a.optionalNumber(2)))
    }
  }

  static var attention: Builtin {
    Builtin("attention", [Param("q"), Param("k"), Param("v"), Param("heads", default: 1)],
            doc: """
      Multi-head scaled dot-product attention softmax(q·kᵀ/√d)·v: q [..., Lq, D], \
      k [..., Lk, D], v [..., Lk, Dv]; D and Dv are split into `heads` parts (d = D/heads) \
      and the heads' outputs joined → [..., Lq, Dv]. The projections are the caller's.
      """, differentiable: true, gradChecks: [
        GradCheck("attention(x, x * 0.5, x * x, heads=2)", input: "randn(2, 3, 4)"),
        GradCheck("attention(\(fixed([2, 4])), x, x)", input: "randn(3, 4)"),
      ]) { a in
      wrap(try NOSGrad.attention(try a.variable(0), try a.variable(1), try a.variable(2),
                                 heads: try a.int(3)))
    }
  }

  static var layerNorm: Builtin {
    Builtin("layer_norm", [Param("x"), Param("normalized_shape", default: .nil),
                           Param("weight", default: .nil), Param("bias", default: .nil),
                           Param("eps", default: 1e-5)], doc: """
      (x − mean)/√(var + eps)·weight + bias over the trailing axes `normalized_shape` \
      (default: the last axis), biased variance, as PyTorch's layer_norm.
      """, differentiable: true, gradChecks: [
        GradCheck("layer_norm(x, [4], [1, 2, 3, 4], [0, 1, 0, 1])"),
        GradCheck("layer_norm(x, [3, 4])"),
      ]) { a in
      let x = try a.variable(0)
      var count = 1
      if !a[1].isNil {
        let dims = try (sequenceItems(a[1]) ?? [a[1]]).map { v -> Int in
          guard let n = v.asNumber, let k = Int(exactly: n) else {
            throw a.bad(1, expected: "integer or list of integers")
          }
          return k
        }
        guard dims.count <= x.value.ndim, Array(x.shape.suffix(dims.count)) == dims else {
          throw a.error(1, "normalized_shape \(shapeText(dims)) does not match the trailing "
            + "axes of \(shapeText(x.shape))")
        }
        count = dims.count
      }
      return wrap(try NOSGrad.layerNorm(x, axes: count, weight: try a.optionalVariable(2),
                                        bias: try a.optionalVariable(3), eps: try a.number(4)))
    }
  }

  static var groupNorm: Builtin {
    Builtin("group_norm", [Param("x"), Param("groups"), Param("weight", default: .nil),
                           Param("bias", default: .nil), Param("eps", default: 1e-5)],
            doc: """
      Group normalisation (Wu & He 2018) as PyTorch's group_norm: x [N, C, ...] with C \
      split into `groups`, each standardised over its channels and positions, then \
      per-channel weight and bias [C].
      """, differentiable: true, gradChecks: [
        GradCheck("group_norm(x, 2, [1, 2, 3, 4], [0, 1, 0, 1])", input: "randn(2, 4, 3)"),
      ]) { a in
      wrap(try NOSGrad.groupNorm(try a.variable(0), groups: try a.int(1),
                                 weight: try a.optionalVariable(2),
                                 bias: try a.optionalVariable(3), eps: try a.number(4)))
    }
  }
}

enum TensorDCTBuiltins {
  static var all: [Builtin] { [transform(inverse: false), transform(inverse: true)] }

  static func transform(inverse: Bool) -> Builtin {
    let name = inverse ? "idct" : "dct"
    return Builtin(name, [Param("x"), Param("type", default: 2), Param("axis", default: -1),
                          Param("norm", default: .nil)], doc: inverse ? """
      The inverse of dct with the same type and norm (scipy.fft.idct; idctn for a list of \
      axes): idct(dct(x)) is x.
      """ : """
      Discrete cosine transform of type 2 or 3 along `axis` (a list of axes: the n-D \
      transform) as scipy.fft.dct/dctn, through FFTW's r2r plans: type 2 is \
      2·Σ x_n cos(πk(2n+1)/2N); norm="ortho" makes it orthonormal. f32 stays f32.
      """, differentiable: true, receiver: "tensor", gradChecks: [
        GradCheck("\(name)(x * x, axis=[0, 1], norm=\"ortho\")"),
        GradCheck("\(name)(x * x, type=3)"),
        GradCheck("\(name)(x, type=2, axis=0)"),
      ]) { a in
      let x = try a.variable(0)
      let type: DCTType
      switch try a.int(1) {
      case 2: type = .two
      case 3: type = .three
      case let t: throw a.error(1, "type must be 2 or 3, got \(t)")
      }
      let axes = try a.axes(2) ?? [-1]
      var ortho = false
      if !a[3].isNil {
        let s = try a.string(3)
        guard s == "ortho" || s == "backward" else {
          throw a.error(3, "norm must be \"backward\" or \"ortho\", got \"\(s)\"")
        }
        ortho = s == "ortho"
      }
      return wrap(try dct(x, type: type, axes: axes, ortho: ortho, inverse: inverse))
    }
  }
}
