# A PyTorch U-Net of the same architecture as nos's unet (Sources/NOSModels/UNet.swift), for
# parameter counts in the tests and the models benchmark; run it to print counts.
import torch, torch.nn as nn
class Block(nn.Sequential):
    def __init__(s, cin, c):
        g = 8 if c % 8 == 0 else 1
        super().__init__(nn.Conv2d(cin, c, 3, padding=1), nn.GroupNorm(g, c), nn.GELU(),
                         nn.Conv2d(c, c, 3, padding=1), nn.GroupNorm(g, c), nn.GELU())
class UNet(nn.Module):
    def __init__(s, cin=1, cout=1, width=32, levels=4):
        super().__init__()
        ch = [width << i for i in range(levels + 1)]
        s.enc = nn.ModuleList([Block(cin if i == 0 else ch[i - 1], ch[i]) for i in range(levels)])
        s.mid = Block(ch[levels - 1], ch[levels])
        s.up = nn.ModuleList([nn.ConvTranspose2d(ch[i + 1], ch[i], 2, stride=2) for i in range(levels)])
        s.dec = nn.ModuleList([Block(2 * ch[i], ch[i]) for i in range(levels)])
        s.out = nn.Conv2d(width, cout, 1)
    def forward(s, x):
        skips = []
        for b in s.enc:
            x = b(x); skips.append(x); x = nn.functional.max_pool2d(x, 2)
        x = s.mid(x)
        for i in reversed(range(len(s.enc))):
            x = s.dec[i](torch.cat([s.up[i](x), skips[i]], 1))
        return s.out(x)
if __name__ == "__main__":
    for args in [(1, 1, 32, 4), (3, 2, 4, 2), (1, 1, 8, 1)]:
        print(args, sum(p.numel() for p in UNet(*args).parameters()))
