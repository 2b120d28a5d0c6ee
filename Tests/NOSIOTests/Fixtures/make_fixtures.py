# Makes the committed fixtures of NOSIOTests (run from this folder: python3 make_fixtures.py).
# Values follow v[i] = (i % 7) * 1.5 - 3 over the flat C-order index (ints: i % 7 - 3),
# so the Swift tests recompute them independently.
import numpy as np
import h5py

def values(shape, kind):
    n = int(np.prod(shape))
    i = np.arange(n)
    if kind == "int":
        v = (i % 7) - 3
    elif kind == "uint":
        v = i % 7
    elif kind == "bool":
        v = i % 2
    else:
        v = (i % 7) * 1.5 - 3
    return v.reshape(shape)

for descr in ["<f8", ">f8", "<f4", ">f4", "<i8", ">i4", "<i2", "|i1", "<u2", "|u1", "|b1"]:
    kind = {"f": "float", "i": "int", "u": "uint", "b": "bool"}[descr[1]]
    a = values((2, 3), kind).astype(np.dtype(descr))
    np.save(f"{descr[1:]}_{'be' if descr[0] == '>' else 'le'}.npy", a)
for descr in ["<c16", ">c16", "<c8"]:
    a = (values((2, 3), "float") + 1j * values((2, 3), "float")[::-1]).astype(np.dtype(descr))
    np.save(f"{descr[1:]}_{'be' if descr[0] == '>' else 'le'}.npy", a)
np.save("fortran.npy", np.asfortranarray(values((2, 3, 4), "float")))
np.save("scalar.npy", np.float64(2.5))
np.save("empty.npy", np.zeros((0, 3)))
np.save("unicode.npy", np.array(["ab", "c"]))
np.savez("stored.npz", a=values((2, 3), "float"), b=values((4,), "int").astype(np.int32))
np.savez_compressed("deflated.npz", a=values((2, 3), "float"),
                    big=values((50, 20), "float").astype(np.float32))

with h5py.File("data.h5", "w") as f:
    f["u"] = values((10, 4), "float")
    f["grid"] = values((4,), "float").astype(np.float32)
    g = f.create_group("group")
    g["v"] = values((2, 3), "int").astype(np.int32)
    g["deeper/w"] = values((3,), "uint").astype(np.uint8)
    f["c"] = (values((3,), "float") + 2j).astype(np.complex128)
    f["flag"] = np.array([True, False, True])
    f["s"] = 7.25
    f["name"] = "text"

# A MATLAB v7.3 file: HDF5 with a 512-byte user block holding MATLAB's header; arrays
# stored with their axes reversed (MATLAB is column-major).
header = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 ."
with h5py.File("coeff.mat", "w", userblock_size=512) as f:
    coeff = values((3, 5), "float")  # what MATLAB calls a 3-by-5 array
    d = f.create_dataset("coeff", data=coeff.T)
    d.attrs["MATLAB_class"] = np.bytes_("double")
    sol = values((2, 3, 4), "float")
    f.create_dataset("sol", data=sol.transpose(2, 1, 0)).attrs["MATLAB_class"] = np.bytes_("double")
with open("coeff.mat", "r+b") as fh:
    block = header.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM"
    fh.write(block)
