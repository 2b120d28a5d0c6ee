# CPython reference for `scripts/bench lang`: the same programs as whole processes, timed as
# the child's CPU time (user + system; a loaded machine stretches wall time, not CPU time),
# start-up in wall and CPU time, then the scalar lines (Lorenz right-hand side and
# solve_ivp) in-process with NumPy/SciPy. Case names match Sources/NOSBench/LangBench.swift.
import os, resource, subprocess, sys, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lang")
PROGRAMS = [("fib(30)", "fib"), ("while loop 5e6, top level", "loop"),
            ("while loop 5e6, in a function", "loop_fn"),
            ("1e6 calls of a user function", "calls"), ("list of 1e6: push, then index", "list")]

def spawn(cmd):
    """(wall seconds, CPU seconds of the child) of one run, stdout discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def median(measure, runs):
    measure()
    ts = sorted(measure() for _ in range(runs))
    return ts[len(ts) // 2]

for name, stem in PROGRAMS:
    cmd = [sys.executable, os.path.join(HERE, stem + ".py")]
    print(f"{name} (cpu)\t{median(lambda: spawn(cmd)[1], RUNS)}", flush=True)
startup = [sys.executable, "-c", "1"]
print(f"start-up (-e 1 / -c 1)\t{median(lambda: spawn(startup)[0], 20)}", flush=True)
print(f"start-up (cpu)\t{median(lambda: spawn(startup)[1], 20)}", flush=True)

# The scalar lines (in-process, NumPy/SciPy when importable): the Lorenz right-hand side in
# NumPy, 10 000 calls in a loop (ms per 1000 calls = µs per call), and solve_ivp RK45 with it.
try:
    import numpy as np
    from scipy.integrate import solve_ivp
except ImportError:
    print("(no NumPy/SciPy: scalar lines without reference)", file=sys.stderr)
    sys.exit(0)

def f(t, y):
    return np.array([10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8 / 3 * y[2]])

y1 = np.array([1.0, 1.0, 1.0])
def calls():
    for i in range(10000):
        f(0, y1)

def in_process(fn, runs):
    fn()
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]

ts = np.linspace(0, 20, 2001)
ivp = lambda: solve_ivp(f, (0, 20), [1.0, 1.0, 1.0], method="RK45", rtol=1e-8, t_eval=ts)
print(f"lorenz f(t, y) x1000 (ms = us/call)\t{in_process(calls, RUNS) / 10}", flush=True)
print(f"odeint lorenz f in nos, 2001 ts\t{in_process(ivp, max(3, RUNS // 3))}", flush=True)
print(f"odeint lorenz nfev (count, not ms)\t{ivp().nfev / 1000}", flush=True)
