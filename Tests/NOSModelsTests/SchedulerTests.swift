// StepLR and CosineAnnealingLR against PyTorch's closed forms, and their chaining.
import Foundation
import NOSModels
import NOSTensor
import XCTest

final class SchedulerTests: XCTestCase {
  private func optimizer(lr: Double) throws -> SGD { try SGD(ParameterList([vec([1])]), lr: lr) }

  func testStepLRFollowsTheClosedForm() throws {
    let opt = try optimizer(lr: 0.1)
    let s = try StepLR(opt, stepSize: 3, gamma: 0.5)
    XCTAssertEqual(opt.lr, 0.1)
    for epoch in 1...12 {
      s.step()
      // lr = base·gamma^⌊epoch/step⌋
      XCTAssertEqual(opt.lr, 0.1 * pow(0.5, Double(epoch / 3)), accuracy: 1e-15, "epoch \(epoch)")
    }
    XCTAssertEqual(s.epoch, 12)
  }

  func testCosineFollowsTheClosedFormAlsoPastTotal() throws {
    let opt = try optimizer(lr: 0.2)
    let total = 7, etaMin = 0.01
    let s = try CosineLR(opt, total: total, etaMin: etaMin)
    for epoch in 1...(3 * total) {
      s.step()
      let want = etaMin + (0.2 - etaMin) * (1 + cos(Double.pi * Double(epoch) / Double(total))) / 2
      XCTAssertEqual(opt.lr, want, accuracy: 1e-13, "epoch \(epoch)")
    }
    let zero = try optimizer(lr: 1)
    let c = try CosineLR(zero, total: 4)
    for _ in 0..<4 { c.step() }
    XCTAssertEqual(zero.lr, 0, accuracy: 1e-16)
  }

  func testChangesByHandCarryOnAsInPyTorch() throws {
    // PyTorch's schedulers scale the current lr: halving it by hand halves what follows.
    let opt = try optimizer(lr: 0.1)
    let s = try StepLR(opt, stepSize: 2, gamma: 0.1)
    s.step()
    opt.lr = 0.05
    s.step()
    XCTAssertEqual(opt.lr, 0.005, accuracy: 1e-15)
    let opt2 = try optimizer(lr: 1)
    let c = try CosineLR(opt2, total: 10)
    c.step()
    let before = opt2.lr
    opt2.lr = before / 2
    c.step()
    let ratio = (1 + cos(Double.pi * 2 / 10)) / (1 + cos(Double.pi / 10))
    XCTAssertEqual(opt2.lr, before / 2 * ratio, accuracy: 1e-15)
  }

  func testBadSettingsAreErrors() throws {
    let opt = try optimizer(lr: 0.1)
    XCTAssertThrowsError(try StepLR(opt, stepSize: 0, gamma: 0.5))
    XCTAssertThrowsError(try StepLR(opt, stepSize: 1, gamma: -1))
    XCTAssertThrowsError(try StepLR(opt, stepSize: 1, gamma: .nan))
    XCTAssertThrowsError(try CosineLR(opt, total: Int.max))
    XCTAssertThrowsError(try CosineLR(opt, total: 0)) { e in
      XCTAssertEqual("\(e)", "cosine: total must be at least 1, got 0")
    }
  }
}
