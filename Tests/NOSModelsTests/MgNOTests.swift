// MgNO against an independent PyTorch forward pass (scripts/bench-ref/mgno_ref.py) with
// fixed weights, with zero and circular padding, and parameter counts.
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class MgNOTests: XCTestCase {
  /// Leaf i filled with 0.1·sin(0.37·j + i), as mgno_ref.py does.
  private func run(_ m: MgNO, _ x: Tensor) throws -> [Double] {
    let p0 = try m.initialParams()
    let leaves = try p0.leaves.enumerated().map { i, v in
      Variable(try Tensor((0..<v.value.count).map { 0.1 * sin(Double($0) * 0.37 + Double(i)) },
                          shape: v.shape))
    }
    return try m.forward(p0.replacingLeaves(leaves), [Variable(x)]).value.toArray()
  }

  func testForwardMatchesPyTorch() throws {
    let x = try Tensor((0..<256).map { sin(Double($0) * 0.1) }, shape: [2, 2, 8, 8])
    // mgno_ref.py (torch 2.13, f64): every 11th output and the sum, zero then circular.
    let cases: [(Bool, [Double], Double)] = [
      (false, [-0.001436383083, -0.001199496616, -0.00178307447, -0.001791738225,
               -0.001777730772, -0.00136312115, -0.003726785144, -0.00372920806,
               -0.004072582557, -0.004363344207, -0.00437306219, -0.004071501465,
               -0.001342917673, -0.001629359969, -0.001850212145, -0.001683275353,
               -0.001452443082, -0.001377605511, -0.003821013244, -0.004280165379,
               -0.004570394465, -0.004478639636, -0.003848294037, -0.003960822709],
       -0.7303685701069063),
      (true, [-0.001174050988, -0.00130801689, -0.001970105216, -0.001643736031,
              -0.001625261544, -0.001253723471, -0.003720019462, -0.003923912858,
              -0.004252602611, -0.004174162932, -0.004146703389, -0.003765716137,
              -0.001273384566, -0.001539644446, -0.00186107557, -0.00156201427,
              -0.001210507873, -0.001070422501, -0.003889418754, -0.004524781993,
              -0.0044813543, -0.004374348854, -0.003649080628, -0.003690861009],
       -0.7141934536070471),
    ]
    for (circular, want, sum) in cases {
      let m = try MgNO(iterations: [[1, 1], [2, 0], [1, 1]], width: 3, layers: 2,
                       inChannels: 2, outChannels: 2, circular: circular)
      let y = try run(m, x)
      XCTAssertEqual(y.count, 256)
      for (k, w) in want.enumerated() { XCTAssertEqual(y[k * 11], w, accuracy: 1e-11) }
      XCTAssertEqual(y.reduce(0, +), sum, accuracy: 1e-10)
    }
  }

  /// Counts from mgno_ref.py's shapes: 572661 for the Darcy defaults, 2646 for the small one.
  func testParameterCounts() throws {
    XCTAssertEqual(try MgNO().parameterCount, 572_661)
    let m = try MgNO(iterations: [[1, 1], [2, 0], [1, 1]], width: 3, layers: 2, inChannels: 2,
                     outChannels: 2)
    XCTAssertEqual(m.parameterCount, 2646)
    XCTAssertEqual(try m.initialParams().count, 2646)
  }

  func testBadArgumentsThrow() throws {
    XCTAssertThrowsError(try MgNO(iterations: []))
    XCTAssertThrowsError(try MgNO(iterations: [[0, 1]]))
    XCTAssertThrowsError(try MgNO(iterations: [[1, 2, 3]]))
    XCTAssertThrowsError(try MgNO(width: 0))
    let m = try MgNO(iterations: [[1, 0], [1, 0], [1, 0]], width: 2, layers: 1)
    XCTAssertThrowsError(try m.forward(m.initialParams(), [Variable(try Tensor.zeros([1, 1, 6, 8]))]))
  }
}
