# An independent NumPy forward pass of nos's t1(..., transform="rfft") (kairos's Fourier T1,
# Sources/NOSModels/T1.swift) for Tests/NOSModelsTests/T1RFFTTests.swift: real leaf i is
# 0.2·sin(0.37·j + i), complex leaf i is 0.2·sin(0.37·j + i) + 0.2i·cos(0.53·j + i), in nos's
# leaf order (lift w, b; per layer k, m1[, m2]; head w1, w2). The layers are t1_ref.py's;
# only the fill and the transform pair differ.
import numpy as np
import t1_ref

def fill(shapes, complex_from=2):
    out = []
    for i, s in enumerate(shapes):
        j = np.arange(int(np.prod(s)))
        v = 0.2 * np.sin(0.37 * j + i)
        if i >= complex_from: v = v + 0.2j * np.cos(0.53 * j + i)
        out.append(v.reshape(s))
    return out

def rfft(h, axes):
    return np.fft.rfftn(h, axes=axes, norm="ortho")

def irfft(z, sp, axes, keep):
    half = list(sp); half[-1] = sp[-1] // 2 + 1
    full = np.zeros(z.shape[:2] + tuple(half), dtype=complex); full[keep] = z
    return np.fft.irfftn(full, s=sp, axes=axes, norm="ortho")

def t1(x, modes, width, layers, cout, proj):
    return t1_ref.t1(x, modes, width, layers, cout, proj, fill=fill, forward=rfft,
                     inverse=irfft)

if __name__ == "__main__":
    t1_ref.samples(t1)
