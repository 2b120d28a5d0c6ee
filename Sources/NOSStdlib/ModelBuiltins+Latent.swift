// Builtins for the newer operator models: lsm (Latent Spectral Models) and mg_patch (MG-TFNO).
import NOSLang
import NOSModels
import NOSTensor

extension ModelBuiltins {
  static var latentModels: [Builtin] { [lsm, mgPatch] }

  /// A number n as [n, n], or a list of two whole numbers.
  static func pair(_ a: Arguments, _ i: Int) throws -> [Int] {
    if a[i].asNumber != nil { let n = try a.int(i); return [n, n] }
    return try sizes(a, i)
  }

  static var lsm: Builtin {
    Builtin("lsm", [Param("in_channels", default: 1), Param("out_channels", default: 1),
                    Param("width", default: 64), Param("tokens", default: 4),
                    Param("basis", default: 12), Param("patches", default: .list([3, 3])),
                    Param("levels", default: 4), Param("padding", default: .nil),
                    Param("dtype", default: .nil)], doc: """
      Latent Spectral Models (Wu, Hu, Luo, Wang & Long, ICML 2023, "Solving High-Dimensional \
      PDEs with Latent Spectral Models"; the authors' LSM_2D) on [B, C, H, W]: grid channels \
      and a pointwise lift to `width`, a U-Net over `levels` + 1 scales (3×3 conv–norm–ReLU \
      blocks, max pooling, bilinear upsampling) whose every skip passes a neural spectral \
      block: patchify into `patches` [ph, pw], cross-attention of `tokens` latent tokens to \
      each patch (8 heads), z + Σ w·[sin(kπz), cos(kπz)] over `basis` bases, attention back; \
      a 1×1 conv and a 128-wide GELU head. Defaults: the paper's Darcy setting (width 64, 4 \
      tokens, 12 bases, 3×3 patches, 4 levels). H and W are zero-padded at the end to a \
      multiple of 2^levels·patches (85 → 96 as the paper's padding 11), or by `padding` \
      [ph, pw]. The norm uses each sample's own statistics (BatchNorm's parameters).
      """) { a in
      let pad: [Int]? = a[7].isNil ? nil : try pair(a, 7)
      return .host(try ModelValue(LSM(
        inChannels: a.int(0), outChannels: a.int(1), width: a.int(2), tokens: a.int(3),
        basis: a.int(4), patches: pair(a, 5), levels: a.int(6), padding: pad,
        dtype: a.dtype(8) ?? .f64)))
    }
  }

  static var mgPatch: Builtin {
    Builtin("mg_patch", [Param("model"), Param("levels", default: 1),
                         Param("padding", default: 0)], doc: """
      Multigrid patching (Kossaifi et al., TMLR 2024, "Multi-Grid Tensorized Fourier Neural \
      Operator for High-Resolution PDEs"; neuraloperator's MultigridPatching2D) around a 2-D \
      model: each input [B, C, H, W] is cut into 2^levels × 2^levels patches widened by \
      round(padding·H) points per side (read periodically), each with `levels` coarser \
      context windows (the input subsampled by 2, 4, … around the patch) as extra channels; \
      the model runs on [B·4^levels, C·(levels + 1), …] and its outputs are cropped and \
      stitched back to [B, out, H, W]. mg_patch(tfno(in_channels=levels + 1, ...)) is \
      MG-TFNO. The model must take in_channels × (levels + 1) channels; H and W must divide \
      by 4^levels. Starts from a copy of the model's current weights.
      """) { a in
      let inner = try a.host(0, as: ModelValue.self, expected: "model")
      let m = try ModelValue(MGPatch(inner.model, levels: a.int(1), padding: a.number(2)))
      try m.optimizerParameters().writeLeaves(inner.current().leaves)
      return .host(m)
    }
  }
}
