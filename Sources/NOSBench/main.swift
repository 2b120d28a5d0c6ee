// nos-bench: times nos's kernels, one case per line ("case<TAB>median seconds"), for scripts/bench.
import Foundation
import NOSLang
import NOSStdlib
import NOSTensor

/// Median wall time of `runs` calls after one warm-up call.
func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
  try body()
  var times: [Double] = []
  for _ in 0..<runs {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
  }
  times.sort()
  return times[times.count / 2]
}

/// NOS_BENCH_ONLY=substring: the cases that check it (the models and layers suites') run
/// only when their name contains it; unset, everything runs.
func wanted(_ name: String) -> Bool {
  ProcessInfo.processInfo.environment["NOS_BENCH_ONLY"].map { name.contains($0) } ?? true
}

func report(_ name: String, _ seconds: Double) {
  print("\(name)\t\(seconds)")
  fflush(nil)  // all output streams: stdout without naming the C global (Swift 6)
}

func core(runs: Int) throws {
  Random.seed(0)
  for dt in [DType.f64, .f32] {
    let a = try Tensor.randn([1024, 1024], dtype: dt), b = try Tensor.randn([1024, 1024], dtype: dt)
    report("gemm 1024x1024 \(dt)", try median(runs: runs) { _ = try Tensor.matmul(a, b) })
  }
  for dt in [DType.f64, .f32] {
    let x = try Tensor.randn([20, 64, 1024], dtype: dt)
    report("rfft+irfft [20,64,1024] \(dt)", try median(runs: runs) { _ = try x.rfft().irfft(n: 1024) })
  }
  for dt in [DType.f64, .f32] {
    let x = try Tensor.randn([20, 32, 64, 64], dtype: dt)
    report("rfft2+irfft2 [20,32,64,64] \(dt)",
           try median(runs: runs) { _ = try x.rfft2().irfft2(s: [64, 64]) })
  }
  let x = try Tensor.randn([10_000_000]), y = try Tensor.randn([10_000_000])
  report("add 1e7 f64", try median(runs: runs) { _ = try x + y })
  report("gelu 1e7 f64", try median(runs: runs) { _ = try x.unary(.gelu) })
  try reductions(x, runs: runs)
}

/// Reductions: whole-tensor sums, both axis paths (leading axes, last axis), var and norm.
func reductions(_ x: Tensor, runs: Int) throws {
  let x32 = try x.astype(.f32)
  report("sum 1e7 f64", try median(runs: runs) { _ = try x.reduce(.sum) })
  report("sum 1e7 f32", try median(runs: runs) { _ = try x32.reduce(.sum) })
  let a = try x.reshaped([1000, 10_000]), b = try x.reshaped([10_000, 1000])
  report("sum axis=0 [1000,10000] f64", try median(runs: runs) { _ = try a.sum(axis: 0) })
  report("sum axis=1 [10000,1000] f64", try median(runs: runs) { _ = try b.sum(axis: 1) })
  report("var 1e7 f64", try median(runs: runs) { _ = try x.reduce(.var) })
  report("norm 1e7 f64", try median(runs: runs) { _ = try x.norm() })
}

/// The PINN and MLP gradient workloads of scripts/bench-ref/grad, run in-process.
func gradSuite(runs: Int) throws {
  let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/bench-ref/grad").path
  for dt in ["f64", "f32"] {
    for (file, call, name) in [("pinn.nos", "value_and_grad(loss, P)", "PINN value+grad"),
                               ("pinn.nos", "step()", "PINN step with Adam"),
                               ("mlp.nos", "grad(mse_loss, P)", "MLP MSE grad")] {
      let session = Stdlib.session(output: BufferOutput())
      try session.run(source: "DT = \"\(dt)\"\nrun(\"\(dir)/\(file)\")")
      report("\(name) \(dt)", try median(runs: runs) { try session.run(source: call) })
    }
  }
}

let args = CommandLine.arguments.dropFirst()
let runs = Int(ProcessInfo.processInfo.environment["NOS_BENCH_RUNS"] ?? "") ?? 9
let suites = args.isEmpty ? ["core"] : Array(args)
do {
  for s in suites {
    switch s {
    case "core": try core(runs: runs)
    case "lang": try lang(runs: runs)
    case "grad": try gradSuite(runs: runs)
    case "models": try modelsSuite(runs: runs)
    case "layers": try layersSuite(runs: runs)
    case "io": try ioSuite(runs: runs)
    case "physics": try physicsSuite(runs: runs)
    case "recycling":  // physics' recycling lines alone; NOS_BENCH_SAMPLES, NOS_BENCH_RES
      let env = ProcessInfo.processInfo.environment
      try recyclingLines(n: Int(env["NOS_BENCH_SAMPLES"] ?? "") ?? 200,
                         res: Int(env["NOS_BENCH_RES"] ?? "") ?? 241)
    case "plots": try plotsSuite(runs: runs)
    case "blas": print(Runtime.blasCore ?? "not OpenBLAS")  // the kernels nos's products run
    default: FileHandle.standardError.write("nos-bench: unknown suite '\(s)'\n".data(using: .utf8)!)
    }
  }
} catch {
  FileHandle.standardError.write("nos-bench: \(error)\n".data(using: .utf8)!)
  exit(1)
}
