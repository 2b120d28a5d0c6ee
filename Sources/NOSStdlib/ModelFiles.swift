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
        of this model) its hyperparameters and running state are saved too. Returns nil. \
        Under mpirun only rank 0 writes (the others wait until the file is there).
        """) { a in
        let m = try a.host(0, as: ModelValue.self, expected: "model")
        let path = try a.string(1)
        var arrays = ModelRegistry.namedTensors(try m.current())
        var config = try ModelRegistry.json(of: m.model)
        if !a[2].isNil {
          let o = try a.host(2, as: OptimizerValue.self, expected: "optimizer")
          config = try OptimizerFiles.save(o, model: m, config: config, arrays: &arrays)
        }
        // Under MPI rank 0 writes and the others wait for it (they may load it next).
        let comm = try a.interpreter.stdlib.comm()
        if comm.rank == 0 {
          try ModelFile.write(path: path, arrays: arrays, json: config, format: format)
        }
        try comm.barrier()
        return .nil
      },
      Builtin("loadmodel", [Param("path"), Param("opt", default: false)], doc: """
        Reads a model written by savemodel: the same architecture with the saved weights. With \
        opt=true it returns [model, optimizer], the optimizer rebuilt with its saved state so \
        training resumes where it stopped.
        """) { a in
        let path = try a.string(0)
        let c = try ModelFile.read(path: path, supportedFormat: format)
        let model = try ModelValue(try loading(path) { try ModelRegistry.model(fromJSON: c.json) })
        try checkTucker(model, format: c.format, path)
        let saved = Dictionary(c.arrays.map { ($0.name, $0.tensor) },
                               uniquingKeysWith: { a, _ in a })
        let leaves = try loading(path) {
          try ModelRegistry.leaves(of: try model.current(), from: saved)
        }
        try model.optimizerParameters().writeLeaves(leaves)
        guard try a.bool(1) else { return .host(model) }
        let opt = try OptimizerFiles.load(c.json, arrays: saved, model: model, path: path)
        return .list([.host(model), opt])
      },
    ]
  }

  /// `body`, with a registry `ConfigError` read as "cannot load "PATH": detail".
  private static func loading<R>(_ path: String, _ body: () throws -> R) throws -> R {
    do { return try body() } catch let e as ModelRegistry.ConfigError {
      throw RuntimeError("cannot load \"\(path)\": \(e.detail)")
    }
  }

  /// A Tucker TFNO saved before format 5 had another layout, which this nos cannot rebuild.
  private static func checkTucker(_ model: ModelValue, format: Int, _ path: String) throws {
    guard format < 5, let f = model.model as? FNO, case .tucker = f.factorization else { return }
    let layout = switch format {
    case ..<3: "factored the Fourier-mode axes too"
    case 3: "gave the output channels a smaller rank"
    default: "had no output-channel factor"
    }
    throw RuntimeError("cannot load \"\(path)\": a Tucker TFNO saved by an older nos "
      + "(format \(format)) \(layout), which this nos no longer builds; retrain the model")
  }
}
