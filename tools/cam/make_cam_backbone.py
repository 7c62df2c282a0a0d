#!/usr/bin/python3
"""Derive the Grad-CAM TorchScript from the shipped MobileNetV2 backbone (same weights, new forward).

Run with Debian's python3-torch (1.13.1):
    /usr/bin/python3 tools/cam/make_cam_backbone.py \
        --src resources/models/mobilenet_v2_imagenet/mobilenet_v2_imagenet.pt \
        --out resources/models/mobilenet_v2_imagenet/mobilenet_v2_imagenet_cam.pt

The derived forward is the shipped one with zero "probe" tensors added at each Grad-CAM stage:

    forward(x, probe_s8, probe_s16, probe_last) -> (logits, feat_s8, feat_s16, cam, last)

    s8   = features[0..6](x0)    + probe_s8     # [N,32,H/8,W/8]
    s16  = features[7..13](s8)   + probe_s16    # [N,96,H/16,W/16]
    last = features[14..18](s16) + probe_last   # [N,1280,H/32,W/32], after ReLU6
    cam  = cam_proj(last); logits = mean(cam,[2,3]) + cls_bias

With zero probes the outputs equal the shipped file's (checked below, and the last conv activation is also
returned). A probe is a leaf the caller creates, so autograd gives d(score)/d(probe) = d(score)/d(stage
activation): Grad-CAM at an inner stage without hooks. The submodules are the shipped file's own TorchScript
modules (not re-created), so the weights fingerprint (sha256 over the sorted state_dict, the same function the
conversion script prints) is the shipped one: 490203c7...6392.
"""
import argparse
import hashlib
import sys

import torch


def fingerprint(module):
    h = hashlib.sha256()
    sd = module.state_dict()
    for k in sorted(sd):
        h.update(k.encode())
        h.update(sd[k].contiguous().numpy().tobytes())
    return h.hexdigest()


class CamBackbone(torch.nn.Module):
    def __init__(self, src):
        super().__init__()
        self.features = src.features
        self.cam_proj = src.cam_proj
        self.register_buffer("cls_bias", src.cls_bias.detach().clone())
        self.register_buffer("mean", src.mean.detach().clone())
        self.register_buffer("std", src.std.detach().clone())

    def _run(self, x, first, last):
        for i in range(first, last + 1):
            x = getattr(self.features, str(i))(x)
        return x

    def forward(self, x, probe_s8, probe_s16, probe_last):
        x0 = (x * self.std + self.mean) * 2.0 - 1.0
        s8 = self._run(x0, 0, 6) + probe_s8
        s16 = self._run(s8, 7, 13) + probe_s16
        last = self._run(s16, 14, 18) + probe_last
        cam = self.cam_proj(last)
        logits = torch.mean(cam, [2, 3]) + self.cls_bias
        return logits, s8, s16, cam, last


def probes(x):
    n, _, h, w = x.shape
    return (torch.zeros(n, 32, h // 8, w // 8), torch.zeros(n, 96, h // 16, w // 16),
            torch.zeros(n, 1280, h // 32, w // 32))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.manual_seed(0)
    src = torch.jit.load(a.src).eval()
    wrapper = CamBackbone(src).eval()
    example = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        traced = torch.jit.trace(wrapper, (example,) + probes(example), check_trace=False)
    traced.save(a.out)
    derived = torch.jit.load(a.out).eval()
    fp_src, fp_out = fingerprint(src), fingerprint(derived)
    print("weights fingerprint src:", fp_src)
    print("weights fingerprint out:", fp_out)
    if fp_src != fp_out:
        sys.exit("fingerprints differ: the derived file does not hold the shipped weights")
    worst = 0.0
    for shape in [(1, 3, 224, 224), (2, 3, 256, 256), (1, 3, 320, 416), (1, 3, 512, 512)]:
        x = torch.randn(*shape)
        with torch.no_grad():
            ref = src(x)
            got = derived(x, *probes(x))
        for r, g in zip(ref, got[:4]):
            worst = max(worst, (r - g).abs().max().item())
        if got[4].shape[1] != 1280:
            sys.exit("last conv activation has the wrong shape " + str(got[4].shape))
    print("max |shipped - derived| over 4 outputs and 4 input sizes:", worst)
    if worst > 1e-4:
        sys.exit("derived outputs differ from the shipped file")


if __name__ == "__main__":
    main()
