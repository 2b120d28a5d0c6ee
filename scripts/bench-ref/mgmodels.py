# PyTorch steps for the lsm and mg_patch(tfno) rows of `scripts/bench models` (imported by
# convmodels.py): LSM is lsm_ref.py's forward with trainable weights (width 32, 4 tokens,
# 12 bases, 4×4 patches, 4 levels); MG-TFNO is multigrid patching written for this
# benchmark (the index rule of nos's MGPatch: levels 1, padding 0.0625) around a 2-D FNO with
# dense spectral weights standing in for the Tucker ones (as models.py's TFNO row does:
# PyTorch has no factorised layer without extra packages). [8, 1, 64, 64] f32.
import math, torch, torch.nn as nn, torch.nn.functional as F
import lsm_ref

class LSM(nn.Module):
    def __init__(self, width=32, tokens=4, basis=12, patch=(4, 4), levels=4):
        super().__init__()
        self.levels, self.patch = levels, patch
        shapes = lsm_ref.shapes(1, 1, width, tokens, basis, levels)
        self.ws = nn.ParameterList([nn.Parameter(w.float()) for w in lsm_ref.fill(shapes)])
    def forward(self, x):
        return lsm_ref.lsm(x, list(self.ws), self.levels, self.patch, (0, 0))

def windows(size, levels, l, p):
    """[n, s + 2p] input indices of each patch window on level l (periodic)."""
    n = 2 ** levels; s = size // n; sub = size >> l; stride = s >> l
    q = p if l == 0 else (s + (n - 1) * stride - sub + 1) // 2 + p
    return torch.tensor([[((i * stride - q + r) % sub) << l for r in range(s + 2 * p)]
                         for i in range(n)])

class MGPatch(nn.Module):
    def __init__(self, model, levels=1, fraction=0.0625):
        super().__init__()
        self.model, self.levels, self.fraction = model, levels, fraction
    def forward(self, x):
        b, c, h, w = x.shape
        n, L = 2 ** self.levels, self.levels
        ph, pw = round(h * self.fraction), round(w * self.fraction)
        r1, r2 = h // n + 2 * ph, w // n + 2 * pw
        parts = []
        for l in range(L + 1):
            t = x[:, :, windows(h, L, l, ph).reshape(-1)][..., windows(w, L, l, pw).reshape(-1)]
            t = t.reshape(b, c, n, r1, n, r2).permute(0, 2, 4, 1, 3, 5)
            parts.append(t.reshape(b * n * n, c, r1, r2))
        y = self.model(torch.cat(parts, 1))[:, :, ph:ph + h // n, pw:pw + w // n]
        y = y.reshape(b, n, n, -1, h // n, w // n).permute(0, 3, 1, 4, 2, 5)
        return y.reshape(b, -1, h, w)

class FNO2d(nn.Module):  # nos's fno in 2-D: grid j/n, lift, (spectral + 1×1) × layers, head
    def __init__(self, cin=2, modes=(12, 12), width=32, layers=4, proj=128):
        super().__init__()
        m1, m2 = modes; self.m = modes
        self.lift = nn.Conv2d(cin + 2, width, 1)
        scale = 1 / (width * width)
        self.w1 = nn.ParameterList([nn.Parameter(scale * torch.rand(width, width, m1, m2,
                                                                    dtype=torch.cfloat))
                                    for _ in range(layers)])
        self.w2 = nn.ParameterList([nn.Parameter(scale * torch.rand(width, width, m1, m2,
                                                                    dtype=torch.cfloat))
                                    for _ in range(layers)])
        self.skip = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(layers)])
        self.p1, self.p2 = nn.Conv2d(width, proj, 1), nn.Conv2d(proj, 1, 1)
    def forward(self, x):
        b, _, n1, n2 = x.shape
        gx = (torch.arange(n1) / n1).view(1, 1, n1, 1).expand(b, 1, n1, n2)
        gy = (torch.arange(n2) / n2).view(1, 1, 1, n2).expand(b, 1, n1, n2)
        h = self.lift(torch.cat([x, gx, gy], 1))
        m1, m2 = self.m
        for i, (w1, w2, k) in enumerate(zip(self.w1, self.w2, self.skip)):
            hf = torch.fft.rfft2(h)
            out = torch.zeros(b, h.shape[1], n1, n2 // 2 + 1, dtype=hf.dtype)
            out[:, :, :m1, :m2] = torch.einsum("bixy,ioxy->boxy", hf[:, :, :m1, :m2], w1)
            out[:, :, -m1:, :m2] = torch.einsum("bixy,ioxy->boxy", hf[:, :, -m1:, :m2], w2)
            h = torch.fft.irfft2(out, s=(n1, n2)) + k(h)
            if i < len(self.skip) - 1: h = F.gelu(h)
        return self.p2(F.gelu(self.p1(h)))

def rows(stepper, median, x, y):
    for name, model in [("LSM step 64x64 f32", LSM()),
                        ("MG-TFNO step 64x64 f32", MGPatch(FNO2d()))]:
        print(f"{name}\t{median(stepper(model, [x], y))}", flush=True)
