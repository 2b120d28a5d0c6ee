# NumPy/h5py reference for `scripts/bench io`: the same cases as nos-bench, "case<TAB>seconds".
# Writes call fsync like nos's atomic writes do, so both pay for reaching the disk.
import os, tempfile
import numpy as np

from timing import median

def report(name, fn):
    print(f"{name}\t{median(fn)}", flush=True)

def synced(path, write):
    def run():
        with open(path, "wb") as f:
            write(f); f.flush(); os.fsync(f.fileno())
    return run

d = tempfile.mkdtemp()
rng = np.random.default_rng(0)
x = rng.standard_normal(10_000_000)
report("save npy 1e7 f64", synced(f"{d}/x.npy", lambda f: np.save(f, x)))
report("load npy 1e7 f64", lambda: np.load(f"{d}/x.npy"))
report("save npz 1e7 f64", synced(f"{d}/x.npz", lambda f: np.savez(f, x=x)))
report("load npz 1e7 f64", lambda: dict(np.load(f"{d}/x.npz")))
s = rng.standard_normal(1_000_000)
report("save npz compressed 1e6 f64", synced(f"{d}/c.npz", lambda f: np.savez_compressed(f, s=s)))
report("load npz compressed 1e6 f64", lambda: dict(np.load(f"{d}/c.npz")))
t = rng.standard_normal((100_000, 3))
report("writecsv 1e5x3", synced(f"{d}/t.csv",
       lambda f: np.savetxt(f, t, delimiter=",", header="c0,c1,c2", comments="", fmt="%.17g")))
report("readcsv 1e5x3", lambda: np.loadtxt(f"{d}/t.csv", delimiter=",", skiprows=1))
try:
    import h5py
    with h5py.File(f"{d}/u.h5", "w") as f:
        f["u"] = rng.standard_normal((10000, 1000))
    f = h5py.File(f"{d}/u.h5", "r")
    report("h5 read [10000,1000] f64", lambda: f["u"][()])
    report("h5 rows 5000..5100", lambda: f["u"][5000:5100])
except ImportError:
    pass
