# Cross-check for scripts/accuracy/tfno-burgers.nos: neuraloperator 2.0's FNO and TFNO (Tucker,
# rank 0.1) trained exactly as nos trains its models (the same 1000/200 samples from nos's
# generator, with the field of that run: gamma 2.5, tau 7, sigma 49; 16 modes, width 64,
# 4 layers, batch 20, Adam lr 1e-3, cosine over 100 epochs, relative L2 loss), 2 threads.
# Needs `pip install neuraloperator`; never a dependency of nos.
# Run from the repository root: python3 scripts/bench-ref/accuracy/burgers_neuralop.py
import os, subprocess, sys, tempfile, time
import numpy as np
import torch
from neuralop.models import FNO, TFNO

torch.set_num_threads(2)
path = os.path.join(tempfile.mkdtemp(), "burgers.npz")
subprocess.run([".build/release/nos", "-e",
                f'seed(0); d = burgers(1200, res=1024, nu=0.1, seed=1, gamma=2.5, tau=7, '
                f'sigma=49); '
                f'save("{path}", {{x: f32(d.x), y: f32(d.y)}})'], check=True)
d = np.load(path)
x, y = torch.tensor(d["x"]), torch.tensor(d["y"])
xtr, ytr, xte, yte = x[:1000, :, ::4], y[:1000, :, ::4], x[1000:, :, ::4], y[1000:, :, ::4]

def rel_l2(p, t):
    b = p.shape[0]
    return ((p - t).reshape(b, -1).norm(dim=1) / t.reshape(b, -1).norm(dim=1)).mean()

for kind in ["fno", "tfno"]:
    torch.manual_seed(0)
    kw = dict(n_modes=(16,), hidden_channels=64, n_layers=4, in_channels=1, out_channels=1,
              projection_channel_ratio=2)
    m = FNO(**kw) if kind == "fno" else TFNO(factorization="tucker", rank=0.1, **kw)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 100)
    t0 = time.time()
    for epoch in range(100):
        perm = torch.randperm(1000)
        for i in range(0, 1000, 20):
            idx = perm[i:i + 20]
            opt.zero_grad()
            rel_l2(m(xtr[idx]), ytr[idx]).backward()
            opt.step()
        sched.step()
    with torch.no_grad():
        print(f"neuraloperator {kind}: {sum(p.numel() for p in m.parameters())} parameters, "
              f"test rel_l2 {rel_l2(m(xte), yte).item():.5f} at 256, "
              f"{rel_l2(m(x[1000:]), y[1000:]).item():.5f} at 1024, {time.time() - t0:.0f} s",
              flush=True)
