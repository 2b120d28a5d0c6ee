// The model registry behind model files: architecture <-> JSON, weights <-> named arrays.
import Foundation
import NOSGrad
import NOSTensor

/// How a model is written and read back: its architecture as a JSON object (kind, dtype and
/// the constructor arguments), its weights as arrays named by parameter path
/// (`blocks.0.skip.w`), and an optimizer's hyperparameters. The file itself (an .npz) is
/// NOSIO's `ModelFile`; this is what goes in it.
public enum ModelRegistry {
  /// A configuration or weight set that does not describe a model this nos builds; `detail`
  /// reads after "cannot load "PATH": ".
  public struct ConfigError: Error, CustomStringConvertible {
    public let detail: String
    public var description: String { detail }
  }

  /// The architecture of `m` as sorted-key JSON.
  public static func json(of m: any Model) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: config(of: m), options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// The architecture of `m` as a JSON object (mg_patch nests its model's under "model").
  static func config(of m: any Model) throws -> [String: Any] {
    var d: [String: Any] = ["kind": m.kind, "dtype": m.dtype.rawValue]
    if let x = m as? MGPatch {
      return d.merging(["model": try config(of: x.model), "levels": x.levels,
                        "padding": x.padding]) { $1 }
    }
    switch m {
    case let x as MLP:
      d["sizes"] = x.sizes
      d["act"] = x.act.name
      if let o = x.outAct { d["out_act"] = o.name }
    case let x as DeepONet:
      d["branch"] = x.branch
      d["trunk"] = x.trunk
      d["act"] = x.act.name
    case let x as FNO: fnoConfig(x, &d)
    default:
      guard convConfig(m, &d) else { throw TensorError("savemodel: cannot save a \(m.kind) model") }
    }
    return d
  }

  private static func fnoConfig(_ x: FNO, _ d: inout [String: Any]) {
    var rank: Double?
    switch x.factorization {
    case .dense: break
    case .tucker(let r), .cp(let r): rank = r
    }
    let own: [String: Any?] = ["modes": x.modes, "layers": x.layers, "proj": x.proj,
                               "act": x.act.name, "rank": rank,
                               "factorization": rank.map { _ in x.factorization.name }]
    d.merge(entries(x.inChannels, x.outChannels, width: x.width, own)) { $1 }
  }

  /// The architecture `text` describes, with fresh weights; a missing or unknown entry is a
  /// `ConfigError` ("no 'width' in nos.json").
  public static func model(fromJSON text: String) throws -> any Model {
    guard let d = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    else { throw jsonError("no model kind") }
    return try model(from: d, depth: 0)
  }

  /// The architecture the JSON object `d` describes, with fresh weights.
  static func model(from d: [String: Any], depth: Int) throws -> any Model {
    let r = Reader(d)
    guard let kind = d["kind"] as? String else { throw jsonError("no model kind") }
    if kind == "mg_patch" {
      guard depth == 0, let inner = d["model"] as? [String: Any] else {
        throw jsonError("no 'model'")
      }
      let levels = try r.int("levels")
      return try MGPatch(model(from: inner, depth: 1), levels: levels,
                         padding: (d["padding"] as? NSNumber)?.doubleValue ?? 0)
    }
    guard let dtype = DType(rawValue: d["dtype"] as? String ?? "") else {
      throw jsonError("no dtype")
    }
    let act = d["act"] as? String ?? "tanh"
    switch kind {
    case "mlp", "linear":
      return try MLP(sizes: r.ints("sizes"), act: act, outAct: d["out_act"] as? String,
                     dtype: dtype, single: kind == "linear")
    case "deeponet":
      return try DeepONet(branch: r.ints("branch"), trunk: r.ints("trunk"), act: act, dtype: dtype)
    case "fno", "tfno":
      var f = Factorization.dense
      if kind == "tfno" {
        guard let rank = d["rank"] as? Double else { throw jsonError("no 'rank'") }
        f = d["factorization"] as? String == "cp" ? .cp(rank: rank) : .tucker(rank: rank)
      }
      return try FNO(modes: r.ints("modes"), width: r.int("width"), layers: r.int("layers"),
                     inChannels: r.int("in_channels"), outChannels: r.int("out_channels"),
                     proj: r.int("proj"), act: act, factorization: f, dtype: dtype)
    default:
      guard let m = try convModel(kind, r, dtype) else {
        throw jsonError("an unknown model kind '\(kind)'")
      }
      return m
    }
  }

  /// Every weight of `p` named by its path: record fields by name, list items by index,
  /// joined with dots.
  public static func namedTensors(_ p: Params) -> [(name: String, tensor: Tensor)] {
    var out: [(name: String, tensor: Tensor)] = []
    collect(p, "", &out)
    return out
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

  /// The leaves of `template` (in order) read from `saved` by name; a missing name or a
  /// different shape or dtype is a `ConfigError`.
  public static func leaves(of template: Params, from saved: [String: Tensor]) throws
    -> [Variable] {
    try namedTensors(template).map { n, t -> Variable in
      guard let s = saved[n] else { throw ConfigError(detail: "the weights lack '\(n)'") }
      guard s.shape == t.shape, s.dtype == t.dtype else {
        throw ConfigError(detail: "'\(n)' is \(s.dtype) \(shapeText(s.shape)), the "
          + "architecture needs \(t.dtype) \(shapeText(t.shape))")
      }
      return Variable(s)
    }
  }

  /// An adam, adamw or sgd optimizer of `parameters` made again from its saved
  /// hyperparameters (nil for another name).
  public static func optimizer(named name: String, _ parameters: any ParameterContainer,
                               hyperparameters h: [String: Double]) throws
    -> (any OptimizerState)? {
    switch name {
    case "adam", "adamw":
      return try Adam(parameters, lr: h["lr"] ?? 1e-3, beta1: h["beta1"] ?? 0.9,
                      beta2: h["beta2"] ?? 0.999, eps: h["eps"] ?? 1e-8,
                      weightDecay: h["weight_decay"] ?? 0, decoupled: (h["decoupled"] ?? 0) != 0)
    case "sgd":
      return try SGD(parameters, lr: h["lr"] ?? 1e-2, momentum: h["momentum"] ?? 0,
                     dampening: h["dampening"] ?? 0, weightDecay: h["weight_decay"] ?? 0,
                     nesterov: (h["nesterov"] ?? 0) != 0)
    default: return nil
    }
  }
}
