"""Writes the hostile-file corpus of the AddressSanitizer pass into the folder argv[1]:
truncations and byte flips of every fixture format (.npy, .npz, HDF5, .mat), headers and zip
directories declaring huge sizes, model files with absurd JSON, hostile CSV and scripts.
Seeded, so every run writes the same files. Standard library only."""
import io, json, os, random, struct, sys, zipfile

out = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "NOSIOTests", "Fixtures")
rng = random.Random(26)


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def npy(header, data=b""):
    h = header.encode()
    h += b" " * ((64 - (10 + len(h) + 1) % 64) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data


for name in sorted(os.listdir(root)):
    ext = os.path.splitext(name)[1]
    if ext not in (".npy", ".npz", ".h5", ".mat"):
        continue
    data = open(os.path.join(root, name), "rb").read()
    for k in range(6):
        put(f"cut{k}-{name}", data[: rng.randrange(len(data))])
        b = bytearray(data)
        for _ in range(1 + rng.randrange(8)):
            i = rng.randrange(min(len(b), 400) if k % 2 else len(b))
            b[i] = rng.randrange(256)
        put(f"flip{k}-{name}", bytes(b))

shapes = ["(1099511627776,)", "(1000000000000000, 0, 1000000000000000)", "(4294967296, 4294967296)",
          "(-1,)", "(9223372036854775807,)", "()"]
for i, s in enumerate(shapes):
    put(f"shape{i}.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': %s, }" % s, b"\0" * 16))
put("hdrlen.npy", b"\x93NUMPY\x01\x00\xff\xff{'descr'")


def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in members:
            z.writestr(n, d)
    return bytearray(buf.getvalue())


# A member whose directory entries declare 3 GiB for 4 MiB of data.
z = zip_bytes([("a.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (524288,), }",
                             bytes(4 << 20)))])
local = z.find(b"PK\x03\x04")
central = z.find(b"PK\x01\x02")
z[local + 22 : local + 26] = struct.pack("<I", 3 << 30)
z[central + 24 : central + 28] = struct.pack("<I", 3 << 30)
put("lying.npz", bytes(z))
z2 = bytearray(z)
end = z2.rfind(b"PK\x05\x06")
z2[end + 8 : end + 12] = b"\xff\xff\xff\xff"
put("count.npz", bytes(z2))

for i, (key, value) in enumerate([("layers", 10**9), ("width", 10**12), ("modes", [10**9, 10**9]),
                                  ("kind", "nothing"), ("layers", -3)]):
    spec = {"act": "gelu", "dtype": "f64", "in_channels": 1, "kind": "fno", "layers": 1,
            "modes": [4], "out_channels": 1, "proj": 8, "width": 8}
    spec[key] = value
    put(f"model{i}.nosm", bytes(zip_bytes([("nos.json", json.dumps(spec)), ("nos-format", "5")])))

put("quote.csv", b'a,b\n1,"2\n3,4\n')
put("wide.csv", b"," * 100000 + b"\n")
put("ragged.csv", b"a,b\n1,2\n3\n")
put("binary.csv", bytes(rng.randrange(256) for _ in range(4096)))
put("deep.nos", b"(" * 100000 + b"1")
put("odd.nos", b"\xef\xbb\xbfx\x00\xff\xfe\n")
put("self.nos", b'run("' + os.path.join(out, "self.nos").encode() + b'")\n')
