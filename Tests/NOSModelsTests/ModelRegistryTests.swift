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

  /// Every kind's architecture JSON, key by key (the model-file format must not drift), and
  /// reading it back gives the same architecture and the same JSON again.
  func testEveryKindsJSONIsPinned() throws {
    let cases: [(any Model, String)] = [
      (try UNet(inChannels: 2, width: 4, levels: 2, circular: true, dtype: .f32),
       #"{"dtype":"f32","in_channels":2,"kind":"unet","levels":2,"out_channels":1,"#
         + #""padding":"circular","width":4}"#),
      (try T1(modes: [3, 4], width: 5, layers: 2, outChannels: 2, proj: 6,
              resolution: [8, 8], rfft: true),
       #"{"dtype":"f64","in_channels":1,"kind":"t1","layers":2,"modes":[3,4],"#
         + #""out_channels":2,"proj":6,"resolution":[8,8],"transform":"rfft","width":5}"#),
      (try T1(modes: [5], width: 4, layers: 3, inChannels: 2, proj: 7),
       #"{"dtype":"f64","in_channels":2,"kind":"t1","layers":3,"modes":[5],"#
         + #""out_channels":1,"proj":7,"width":4}"#),
      (try MgNO(iterations: [[1, 0], [2, 1]], width: 4, layers: 1, outChannels: 3),
       #"{"dtype":"f64","in_channels":1,"iterations":[[1,0],[2,1]],"kind":"mgno","layers":1,"#
         + #""out_channels":3,"padding":"zeros","width":4}"#),
      (try LSM(width: 8, tokens: 2, basis: 3, patches: [2, 2], levels: 2, padding: [1, 1]),
       #"{"basis":3,"dtype":"f64","in_channels":1,"kind":"lsm","levels":2,"#
         + #""out_channels":1,"padding":[1,1],"patches":[2,2],"tokens":2,"width":8}"#),
      (try LSM(inChannels: 3, width: 8, tokens: 2, basis: 3, patches: [1, 2], levels: 3),
       #"{"basis":3,"dtype":"f64","in_channels":3,"kind":"lsm","levels":3,"#
         + #""out_channels":1,"patches":[1,2],"tokens":2,"width":8}"#),
      (try FNO(modes: [3, 2], width: 4, layers: 2, outChannels: 2, proj: 5),
       #"{"act":"gelu","dtype":"f64","in_channels":1,"kind":"fno","layers":2,"modes":[3,2],"#
         + #""out_channels":2,"proj":5,"width":4}"#),
      (try FNO(modes: [3], width: 4, layers: 1, proj: 5, act: "tanh",
               factorization: .tucker(rank: 0.5)),
       #"{"act":"tanh","dtype":"f64","factorization":"tucker","in_channels":1,"kind":"tfno","#
         + #""layers":1,"modes":[3],"out_channels":1,"proj":5,"rank":0.5,"width":4}"#),
    ]
    for (m, want) in cases {
      let json = try ModelRegistry.json(of: m)
      XCTAssertEqual(json, want, m.kind)
      let again = try ModelRegistry.model(fromJSON: json)
      XCTAssertEqual(again.signature, m.signature, m.kind)
      XCTAssertEqual(try ModelRegistry.json(of: again), json, m.kind)
    }
  }
}
