// Gradients of unet, t1, mgno, lsm and mg_patch with respect to their weights against
// central differences (f64, a weighted sum of the output, a sample of entries from every
// weight tensor).
import Foundation
import NOSGrad
@testable import NOSModels
import NOSTensor
import XCTest

final class ConvModelGradTests: XCTestCase {
  private func check(_ m: any Model, _ x: Tensor, file: StaticString = #filePath,
                     line: UInt = #line) throws {
    Random.seed(11)
    let p0 = try m.initialParams()
    let base = p0.leaves.map(\.value)
    let input = Variable(x)
    func loss(_ values: [Tensor], leaves: [Variable]? = nil) throws -> Variable {
      let vs = leaves ?? values.map { Variable($0) }
      let y = try m.forward(p0.replacingLeaves(vs), [input])
      let n = y.value.count
      let w = try Tensor((0..<n).map { cos(Double($0)) + 1.5 }, shape: y.shape)
      return try reduceSum(mul(y, Variable(w)))
    }
    let leaves = base.map { Variable.leaf(Variable($0)) }
    let grads = try Autodiff.gradients(of: loss(base, leaves: leaves), wrt: leaves,
                                       createGraph: false)
    var worst = 0.0
    for (k, t) in base.enumerated() {
      let g = grads[k].value.toArray(), v = t.toArray()
      for i in stride(from: 0, to: v.count, by: max(1, v.count / 3)) {
        var plus = v, minus = v
        plus[i] += 1e-6
        minus[i] -= 1e-6
        var bp = base, bm = base
        bp[k] = try Tensor(plus, shape: t.shape)
        bm[k] = try Tensor(minus, shape: t.shape)
        let numeric = try (loss(bp).value.item() - loss(bm).value.item()) / 2e-6
        worst = max(worst, abs(numeric - g[i]) / max(1, abs(numeric)))
      }
    }
    XCTAssertLessThan(worst, 1e-6, "\(m.kind): relative error \(worst)", file: file, line: line)
  }

  func testUNetGradient() throws {
    try check(UNet(inChannels: 2, outChannels: 1, width: 4, levels: 2, circular: true),
              Tensor((0..<128).map { sin(Double($0)) }, shape: [1, 2, 8, 8]))
  }

  func testT1Gradient() throws {
    try check(T1(modes: [3, 2], width: 3, layers: 2, proj: 4, resolution: [6, 5]),
              Tensor((0..<60).map { sin(Double($0)) }, shape: [2, 1, 6, 5]))
  }

  func testMgNOGradient() throws {
    try check(MgNO(iterations: [[1, 1], [1, 1]], width: 2, layers: 2),
              Tensor((0..<64).map { sin(Double($0)) }, shape: [1, 1, 8, 8]))
  }

  func testLSMGradient() throws {
    try check(LSM(inChannels: 1, outChannels: 1, width: 8, tokens: 2, basis: 2, patches: [1, 2],
                  levels: 1),
              Tensor((0..<30).map { sin(Double($0)) }, shape: [1, 1, 5, 6]))
  }

  func testMGPatchGradient() throws {
    try check(MGPatch(UNet(inChannels: 2, outChannels: 1, width: 2, levels: 1, circular: true),
                      levels: 1, padding: 0.25),
              Tensor((0..<64).map { sin(Double($0)) }, shape: [1, 1, 8, 8]))
  }
}
