# Writes Tests/Scripts/conv/*_values.nos: nos results checked against PyTorch 2.13 (CPU, f64)
# and scipy.fft on inputs both sides build the same way (sin/cos of arange). Run from the
# repository root: python3 scripts/ref/conv_golden.py
import numpy as np, scipy.fft as sf, torch, torch.nn.functional as F
torch.set_default_dtype(torch.float64)

def S(*shape, f=torch.sin, off=0):  # reshape(sin(arange(n) + off), shape) in nos
    n = int(np.prod(shape)); return f(torch.arange(n, dtype=torch.float64) + off).reshape(shape)

def nos_s(shape, f="sin", off=0):
    n = int(np.prod(shape)); o = f" + {off}" if off else ""
    return f"reshape({f}(arange({n}){o}), {', '.join(map(str, shape))})"

def lit(t):
    a = t.detach().numpy().ravel()
    return "[" + ", ".join(repr(float(v)) for v in a) + "]"

def check(name, expr, t):
    shape = ", ".join(map(str, t.shape))
    return (f"{name} = {expr}\nprint({name}.shape) # expect: [{shape}]\n"
            f"print(allclose({name}, reshape({lit(t)}, {shape}), atol=1e-10)) # expect: true\n")

def write(path, header, body):
    open(f"Tests/Scripts/conv/{path}", "w").write(header + body)

H = "# Values from PyTorch 2.13 CPU in f64 (scripts/ref/conv_golden.py wrote them): {}\n"
x = S(2, 4, 6, 5); w = S(3, 4, 3, 3, f=torch.cos); b = torch.tensor([0.5, -1.0, 2.0])
xs, ws = nos_s([2, 4, 6, 5]), nos_s([3, 4, 3, 3], "cos")
body = f"x = {xs}\nw = {ws}\n"
body += check("y", "conv2d(x, w, [0.5, -1, 2], stride=2, padding=1)",
              F.conv2d(x, w, b, stride=2, padding=1))
wg = S(4, 2, 2, 3, f=torch.cos)
body += check("g", f"conv2d(x, {nos_s([4, 2, 2, 3], 'cos')}, groups=2, dilation=[2, 1], "
              "padding=[1, 0])", F.conv2d(x, wg, groups=2, dilation=(2, 1), padding=(1, 0)))
xc = F.pad(x, (1, 1, 1, 1), mode="circular")
body += check("c", "conv2d(x, w, padding=1, padding_mode=\"circular\")", F.conv2d(xc, w))
write("conv2d_values.nos", H.format("torch.nn.functional.conv2d with stride, padding, bias, "
      "groups, dilation and circular padding.\n"), body)

x1 = S(2, 3, 9); w1 = S(2, 3, 4, f=torch.cos)
body = f"x = {nos_s([2, 3, 9])}\nw = {nos_s([2, 3, 4], 'cos')}\n"
body += check("y", "conv1d(x, w, stride=2, padding=2, dilation=2)",
              F.conv1d(x1, w1, stride=2, padding=2, dilation=2))
body += check("c", "conv1d(x, w, padding=2, padding_mode=\"circular\")",
              F.conv1d(F.pad(x1, (2, 2), mode="circular"), w1))
write("conv1d_values.nos", H.format("conv1d with stride, padding, dilation, circular.\n"), body)

xt = S(2, 4, 3, 5); wt = S(4, 3, 3, 3, f=torch.cos)
body = f"x = {nos_s([2, 4, 3, 5])}\nw = {nos_s([4, 3, 3, 3], 'cos')}\n"
body += check("y", "conv_transpose2d(x, w, [1, 0, -1], stride=2, padding=1, output_padding=1)",
              F.conv_transpose2d(xt, wt, torch.tensor([1.0, 0, -1]), stride=2, padding=1,
                                 output_padding=1))
wt2 = S(4, 1, 2, 2, f=torch.cos)
body += check("g", f"conv_transpose2d(x, {nos_s([4, 1, 2, 2], 'cos')}, stride=2, groups=2)",
              F.conv_transpose2d(xt, wt2, stride=2, groups=2))
write("conv_transpose2d_values.nos", H.format("conv_transpose2d (stride 2 doubles the size"
      " with output_padding; groups).\n"), body)

xp = S(2, 3, 5, 7); x1p = S(2, 3, 8)
body = f"x = {nos_s([2, 3, 5, 7])}\nz = {nos_s([2, 3, 8])}\n"
body += check("a", "avg_pool(x, 2)", F.avg_pool2d(xp, 2))
body += check("m", "max_pool(x, 3, stride=2, padding=1)", F.max_pool2d(xp, 3, 2, 1))
body += check("a1", "avg_pool(z, 3, stride=2, padding=1)", F.avg_pool1d(x1p, 3, 2, 1))
body += check("m1", "max_pool(z, [2])", F.max_pool1d(x1p, 2))
write("pool_values.nos", H.format("avg_pool2d, max_pool2d, avg_pool1d, max_pool1d.\n"), body)

body = f"x = {nos_s([1, 2, 3, 4])}\nz = {nos_s([2, 1, 5])}\n"
xi = S(1, 2, 3, 4); zi = S(2, 1, 5)
body += check("n", "interpolate(x, size=[6, 8])", F.interpolate(xi, size=(6, 8)))
body += check("b", "interpolate(x, size=[5, 7], mode=\"bilinear\")",
              F.interpolate(xi, size=(5, 7), mode="bilinear"))
body += check("ba", "interpolate(x, size=[5, 3], mode=\"bilinear\", align_corners=true)",
              F.interpolate(xi, size=(5, 3), mode="bilinear", align_corners=True))
body += check("d", "interpolate(x, scale_factor=0.5, mode=\"bilinear\")",
              F.interpolate(xi, scale_factor=0.5, mode="bilinear"))
body += check("l", "interpolate(z, size=9, mode=\"linear\")",
              F.interpolate(zi, size=9, mode="linear"))
write("interpolate_values.nos", H.format("interpolate nearest, bilinear (align_corners both "
      "ways, down-sampling) and linear.\n"), body)

q = S(2, 3, 4); k = S(2, 5, 4, f=torch.cos); v = S(2, 5, 6, off=1)
def mha(q, k, v, h):
    sp = lambda t: t.reshape(*t.shape[:-1], h, t.shape[-1] // h).transpose(-3, -2)
    o = F.scaled_dot_product_attention(sp(q), sp(k), sp(v))
    return o.transpose(-3, -2).reshape(*q.shape[:-1], v.shape[-1])
body = (f"q = {nos_s([2, 3, 4])}\nk = {nos_s([2, 5, 4], 'cos')}\n"
        f"v = {nos_s([2, 5, 6], off=1)}\n")
body += check("a", "attention(q, k, v)", mha(q, k, v, 1))
body += check("h", "attention(q, k, v, heads=2)", mha(q, k, v, 2))
write("attention_values.nos", H.format("scaled_dot_product_attention, one and two heads "
      "(heads split the feature axis as nn.MultiheadAttention does).\n"), body)

xn = S(2, 4, 3)
body = f"x = {nos_s([2, 4, 3])}\n"
body += check("l", "layer_norm(x, 3, [1, 2, 3], [0, 1, 0])",
              F.layer_norm(xn, [3], torch.tensor([1.0, 2, 3]), torch.tensor([0.0, 1, 0])))
body += check("l2", "layer_norm(x, [4, 3])", F.layer_norm(xn, [4, 3]))
body += check("g", "group_norm(x, 2, [1, 2, 3, 4], [0, 1, 0, 1])",
              F.group_norm(xn, 2, torch.tensor([1.0, 2, 3, 4]), torch.tensor([0.0, 1, 0, 1])))
write("norm_values.nos", H.format("layer_norm and group_norm.\n"), body)

xd = S(3, 5).numpy()
H2 = "# Values from scipy.fft 1.17 (scripts/ref/conv_golden.py wrote them): {}\n"
body = f"x = {nos_s([3, 5])}\n"
for expr, ref in [("dct(x)", sf.dct(xd)), ("dct(x, type=3)", sf.dct(xd, type=3)),
                  ("dct(x, axis=0, norm=\"ortho\")", sf.dct(xd, axis=0, norm="ortho")),
                  ("dct(x, type=3, norm=\"ortho\")", sf.dct(xd, type=3, norm="ortho")),
                  ("dct(x, axis=[0, 1], norm=\"ortho\")", sf.dctn(xd, norm="ortho")),
                  ("idct(x, type=3)", sf.idct(xd, type=3)),
                  ("idct(x, axis=[0, 1])", sf.idctn(xd))]:
    body += check("y", expr, torch.tensor(ref))
body += "print(allclose(idct(dct(x, axis=[0, 1]), axis=[0, 1]), x)) # expect: true\n"
body += "print(dct(f32(x)).dtype) # expect: f32\n"
write("dct_values.nos", H2.format("dct/idct types 2 and 3, orthonormal, 2-D.\n"), body)
