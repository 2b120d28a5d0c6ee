# PyTorch reference for `scripts/bench grad`: the same PINN and MLP workloads as
# scripts/bench-ref/grad/*.nos, 2 threads, "case<TAB>median seconds".
import math
import torch

from timing import median
torch.set_num_threads(2)

def init(sizes, dt):
    ps = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        w = (torch.randn(a, b, dtype=torch.float64) * math.sqrt(2 / (a + b))).to(dt).requires_grad_()
        ps.append((w, torch.zeros(b, dtype=dt, requires_grad=True)))
    return ps

def net(ps, x):
    h = x
    for w, b in ps[:-1]:
        h = torch.tanh(h @ w + b)
    w, b = ps[-1]
    return h @ w + b

SIZES = [2] + [20] * 8 + [1]
for name, dt in [("f64", torch.float64), ("f32", torch.float32)]:
    torch.manual_seed(0)
    X = (torch.rand(10000, 2, dtype=torch.float64) * torch.tensor([2.0, 1.0]) - torch.tensor([1.0, 0.0])).to(dt)
    XB = (torch.rand(100, 2, dtype=torch.float64) * torch.tensor([2.0, 1.0]) - torch.tensor([1.0, 0.0])).to(dt)
    UB = -torch.sin(math.pi * XB[:, 0])
    ps = init(SIZES, dt)
    flat = [t for pair in ps for t in pair]

    def pinn_loss():
        x = X.clone().requires_grad_(True)
        u = net(ps, x)
        du = torch.autograd.grad(u.sum(), x, create_graph=True)[0]
        u_xx = torch.autograd.grad(du[:, 0].sum(), x, create_graph=True)[0][:, 0]
        r = du[:, 1] + u[:, 0] * du[:, 0] - 0.01 / math.pi * u_xx
        b = net(ps, XB)[:, 0] - UB
        return (r * r).mean() + (b * b).mean()

    def pinn_grad():
        l = pinn_loss()
        return torch.autograd.grad(l, flat)

    print(f"PINN value+grad {name}\t{median(pinn_grad)}", flush=True)

    opt = torch.optim.Adam(flat, lr=1e-3)
    def pinn_step():
        opt.zero_grad()
        l = pinn_loss()
        l.backward()
        opt.step()
        return l
    print(f"PINN step with Adam {name}\t{median(pinn_step)}", flush=True)

    Y = torch.sin(math.pi * X[:, :1]) * X[:, 1:]
    def mlp_grad():
        d = net(ps, X) - Y
        return torch.autograd.grad((d * d).mean(), flat)
    print(f"MLP MSE grad {name}\t{median(mlp_grad)}", flush=True)
