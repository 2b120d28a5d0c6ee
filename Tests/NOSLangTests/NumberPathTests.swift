// The interpreter's speed paths give what the general paths give: integer `%`, the unboxed
// number evaluation of pure arithmetic, if-expressions, expression bodies, builtin binding.
import Foundation
import XCTest
@testable import NOSLang

final class NumberPathTests: XCTestCase {
  /// `integralMod` is bit for bit glibc's fmod wherever it answers (zeros keep x's sign),
  /// and declines fractions, huge values, zero divisors, inf and nan.
  func testIntegralModIsFmod() {
    let xs: [Double] = [0, -0.0, 1, -1, 7, -7, 14, -14, 5_000_000, 9e15 - 1, -(9e15 - 1),
                        4_503_599_627_370_497]
    let ys: [Double] = [1, -1, 2, -2, 3, -3, 7, -7, 1e9, 9e15 - 3]
    for x in xs {
      for y in ys {
        guard let m = Interpreter.integralMod(x, y) else {
          XCTFail("declined \(x) % \(y)")
          continue
        }
        XCTAssertEqual(m.bitPattern, fmod(x, y).bitPattern, "\(x) fmod \(y)")
      }
    }
    for (x, y) in [(7.5, 2.0), (7, 0.5), (7, 0), (9e15, 2), (7, 9e15), (.infinity, 2),
                   (7, .infinity), (.nan, 2), (2, .nan)] {
      XCTAssertNil(Interpreter.integralMod(x, y), "\(x) % \(y)")
    }
  }

  /// Python's float `%` on integral operands, values printed by python3
  /// (`-14.0 % 7.0` is 0.0 in Python; nos keeps fmod's -0, as it did before).
  func testModOfIntegersMatchesCPython() {
    let cases: [(Double, Double, Double)] = [
      (-7, 3, 2), (7, -3, -2), (-7, -3, -1), (7, 3, 1), (4_999_999 * 2, 7, 1),
      (-123_456_789, 1000, 211), (123_456_789, -1000, -211)]
    for (x, y, want) in cases {
      XCTAssertEqual(Interpreter.pythonMod(x, y), want, "\(x) % \(y)")
    }
    XCTAssertEqual(Interpreter.pythonMod(-14, 7).sign, .minus)
  }

  /// Assigning an expression (the unboxed path) and printing it (the boxed path) agree for
  /// numbers of every kind, and for operands that are not numbers (which decline).
  func testNumberPathAgreesWithEval() {
    let setup = "a = 3\nb = -0.0\nc = nan\nd = inf\ne = 2.5\nt = \"x\"\nl = [1]\n"
    let exprs = ["a + e * 2 - b", "a % 2 + e / 0", "-a - b", "+e", "c * 0 + a", "d - d",
                 "a * 2 % 7", "-(a - 3)", "a / b", "(a + 1) % -3", "e ^ 2 + 1", "a // 2",
                 "t + t", "l + l", "a % e", "-e % 2"]
    for x in exprs {
      let viaEval = runNOS(setup + "print(\(x))")
      let viaGlobal = runNOS(setup + "y = \(x)\nprint(y)")
      let viaLocal = runNOS(setup + "fn f(a, b, c, d, e, t, l) { y = \(x); y }\n"
        + "print(f(a, b, c, d, e, t, l))")
      XCTAssertEqual(viaGlobal, viaEval, x)
      XCTAssertEqual(viaLocal, viaEval, x)
    }
  }

  /// Errors raised after the unboxed path declines are the general path's, at its position.
  func testNumberPathErrorsKeepPositions() {
    XCTAssertEqual(errorOf("y = 1 + zz * 2"), "undefined name 'zz'")
    XCTAssertEqual(errorOf("t = \"s\"\ny = t - 1"), "bad operand types for '-': string and number")
    XCTAssertTrue(runNOS("fn f(x) { y = x * q; y }\nf(2)").contains("test.nos:1:19"))
  }

  /// If-expressions with single-expression branches, and expression bodies.
  func testIfExpressionsAndExpressionBodies() {
    XCTAssertEqual(runNOS("x = if 1 > 2 { 5 }\nprint(x)"), "nil")
    XCTAssertEqual(runNOS("fn s(x) = if x > 0 { 1 } else if x < 0 { -1 } else { 0 }\n"
      + "print(s(3), s(-2), s(0))"), "1 -1 0")
    XCTAssertEqual(runNOS("fn f(x) = if x > 0 { return 7 } else { 2 }\nprint(f(1), f(-1))"),
                   "7 2")
    XCTAssertEqual(runNOS("fn fib(n) = if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n"
      + "print(fib(20))"), "6765")
    XCTAssertEqual(runNOS("for i in 0..3 { y = if i == 1 { break } else { i } }\nprint(y)"), "0")
    XCTAssertEqual(errorOf("fn f(n) = f(n + 1)\nf(0)"), "recursion too deep")
    XCTAssertEqual(runNOS("g = x -> if x { \"yes\" } else { \"no\" }\nprint(g(true), g(0))"),
                   "yes no")
  }

  /// Builtins bound by position (defaults filled) act as the general binder, whose errors
  /// stay the same.
  func testBuiltinPositionalBinding() {
    let out = BufferOutput()
    let s = Session(output: out, interrupt: Interrupt())
    s.interpreter.register([
      Builtin("pair", [Param("a"), Param("b", default: 5)], doc: "a and b.") { a in
        .list([a[0], a[1]])
      }
    ])
    func run(_ src: String) -> String {
      do { return Display.string(try s.run(source: src) ?? .nil) } catch let e as NOSError {
        return e.message
      } catch { return "\(error)" }
    }
    XCTAssertEqual(run("pair(1)"), "[1, 5]")
    XCTAssertEqual(run("pair(1, 2)"), "[1, 2]")
    XCTAssertEqual(run("pair(b=1, a=2)"), "[2, 1]")
    XCTAssertEqual(run("pair()"), "missing argument 'a' to 'pair'")
    XCTAssertEqual(run("pair(1, 2, 3)"), "too many arguments to 'pair' (expected at most 2, got 3)")
    XCTAssertEqual(run("xs = []\npush(xs, 1)\npush(xs, \"a\")\nxs"), "[1, \"a\"]")
  }
}
