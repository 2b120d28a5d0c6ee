# PyTorch reference for `scripts/bench layers`: the same conv2d, attention and activation
# workloads as Sources/NOSBench/LayersBench.swift (f32, 2 threads), "case<TAB>median seconds".
import torch, torch.nn.functional as F

from timing import median
torch.set_num_threads(2)
torch.manual_seed(0)

def step(leaves, f):
    def run():
        vs = [t.clone().requires_grad_() for t in leaves]
        y = f(*vs)
        torch.autograd.grad((y * y).sum(), vs)
    return run

x = torch.randn(20, 32, 64, 64); w = torch.randn(32, 32, 3, 3)
print(f"conv2d 3x3 [20,32,64,64] fwd+bwd f32\t{median(step([x, w], lambda a, b: F.conv2d(a, b, padding=1)))}",
      flush=True)

grid = torch.randn(20, 4096, 64); tokens = torch.randn(20, 4, 64)
def block(g, t):
    t = F.scaled_dot_product_attention(t, g, g)
    return F.scaled_dot_product_attention(g, t, t)
print(f"attention LSM [20,4096,64] x 4 tokens fwd+bwd f32\t{median(step([grid, tokens], block))}",
      flush=True)

fmap = torch.randn(8, 32, 64, 64)
for name, f in [("relu", torch.relu), ("gelu", F.gelu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                ("sin", torch.sin)]:
    print(f"{name} [8,32,64,64] fwd+bwd f32\t{median(step([fmap], f))}", flush=True)
