# CPython reference for `scripts/bench lang`: the same programs, whole-process wall time.
import os, subprocess, sys, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lang")

def median(cmd, runs):
    subprocess.run(cmd, check=True)
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter(); subprocess.run(cmd, check=True); ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]

print(f"fib(27)\t{median([sys.executable, os.path.join(HERE, 'fib.py')], RUNS)}", flush=True)
print(f"while loop 5e6\t{median([sys.executable, os.path.join(HERE, 'loop.py')], RUNS)}", flush=True)
print(f"start-up (-e 1 / -c 1)\t{median([sys.executable, '-c', '1'], 20)}", flush=True)
