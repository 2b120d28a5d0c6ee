# An independent NumPy/SciPy forward pass of nos's t1 (Sources/NOSModels/T1.swift) for the
# value test in Tests/NOSModelsTests/T1Tests.swift: weights are filled deterministically
# (leaf i: 0.2·sin(0.37·j + i) in nos's leaf order), and sample outputs are printed.
# t1_rfft_ref.py imports t1 and samples from here with its own fill and transforms.
import numpy as np

def fill(shapes):
    return [0.2 * np.sin(np.arange(int(np.prod(s))) * 0.37 + i).reshape(s)
            for i, s in enumerate(shapes)]

def dct(h, axes):
    import scipy.fft as sf
    return sf.dctn(h, axes=axes, norm="ortho")

def idct(z, sp, axes, keep):
    import scipy.fft as sf
    full = np.zeros(z.shape[:2] + tuple(sp)); full[keep] = z
    return sf.idctn(full, axes=axes, norm="ortho")

def t1(x, modes, width, layers, cout, proj, fill=fill, forward=dct, inverse=idct):
    """t1's forward pass; `forward(h, axes)` and `inverse(z, spatial, axes, keep)` are the
    transform pair (DCT-II here, the real FFT in t1_rfft_ref.py)."""
    b, cin, *sp = x.shape
    d = len(sp)
    shapes = [(cin + d, width), (width,)]
    for _ in range(layers):
        shapes += [(width, width, *modes)] + [(m, m, width) for m in modes]
    shapes += [(width, proj), (proj, cout)]
    w = fill(shapes)
    grids = np.meshgrid(*[np.arange(n) / n for n in sp], indexing="ij")
    h = np.concatenate([x, np.broadcast_to(np.stack(grids)[None], (b, d, *sp))], axis=1)
    h = np.einsum("bi...,io->bo...", h, w[0]) + w[1].reshape(width, *([1] * d))
    axes = tuple(range(2, 2 + d))
    keep = (slice(None), slice(None)) + tuple(slice(0, m) for m in modes)
    z = forward(h, axes)[keep]
    k = 2
    for _ in range(layers):
        y = np.sin(np.einsum("bi...,io...->bo...", z, w[k])); k += 1
        if d == 1:
            y = np.einsum("bcx,xoc->bco", y, w[k]); k += 1
        else:
            y = np.einsum("bcxy,xoc->bcoy", y, w[k]); y = np.einsum("bcxy,yoc->bcxo", y, w[k + 1]); k += 2
        z = z + y
    hd = np.sin(np.einsum("bc...,co->bo...", z, w[k]))
    z = np.einsum("bc...,co->bo...", hd, w[k + 1])
    return inverse(z, sp, axes, keep)

def samples(t1):
    """Prints the test's sample outputs of `t1` (a 2-D and a 1-D case)."""
    x2 = np.sin(np.arange(2 * 1 * 8 * 7) * 0.1).reshape(2, 1, 8, 7)
    y2 = t1(x2, [3, 4], 5, 2, 2, 6)
    print("2-D", y2.shape, repr(y2.ravel()[::13].round(12).tolist()), repr(y2.sum()))
    x1 = np.sin(np.arange(3 * 2 * 16) * 0.2).reshape(3, 2, 16)
    y1 = t1(x1, [5], 4, 3, 1, 7)
    print("1-D", y1.shape, repr(y1.ravel()[::5].round(12).tolist()), repr(y1.sum()))

if __name__ == "__main__":
    samples(t1)
