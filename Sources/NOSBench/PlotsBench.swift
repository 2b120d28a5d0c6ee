// The plots suite: savefig of long curves and fields, inline text plots (through gnuplot).
import Foundation
import NOSLang
import NOSStdlib

func plotsSuite(runs: Int) throws {
  let dir = NSTemporaryDirectory() + "nos-bench-plots-\(getpid())"
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let off = Stdlib.session(output: BufferOutput(), options: StdlibOptions(plots: "off"))
  try off.run(source: """
    x = linspace(0, 100, 100000); y = sin(x) + 0.1 * sin(37 * x)
    g = linspace(-1, 1, 256); z = sin(3 * g.reshape(256, 1)) * cos(5 * g.reshape(1, 256))
    """)
  for (name, code) in [
    ("savefig png line 1e5", "savefig(plot(x, y, title=\"long\"), \"\(dir)/a.png\")"),
    ("savefig svg line 1e5", "savefig(plot(x, y), \"\(dir)/a.svg\")"),
    ("savefig png heatmap 256x256", "savefig(heatmap(z), \"\(dir)/h.png\")"),
    ("savefig png compare 256x256", "savefig(compare(z, z * 1.01), \"\(dir)/c.png\")"),
  ] {
    report(name, try median(runs: runs) { try off.run(source: code) })
  }
  let out = BufferOutput()
  let term = Stdlib.session(output: out, options: StdlibOptions(plots: "terminal"))
  try term.run(source: "y = sin(linspace(0, 20, 10000))")
  report("text plot line 1e4", try median(runs: runs) { try term.run(source: "show(plot(y))") })
  guard out.text.contains("<figure: line plot, 1 series>") else {
    throw RuntimeError("text plot missing from the output")
  }
}
