// The lang suite's scalar lines (issue 18 item 7): a Lorenz right-hand side written in nos,
// per call, and odeint with it; scripts/bench-ref/lang.py times the same with NumPy and SciPy.
import Foundation
import NOSLang
import NOSStdlib

/// The nos source both lines run: `f` as the issue writes it and a loop of 10 000 calls (the
/// CPython reference loops the same way, so loop overhead is on both sides).
let lorenzSource = """
  fn f(t, y) { [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8 / 3 * y[2]] }
  y1 = [1, 1, 1]
  fn calls() { for i in 0..10000 { f(0, y1) } }
  ts = linspace(0, 20, 2001)
  """

/// "lorenz f(t, y) x1000" (milliseconds per 1000 calls, timed over 10 000, read as
/// microseconds per call) and
/// "odeint dopri5 lorenz, f in nos, 2001 ts" against solve_ivp RK45 at rtol 1e-8.
func scalarLines(runs: Int) throws {
  let session = Stdlib.session(output: BufferOutput())
  try session.run(source: lorenzSource)
  report("lorenz f(t, y) x1000 (ms = us/call)",
         try median(runs: runs) { try session.run(source: "calls()") } / 10)
  report("odeint lorenz f in nos, 2001 ts",
         try median(runs: max(3, runs / 3)) {
           try session.run(source: "odeint(f, [1, 1, 1], ts, method=\"dopri5\", rtol=1e-8)")
         })
  if let n = try session.run(source: "odeint_stats().nfev")?.asNumber {
    report("odeint lorenz nfev (count, not ms)", n / 1000)
  }
}
