# Reference for scripts/accuracy/fno-burgers.nos: the FNO paper's Burgers recipe (fourier_1d.py:
# 1000 training / 100 test pairs, modes 16, width 64, 4 layers, projection 128,
# batch 20, Adam lr 1e-3 with weight decay 1e-4, StepLR x 0.5, relative L2 loss summed over
# the batch) trained by nos's fno, by a plain-PyTorch FNO written from the paper's equations
# and by neuraloperator's FNO, all three on the same data exported from nos once
# (burgers(1100, seed=1): the R10 field, nu 0.1, solved at 8192, kept at 1024, as f32),
# trained at 256 (every 4th point) as the nos script, tested at 256 and zero-shot at 1024.
# Same epochs as the nos script (100, or the first argument) and the same StepLR step,
# epochs/10 (the paper's 50 over 500 epochs), or the second argument (50 is the paper's
# step as such). Seed 0 for each model; 2 threads, f32.
# NOS_R10_DATA=path.npz reuses an export (fields x, y [1100, 1, 1024]) instead of making it;
# NOS_R10_MODELS=nos,plain,neuralop picks the models (default all three).
# Prints "reference<TAB>name<TAB>rel_l2 at 256<TAB>rel_l2 at 1024<TAB>seconds".
# Needs torch (and neuraloperator for the third model); says it is skipped without them.
# Run from the repository root after `swift build -c release --product nos`:
#   python3 scripts/bench-ref/accuracy/fno_burgers_r10.py [epochs [step]]
import math, os, subprocess, sys, tempfile, time

# Passive OpenMP waits: with busy-waiting threads (the default) a loaded 2-core machine ran
# this script at a twentieth of its speed (4 CPU-minutes without finishing 10 epochs that take
# 20 s of CPU); set before torch is imported, as OpenMP reads it once.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 100
STEP = int(sys.argv[2]) if len(sys.argv) > 2 else max(1, EPOCHS // 10)
try:
    import numpy as np
    import torch
except ImportError as e:
    print(f"skipped: the reference needs numpy and torch ({e})")
    sys.exit(0)
try:
    from neuralop.models import FNO as NeuralopFNO
except ImportError:
    NeuralopFNO = None
    print("neuraloperator missing: only the plain-PyTorch FNO runs")

torch.set_num_threads(2)
MODELS = os.environ.get("NOS_R10_MODELS", "nos,plain,neuralop").split(",")
path = os.environ.get("NOS_R10_DATA")
if not path:
    path = os.path.join(tempfile.mkdtemp(), "burgers_r10.npz")
    subprocess.run([".build/release/nos", "-e",
                    f'd = burgers(1100, seed=1); save("{path}", {{x: f32(d.x), y: f32(d.y)}})'],
                   check=True)
    print(f"data exported to {path}", file=sys.stderr, flush=True)
d = np.load(path)
x, y = torch.tensor(d["x"]), torch.tensor(d["y"])
xtr, ytr, xte, yte = x[:1000, :, ::4], y[:1000, :, ::4], x[1000:, :, ::4], y[1000:, :, ::4]


class Spectral1d(torch.nn.Module):
    """v -> irfft(W_k · rfft(v)_k) on the lowest `modes` modes, W complex [in, out, modes]."""
    def __init__(self, width, modes):
        super().__init__()
        self.modes = modes
        scale = 1 / (width * width)
        self.w = torch.nn.Parameter(scale * torch.rand(width, width, modes, dtype=torch.cfloat))

    def forward(self, v):
        vh = torch.fft.rfft(v)
        out = torch.zeros(v.shape[0], v.shape[1], vh.shape[-1], dtype=torch.cfloat)
        out[..., :self.modes] = torch.einsum("bim,iom->bom", vh[..., :self.modes], self.w)
        return torch.fft.irfft(out, n=v.shape[-1])


class PlainFNO(torch.nn.Module):
    """Lift (u, x) to width, 4 x [spectral + pointwise linear, GELU except the last],
    project width -> 128 -> 1 with GELU between."""
    def __init__(self, modes=16, width=64, layers=4, proj=128):
        super().__init__()
        self.lift = torch.nn.Linear(2, width)
        self.spec = torch.nn.ModuleList(Spectral1d(width, modes) for _ in range(layers))
        self.skip = torch.nn.ModuleList(torch.nn.Conv1d(width, width, 1) for _ in range(layers))
        self.p1, self.p2 = torch.nn.Linear(width, proj), torch.nn.Linear(proj, 1)

    def forward(self, u):  # u [B, 1, X]
        grid = torch.linspace(0, 1, u.shape[-1] + 1)[:-1].expand(u.shape[0], 1, -1)
        v = self.lift(torch.cat([u, grid], 1).transpose(1, 2)).transpose(1, 2)
        for i, (s, w) in enumerate(zip(self.spec, self.skip)):
            v = s(v) + w(v)
            if i < len(self.spec) - 1:
                v = torch.nn.functional.gelu(v)
        v = torch.nn.functional.gelu(self.p1(v.transpose(1, 2)))
        return self.p2(v).transpose(1, 2)


def rel_l2(p, t):
    """Per-sample relative L2 errors [B]."""
    b = p.shape[0]
    return (p - t).reshape(b, -1).norm(dim=1) / t.reshape(b, -1).norm(dim=1)


def train(model, name):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=STEP, gamma=0.5)
    t0 = time.time()
    for epoch in range(EPOCHS):
        perm = torch.randperm(1000)
        total = 0.0
        for i in range(0, 1000, 20):
            idx = perm[i:i + 20]
            opt.zero_grad()
            loss = rel_l2(model(xtr[idx]), ytr[idx]).sum()
            loss.backward()
            opt.step()
            total += loss.item()
        sched.step()
        if epoch % 10 == 9 or epoch == EPOCHS - 1:  # progress on stderr, as nos's fit
            print(f"{name}: epoch {epoch + 1}/{EPOCHS} loss {total / 50:.4g} "
                  f"{time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    with torch.no_grad():
        err = rel_l2(model(xte), yte).mean().item()
        fine = rel_l2(model(x[1000:]), y[1000:]).mean().item()
    print(f"reference\t{name} ({EPOCHS} epochs, step {STEP})\t{err:.5f}\t{fine:.5f}\t"
          f"{time.time() - t0:.0f}", flush=True)


# nos's side: fno-burgers.nos's model and training on the same exported arrays.
NOS_RUN = """
seed(0)
d = load("{path}")
x = d.x
y = d.y
train = {{x: x[:1000, :, ::4], y: y[:1000, :, ::4]}}
net = fno(modes=16, width=64, layers=4, proj=128, dtype="f32")
fn loss(m, b) = b.x.shape[0] * rel_l2(m(b.x), b.y)
t0 = clock()
fit(net, train, epochs={epochs}, batch=20, loss=loss,
    optimizer=adam(net, lr=1e-3, weight_decay=1e-4), schedule={{step: {step}, gamma: 0.5}})
s = clock() - t0
a = item(rel_l2(net(x[1000:, :, ::4]), y[1000:, :, ::4]))
b = item(rel_l2(net(x[1000:]), y[1000:]))
print(f"reference\tnos FNO ({epochs} epochs, step {step})\t{{a:.5f}}\t{{b:.5f}}\t{{s:.0f}}")
"""
if "nos" in MODELS:
    subprocess.run([".build/release/nos", "-e", NOS_RUN.format(path=path, epochs=EPOCHS,
                                                              step=STEP)], check=True)
torch.manual_seed(0)
if "plain" in MODELS:
    train(PlainFNO(), "plain PyTorch FNO")
if NeuralopFNO is not None and "neuralop" in MODELS:
    torch.manual_seed(0)
    train(NeuralopFNO(n_modes=(16,), hidden_channels=64, n_layers=4, in_channels=1,
                      out_channels=1, projection_channel_ratio=2), "neuraloperator FNO")
