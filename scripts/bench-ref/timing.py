# Shared by the reference scripts: the run count from argv[1] and a median timer that
# warms up once, as nos-bench does.
import sys, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9

def median(fn, runs=RUNS):
    fn()
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]
