// The Krylov-recycling lines of the physics suite: darcy and advection_diffusion, 200 samples
// at 241 × 241, time per sample and iterations per sample with and without recycling.
import Foundation
import NOSPhysics

/// One generator run each way; prints seconds per sample, the ratio plain/recycled, and the
/// load-independent counts (mean iterations and operator applications per sample).
/// `NOS_BENCH_CG_K`, `NOS_BENCH_CG_S`, `NOS_BENCH_M`, `NOS_BENCH_K` override the solvers'
/// sizes (for tuning; the reported lines use the defaults).
func recyclingLines(n: Int = 200, res: Int = 241) throws {
  let env = ProcessInfo.processInfo.environment
  func knob(_ name: String, _ value: Int) -> Int { Int(env[name] ?? "") ?? value }
  let cases: [(String, (Bool) throws -> GeneratedData)] = [
    ("darcy", { try Generators.darcySolved(n: n, res: res, solveRes: res, seed: 7,
                                            recycle: $0, carried: knob("NOS_BENCH_CG_K", 8),
                                            directions: knob("NOS_BENCH_CG_S", 16)) }),
    ("advection_diffusion", { try Generators.advectionDiffusion(
      n: n, res: res, seed: 7, recycle: $0, cycle: knob("NOS_BENCH_M", AdvectionDiffusion.cycle),
      carried: knob("NOS_BENCH_K", AdvectionDiffusion.carried)) }),
  ]
  let only = env["NOS_BENCH_ONLY"]
  for (name, run) in cases where only == nil || only == name {
    var perSample: [Bool: Double] = [:]
    for recycle in [false, true] {
      let t0 = DispatchTime.now().uptimeNanoseconds, c0 = cpuSeconds()
      let d = try run(recycle)
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / Double(n)
      let cpu = (cpuSeconds() - c0) / Double(n)
      perSample[recycle] = cpu
      let label = "\(name) \(n)x\(res) " + (recycle ? "recycled" : "plain")
      report("\(label), per sample", seconds)
      report("\(label), CPU s per sample (all threads)", cpu)
      let its = Double(d.stats.iterations.reduce(0, +)) / Double(n)
      let mv = Double(d.stats.matvecs.reduce(0, +)) / Double(n)
      report("\(label) iterations/sample (count, not ms)", its / 1000)
      report("\(label) matvecs/sample (count, not ms)", mv / 1000)
      if recycle { report("\(label) fallbacks (count, not ms)", Double(d.stats.fallbacks) / 1000) }
    }
    if let p = perSample[false], let r = perSample[true] {
      report("\(name) CPU-time speed-up plain/recycled (x, not ms)", p / r / 1000)
    }
  }
}

/// User + system CPU seconds of this process so far (less sensitive than wall time to the
/// other jobs sharing the machine).
func cpuSeconds() -> Double {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  func sec(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return sec(u.ru_utime) + sec(u.ru_stime)
}
