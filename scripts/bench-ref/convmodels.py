# PyTorch steps for the unet, t1 and mgno rows of `scripts/bench models` (imported by
# models.py; mgmodels.py adds lsm and MG-TFNO): the same architectures as nos's (unet_ref.py, mgno_ref.py; T1 with its DCTs
# as products with orthonormal DCT matrices), Adam, rel-L2 loss, [8, 1, 64, 64] f32.
import math, torch, torch.nn as nn
from unet_ref import UNet
import mgno_ref
torch.set_default_dtype(torch.float32)

class MgNO(nn.Module):
    def __init__(self, iters=[[1, 0]] * 5 + [[2, 0]], cu=24, layers=4):
        super().__init__()
        self.iters, self.cu, self.layers = iters, cu, layers
        self.ws = nn.ParameterList([nn.Parameter(w.float() * 0.3)
                                    for w in mgno_ref.build(iters, cu, layers, 1, 1)])
    def forward(self, x):
        return mgno_ref.forward(x, self.iters, self.cu, self.layers, list(self.ws))

def dct_matrix(n):  # orthonormal DCT-II: rows k, columns j
    j = torch.arange(n); k = j[:, None]
    m = torch.cos(math.pi * k * (2 * j + 1) / (2 * n)) * math.sqrt(2 / n)
    m[0] /= math.sqrt(2)
    return m

class T1(nn.Module):
    def __init__(self, modes=(12, 12), width=64, layers=4, proj=128, n=64):
        super().__init__()
        m1, m2 = modes; self.m = modes
        self.lift = nn.Conv2d(3, width, 1)
        self.k = nn.ParameterList([nn.Parameter(torch.randn(width, width, m1, m2) * 0.1)
                                   for _ in range(layers)])
        self.s1 = nn.ParameterList([nn.Parameter(torch.randn(m1, m1, width) / m1 ** 0.5)
                                    for _ in range(layers)])
        self.s2 = nn.ParameterList([nn.Parameter(torch.randn(m2, m2, width) / m2 ** 0.5)
                                    for _ in range(layers)])
        self.w1 = nn.Parameter(torch.randn(width, proj) / width ** 0.5)
        self.w2 = nn.Parameter(torch.randn(proj, 1) / proj ** 0.5)
        self.register_buffer("d", dct_matrix(n))
    def forward(self, x):
        b, _, n, _ = x.shape
        g = torch.arange(n) / n
        grid = torch.stack(torch.meshgrid(g, g, indexing="ij"))[None].expand(b, 2, n, n)
        h = self.lift(torch.cat([x, grid], 1))
        m1, m2 = self.m
        z = self.d[:m1] @ h @ self.d[:m2].T  # the kept modes of the 2-D DCT
        for k, s1, s2 in zip(self.k, self.s1, self.s2):
            y = torch.sin(torch.einsum("bixy,ioxy->boxy", z, k))
            y = torch.einsum("bcxy,xoc->bcoy", y, s1)
            z = z + torch.einsum("bcxy,yoc->bcxo", y, s2)
        z = torch.einsum("bcxy,co->boxy", torch.sin(torch.einsum("bcxy,co->boxy", z, self.w1)),
                         self.w2)
        return self.d[:m1].T @ z @ self.d[:m2]  # inverse DCT of the zero-filled spectrum

def rows(stepper, median):
    x = torch.randn(8, 1, 64, 64); y = torch.randn(8, 1, 64, 64)
    for name, model in [("U-Net step 64x64 f32", UNet()), ("T1-2D step 64x64 f32", T1()),
                        ("MgNO step 64x64 f32", MgNO())]:
        print(f"{name}\t{median(stepper(model, [x], y))}", flush=True)
    import mgmodels  # lsm and mg_patch(tfno), same data
    mgmodels.rows(stepper, median, x, y)
