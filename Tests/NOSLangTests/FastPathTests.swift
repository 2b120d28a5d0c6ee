// The number fast path of the operator nodes agrees with the general operator code.
import XCTest
@testable import NOSLang

final class FastPathTests: XCTestCase {
  /// For every operator and pairs with zeros, signs, infinities and nan, `numbers` either
  /// declines (nil) or gives what the operator's own definition gives (IEEE arithmetic,
  /// `Interpreter.order` for comparisons).
  func testNumbersAgreeWithTheGeneralPath() throws {
    let r = Session(output: BufferOutput(), interrupt: Interrupt()).interpreter
    let xs: [Double] = [0, -0.0, 1, -2.5, 7, 3, .infinity, -.infinity, .nan, 1e308]
    var fast = Set<BinaryOp>()
    for op in BinaryOp.allCases {
      for x in xs {
        for y in xs {
          guard let v = op.numbers(x, y) else { continue }
          fast.insert(op)
          let general: Value = op.isComparison ? .bool(Interpreter.order(op, x, y))
            : .number(try r.arith(op, x, y))
          XCTAssertEqual(Display.string(v), Display.string(general), "\(x) \(op.rawValue) \(y)")
        }
      }
    }
    XCTAssertEqual(fast, [.add, .sub, .mul, .div, .mod, .lt, .le, .gt, .ge, .eq, .ne])
    // `%` takes the divisor's sign, as CPython's float % (values printed by python3).
    for (x, y, want) in [(-7.0, 3.0, "2"), (7, -3, "-2"), (7.5, 2, "1.5"), (-7.5, -2, "-1.5")] {
      XCTAssertEqual(Display.string(BinaryOp.mod.numbers(x, y) ?? .nil), want, "\(x) % \(y)")
    }
    // The general path on two numbers handles comparisons too (it threw "internal:
    // comparison in arithmetic", unreachable only because every caller took the fast path).
    XCTAssertEqual(Display.string(try r.binary(.le, .number(2), .number(2))), "true")
    XCTAssertEqual(Display.string(try r.binary(.mod, .number(-7), .number(3))), "2")
  }

  /// Compound assignment takes the general path for operators the fast path declines (it
  /// used to fall through to division for any operator it did not list).
  func testCompoundAssignmentUsesTheOperator() {
    XCTAssertEqual(runNOS("x = 7\nx += 2\nx -= 1\nx *= 3\nx /= 4\nx"), "6")
    XCTAssertEqual(runNOS("x = \"ab\"\nx += \"c\"\nx"), "abc")
  }
}
