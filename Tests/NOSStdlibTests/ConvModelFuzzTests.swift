// Robustness of the convolutional and frequency-domain models: unet, t1, mgno, lsm and
// mg_patch (around fitting and unfitting models) built with random arguments (zero,
// negative, huge, fractional, wrong types) and called on random inputs (wrong ranks,
// channels, sizes that do not divide by the levels) give results or clear errors — never a
// crash or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class ConvModelFuzzTests: XCTestCase {
  static let sizes = ["0", "1", "2", "3", "-1", "1.5", "1e18", "9223372036854775807", "nil",
                      "\"a\"", "[2, 2]", "[]"]
  static let constructors: [(String, [String])] = [
    ("unet", ["in_channels", "out_channels", "width", "levels", "padding"]),
    ("t1", ["modes", "width", "layers", "in_channels", "out_channels", "proj", "resolution"]),
    ("mgno", ["iterations", "width", "layers", "in_channels", "out_channels", "padding"]),
    ("lsm", ["in_channels", "out_channels", "width", "tokens", "basis", "patches", "levels",
             "padding"]),
    ("mg_patch", ["levels", "padding"]),
  ]
  /// Models mg_patch wraps: fitting, wrong channels, 1-D, not a field model, not a model.
  static let wrapped = ["unet(in_channels=2, width=2, levels=1)", "tfno(modes=[2, 2], width=2, "
                        + "in_channels=3)", "t1(modes=[2, 2], width=2, in_channels=2)",
                        "fno(modes=2, in_channels=2)", "mlp([2, 2])", "3",
                        "lsm(in_channels=2, width=8, levels=1, patches=1)", "unet(width=2)"]
  static let special = ["padding=\"circular\"", "padding=\"x\"", "iterations=[[1, 0], [1, 1]]",
                        "iterations=[[1, 0]]", "iterations=[[0, 0]]", "iterations=[1, 2]",
                        "iterations=[[1e9, 0]]", "modes=[2, 2]", "modes=[2, 2, 2]",
                        "resolution=[8, 8]", "resolution=1", "dtype=\"f32\"", "dtype=\"c64\"",
                        "patches=[1, 2]", "patches=[2, 2, 2]", "padding=[0, 1]", "padding=3",
                        "padding=0.25", "levels=0",
                        "width=8", "width=16"]
  static let inputs = ["randn(2, 1, 8, 8)", "randn(1, 2, 4, 4)", "randn(1, 1, 6, 10)",
                       "randn(2, 1, 16)", "randn(1, 1, 1, 1)", "zeros(0, 1, 8, 8)",
                       "randn(3)", "f32(randn(1, 1, 8, 8))", "randn(1, 3, 8, 8)",
                       "randn(1, 1, 16, 16)"]

  static func program(_ rng: inout TestRNG) -> String {
    let (name, params) = rng.pick(constructors)
    var args: [String] = []
    for _ in 0..<rng.int(4) {
      args.append(rng.int(3) == 0 ? rng.pick(special)
                  : "\(rng.pick(params))=\(rng.pick(sizes))")
    }
    // Keep built models small so that the loop stays fast: small widths unless fuzzed.
    if name == "mg_patch" {
      args.insert(rng.pick(wrapped), at: 0)
    } else if !args.contains(where: { $0.hasPrefix("width=") }) {
      args.append(name == "lsm" ? "width=8" : "width=2")
    }
    if name == "lsm" {
      if !args.contains(where: { $0.hasPrefix("levels=") }) { args.append("levels=1") }
      if !args.contains(where: { $0.hasPrefix("patches=") }) { args.append("patches=1") }
    }
    if name == "unet", !args.contains(where: { $0.hasPrefix("levels=") }) { args.append("levels=2") }
    if name == "t1", !args.contains(where: { $0.hasPrefix("modes=") }) { args.append("modes=2") }
    if name == "mgno", !args.contains(where: { $0.hasPrefix("iterations=") }) {
      args.append("iterations=[[1, 0], [1, 0]]")
    }
    let make = "m = \(name)(\(args.joined(separator: ", ")))"
    return "\(make)\nprint(m(\(rng.pick(inputs))).shape)"
  }

  func testModelsNeverCrash() {
    runStdlibFuzz("conv models", seed: 0xC0DE5, minimumRunFraction: 40, program: Self.program)
  }
}
