# An independent PyTorch forward pass of nos's lsm (Sources/NOSModels/LSM.swift; Wu et al.'s
# LSM_2D with per-sample norm statistics) for Tests/NOSModelsTests/LSMTests.swift. Weights
# are listed in nos's leaf order and filled with 0.1·sin(0.37·j + i). The spectral block
# follows the authors' view/permute layout (keys and values interleaved per head channel),
# written here from the paper's description: patch tokens [N, L, C] → heads.
import math, torch, torch.nn.functional as F

def shapes(cin, cout, width, tokens, basis, levels):
    ch = lambda i: width << min(i, levels - 1)
    s = [(cin + 2, width), (width,)]
    dbl = lambda a, m, b: [(m, a, 3, 3), (m,), (m,), (b, m, 3, 3), (b,), (b,)]
    for i in range(levels + 1):
        s += dbl(width if i == 0 else ch(i - 1), ch(i), ch(i))
    for i in range(levels):
        s += dbl(2 * ch(i), ch(i), width if i == 0 else ch(i) // 2)
    for i in range(levels + 1):
        c = ch(i)
        s += [(c, 2 * basis), (8, tokens, c // 8), (2 * c, c, 1, 1), (2 * c,), (c, c, 1, 1), (c,)]
    s += [(width, width, 1, 1), (width,), (width, 128), (128,), (128, cout), (cout,)]
    return s

def fill(sh):
    return [0.1 * torch.sin(torch.arange(math.prod(s)) * 0.37 + i).reshape(s)
            for i, s in enumerate(sh)]

def double(x, w):
    for conv, g, b in (w[0:3], w[3:6]):
        x = F.conv2d(x, conv, padding=1)
        x = F.relu(F.group_norm(x, x.shape[1], g, b, eps=1e-5))
    return x

def spectral(x, w, patch):
    basis_w, latent, ew, eb, dw, db = w
    B, C, H, W = x.shape
    p1, p2 = patch
    x = x.view(B, C, H // p1, p1, W // p2, p2).permute(0, 2, 4, 1, 3, 5).reshape(-1, C, p1, p2)
    N, L, h = x.shape[0], p1 * p2, 8
    kv = F.conv2d(x, ew, eb).view(N, 2 * C, L).transpose(1, 2).reshape(N, L, h, C // h, 2)
    k, v = kv[..., 0].transpose(1, 2), kv[..., 1].transpose(1, 2)      # N h L d
    q = latent.expand(N, -1, -1, -1)
    z = torch.softmax(q @ k.transpose(-1, -2), -1) @ v + q              # N h T d
    z = z.transpose(2, 3).reshape(N, C, -1)                              # N C T
    K = basis_w.shape[1] // 2
    arg = z[..., None] * (torch.arange(K) / K * math.pi)
    z = torch.einsum("nctm,cm->nct", torch.cat([arg.sin(), arg.cos()], -1), basis_w) + z
    tok = z.view(N, h, C // h, -1).transpose(2, 3)                       # N h T d
    qx = F.conv2d(x, dw, db).view(N, C, L).transpose(1, 2).reshape(N, L, h, C // h)
    y = torch.softmax(qx.transpose(1, 2) @ tok.transpose(-1, -2), -1) @ tok  # N h L d
    y = y.transpose(2, 3).reshape(N, C, p1, p2) + x
    y = y.view(B, H // p1, W // p2, C, p1, p2).permute(0, 3, 1, 4, 2, 5)
    return y.reshape(B, C, H, W)

def lsm(x, ws, levels, patch, pad):
    ws = iter(ws)
    take = lambda n: [next(ws) for _ in range(n)]
    B, _, H, W = x.shape
    gx = torch.linspace(0, 1, H).view(1, 1, H, 1).expand(B, 1, H, W)
    gy = torch.linspace(0, 1, W).view(1, 1, 1, W).expand(B, 1, H, W)
    lw, lb = take(2)
    y = torch.einsum("bihw,io->bohw", torch.cat([x, gx, gy], 1), lw) + lb[:, None, None]
    y = F.pad(y, [0, pad[1], 0, pad[0]])
    enc = [take(6) for _ in range(levels + 1)]
    dec = [take(6) for _ in range(levels)]
    spec = [take(6) for _ in range(levels + 1)]
    skips, h = [], double(y, enc[0])
    for i in range(levels + 1):
        if i > 0: h = double(F.max_pool2d(h, 2), enc[i])
        skips.append(spectral(h, spec[i], patch))
    h = skips[levels]
    for i in range(levels - 1, -1, -1):
        up = F.interpolate(h, scale_factor=2, mode="bilinear", align_corners=True)
        h = double(torch.cat([skips[i], up], 1), dec[i])
    ow, ob, w1, b1, w2, b2 = take(6)
    h = F.conv2d(h, ow, ob)[:, :, :H, :W]
    h = F.gelu(torch.einsum("bihw,io->bohw", h, w1) + b1[:, None, None])
    return torch.einsum("bihw,io->bohw", h, w2) + b2[:, None, None]

if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    # the test's small case: in 2, out 2, width 8, tokens 3, basis 4, patches [2, 3], 2 levels
    ws = fill(shapes(2, 2, 8, 3, 4, 2))
    x = torch.sin(torch.arange(2 * 2 * 10 * 11) * 0.1).reshape(2, 2, 10, 11)
    y = lsm(x, ws, 2, (2, 3), (8 - 10 % 8, 12 - 11 % 12))
    print(y.shape, [round(v, 12) for v in y.flatten()[::37].tolist()], y.sum().item())
    n = lambda *a: sum(math.prod(s) for s in shapes(*a))
    print("counts", n(1, 1, 64, 4, 12, 4), n(2, 2, 8, 3, 4, 2), n(3, 1, 32, 4, 12, 4))
