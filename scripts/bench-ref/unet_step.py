# The U-Net row of `scripts/bench models` on its own: PyTorch's step (unet_ref.py's model, batch
# 8 at 64x64, Adam, relative L2 — models.py's step, repeated here because importing models.py
# runs its whole suite) in a fresh process, the median of [runs] steps after a warm-up; nos's
# side is `NOS_BENCH_ONLY="U-Net step 64x64 f32" .build/release/nos-bench models`.
# Usage: python3 scripts/bench-ref/unet_step.py [runs]
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch
from timing import median
from unet_ref import UNet
torch.set_num_threads(2)
torch.manual_seed(0)

def rel_l2(p, t):
    b = p.shape[0]
    return ((p - t).reshape(b, -1).norm(dim=1) / t.reshape(b, -1).norm(dim=1)).mean()

model = UNet()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
x, y = torch.randn(8, 1, 64, 64), torch.randn(8, 1, 64, 64)
def step():
    opt.zero_grad()
    rel_l2(model(x), y).backward()
    opt.step()
print(f"U-Net step 64x64 f32\t{median(step)}")
