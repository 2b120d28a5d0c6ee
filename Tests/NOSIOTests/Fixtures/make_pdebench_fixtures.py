# Writes tiny HDF5 files in PDEBench's layouts for the pdebench golden scripts
# (Tests/Scripts/pdebench). Run from this folder: python3 make_pdebench_fixtures.py (h5py).
# Values have closed forms so the scripts can check entries:
#   1-D: tensor[n, t, j] = (n + 1) * sin(2 pi x_j) * 0.5**t, x_j = (j + 0.5) / 16
#   Darcy: nu[n, i, j] = 1 + n + (i + j) % 2, tensor[n, 0, i, j] = nu[n, i, j] * x_i * y_j
#   diffusion-reaction seed s: data[t, i, j, c] = s + t + c + (i * 8 + j) / 64
import h5py
import numpy as np

x = (np.arange(16) + 0.5) / 16
t = np.arange(7) * 0.5
u = np.array([[(n + 1) * np.sin(2 * np.pi * x) * 0.5**k for k in range(6)] for n in range(4)])
with h5py.File('pdebench_1d.hdf5', 'w') as f:
    f['tensor'] = u.astype('f4')              # [N, T, X]
    f['x-coordinate'] = x.astype('f4')
    f['t-coordinate'] = t.astype('f4')        # T + 1 times, as PDEBench stores them

g = (np.arange(8) + 0.5) / 8
nu = np.array([[[1 + n + (i + j) % 2 for j in range(8)] for i in range(8)] for n in range(4)])
with h5py.File('pdebench_darcy.hdf5', 'w') as f:
    f['nu'] = nu.astype('f4')                 # [N, X, Y]
    f['tensor'] = (nu * g[:, None] * g[None, :])[:, None].astype('f4')  # [N, 1, X, Y]
    f['x-coordinate'] = g.astype('f4')
    f['y-coordinate'] = g.astype('f4')

with h5py.File('pdebench_diffreact.h5', 'w', libver='latest') as f:  # compact groups
    for s in range(3):                        # one group per seed: "0000", "0001", ...
        grp = f.create_group(f'{s:04d}')
        k = np.arange(64).reshape(8, 8) / 64
        grp['data'] = np.array([[[k + s + tt + c for c in range(2)] for tt in range(3)]]
                               )[0].transpose(0, 2, 3, 1).astype('f4')  # [T, X, Y, C]
        grp['grid/x'] = g.astype('f4')
        grp['grid/y'] = g.astype('f4')
        grp['grid/t'] = np.arange(3, dtype='f4') * 0.25

with open('pdebench_1d.hdf5', 'rb') as src, open('pdebench_truncated.hdf5', 'wb') as dst:
    dst.write(src.read()[:1500])
