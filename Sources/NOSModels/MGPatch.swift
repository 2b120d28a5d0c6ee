// MG-TFNO's multigrid patching (Kossaifi et al., TMLR 2024) around any 2-D model.
import Foundation
import NOSGrad
import NOSTensor

/// `mg_patch(model, levels, padding)`, neuraloperator's MultigridPatching2D as a model:
/// 1. split every input [B, C, H, W] into n × n patches, n = 2^levels, each widened by
///    p = round(padding·H) (and round(padding·W)) points on every side, read periodically;
/// 2. for every level l = 1…levels, the input subsampled by 2^l (x[::2^l, ::2^l]) gives a
///    coarser context window of the same size around each patch (stride (H/n)/2^l between
///    patches, centred as neuraloperator does, read periodically), stacked as C more
///    channels: the wrapped model sees [B·n², C·(levels + 1), H/n + 2p, W/n + 2p];
/// 3. crop p from every side of the model's output and stitch the patches back to
///    [B, out, H, W] (always, in training too).
/// The weights are the wrapped model's. H and W must divide by n·2^levels = 4^levels.
public final class MGPatch: Model {
  public let model: any Model
  public let levels: Int
  public let padding: Double
  public let inChannels: Int

  public init(_ model: any Model, levels: Int = 1, padding: Double = 0) throws {
    guard let cin = MGPatch.inputChannels(model) else {
      throw TensorError("mg_patch: the model must take 2-D inputs [B, C, H, W] (fno, tfno or t1 "
        + "with two mode counts, unet, mgno, lsm), got \(model.signature)")
    }
    guard levels >= 0, levels <= 6 else {
      throw TensorError("mg_patch: levels must be a whole number from 0 to 6, got \(levels)")
    }
    guard padding >= 0, padding < 1 else {
      throw TensorError("mg_patch: padding is the fraction of H and W added around each patch "
        + "(neuraloperator's padding_fraction), from 0 to below 1, got \(padding)")
    }
    guard cin % (levels + 1) == 0 else {
      throw TensorError("mg_patch: the model must take in_channels × (levels + 1) input "
        + "channels (the patch and one coarser context per level), a multiple of "
        + "\(levels + 1) for levels=\(levels); it takes \(cin)")
    }
    (self.model, self.levels, self.padding) = (model, levels, padding)
    inChannels = cin / (levels + 1)
  }

  /// The input channels of a model on [B, C, H, W]; nil for other models.
  static func inputChannels(_ m: any Model) -> Int? {
    switch m {
    case let x as FNO: return x.modes.count == 2 ? x.inChannels : nil
    case let x as NeuralopFNO: return x.modes.count == 2 ? x.inChannels : nil
    case let x as T1: return x.modes.count == 2 ? x.inChannels : nil
    case let x as UNet: return x.inChannels
    case let x as MgNO: return x.inChannels
    case let x as LSM: return x.inChannels
    default: return nil
    }
  }

  public var kind: String { "mg_patch" }
  public var arity: Int { 1 }
  public var dtype: DType { model.dtype }
  public var signature: String {
    "mg_patch(\(model.signature), levels=\(levels), padding=\(padding))"
  }

  public func initialParams() throws -> Params { try model.initialParams() }

  public func forward(_ p: Params, _ inputs: [Variable]) throws -> Variable {
    guard inputs.count == 1 else { throw TensorError("mg_patch: expected one input") }
    let x = try input(inputs[0])  // the wrapped model's dtype, as the patches are
    let f = 1 << (2 * levels)
    guard x.value.ndim == 4, x.shape[1] == inChannels, x.shape[0] > 0, x.shape[2] % f == 0,
          x.shape[3] % f == 0, x.shape[2] > 0, x.shape[3] > 0 else {
      throw TensorError("mg_patch: expected an input [B, \(inChannels), H, W] (the model takes "
        + "in_channels × (levels + 1) = \(inChannels * (levels + 1))) with H and W divisible by "
        + "2^levels patches × 2^levels subsampling = \(f) (levels=\(levels)), got "
        + "\(shapeText(x.shape))")
    }
    let pad = MGPatch.pads(x.shape, padding)
    let y = try model.forward(p, [MGPatch.patch(x, levels: levels, pad: pad)])
    let want = [x.shape[2] >> levels + 2 * pad[0], x.shape[3] >> levels + 2 * pad[1]]
    guard y.value.ndim == 4, Array(y.shape.suffix(2)) == want else {
      throw TensorError("mg_patch: the model must keep the patch size \(shapeText(want)), "
        + "it gave \(shapeText(y.shape))")
    }
    return try MGPatch.stitch(y, levels: levels, pad: pad)
  }

  /// round(padding·H), round(padding·W) (half to even, as Python's round).
  static func pads(_ shape: [Int], _ padding: Double) -> [Int] {
    [shape[2], shape[3]].map { Int((Double($0) * padding).rounded(.toNearestOrEven)) }
  }

  public func summary(_ p: Params) -> [SummaryRow] {
    [SummaryRow(block: "multigrid patches", shape: "[B·\(1 << (2 * levels)), "
      + "\(inChannels * (levels + 1)), H/\(1 << levels) + 2p, W/\(1 << levels) + 2p]",
      parameters: 0)] + model.summary(p)
  }
}
