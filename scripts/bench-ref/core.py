# NumPy reference for `scripts/bench core`: the same cases as nos-bench, "case<TAB>seconds".
import numpy as np
from scipy.special import erf

from timing import median

def report(name, fn):
    print(f"{name}\t{median(fn)}", flush=True)

rng = np.random.default_rng(0)
for dt, name in [(np.float64, "f64"), (np.float32, "f32")]:
    a = rng.standard_normal((1024, 1024)).astype(dt); b = rng.standard_normal((1024, 1024)).astype(dt)
    report(f"gemm 1024x1024 {name}", lambda: a @ b)
for dt, name in [(np.float64, "f64"), (np.float32, "f32")]:
    x = rng.standard_normal((20, 64, 1024)).astype(dt)
    report(f"rfft+irfft [20,64,1024] {name}", lambda: np.fft.irfft(np.fft.rfft(x), n=1024))
for dt, name in [(np.float64, "f64"), (np.float32, "f32")]:
    x = rng.standard_normal((20, 32, 64, 64)).astype(dt)
    report(f"rfft2+irfft2 [20,32,64,64] {name}", lambda: np.fft.irfft2(np.fft.rfft2(x), s=(64, 64)))
x = rng.standard_normal(10_000_000); y = rng.standard_normal(10_000_000)
report("add 1e7 f64", lambda: x + y)
s2 = np.sqrt(2.0)
report("gelu 1e7 f64", lambda: 0.5 * x * (1 + erf(x / s2)))
x32 = x.astype(np.float32)
report("sum 1e7 f64", lambda: x.sum())
report("sum 1e7 f32", lambda: x32.sum())
a = x.reshape(1000, 10_000); b = x.reshape(10_000, 1000)
report("sum axis=0 [1000,10000] f64", lambda: a.sum(axis=0))
report("sum axis=1 [10000,1000] f64", lambda: b.sum(axis=1))
report("var 1e7 f64", lambda: x.var())
report("norm 1e7 f64", lambda: np.linalg.norm(x))
