// savemodel / loadmodel: a model's architecture (JSON) and weights (named arrays) in one .nosm file.
import Foundation
import NOSGrad
import NOSIO
import NOSLang
import NOSModels
import NOSTensor

enum ModelFiles {
  /// 2: Tucker factors are stored divided by `Factorization.tuckerFactorStep`.
  /// 3: a Tucker TFNO factored only the channel axes (core `[r_in, r_out, modes...]`); the
  /// Tucker TFNOs of formats 1 and 2 factored every axis and cannot be rebuilt.
  /// 4: a Tucker TFNO factors only the input channel axis (core `[r, out, modes...]`); the
  /// Tucker TFNOs of format 3 factored the output channels too and cannot be rebuilt.
  /// 5: a Tucker TFNO has a square output-channel factor too (when its rank leaves room);
  /// the Tucker TFNOs of formats 3 and 4 had a smaller or no one and cannot be rebuilt.
  static let format = 5

  static var all: [Builtin] {
    [
      Builtin("savemodel", [Param("model"), Param("path"), Param("opt", default: .nil)], doc: """
        Writes a model's architecture and weights to a file (an .npz that numpy.load reads: one \
        array per parameter named by its path, such as "blocks.0.skip.w", plus nos.json); \
        loadmodel(path) makes the same model again. With opt= (an adam, adamw or sgd optimizer \
        of this model) its hyperparameters and running state are saved too. Returns nil.
        """) { a in
        let m = try a.host(0, as: ModelValue.self, expected: "model")
        let path = try a.string(1)
        var arrays: [(name: String, tensor: Tensor)] = []
        collect(try m.current(), "", &arrays)
        var config = try json(m.model)
        if !a[2].isNil {
          let o = try a.host(2, as: OptimizerValue.self, expected: "optimizer")
          config = try OptimizerFiles.save(o, model: m, config: config, arrays: &arrays)
        }
        try ModelFile.write(path: path, arrays: arrays, json: config, format: format)
        return .nil
      },
      Builtin("loadmodel", [Param("path"), Param("opt", default: false)], doc: """
        Reads a model written by savemodel: the same architecture with the saved weights. With \
        opt=true it returns [model, optimizer], the optimizer rebuilt with its saved state so \
        training resumes where it stopped.
        """) { a in
        let path = try a.string(0)
        let c = try ModelFile.read(path: path, supportedFormat: format)
        let model = try ModelValue(try architecture(c.json, path))
        if c.format < 5, let f = model.model as? FNO, case .tucker = f.factorization {
          let layout = switch c.format {
          case ..<3: "factored the Fourier-mode axes too"
          case 3: "gave the output channels a smaller rank"
          default: "had no output-channel factor"
          }
          throw RuntimeError("cannot load \"\(path)\": a Tucker TFNO saved by an older nos "
            + "(format \(c.format)) \(layout), which this nos no longer builds; retrain the model")
        }
        var names: [(name: String, tensor: Tensor)] = []
        collect(try model.current(), "", &names)
        let saved = Dictionary(c.arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let leaves = try names.map { n, t -> Variable in
          guard let s = saved[n] else {
            throw RuntimeError("cannot load \"\(path)\": the weights lack '\(n)'")
          }
          guard s.shape == t.shape, s.dtype == t.dtype else {
            throw RuntimeError("cannot load \"\(path)\": '\(n)' is \(s.dtype) \(shapeText(s.shape)), "
              + "the architecture needs \(t.dtype) \(shapeText(t.shape))")
          }
          return Variable(s)
        }
        try model.optimizerParameters().writeLeaves(leaves)
        guard try a.bool(1) else { return .host(model) }
        let opt = try OptimizerFiles.load(c.json, arrays: saved, model: model, path: path)
        return .list([.host(model), opt])
      },
    ]
  }

  private static func collect(_ p: Params, _ path: String,
                              _ out: inout [(name: String, tensor: Tensor)]) {
    func join(_ k: String) -> String { path.isEmpty ? k : "\(path).\(k)" }
    switch p {
    case .tensor(let v): out.append((path, v.value))
    case .record(let f): for (k, c) in f { collect(c, join(k), &out) }
    case .list(let l): for (i, c) in l.enumerated() { collect(c, join(String(i)), &out) }
    }
  }

  private static func json(_ m: any Model) throws -> String {
    var d: [String: Any] = ["kind": m.kind, "dtype": m.dtype.rawValue]
    switch m {
    case let x as MLP:
      d["sizes"] = x.sizes
      d["act"] = x.act.name
      if let o = x.outAct { d["out_act"] = o.name }
    case let x as DeepONet:
      d["branch"] = x.branch
      d["trunk"] = x.trunk
      d["act"] = x.act.name
    case let x as FNO:
      d["modes"] = x.modes
      d["width"] = x.width
      d["layers"] = x.layers
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["proj"] = x.proj
      d["act"] = x.act.name
      switch x.factorization {
      case .dense: break
      case .tucker(let r), .cp(let r):
        d["factorization"] = x.factorization.name
        d["rank"] = r
      }
    case let x as UNet:
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["width"] = x.width
      d["levels"] = x.levels
      d["padding"] = x.circular ? "circular" : "zeros"
    case let x as T1:
      d["modes"] = x.modes
      d["width"] = x.width
      d["layers"] = x.layers
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["proj"] = x.proj
      if let r = x.resolution { d["resolution"] = r }
    case let x as MgNO:
      d["iterations"] = x.iterations
      d["width"] = x.width
      d["layers"] = x.layers
      d["in_channels"] = x.inChannels
      d["out_channels"] = x.outChannels
      d["padding"] = x.circular ? "circular" : "zeros"
    default: throw RuntimeError("savemodel: cannot save a \(m.kind) model")
    }
    let data = try JSONSerialization.data(withJSONObject: d, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  private static func architecture(_ text: String, _ path: String) throws -> any Model {
    func bad(_ what: String) -> RuntimeError {
      RuntimeError("cannot load \"\(path)\": \(what) in nos.json")
    }
    guard let d = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
          let kind = d["kind"] as? String else { throw bad("no model kind") }
    guard let dtype = DType(rawValue: d["dtype"] as? String ?? "") else { throw bad("no dtype") }
    func ints(_ k: String) throws -> [Int] {
      guard let v = d[k] as? [Int] else { throw bad("no '\(k)'") }
      return v
    }
    func int(_ k: String) throws -> Int {
      guard let v = d[k] as? Int else { throw bad("no '\(k)'") }
      return v
    }
    let act = d["act"] as? String ?? "tanh"
    switch kind {
    case "mlp", "linear":
      return try MLP(sizes: ints("sizes"), act: act, outAct: d["out_act"] as? String,
                     dtype: dtype, single: kind == "linear")
    case "deeponet":
      return try DeepONet(branch: ints("branch"), trunk: ints("trunk"), act: act, dtype: dtype)
    case "fno", "tfno":
      var f = Factorization.dense
      if kind == "tfno" {
        guard let r = d["rank"] as? Double else { throw bad("no 'rank'") }
        f = d["factorization"] as? String == "cp" ? .cp(rank: r) : .tucker(rank: r)
      }
      return try FNO(modes: ints("modes"), width: int("width"), layers: int("layers"),
                     inChannels: int("in_channels"), outChannels: int("out_channels"),
                     proj: int("proj"), act: act, factorization: f, dtype: dtype)
    case "unet":
      return try UNet(inChannels: int("in_channels"), outChannels: int("out_channels"),
                      width: int("width"), levels: int("levels"),
                      circular: d["padding"] as? String == "circular", dtype: dtype)
    case "t1":
      return try T1(modes: ints("modes"), width: int("width"), layers: int("layers"),
                    inChannels: int("in_channels"), outChannels: int("out_channels"),
                    proj: int("proj"), resolution: d["resolution"] as? [Int], dtype: dtype)
    case "mgno":
      guard let its = d["iterations"] as? [[Int]] else { throw bad("no 'iterations'") }
      return try MgNO(iterations: its, width: int("width"), layers: int("layers"),
                      inChannels: int("in_channels"), outChannels: int("out_channels"),
                      circular: d["padding"] as? String == "circular", dtype: dtype)
    default: throw bad("an unknown model kind '\(kind)'")
    }
  }
}
