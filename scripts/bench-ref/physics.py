# NumPy/SciPy reference for `scripts/bench physics`: the same cases as nos-bench, "case<TAB>seconds".
# Burgers: our own NumPy pseudo-spectral solver with the same method and tolerance as nos
# (integrating-factor Dormand–Prince, 2/3 dealiasing, PI control); its error against the
# Cole–Hopf solution is written to stderr. Darcy: scipy spsolve on the same 5-point system.
# Lorenz: solve_ivp RK45 at the same tolerances (time, then evaluations / 1000).
import sys
import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import spsolve
from scipy.integrate import solve_ivp

from timing import RUNS, median

def report(name, seconds):
    print(f"{name}\t{seconds}", flush=True)

# --- Burgers: u_t + u u_x = nu u_xx on [0, 1), Lawson DP5 on the rfft coefficients.
C = np.array([0, 1/5, 3/10, 4/5, 8/9, 1, 1])
A = [[], [1/5], [3/40, 9/40], [44/45, -56/15, 32/9],
     [19372/6561, -25360/2187, 64448/6561, -212/729],
     [9017/3168, -355/33, 46732/5247, 49/176, -5103/18656],
     [35/384, 0, 500/1113, 125/192, -2187/6784, 11/84]]
E = np.array([-71/57600, 0, 71/16695, -71/1920, 17253/339200, -22/525, 1/40])

def burgers(u0, nu=0.1, t_end=1.0, tol=1e-10):
    n = u0.size
    k = 2 * np.pi * np.arange(n // 2 + 1)
    L = -nu * k**2
    g = -0.5j * k * (np.arange(n // 2 + 1) <= n // 3)
    g[-1] = 0
    N = lambda v: g * np.fft.rfft(np.fft.irfft(v, n)**2)
    y = np.fft.rfft(u0); k1 = N(y); t = 0.0; h = 1e-3; err_old = 1e-4
    while t_end - t > 1e-14:
        step = min(h, t_end - t)
        ks = [k1]
        for i in range(1, 7):
            Y = np.exp(L * C[i] * step) * y
            for j in range(i):
                if A[i][j] != 0:
                    Y = Y + step * A[i][j] * np.exp(L * (C[i] - C[j]) * step) * ks[j]
            ks.append(N(Y))
        err_vec = sum(step * E[j] * np.exp(L * (1 - C[j]) * step) * ks[j] for j in range(7) if E[j] != 0)
        scale = 1e-300 + tol * max(np.linalg.norm(y), np.linalg.norm(Y))
        err = np.linalg.norm(err_vec) / scale
        if err <= 1:
            t = t_end if step == t_end - t else t + step
            y, k1 = Y, ks[6]
            fac = 0.9 * err**(-0.7 / 5) * err_old**(0.4 / 5) if err > 0 else 10
            err_old = max(err, 1e-4)
            h = step * min(10, max(0.2, fac))
        else:
            h = step * max(0.2, 0.9 * err**-0.2)
    return np.fft.irfft(y, n)

def cole_hopf(x, nu=0.1, t=1.0, fine=256):
    xf = np.arange(fine) / fine
    c = np.fft.rfft(np.exp(np.cos(2 * np.pi * xf) / (4 * np.pi * nu)))[: fine // 2]
    w = 2 * np.pi * np.arange(fine // 2)
    mult = np.where(np.arange(fine // 2) == 0, 1.0, 2.0) * np.exp(-nu * w**2 * t) / fine
    ph = np.exp(1j * np.outer(x, w))
    phi = (ph * (mult * c)).real.sum(1)
    dphi = (ph * (1j * w * mult * c)).real.sum(1)
    return -2 * nu * dphi / phi

n = 8192
x = np.arange(n) / n
u0 = np.sin(2 * np.pi * x)
u = burgers(u0)
ex = cole_hopf(x)
print(f"numpy burgers 8192: relative L2 error vs Cole-Hopf {np.linalg.norm(u - ex) / np.linalg.norm(ex):.2e}",
      file=sys.stderr)
report("burgers 8192 nu=0.1 t=1 tol=1e-10", median(lambda: burgers(u0), max(1, RUNS // 3)))

# --- Darcy: the same 5-point finite-volume system (harmonic face averages), spsolve.
def darcy_system(res):
    xs = np.arange(res) / (res - 1)
    X, Y = np.meshgrid(xs, xs, indexing="ij")
    s = np.sin(6 * np.pi * X) * np.cos(4 * np.pi * Y) + 0.3 * np.sin(2 * np.pi * (X + Y))
    a = np.where(s >= 0, 12.0, 3.0)
    m = res - 2
    hm = lambda p, q: 2 * p * q / (p + q)
    c = a[1:-1, 1:-1]
    e_n, e_s = hm(c, a[2:, 1:-1]), hm(c, a[:-2, 1:-1])
    e_e, e_w = hm(c, a[1:-1, 2:]), hm(c, a[1:-1, :-2])
    diag = (e_n + e_s + e_e + e_w).ravel()
    north = -e_n[:-1, :].ravel()          # coupling p -- p+m
    east = -e_e.copy(); east[:, -1] = 0   # coupling p -- p+1 (none across rows)
    east = east.ravel()[:-1]
    Amat = sp.diags([diag, east, east, north, north], [0, 1, -1, m, -m], format="csc")
    b = np.full(m * m, 1.0 / (res - 1)**2)
    return Amat, b

Amat, b = darcy_system(241)
sol = spsolve(Amat, b)
print(f"scipy spsolve darcy 241: relative residual {np.linalg.norm(b - Amat @ sol) / np.linalg.norm(b):.2e}",
      file=sys.stderr)
report("darcy 241 (12/3), rel. residual 1e-10", median(lambda: spsolve(Amat, b)))

# --- Lorenz with RK45.
def lorenz(t, u):
    return [10 * (u[1] - u[0]), u[0] * (28 - u[2]) - u[1], u[0] * u[1] - 8 / 3 * u[2]]
run = lambda: solve_ivp(lorenz, (0, 20), [1, 1, 1], method="RK45", rtol=1e-8, atol=1e-10)
report("dopri5 lorenz [0,20] rtol 1e-8", median(run))
report("lorenz nfev (count, not ms)", run().nfev / 1000)
report("odeint dopri5 lorenz, f in nos", median(run))
