# Reference for `scripts/bench plots`: NumPy writes the data, a fresh gnuplot draws it (what a
# Python user driving gnuplot by hand pays). "case<TAB>seconds" in nos-bench's order.
import os, subprocess, tempfile
import numpy as np

from timing import median
tmp = tempfile.mkdtemp()

def gnuplot(script):
    path = os.path.join(tmp, "s.gp")
    with open(path, "w") as f:
        f.write(script)
    return subprocess.run(["gnuplot", path], capture_output=True).stdout

def block(name, *cols):
    return f"${name} << EOD\n" + "\n".join(" ".join(repr(float(v)) for v in row)
                                          for row in zip(*cols)) + "\nEOD\n"

def matrix(name, z):
    return f"${name} << EOD\n" + "\n".join(" ".join(repr(float(v)) for v in r) for r in z) + "\nEOD\n"

x = np.linspace(0, 100, 100000); y = np.sin(x) + 0.1 * np.sin(37 * x)
g = np.linspace(-1, 1, 256); z = np.sin(3 * g[:, None]) * np.cos(5 * g[None, :])
png = lambda f: f"set terminal pngcairo size 800,560\nset output '{os.path.join(tmp, f)}'\n"
cases = [
    ("savefig png line 1e5", lambda: gnuplot(block("d", x, y) + png("a.png") + "plot $d w l\n")),
    ("savefig svg line 1e5", lambda: gnuplot(block("d", x, y) + "set terminal svg size 800,560\n"
                                             + f"set output '{tmp}/a.svg'\nplot $d w l\n")),
    ("savefig png heatmap 256x256", lambda: gnuplot(matrix("m", z) + png("h.png")
                                                    + "plot $m matrix w image\n")),
    ("savefig png compare 256x256", lambda: gnuplot(matrix("a", z) + matrix("b", z * 1.01)
        + matrix("c", z * 0.01) + png("c.png") + "set multiplot layout 1,3\n"
        + "plot $a matrix w image\nplot $b matrix w image\nplot $c matrix w image\n")),
]
ys = np.sin(np.linspace(0, 20, 10000))
cases.append(("text plot line 1e4", lambda: gnuplot(block("d", np.arange(10000), ys)
                                                    + "set terminal dumb 80,24\nplot $d w l\n")))
for name, fn in cases:
    print(f"{name}\t{median(fn)}", flush=True)
