# PyTorch LSM step at lsm-darcy's sizes (width 64, 4 tokens, 12 bases, 3x3 patches, 4 levels,
# 85 -> 96 padding, batch 20, f32), the same architecture as nos's lsm (lsm_ref.py); nos's side
# is models/lsm_darcy_step.nos. Usage: python3 scripts/bench-ref/lsm_darcy_step.py [steps]
import os, sys, time, torch, torch.nn as nn
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
torch.set_num_threads(2)
import lsm_ref
shapes = lsm_ref.shapes(1, 1, 64, 4, 12, 4)
ws = nn.ParameterList([nn.Parameter(w.float()) for w in lsm_ref.fill(shapes)])
print("params", sum(p.numel() for p in ws))
x, y = torch.randn(20, 1, 85, 85), torch.randn(20, 1, 85, 85)
opt = torch.optim.Adam(ws.parameters(), lr=1e-3)
def step():
    opt.zero_grad()
    p = lsm_ref.lsm(x, list(ws), 4, (3, 3), (11, 11))
    l = ((p - y).reshape(20, -1).norm(dim=1) / y.reshape(20, -1).norm(dim=1)).sum()
    l.backward(); opt.step()
step()
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
    t = time.perf_counter(); step(); print("torch lsm step", time.perf_counter() - t, flush=True)
