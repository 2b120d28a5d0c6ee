// The autodiff engine used from Swift: simple gradients, nesting without perturbation
// confusion, third derivatives, unused leaves, and graphs freed after use.
import Foundation
import NOSGrad
import NOSTensor
import XCTest

final class AutodiffTests: XCTestCase {
  private func scalar(_ x: Double) -> Variable { Variable.leaf(Variable(Tensor(x))) }
  private func value(_ v: Variable) throws -> Double { try v.value.item() }

  func testProductRule() throws {
    let x = scalar(3), y = scalar(4)
    let f = try mul(mul(x, x), y)  // x²y
    let g = try Autodiff.gradients(of: f, wrt: [x, y], createGraph: false)
    XCTAssertEqual(try value(g[0]), 24)  // 2xy
    XCTAssertEqual(try value(g[1]), 9)  // x²
  }

  func testNestedLevelsDoNotConfuseEachOther() throws {
    // d/dx [x · d/dy (x y)] at x = 1 is d/dx x² = 2 (perturbation confusion would give 1).
    let x = scalar(1)
    let y = Variable.leaf(Variable(Tensor(2)))
    let inner = try Autodiff.gradients(of: mul(x, y), wrt: [y], createGraph: true)[0]
    let outer = try Autodiff.gradients(of: mul(x, inner), wrt: [x], createGraph: false)[0]
    XCTAssertEqual(try value(outer), 2)
  }

  func testThirdDerivativeOfSine() throws {
    let x = scalar(0.7)
    var d = try unary(.sin, x)
    for _ in 0..<3 { d = try Autodiff.gradients(of: d, wrt: [x], createGraph: true)[0] }
    XCTAssertEqual(try value(d), -cos(0.7), accuracy: 1e-14)
  }

  func testFourthDerivativeOfTanhUsesTheFusedRules() throws {
    // With t = tanh x and s = 1 − t²: tanh' = s, '' = −2ts, ''' = −2s² + 4t²s,
    // '''' = 16ts² − 8t³s (each step uses dt/dx = s, ds/dx = −2ts).
    let x0 = 0.3
    let x = Variable.leaf(Variable(try Tensor([x0])))
    var d = try reduceSum(unary(.tanh, x))
    var orders: [Double] = []
    for _ in 0..<4 {
      d = try reduceSum(Autodiff.gradients(of: d, wrt: [x], createGraph: true)[0])
      orders.append(try value(d))
    }
    let t = Foundation.tanh(x0), s = 1 - t * t
    XCTAssertEqual(orders[0], s, accuracy: 1e-13)
    XCTAssertEqual(orders[1], -2 * t * s, accuracy: 1e-13)
    XCTAssertEqual(orders[2], -2 * s * s + 4 * t * t * s, accuracy: 1e-12)
    XCTAssertEqual(orders[3], 16 * t * s * s - 8 * t * t * t * s, accuracy: 1e-12)
  }

  func testUnusedLeafGetsZero() throws {
    let x = scalar(2), y = Variable.leaf(Variable(try Tensor.ones([3])))
    let g = try Autodiff.gradients(of: mul(x, x), wrt: [x, y], createGraph: false)
    XCTAssertEqual(g[1].value.toArray(), [0, 0, 0])
  }

  func testNonScalarOutputIsAnError() throws {
    let x = Variable.leaf(Variable(try Tensor.ones([3])))
    XCTAssertThrowsError(try Autodiff.gradients(of: mul(x, x), wrt: [x], createGraph: false))
  }

  func testGraphIsFreedAfterUse() throws {
    weak var node: Node?
    do {
      let x = Variable.leaf(Variable(try Tensor.randn([50])))
      let y = try reduceSum(unary(.tanh, mul(x, x)))
      node = y.node
      let g = try Autodiff.gradients(of: y, wrt: [x], createGraph: false)
      XCTAssertNil(g[0].node, "a first-order gradient carries no graph")
    }
    XCTAssertNil(node, "the graph outlived its variables")
  }

  func testDeepChainDoesNotOverflowTheStack() throws {
    let x = scalar(1)
    var y = x
    for _ in 0..<200_000 { y = try add(y, x) }
    let g = try Autodiff.gradients(of: y, wrt: [x], createGraph: false)
    XCTAssertEqual(try value(g[0]), 200_001)
  }
}
