// Robustness of the convolutional and frequency-domain models: unet, t1 and mgno built with
// random arguments (zero, negative, huge, fractional, wrong types) and called on random
// inputs (wrong ranks, channels, sizes that do not divide by the levels) give results or
// clear errors — never a crash or an internal error.
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
  ]
  static let special = ["padding=\"circular\"", "padding=\"x\"", "iterations=[[1, 0], [1, 1]]",
                        "iterations=[[1, 0]]", "iterations=[[0, 0]]", "iterations=[1, 2]",
                        "iterations=[[1e9, 0]]", "modes=[2, 2]", "modes=[2, 2, 2]",
                        "resolution=[8, 8]", "resolution=1", "dtype=\"f32\"", "dtype=\"c64\""]
  static let inputs = ["randn(2, 1, 8, 8)", "randn(1, 2, 4, 4)", "randn(1, 1, 6, 10)",
                       "randn(2, 1, 16)", "randn(1, 1, 1, 1)", "zeros(0, 1, 8, 8)",
                       "randn(3)", "f32(randn(1, 1, 8, 8))", "randn(1, 3, 8, 8)"]

  static func program(_ rng: inout TestRNG) -> String {
    let (name, params) = rng.pick(constructors)
    var args: [String] = []
    for _ in 0..<rng.int(4) {
      args.append(rng.int(3) == 0 ? rng.pick(special)
                  : "\(rng.pick(params))=\(rng.pick(sizes))")
    }
    // Keep built models small so that the loop stays fast: small widths unless fuzzed.
    if !args.contains(where: { $0.hasPrefix("width=") }) { args.append("width=2") }
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
