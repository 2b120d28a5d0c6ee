// nos-bench: times nos's kernels, one case per line ("case<TAB>median seconds"), for scripts/bench.
import Foundation
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

func report(_ name: String, _ seconds: Double) {
  print("\(name)\t\(seconds)")
  fflush(stdout)
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
}

let args = CommandLine.arguments.dropFirst()
let runs = Int(ProcessInfo.processInfo.environment["NOS_BENCH_RUNS"] ?? "") ?? 9
let suites = args.isEmpty ? ["core"] : Array(args)
do {
  for s in suites {
    switch s {
    case "core": try core(runs: runs)
    default: FileHandle.standardError.write("nos-bench: unknown suite '\(s)'\n".data(using: .utf8)!)
    }
  }
} catch {
  FileHandle.standardError.write("nos-bench: \(error)\n".data(using: .utf8)!)
  exit(1)
}
