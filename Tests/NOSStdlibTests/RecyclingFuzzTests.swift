// Robustness of the generators that recycle Krylov subspaces: random calls of darcy and
// advection_diffusion with odd sizes, tolerances, flags and values (recycle on and off) must
// give data or clear errors, never a crash, a hang or an internal error.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class RecyclingFuzzTests: XCTestCase {
  /// Each argument: a usable value three times in four, else an odd one.
  static let args: [String: (good: [String], odd: [String])] = [
    "n": (["1", "2", "3"], ["0", "-1", "1.5", "\"s\"", "nil", "1e9", "nan"]),
    "res": (["3", "5", "9", "17"], ["2", "0", "-3", "1e9", "nan", "6.5", "[5]"]),
    "flag": (["true", "false"], ["1", "\"x\"", "nil"]),
    "eps": (["0.5", "0.05", "1e300"], ["0", "-1", "nan", "inf", "1e-300", "\"e\""]),
    "speed": (["0", "1", "3"], ["-1", "nan", "inf", "1e300"]),
  ]

  static func arg(_ name: String, _ rng: inout TestRNG) -> String {
    guard let a = args[name] else { return "nil" }
    return rng.int(4) > 0 ? rng.pick(a.good) : rng.pick(a.odd)
  }

  static func program(_ rng: inout TestRNG) -> String {
    var call: String
    if rng.int(2) == 0 {
      call = "darcy(\(arg("n", &rng)), res=\(arg("res", &rng)), "
        + "solve_res=\(arg("res", &rng)), seed=\(rng.int(5))"
    } else {
      call = "advection_diffusion(\(arg("n", &rng)), res=\(arg("res", &rng)), "
        + "eps=\(arg("eps", &rng)), speed=\(arg("speed", &rng)), seed=\(rng.int(5))"
    }
    call += ", recycle=\(arg("flag", &rng))" + (rng.int(12) == 0 ? ", nope=1" : "") + ")"
    return rng.int(2) == 0 ? "d = \(call)\nprint(d.stats.fallbacks, sum(d.y))" : "d = \(call)"
  }

  func testRecyclingGeneratorsNeverCrash() {
    runStdlibFuzz("recycling generators", seed: 20_261_207, minimumRunFraction: 20,
                  program: Self.program)
  }
}
