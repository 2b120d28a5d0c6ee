# An independent PyTorch forward pass of nos's mgno (Sources/NOSModels/MgNO.swift, the
# Darcy form MgNO_DC of He, Liu & Xu's code) for Tests/NOSModelsTests/MgNOTests.swift:
# parameters are listed in nos's leaf order and filled with 0.1·sin(0.37·j + i).
import torch, torch.nn.functional as F

def build(iters, cu, layers, cin, cout):
    shapes = []  # (name, shape) in nos's leaf order
    for i in range(layers):
        cf = cin if i == 0 else cu
        for l, (pre, post) in enumerate(iters):
            if l > 0: shapes += [("pi", (cu, cu, 3, 3)), ("r", (cf, cf, 3, 3))]
            for k in range(pre):
                if not (l == 0 and k == 0): shapes.append(("a", (cf, cu, 3, 3)))
                shapes.append(("s", (cu, cf, 3, 3)))
            for k in range(post): shapes += [("a", (cf, cu, 3, 3)), ("s", (cu, cf, 3, 3))]
        shapes += [("up", (cu, cu, 4, 4))] * (len(iters) - 1)
        shapes += [("w", (cu, cf, 1, 1)), ("b", (cu,))]
    shapes.append(("out", (cout, cu, 1, 1)))
    return [0.1 * torch.sin(torch.arange(int(torch.tensor(s).prod())) * 0.37 + i).reshape(s)
            for i, (_, s) in enumerate(shapes)]

def forward(x, iters, cu, layers, ws, circular=False):
    ws = iter(ws)
    def conv(t, w, stride=1):
        if circular: return F.conv2d(F.pad(t, (1, 1, 1, 1), mode="circular"), w, stride=stride)
        return F.conv2d(t, w, stride=stride, padding=1)
    def smooth(u, f, n, first=False):
        for k in range(n):
            if first and k == 0: u = conv(f, next(ws))
            else:
                a = next(ws); s = next(ws); u = u + conv(f - conv(u, a), s)
        return u
    u = x
    for i in range(layers):
        f, us, fs, cur, posts = u, [], [], None, []
        for l, (pre, post) in enumerate(iters):
            if l > 0:
                pi = next(ws); r = next(ws); f = conv(f, r, 2); cur = conv(cur, pi, 2)
            cur = smooth(cur, f, pre, first=(l == 0))
            # post-smoothing weights come right after this level's pre weights
            posts.append([next(ws) for _ in range(2 * post)])
            us.append(cur); fs.append(f)
        ups = [next(ws) for _ in range(len(iters) - 1)]
        for j in range(len(iters) - 2, -1, -1):
            v = us[j] + F.conv_transpose2d(us[j + 1], ups[j], stride=2, padding=1)
            pw = iter(posts[j])
            for _ in range(len(posts[j]) // 2):
                a = next(pw); s = next(pw); v = v + conv(fs[j] - conv(v, a), s)
            us[j] = v
        w = next(ws); b = next(ws)
        u = F.gelu(us[0] + F.conv2d(u, w, b))
    return F.conv2d(u, next(ws))

if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    iters = [[1, 1], [2, 0], [1, 1]]
    ws = build(iters, 3, 2, 2, 2)
    x = torch.sin(torch.arange(2 * 2 * 8 * 8) * 0.1).reshape(2, 2, 8, 8)
    for circ in [False, True]:
        y = forward(x, iters, 3, 2, ws, circ)
        print(circ, y.shape, [round(v, 12) for v in y.flatten()[::11].tolist()], y.sum().item())
    cnt = lambda it, cu, L, ci, co: sum(w.numel() for w in build(it, cu, L, ci, co))
    print("counts", cnt([[1, 0]] * 5 + [[2, 0]], 24, 4, 1, 1), cnt(iters, 3, 2, 2, 2))
