# Writes the MATLAB v5, .safetensors and PyTorch fixtures of the NOSIO tests (a few kB each).
# Run from this folder: python3 make_foreign_fixtures.py (needs numpy, scipy, torch, safetensors).
# Values are small exact binary fractions so the tests can state them in closed form:
# v[i] = (i % 7) * 1.5 - 3 over the flat (C-order) index, as make_fixtures.py does.
import numpy as np
import scipy.io
import torch
from safetensors.numpy import save_file


def v(shape, dtype='f8'):
    n = int(np.prod(shape))
    return ((np.arange(n) % 7) * 1.5 - 3).reshape(shape).astype(dtype)


def mat_contents():
    return {
        'a': v((3, 4)),                      # double 3x4
        's': v((2, 5), 'f4'),                # single
        'i': v((2, 3)).astype('i4'),         # int32 -> f64
        'b': v((2, 2)) > 0,                  # logical
        'z': v((2, 3)) + 1j * v((2, 3))[::-1],  # complex double
        'cube': v((2, 3, 4)),                # 3-D
        'name': 'darcy',                     # char
        'st': {'coeff': v((2, 2)), 'k': 7.0, 'label': 'x'},  # 1x1 struct
        'cells': np.array([v((2,)), v((3,)), 'txt'], dtype=object),  # 1x3 cell
    }


scipy.io.savemat('v5.mat', mat_contents())
scipy.io.savemat('v5z.mat', mat_contents(), do_compression=True)
save_file({'w': v((3, 4), 'f4'), 'b': v((4,), 'f8'), 'm': v((2, 2)) > 0,
           'h': v((5,), 'f2'), 'n': v((2, 3)).astype('i8')}, 'small.safetensors',
          metadata={'format': 'np'})
torch.save(torch.tensor(v((2, 3), 'f4')), 'tensor.pt')
base = torch.tensor(v((4, 6)))
torch.save({'w': torch.tensor(v((3, 4), 'f4')), 'view': base.t()[1:3],
            'z': torch.tensor(v((2, 2)) + 1j * v((2, 2)), dtype=torch.complex64),
            'n': 3, 'x': 0.5, 'name': 'fno', 'sizes': (1, 2), 'items': [torch.ones(2)],
            'half': torch.tensor(v((3,)), dtype=torch.float16),
            'bf': torch.tensor(v((3,)), dtype=torch.bfloat16)}, 'dict.pt')
seq = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1))
with torch.no_grad():
    for i, p in enumerate(seq.parameters()):
        p.copy_(torch.tensor(v(tuple(p.shape), 'f4')) / (i + 2))
torch.save(seq.state_dict(), 'sequential.pt')

# Damaged and hostile files: each must give a clear error naming the file, never a crash.
import io
import os
import zipfile


def truncate(src, dst, keep):
    with open(src, 'rb') as f:
        data = f.read()
    with open(dst, 'wb') as f:
        f.write(data[:int(len(data) * keep)])


truncate('v5.mat', 'v5_truncated.mat', 0.5)
truncate('small.safetensors', 'truncated.safetensors', 0.7)
truncate('dict.pt', 'truncated.pt', 0.5)


class Evil:
    def __reduce__(self):
        return (os.system, ('echo pwned',))


def torch_zip(name, pickle_bytes):
    with zipfile.ZipFile(name, 'w') as z:
        z.writestr('archive/data.pkl', pickle_bytes)
        z.writestr('archive/version', '3\n')


import pickle
torch_zip('evil.pt', pickle.dumps({'w': Evil()}, protocol=2))
# INST (opcode 'i', protocol 0) builds an object by calling a class: not in the safe subset.
torch_zip('inst.pt', b'\x80\x02(ibuiltins\nobject\n.')
# A list that contains itself (memo trick): loads in the unpickler, refused when converted.
torch_zip('cycle.pt', b'\x80\x02]q\x00h\x00a.')
