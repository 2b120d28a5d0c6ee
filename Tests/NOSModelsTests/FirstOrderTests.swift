// SGD, Adam and AdamW against hand computations; closure form; f32 and complex parameters.
import Foundation
import NOSGrad
import NOSModels
import NOSTensor
import Numerics
import XCTest

/// The gradients fed to every hand-computed trajectory, starting from p = [1, -2].
private let grads: [[Double]] = [[0.5, 1.0], [0.2, -0.4], [-1.0, 3.0]]

final class FirstOrderTests: XCTestCase {
  func testAdamFirstThreeUpdatesByHand() throws {
    // lr 0.1, β = (0.9, 0.999), ε = 1e-8; m̂ = m/(1 − 0.9^t), v̂ = v/(1 − 0.999^t).
    // t=1: m = 0.1·g = [0.05, 0.1], v = 0.001·g² = [2.5e-4, 1e-3], so m̂ = g, v̂ = g² and
    //      p = [1 − 0.1·0.5/(0.5 + 1e-8), −2 − 0.1·1/(1 + 1e-8)] = [0.900000002, −2.099999999].
    // t=2: m = [0.065, 0.05], v = [2.8975e-4, 1.159e-3];
    //      m̂ = m/0.19, v̂ = v/0.001999 → p = [0.8101424839029282, −2.134560583337374].
    // t=3: m = [−0.0415, 0.345], v = [1.28946025e-3, 1.0157841e-2];
    //      m̂ = m/0.271, v̂ = v/0.002997001 → p = [0.8334887947543863, −2.2037106400274955].
    let list = ParameterList([vec([1, -2])])
    let adam = try Adam(list, lr: 0.1)
    let got = try trajectory(adam, list, grads)
    assertClose(got[0], [0.900000002, -2.099999999], "t=1")
    assertClose(got[1], [0.8101424839029282, -2.134560583337374], "t=2")
    assertClose(got[2], [0.8334887947543863, -2.2037106400274955], "t=3")
    XCTAssertEqual(adam.steps, 3)
  }

  func testAdamWeightDecayIsAddedToTheGradient() throws {
    // t=1: g + 0.5·p = [1, 0]: p = [1 − 0.1·1/(1 + 1e-8), −2 − 0] = [0.900000001, −2].
    let list = ParameterList([vec([1, -2])])
    let got = try trajectory(try Adam(list, lr: 0.1, weightDecay: 0.5), list, grads)
    assertClose(got[0], [0.900000001, -2.0], "t=1")
    assertClose(got[1], [0.8032588930021828, -1.9255863183948057], "t=2")
    assertClose(got[2], [0.7650952996996335, -1.945675040073121], "t=3")
  }

  func testAdamWDecaysTheWeightsSeparately() throws {
    // t=1: p·(1 − 0.1·0.5) = [0.95, −1.9], then the plain Adam step ±0.1·|g|/(|g| + ε):
    //      [0.95 − 0.099999998, −1.9 − 0.099999999] = [0.850000002, −1.999999999].
    let list = ParameterList([vec([1, -2])])
    let adamw = try Adam.adamW(list, lr: 0.1, weightDecay: 0.5)
    let got = try trajectory(adamw, list, grads)
    assertClose(got[0], [0.8500000019999999, -1.999999999], "t=1")
    assertClose(got[1], [0.7176424838029282, -1.9345605833873738], "t=2")
    assertClose(got[2], [0.7051066704642398, -1.9069826109081265], "t=3")
    // With zero gradients the moments stay 0 and only the decay acts: p·(1 − lr·wd)^t.
    let zeros = ParameterList([vec([2, -4])])
    let decayOnly = try Adam.adamW(zeros, lr: 0.1, weightDecay: 0.5)
    _ = try trajectory(decayOnly, zeros, [[0, 0], [0, 0]])
    assertClose(zeros.tensors[0].toArray(), [2 * 0.95 * 0.95, -4 * 0.95 * 0.95])
    XCTAssertEqual(decayOnly.weightDecay, 0.5)
    XCTAssertEqual(try Adam.adamW(zeros).weightDecay, 1e-2)
  }

  func testSGDMomentumByHand() throws {
    // b1 = g1 = [0.5, 1]           → p = [1 − 0.05, −2 − 0.1]        = [0.95, −2.1]
    // b2 = 0.9·b1 + g2 = [0.65, 0.5] → p = [0.95 − 0.065, −2.1 − 0.05] = [0.885, −2.15]
    // b3 = 0.9·b2 + g3 = [−0.415, 3.45] → p = [0.885 + 0.0415, −2.15 − 0.345] = [0.9265, −2.495]
    let list = ParameterList([vec([1, -2])])
    let got = try trajectory(try SGD(list, lr: 0.1, momentum: 0.9), list, grads)
    assertClose(got[0], [0.95, -2.1])
    assertClose(got[1], [0.885, -2.15])
    assertClose(got[2], [0.9265, -2.495])
    // Without momentum: p − 0.1·g each step.
    let plain = ParameterList([vec([1, -2])])
    let got2 = try trajectory(try SGD(plain, lr: 0.1), plain, grads)
    assertClose(got2[2], [1 - 0.1 * (0.5 + 0.2 - 1), -2 - 0.1 * (1 - 0.4 + 3)])
  }

  func testSGDNesterovWithWeightDecayByHand() throws {
    // t=1: d = g + 0.1·p = [0.6, 0.8]; b = d; step = d + 0.9·b = [1.14, 1.52]
    //      p = [1 − 0.114, −2 − 0.152] = [0.886, −2.152]
    // t=2: d = [0.2 + 0.0886, −0.4 − 0.2152] = [0.2886, −0.6152]; b = 0.9·b + d = [0.8286, 0.1048]
    //      step = d + 0.9·b = [1.03434, −0.52088]; p = [0.782566, −2.099912]
    // t=3: d = [−0.9217434, 2.7900088]; b = [−0.1759834, 2.8843288]
    //      step = [−1.08013846, 5.38590472]; p = [0.890580646, −2.638502472]
    let list = ParameterList([vec([1, -2])])
    let sgd = try SGD(list, lr: 0.1, momentum: 0.9, weightDecay: 0.1, nesterov: true)
    let got = try trajectory(sgd, list, grads)
    assertClose(got[0], [0.886, -2.152])
    assertClose(got[1], [0.782566, -2.099912])
    assertClose(got[2], [0.890580646, -2.638502472])
  }

  func testClosureFormMatchesGradientForm() throws {
    // loss = Σ (p − c)², gradient 2(p − c): the closure form must take the same steps.
    let c = Variable(vec([3, -1]))
    let a = ParameterList([vec([1, -2])]), b = ParameterList([vec([1, -2])])
    let adamA = try Adam(a, lr: 0.05), adamB = try Adam(b, lr: 0.05)
    for _ in 0..<5 {
      let p = a.tensors[0]
      try adamA.step(gradients: [Tensor.binary(.mul, 2, Tensor.binary(.sub, p, c.value))])
      let loss = try adamB.step {
        let d = try sub(b.leaves[0], c)
        return try reduceSum(mul(d, d))
      }
      XCTAssertGreaterThan(loss, 0)
    }
    assertClose(a.tensors[0].toArray(), b.tensors[0].toArray(), tol: 1e-14)
    // After a closure step the container holds plain values, not tracked leaves.
    XCTAssertFalse(b.leaves[0].requiresGrad)
  }

  func testFloat32ParametersStayFloat32() throws {
    let list = ParameterList([vec([1, -2], dtype: .f32)])
    let got = try trajectory(try Adam(list, lr: 0.1), list, grads)
    XCTAssertEqual(list.tensors[0].dtype, .f32)
    assertClose(got[2], [0.8334887947543863, -2.2037106400274955], tol: 1e-6)
  }

  func testComplexParameterConvergesWithAdamAndSGD() throws {
    // minimise |z − (1+2i)|²; the gradient (PyTorch's convention) is 2(z − c).
    let target = Variable(Tensor(complex: .init(1, 2)))
    func loss(_ list: ParameterList) throws -> Variable { try Losses.mse(list.leaves[0], target) }
    let a = ParameterList([Tensor(complex: .init(0, 0))])
    let adam = try Adam(a, lr: 0.05)
    for _ in 0..<600 { try adam.step { try loss(a) } }
    let s = ParameterList([try Tensor(complex: [.init(-3, 1), .init(0, 0)], shape: [2])])
    let sgd = try SGD(s, lr: 0.1, momentum: 0.5)
    for _ in 0..<200 { try sgd.step { try loss(s) } }
    for z in a.tensors[0].toComplexArray() + s.tensors[0].toComplexArray() {
      XCTAssertEqual(z.re, 1, accuracy: 1e-4)
      XCTAssertEqual(z.im, 2, accuracy: 1e-4)
    }
    XCTAssertEqual(a.tensors[0].dtype, .c128)
  }

  func testAdamTreatsComplexPartsAsSeparateReals() throws {
    // One step with g = 3 + 0.001i: each part moves by lr·sign (v is per part, not |g|²).
    let list = ParameterList([Tensor(complex: .init(0, 0))])
    let adam = try Adam(list, lr: 0.1)
    try adam.step(gradients: [Tensor(complex: .init(3, 0.001))])
    let z = list.tensors[0].toComplexArray()[0]
    XCTAssertEqual(z.re, -0.1, accuracy: 1e-8)
    XCTAssertEqual(z.im, -0.1, accuracy: 1e-5)
  }

  func testMismatchesAreErrors() throws {
    let list = ParameterList([vec([1, -2]), vec([3])])
    let adam = try Adam(list)
    XCTAssertThrowsError(try adam.step(gradients: [vec([1, 2])])) { e in
      XCTAssertEqual("\(e)", "adam: expected 2 gradient tensors, got 1")
    }
    XCTAssertThrowsError(try adam.step(gradients: [vec([1, 2]), vec([1, 2])])) { e in
      XCTAssertEqual("\(e)",
                     "adam: the gradient of parameter 2 has shape [2], the parameter has [1]")
    }
    let complexGrad = try Tensor(complex: [.init(1, 1), .init(0, 0)], shape: [2])
    XCTAssertThrowsError(try adam.step(gradients: [complexGrad, vec([1])])) { e in
      XCTAssertEqual("\(e)", "adam: the gradient of parameter 1 is complex, the parameter is real")
    }
    list.leaves[1] = Variable(vec([1, 2]))
    XCTAssertThrowsError(try adam.step(gradients: [vec([1, 2]), vec([1, 2])])) { e in
      XCTAssertEqual("\(e)", "adam: parameter 2 changed since the optimizer was made "
                     + "(f64 [1] then, f64 [2] now)")
    }
    list.leaves[1] = Variable(vec([3]))
    XCTAssertThrowsError(try Adam(ParameterList([]))) { e in
      XCTAssertEqual("\(e)", "adam: there are no parameters to optimize")
    }
    XCTAssertThrowsError(try SGD(list, lr: -1))
    XCTAssertThrowsError(try SGD(list, lr: .nan))
    XCTAssertThrowsError(try Adam(list, beta2: .nan))
    XCTAssertThrowsError(try SGD(list, lr: 0.1, nesterov: true))
    XCTAssertThrowsError(try Adam(list, beta1: 1))
    // A closure returning a vector is an error and leaves plain values behind.
    XCTAssertThrowsError(try adam.step { list.leaves[0] }) { e in
      XCTAssertEqual("\(e)",
                     "adam: the closure must return a single number, got a tensor of shape [2]")
    }
    XCTAssertFalse(list.leaves[0].requiresGrad)
  }

  func testSummarySettings() throws {
    let list = ParameterList([vec([1])])
    XCTAssertEqual(try SGD(list, lr: 1, momentum: 0.9, nesterov: true).settings,
                   ["momentum=0.9", "nesterov=true"])
    XCTAssertEqual(try Adam(list).settings, [])
    XCTAssertEqual(try Adam.adamW(list, weightDecay: 0).settings, ["weight_decay=0"])
    XCTAssertEqual(try Adam(list, beta2: 0.99, eps: 1e-6).settings,
                   ["betas=[0.9, 0.99]", "eps=1e-06"])
  }
}
