// The model registry: architectures through JSON, weights through named arrays, bad configs.
import NOSGrad
import NOSModels
import NOSTensor
import XCTest

final class ModelRegistryTests: XCTestCase {
  func testArchitectureAndWeightsRoundTrip() throws {
    Random.seed(2)
    let models: [any Model] = [
      try FNO(modes: [3], width: 4, layers: 2, proj: 5, factorization: .cp(rank: 0.5)),
      try MLP(sizes: [2, 6, 1], act: "tanh", outAct: nil, dtype: .f32, single: false),
    ]
    let inputs = [try Tensor.randn([2, 1, 8]), try Tensor.randn([5, 2])]
    for (m, x) in zip(models, inputs) {
      let p = try m.initialParams()
      let again = try ModelRegistry.model(fromJSON: try ModelRegistry.json(of: m))
      XCTAssertEqual(again.signature, m.signature)
      let saved = Dictionary(uniqueKeysWithValues: ModelRegistry.namedTensors(p)
        .map { ($0.name, $0.tensor) })
      let q = try again.initialParams()
      let restored = try q.replacingLeaves(ModelRegistry.leaves(of: q, from: saved))
      XCTAssertEqual(try again.forward(restored, [Variable(x)]).value.toArray(),
                     try m.forward(p, [Variable(x)]).value.toArray(), m.kind)
    }
    let names = ModelRegistry.namedTensors(try models[0].initialParams()).map(\.name)
    XCTAssertTrue(names.contains("blocks.1.skip.w"), "\(names)")
  }

  func testBadConfigurationsNameWhatIsMissing() throws {
    func detail(_ text: String) -> String {
      do {
        _ = try ModelRegistry.model(fromJSON: text)
        return "no error"
      } catch let e as ModelRegistry.ConfigError {
        return e.detail
      } catch { return "other error: \(error)" }
    }
    XCTAssertEqual(detail("[]"), "no model kind in nos.json")
    XCTAssertEqual(detail(#"{"kind": "fno", "dtype": "f64", "modes": [2]}"#),
                   "no 'width' in nos.json")
    XCTAssertEqual(detail(#"{"kind": "gpt", "dtype": "f64"}"#),
                   "an unknown model kind 'gpt' in nos.json")
    let m = try MLP(sizes: [1, 2], act: "tanh", outAct: nil, dtype: .f64, single: false)
    XCTAssertThrowsError(try ModelRegistry.leaves(of: m.initialParams(), from: [:])) { e in
      XCTAssertEqual("\(e)", "the weights lack '0.w'")
    }
  }
}
