// The chaos systems against dysts itself (right-hand sides, facts), hand values, the plain
// solver, an exact solution of the delay equation, and the forecast metrics on hand cases.
import Foundation
import NOSTensor
import XCTest

@testable import NOSPhysics

final class ChaosTests: XCTestCase {
  func testListsAtLeastThirtySystemsOfThreeOrMoreVariables() throws {
    let names = ChaosSystem.names
    XCTAssertGreaterThanOrEqual(names.count, 30)
    XCTAssertEqual(Set(names).count, names.count)
    for n in names { XCTAssertGreaterThanOrEqual(try ChaosSystem(n).dim, 3, n) }
    XCTAssertTrue(try ChaosSystem("MackeyGlass").isDelay)
  }

  /// Every right-hand side equals dysts/flows.py's at a state near the initial condition.
  func testEveryRightHandSideMatchesDysts() throws {
    for name in ChaosSystem.names where name != "MackeyGlass" {
      guard let ref = dystsRHS[name] else { return XCTFail("no reference for \(name)") }
      let f = try XCTUnwrap(try ChaosSystem(name).rhs)(ref.y)
      XCTAssertLessThan(relMax(f, ref.f), 1e-13, name)
    }
  }

  /// Lorenz at (1, 2, 3) with the collection's σ = 10, ρ = 28, β = 2.667, by hand.
  func testLorenzRightHandSideByHand() throws {
    let f = try XCTUnwrap(try ChaosSystem("lorenz").rhs)([1, 2, 3])
    XCTAssertEqual(f[0], 10, accuracy: 1e-14)  // σ(y − x)
    XCTAssertEqual(f[1], 23, accuracy: 1e-14)  // x(ρ − z) − y
    XCTAssertEqual(f[2], 2 - 2.667 * 3, accuracy: 1e-14)  // xy − βz
    let g = try XCTUnwrap(try ChaosSystem("Lorenz", overrides: [("rho", 10)]).rhs)([1, 2, 3])
    XCTAssertEqual(g[1], 5, accuracy: 1e-14)
  }

  /// The table's facts equal the JSON's as read by the reference script.
  func testFactsMatchTheCollection() throws {
    for (name, ref) in dystsFacts {
      let s = try ChaosSystem(name)
      XCTAssertEqual(s.facts.period, ref.period, name)
      XCTAssertEqual(s.facts.lyapunov, ref.lyapunov, name)
      XCTAssertEqual(s.facts.y0, ref.y0, name)
      XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(s.facts.params, s.values)), ref.params)
      XCTAssertFalse(s.facts.citation.isEmpty)
    }
  }

  /// Lorenz-96: the uniform state x = F is a fixed point; one hand-computed derivative.
  func testLorenz96OfAnySize() throws {
    let s = try ChaosSystem("lorenz96", dim: 40)
    let f = try XCTUnwrap(s.rhs)
    XCTAssertEqual(f([Double](repeating: 20, count: 40)), [Double](repeating: 0, count: 40))
    let x = (0..<5).map(Double.init)  // x = 0, 1, 2, 3, 4 with F = 20
    let d = try XCTUnwrap(try ChaosSystem("Lorenz96", dim: 5).rhs)(x)
    XCTAssertEqual(d[0], (1 - 3) * 4 - 0 + 20)  // (x1 − x3) x4 − x0 + F
    XCTAssertEqual(d[2], (3 - 0) * 1 - 2 + 20)  // (x3 − x0) x1 − x2 + F
    XCTAssertEqual(s.y0.count, 40)
    XCTAssertThrowsError(try ChaosSystem("Lorenz", dim: 5))
    XCTAssertThrowsError(try ChaosSystem("Lorenz96", dim: 3))
  }

  /// dysts's sampling: n points at linspace(0, P n / pts, n) from y0, equal to the plain
  /// solver's answer at those times.
  func testTrajectorySamplesAsDystsAndMatchesThePlainSolver() throws {
    let s = try ChaosSystem("Lorenz")
    let (t, y) = try s.trajectory(n: 51, ptsPerPeriod: 25)
    XCTAssertEqual(t.count, 51)
    XCTAssertEqual(t[50], 1.5008 * 51 / 25, accuracy: 1e-12)
    XCTAssertEqual(y[0], s.facts.y0)
    let plain = try ODE.integrate({ _, u in try XCTUnwrap(s.rhs)(u) }, y0: s.facts.y0,
                                  ts: [0, t[50]],
                                  options: ODEOptions(method: .tsit5, rtol: 1e-12, atol: 1e-12))
    XCTAssertLessThan(relMax(y[50], plain[1]), 1e-6)
    let a = try s.attractorPoint(seed: 3), b = try s.attractorPoint(seed: 3)
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, try s.attractorPoint(seed: 4))
  }

  /// On [0, τ] the history is the constant x0, so x' = c − γx with c = βx0/(1 + x0ⁿ) and
  /// x(t) = c/γ + (x0 − c/γ)e^(−γt) exactly.
  func testMackeyGlassFirstDelayIntervalIsExact() throws {
    let d = try ChaosDelay(try ChaosSystem("MackeyGlass"))
    let x0 = 0.83347846, c = 0.2 * x0 / (1 + pow(x0, 10))
    let s = d.solve(steps: d.m, x0: x0)
    for k in stride(from: 0, through: d.m, by: 40) {
      let t = Double(k) * d.h
      XCTAssertEqual(s.x[k], c / 0.1 + (x0 - c / 0.1) * exp(-0.1 * t), accuracy: 1e-10)
    }
    let e = try d.embedded([0, 1, 2], x0: x0)
    XCTAssertEqual(e.count, 3)
    XCTAssertEqual(e[0].count, 10)
    XCTAssertEqual(e[0][9], x0, accuracy: 1e-14)  // x(τ − τ) = x(0)
  }

  /// Lorenz's largest exponent: 0.9056 (Sprott, Chaos and Time-Series Analysis, 2003, for
  /// β = 8/3; the collection's β = 2.667 barely moves it).
  /// Rössler's (a = b = 0.2, c = 5.7) is 0.0714 (the same book); the collection's estimate,
  /// 0.151, is not (scripts/accuracy/chaos-lyapunov.nos checks every system in release).
  func testLorenzAndRosslerLyapunovAgreeWithThePublishedValues() throws {
    XCTAssertEqual(try ChaosSystem("Lorenz").lyapunov(periods: 150), 0.9056, accuracy: 0.05)
    XCTAssertEqual(try ChaosSystem("Rossler").lyapunov(periods: 150), 0.0714, accuracy: 0.0143)
  }

  /// Every native right-hand side belongs to a listed system (no flow without its facts).
  func testEveryFlowIsListed() {
    let names = Set(ChaosSystem.names)
    for k in Array(ChaosFlows.classic.keys) + ChaosFlows.hyper.keys + ChaosFlows.sprott.keys {
      XCTAssertTrue(names.contains(k), k)
    }
    XCTAssertEqual(ChaosFlows.classic.count + ChaosFlows.hyper.count + ChaosFlows.sprott.count,
                   names.count - 2)  // Lorenz96 and MackeyGlass are built apart
  }

  func testSmapeByHand() throws {
    let p = Tensor([1, 2, -1]), t = Tensor([1, 4, 1])
    // 100 · mean(0, 2/6, 2/2)
    XCTAssertEqual(try ForecastMetrics.smape(p, t), 100 * (0 + 2.0 / 6 + 1) / 3, accuracy: 1e-8)
    XCTAssertThrowsError(try ForecastMetrics.smape(p, Tensor([1, 2])))
  }

  /// truth = ±1 alternating (σ = 1); pred leaves it by 0.2 k at row k, so rows 0, 1, 2 have
  /// errors 0, 0.2, 0.4 < 0.5 and row 3 has 0.6: three valid rows.
  func testValidTimeByHand() throws {
    let truth = (0..<10).map { $0 % 2 == 0 ? 1.0 : -1.0 }
    let pred = truth.enumerated().map { $1 + 0.2 * Double($0) }
    let v = try ForecastMetrics.validTime(Tensor(pred), Tensor(truth), dt: 0.1, lyapunov: nil,
                                          eps: 0.5)
    XCTAssertEqual(v, 0.3, accuracy: 1e-12)
    let l = try ForecastMetrics.validTime(Tensor(pred), Tensor(truth), dt: 0.1, lyapunov: 0.9,
                                          eps: 0.5)
    XCTAssertEqual(l, 0.27, accuracy: 1e-12)
    XCTAssertEqual(try ForecastMetrics.validTime(Tensor(truth), Tensor(truth), dt: 1,
                                                 lyapunov: nil, eps: 0.5), 10)
    XCTAssertThrowsError(try ForecastMetrics.validTime(Tensor([1, 1]), Tensor([1, 1]), dt: 1,
                                                       lyapunov: nil, eps: 0.5))
  }
}
