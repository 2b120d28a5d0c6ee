// Robustness of the layer builtins: random calls of conv1d, conv2d, conv_transpose2d, the
// pools, interpolate, attention, layer_norm, group_norm, dct and idct with odd shapes,
// dtypes and options (huge, zero, negative, fractional) give results or clear errors.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class LayerFuzzTests: XCTestCase {
  static let operands = [
    "randn(2, 3, 5, 5)", "randn(1, 4, 6)", "randn(3, 3, 2, 2)", "randn(4, 2, 3, 3)",
    "zeros(0, 3, 4, 4)", "zeros(1, 0, 4, 4)", "zeros(1, 2, 0, 3)", "randn(3)", "5", "nil",
    "f32(randn(2, 2, 4, 4))", "randn(2, 2, dtype=\"c64\")", "[true, false]", "randn(6, 1, 1)",
    "randn(2, 6, 1, 1)", "randn(1, 1, 1, 1)", "zeros(3, 0)", "\"s\"", "randn(2, 4, 8)",
  ]
  static let options = [
    "stride=2", "stride=0", "stride=[1, 2]", "stride=1e30", "padding=1", "padding=-1",
    "padding=[2, 0]", "padding=1e300", "dilation=2", "dilation=0", "groups=2", "groups=0",
    "groups=9223372036854775807", "groups=-3", "padding_mode=\"circular\"", "padding_mode=1",
    "output_padding=1", "output_padding=5", "heads=2", "heads=0", "heads=1e18", "size=3",
    "size=[2, 7]", "size=0", "size=1e12", "scale_factor=0.5", "scale_factor=1e300",
    "scale_factor=-1", "mode=\"bilinear\"", "mode=\"linear\"", "mode=\"x\"",
    "align_corners=true", "type=3", "type=7", "axis=[0, 1]", "axis=9", "norm=\"ortho\"",
    "norm=\"x\"", "eps=0", "eps=-1", "stride=nil", "kernel=3", "groups=1.5",
  ]
  /// The named arguments each builtin takes.
  static let accepted: [String: [String]] = {
    let conv = ["stride", "padding", "dilation", "groups", "padding_mode"]
    let pool = ["stride", "padding"], dct = ["type", "axis", "norm"]
    return ["conv1d": conv, "conv2d": conv, "avg_pool": pool, "max_pool": pool,
            "conv_transpose2d": ["stride", "padding", "output_padding", "groups", "dilation"],
            "interpolate": ["size", "scale_factor", "mode", "align_corners"],
            "attention": ["heads"], "layer_norm": ["eps"], "group_norm": ["eps"],
            "dct": dct, "idct": dct]
  }()
  static let names = ["conv1d", "conv2d", "conv_transpose2d", "avg_pool", "max_pool",
                      "interpolate", "attention", "layer_norm", "group_norm", "dct", "idct"]

  /// Calls whose operands fit, so that the options are what varies.
  static let fitting = [
    "conv2d(randn(2, 4, 6, 7), randn(4, 2, 3, 3)", "conv1d(randn(2, 4, 9), randn(2, 4, 3)",
    "conv_transpose2d(randn(1, 4, 3, 3), randn(4, 2, 2, 2)", "avg_pool(randn(2, 3, 6, 6), 2",
    "max_pool(randn(2, 3, 7), 3", "interpolate(randn(1, 2, 4, 4)", "interpolate(randn(1, 2, 5)",
    "attention(randn(2, 3, 4), randn(2, 5, 4), randn(2, 5, 6)", "layer_norm(randn(2, 4, 3)",
    "group_norm(randn(2, 4, 3), 2", "dct(randn(3, 4)", "idct(f32(randn(2, 2, 3))",
  ]

  static func program(_ rng: inout TestRNG) -> String {
    if rng.int(2) == 0 {
      var call = rng.pick(fitting)
      let name = String(call.prefix { $0 != "(" })
      let own = options.filter { o in (accepted[name] ?? []).contains { o.hasPrefix($0 + "=") } }
      for _ in 0..<(1 + rng.int(3)) { call += ", " + rng.pick(rng.int(8) == 0 ? options : own) }
      return "y = \(call))\nprint(y.shape)"
    }
    let f = rng.pick(names)
    var args = [rng.pick(operands)]
    for _ in 0..<rng.int(3) { args.append(rng.pick(operands + ["2", "3", "1", "0", "-1"])) }
    for _ in 0..<rng.int(3) { args.append(rng.pick(options)) }
    let call = "\(f)(\(args.joined(separator: ", ")))"
    guard rng.int(3) == 0 else { return "y = \(call)\nprint(y.shape)" }
    // The gradient path, with the first operand (when it is this one) as the variable.
    let traced = call.replacingOccurrences(of: "randn(2, 3, 5, 5)", with: "x")
    return "print(grad(x -> sum(\(traced)), randn(2, 3, 5, 5)).shape)"
  }

  func testLayerBuiltinsNeverCrash() {
    runStdlibFuzz("layers", seed: 0x1A7E5, minimumRunFraction: 40, program: Self.program)
  }
}
