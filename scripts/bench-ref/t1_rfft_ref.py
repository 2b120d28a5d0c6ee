# An independent NumPy forward pass of nos's t1(..., transform="rfft") (kairos's Fourier T1,
# Sources/NOSModels/T1.swift) for Tests/NOSModelsTests/T1Tests.swift: real leaf i is
# 0.2·sin(0.37·j + i), complex leaf i is 0.2·sin(0.37·j + i) + 0.2i·cos(0.53·j + i), in nos's
# leaf order (lift w, b; per layer k, m1[, m2]; head w1, w2).
import numpy as np

def fill(shapes, complex_from):
    out = []
    for i, s in enumerate(shapes):
        j = np.arange(int(np.prod(s)))
        v = 0.2 * np.sin(0.37 * j + i)
        if i >= complex_from: v = v + 0.2j * np.cos(0.53 * j + i)
        out.append(v.reshape(s))
    return out

def t1(x, modes, width, layers, cout, proj):
    b, cin, *sp = x.shape
    d = len(sp)
    shapes = [(cin + d, width), (width,)]
    for _ in range(layers):
        shapes += [(width, width, *modes)] + [(m, m, width) for m in modes]
    shapes += [(width, proj), (proj, cout)]
    w = fill(shapes, 2)
    grids = np.meshgrid(*[np.arange(n) / n for n in sp], indexing="ij")
    h = np.concatenate([x, np.broadcast_to(np.stack(grids)[None], (b, d, *sp))], axis=1)
    h = np.einsum("bi...,io->bo...", h, w[0]) + w[1].reshape(width, *([1] * d))
    axes = tuple(range(2, 2 + d))
    keep = (slice(None), slice(None)) + tuple(slice(0, m) for m in modes)
    z = np.fft.rfftn(h, axes=axes, norm="ortho")[keep]
    k = 2
    for _ in range(layers):
        y = np.sin(np.einsum("bi...,io...->bo...", z, w[k])); k += 1
        if d == 1:
            y = np.einsum("bcx,xoc->bco", y, w[k]); k += 1
        else:
            y = np.einsum("bcxy,xoc->bcoy", y, w[k]); y = np.einsum("bcxy,yoc->bcxo", y, w[k + 1]); k += 2
        z = z + y
    z = np.einsum("bc...,co->bo...", np.sin(np.einsum("bc...,co->bo...", z, w[k])), w[k + 1])
    half = list(sp); half[-1] = sp[-1] // 2 + 1
    full = np.zeros((b, cout, *half), dtype=complex); full[keep] = z
    return np.fft.irfftn(full, s=sp, axes=axes, norm="ortho")

x2 = np.sin(np.arange(2 * 1 * 8 * 7) * 0.1).reshape(2, 1, 8, 7)
y2 = t1(x2, [3, 4], 5, 2, 2, 6)
print("2-D", y2.shape, repr(y2.ravel()[::13].round(12).tolist()), repr(y2.sum()))
x1 = np.sin(np.arange(3 * 2 * 16) * 0.2).reshape(3, 2, 16)
y1 = t1(x1, [5], 4, 3, 1, 7)
print("1-D", y1.shape, repr(y1.ravel()[::5].round(12).tolist()), repr(y1.sum()))
