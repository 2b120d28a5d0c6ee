# Writes the PyTorch weight fixtures of nos's loadweights tests: small neuraloperator FNOs
# (1-D and 2-D), a 2-D TFNO and an nn.Sequential MLP, each as a state_dict (.safetensors, and .pt for
# the 1-D FNO and the MLP) with
# an input and PyTorch's output on it (<name>_io.safetensors, keys x and y).
# Usage: python3 make_weight_fixtures.py [folder]   (needs torch, neuralop, safetensors)
# The nos goldens (Tests/Scripts/models/weights_*.nos) load these and compare nos's output
# with y; ForeignWeightTests regenerates them in a temporary folder and checks they match.
import sys

import torch
from neuralop.models import FNO, TFNO
from safetensors.torch import save_file

out = sys.argv[1] if len(sys.argv) > 1 else '.'
torch.use_deterministic_algorithms(True)


def save(name, model, x, pt=True):
    model.eval()
    with torch.no_grad():
        y = model(x)
    sd = {k: v for k, v in model.state_dict().items() if torch.is_tensor(v)}
    if pt:  # a torch.save file is ~12 kB (64-byte aligned storages, pickled metadata)
        torch.save(model.state_dict(), f'{out}/{name}.pt')
    save_file({k: v.contiguous() for k, v in sd.items()}, f'{out}/{name}.safetensors')
    save_file({'x': x.contiguous(), 'y': y.contiguous()}, f'{out}/{name}_io.safetensors')


torch.manual_seed(0)
fno1 = FNO(n_modes=(6,), in_channels=1, out_channels=1, hidden_channels=5, n_layers=2,
           projection_channel_ratio=2)
save('fno1d', fno1, torch.randn(2, 1, 16))

torch.manual_seed(1)
fno2 = FNO(n_modes=(4, 4), in_channels=2, out_channels=1, hidden_channels=4, n_layers=2,
           projection_channel_ratio=2)
save('fno2d', fno2, torch.randn(1, 2, 9, 10), pt=False)  # odd: see NeuralopFNO.modeMap

torch.manual_seed(3)
tfno2 = TFNO(n_modes=(6, 4), in_channels=1, out_channels=1, hidden_channels=6, n_layers=2,
             projection_channel_ratio=2, rank=0.3)  # Tucker ranks (4, 4, 4, 2)
save('tfno2d', tfno2, torch.randn(2, 1, 9, 10), pt=False)

torch.manual_seed(2)
seq = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8),
                          torch.nn.Tanh(), torch.nn.Linear(8, 2))
save('mlp', seq, torch.randn(4, 3))
