# PyTorch reference for `scripts/bench models`: plain FNO (Li et al.'s reference code, grid
# j/N appended), TFNO stand-in (dense FNO; PyTorch has no factorised layer without extra
# packages) and DeepONet training steps, 2 threads, "case<TAB>median seconds" in nos's order.
import math
import torch
import torch.nn as nn
import torch.nn.functional as F

from timing import median
torch.set_num_threads(2)
torch.manual_seed(0)

class Spectral1d(nn.Module):
    def __init__(self, w, modes, cdt):
        super().__init__()
        self.modes = modes
        self.weight = nn.Parameter(torch.rand(w, w, modes, dtype=cdt) / (w * w))
    def forward(self, x):
        n = x.shape[-1]
        xf = torch.fft.rfft(x)
        out = torch.zeros(x.shape[0], self.weight.shape[1], n // 2 + 1, dtype=xf.dtype)
        out[:, :, :self.modes] = torch.einsum("bix,iox->box", xf[:, :, :self.modes], self.weight)
        return torch.fft.irfft(out, n=n)

class Spectral2d(nn.Module):
    def __init__(self, w, m1, m2, cdt):
        super().__init__()
        self.m1, self.m2 = m1, m2
        self.w1 = nn.Parameter(torch.rand(w, w, m1, m2, dtype=cdt) / (w * w))
        self.w2 = nn.Parameter(torch.rand(w, w, m1, m2, dtype=cdt) / (w * w))
    def forward(self, x):
        b, c, n1, n2 = x.shape
        xf = torch.fft.rfft2(x)
        out = torch.zeros(b, c, n1, n2 // 2 + 1, dtype=xf.dtype)
        m1, m2 = self.m1, self.m2
        out[:, :, :m1, :m2] = torch.einsum("bixy,ioxy->boxy", xf[:, :, :m1, :m2], self.w1)
        out[:, :, -m1:, :m2] = torch.einsum("bixy,ioxy->boxy", xf[:, :, -m1:, :m2], self.w2)
        return torch.fft.irfft2(out, s=(n1, n2))

class FNO(nn.Module):
    def __init__(self, modes, width, layers, proj, dt):
        super().__init__()
        cdt = torch.complex64 if dt == torch.float32 else torch.complex128
        d = len(modes)
        conv = nn.Conv1d if d == 1 else nn.Conv2d
        self.d = d
        self.lift = nn.Linear(1 + d, width, dtype=dt)
        self.spec = nn.ModuleList([Spectral1d(width, modes[0], cdt) if d == 1
                                   else Spectral2d(width, modes[0], modes[1], cdt)
                                   for _ in range(layers)])
        self.skip = nn.ModuleList([conv(width, width, 1, dtype=dt) for _ in range(layers)])
        self.p1 = nn.Linear(width, proj, dtype=dt)
        self.p2 = nn.Linear(proj, 1, dtype=dt)
    def forward(self, x):  # x [B, 1, X(, Y)]
        b = x.shape[0]
        if self.d == 1:
            n = x.shape[-1]
            g = (torch.arange(n, dtype=x.dtype) / n).reshape(1, 1, n).expand(b, 1, n)
        else:
            n1, n2 = x.shape[-2:]
            gx = (torch.arange(n1, dtype=x.dtype) / n1).reshape(1, 1, n1, 1).expand(b, 1, n1, n2)
            gy = (torch.arange(n2, dtype=x.dtype) / n2).reshape(1, 1, 1, n2).expand(b, 1, n1, n2)
            g = torch.cat([gx, gy], 1)
        h = torch.cat([x, g], 1).movedim(1, -1)
        h = self.lift(h).movedim(-1, 1)
        for i, (s, k) in enumerate(zip(self.spec, self.skip)):
            h = s(h) + k(h)
            if i < len(self.spec) - 1:
                h = F.gelu(h)
        h = h.movedim(1, -1)
        return self.p2(F.gelu(self.p1(h))).movedim(-1, 1)

def rel_l2(p, t):
    b = p.shape[0]
    num = (p - t).reshape(b, -1).norm(dim=1)
    return (num / t.reshape(b, -1).norm(dim=1)).mean()

def stepper(model, inputs, target, loss=rel_l2):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    def step():
        opt.zero_grad()
        l = loss(model(*inputs), target)
        l.backward()
        opt.step()
    return step

class DeepONet(nn.Module):
    def __init__(self, dt):
        super().__init__()
        self.b = nn.Sequential(nn.Linear(100, 40, dtype=dt), nn.ReLU(), nn.Linear(40, 40, dtype=dt))
        self.t = nn.Sequential(nn.Linear(1, 40, dtype=dt), nn.ReLU(), nn.Linear(40, 40, dtype=dt),
                               nn.ReLU())
        self.bias = nn.Parameter(torch.zeros((), dtype=dt))
    def forward(self, u, y):
        return self.b(u) @ self.t(y).T + self.bias

for dt, name in [(torch.float32, "f32"), (torch.float64, "f64")]:
    m = FNO([16], 64, 4, 128, dt)
    x, y = torch.randn(20, 1, 1024, dtype=dt), torch.randn(20, 1, 1024, dtype=dt)
    print(f"FNO-1D step res 1024 {name}\t{median(stepper(m, [x], y))}", flush=True)
m = FNO([12, 12], 32, 4, 128, torch.float32)
x, y = torch.randn(20, 1, 64, 64), torch.randn(20, 1, 64, 64)
print(f"FNO-2D step 64x64 f32\t{median(stepper(m, [x], y))}", flush=True)
m = FNO([16], 64, 4, 128, torch.float32)
x, y = torch.randn(20, 1, 1024), torch.randn(20, 1, 1024)
print(f"TFNO-1D tucker 0.1 step f32\t{median(stepper(m, [x], y))}", flush=True)
m = DeepONet(torch.float32)
u, p, s = torch.randn(100, 100), torch.rand(100, 1), torch.randn(100, 100)
print(f"DeepONet step f32\t{median(stepper(m, [u, p], s, F.mse_loss))}", flush=True)
m = FNO([16], 64, 4, 128, torch.float32)
x, y = torch.randn(20, 1, 1024), torch.randn(20, 1, 1024)
print(f"FNO-1D step via nos f32\t{median(stepper(m, [x], y))}", flush=True)

# The torchdiffeq spiral demo's training step (same data and batch as models/node.nos).
try:
    from torchdiffeq import odeint
    torch.manual_seed(0)
    A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
    TT = torch.linspace(0, 25, 1000)
    class Lambda(nn.Module):
        def forward(self, t, y):
            return (y ** 3) @ A
    with torch.no_grad():
        true_y = odeint(Lambda(), torch.tensor([[2.0, 0.0]]), TT, method="dopri5")
    start = torch.tensor([5, 90, 130, 200, 260, 300, 350, 410, 460, 500, 530, 600, 650, 700, 740,
                          800, 850, 900, 950, 980])
    y0, bt = true_y[start], TT[:10]
    target = torch.stack([true_y[start + i] for i in range(10)], dim=0)
    class ODEFunc(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(nn.Linear(2, 50), nn.Tanh(), nn.Linear(50, 2))
        def forward(self, t, y):
            return self.net(y ** 3)
    func = ODEFunc()
    opt = torch.optim.Adam(func.parameters(), lr=1e-3)
    def node_step():
        opt.zero_grad()
        pred = odeint(func, y0, bt, method="dopri5", rtol=1e-3, atol=1e-4)
        loss = (pred - target).abs().mean()
        loss.backward()
        opt.step()
    print(f"Neural ODE spiral step f32\t{median(node_step)}", flush=True)
    # No reference for "Neural ODE spiral step reg=error f32": torchdiffeq has no
    # solver-heuristic regulariser (ERNODE needs the solver's accepted steps' error estimates).
except ImportError:
    pass

import convmodels
torch.set_default_dtype(torch.float32)
convmodels.rows(stepper, median)
