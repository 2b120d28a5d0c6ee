// The physics suite: Burgers at 8192 points, Darcy at 241², dopri5 on Lorenz (time and
// evaluations), and the burgers(1000, res=1024) generator; scripts/bench-ref/physics.py
// runs the same problems with NumPy/SciPy.
import Foundation
import NOSLang
import NOSPhysics
import NOSStdlib
import NOSTensor

/// The Darcy benchmark's coefficient: 12 / 3 by the sign of a fixed smooth function.
func benchCoefficient(_ res: Int) throws -> Tensor {
  var a = [Double]()
  for i in 0..<res {
    for j in 0..<res {
      let x = Double(i) / Double(res - 1), y = Double(j) / Double(res - 1)
      let s = sin(6 * .pi * x) * cos(4 * .pi * y) + 0.3 * sin(2 * .pi * (x + y))
      a.append(s >= 0 ? 12 : 3)
    }
  }
  return try Tensor(a, shape: [res, res])
}

func physicsSuite(runs: Int) throws {
  let n = 8192
  let u0 = Tensor((0..<n).map { sin(2 * .pi * Double($0) / Double(n)) })
  report("burgers 8192 nu=0.1 t=1 tol=1e-10",
         try median(runs: runs) { _ = try Spectral1D.burgers(u0, nu: 0.1, t: 1, tol: 1e-10) })
  let a = try benchCoefficient(241)
  report("darcy 241 (12/3), rel. residual 1e-10",
         try median(runs: runs) { _ = try Darcy.solve(a, f: Tensor(1)) })
  let opts = ODEOptions(method: .dopri5, rtol: 1e-8, atol: 1e-10)
  let y0 = Tensor([1.0, 1, 1])
  report("dopri5 lorenz [0,20] rtol 1e-8",
         try median(runs: runs) { _ = try Systems.lorenz(y0, ts: [0, 20], options: opts) })
  let nfev = try Systems.lorenz(y0, ts: [0, 20], options: opts).stats.nfev
  report("lorenz nfev (count, not ms)", Double(nfev) / 1000)
  let session = Stdlib.session(output: BufferOutput())
  try session.run(source: """
    fn lz(t, u) = [10 * (u[1] - u[0]), u[0] * (28 - u[2]) - u[1], u[0] * u[1] - 8 / 3 * u[2]]
    """)
  report("odeint dopri5 lorenz, f in nos",
         try median(runs: max(1, runs / 3)) {
           try session.run(source: "odeint(lz, [1, 1, 1], [0, 20], rtol=1e-8, atol=1e-10)")
         })
  Random.seed(0)
  let t0 = Date()
  _ = try Generators.burgers(n: 1000, res: 1024)
  report("burgers(1000, res=1024) generation", Date().timeIntervalSince(t0))
  try recyclingLines()
}
