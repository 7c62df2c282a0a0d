#!/usr/bin/python3
"""PyTorch reference Grad-CAM for a trained head on the shipped MobileNetV2 (fixture for io.kensa.cam tests).

Run with Debian's python3-torch 1.13.1 from the repository root:
    /usr/bin/python3 tools/cam/reference_gradcam.py --out src/test/resources/io/kensa/cam/reference

Independent of Kensa's probe TorchScript: it loads the *shipped* mobilenet_v2_imagenet.pt, runs its own submodules
(features.0..18, cam_proj) step by step exactly as the file's forward does, and keeps the gradients of the stage
activations with retain_grad(). The head is a logistic regression fitted here (LBFGS, L2) on the shipped bottle
images: features = [mean_xy(feat_s8) (32), mean_xy(feat_s16) (96), ImageNet logits (1000)], standardised, then
linear -> 4 classes (good, broken_large, broken_small, contamination). It only uses the backbone's plain outputs,
like Kensa's ClassifierHead contract.

Writes: head.json (classes, mu, sigma, W, b), images/*.png (224x224 inputs, so both sides read identical pixels),
reference.json (per image: class, probabilities, Grad-CAM grid per stage for the predicted class and for one other
class, and torch's bilinear interpolate of one grid to 48x32 to pin down the resize convention).
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "resources/models/mobilenet_v2_imagenet/mobilenet_v2_imagenet.pt")
BOTTLE = os.path.join(ROOT, "resources/demo/bottle")
CLASSES = ["good", "broken_large", "broken_small", "contamination"]
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)
SIZE = 224


def load_input(path):
    im = Image.open(path).convert("RGB")
    if im.size != (SIZE, SIZE):
        im = im.resize((SIZE, SIZE), Image.BILINEAR)
    return im


def tensor(im):
    a = (np.asarray(im, np.float32) / 255.0 - MEAN) / STD
    return torch.from_numpy(a.transpose(2, 0, 1).copy()).unsqueeze(0)


def run(m, x):
    """The shipped forward, step by step, with the stage activations kept for their gradients."""
    f = m.features
    x0 = (x * m.std + m.mean) * 2.0 - 1.0
    h = x0
    for i in range(0, 7):
        h = getattr(f, str(i))(h)
    s8 = h
    for i in range(7, 14):
        h = getattr(f, str(i))(h)
    s16 = h
    for i in range(14, 19):
        h = getattr(f, str(i))(h)
    last = h
    cam = m.cam_proj(last)
    logits = torch.mean(cam, [2, 3]) + m.cls_bias
    return logits, s8, s16, cam, last


def features(logits, s8, s16):
    return torch.cat([s8.mean((2, 3)), s16.mean((2, 3)), logits], 1)


def gradcam(a, g):
    alpha = g.mean((2, 3), keepdim=True)
    return torch.relu((alpha * a).sum(1))[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.manual_seed(0)
    m = torch.jit.load(MODEL).eval()

    # fit the head on the first 12 images of each class folder (train/good for good)
    xs, ys = [], []
    with torch.no_grad():
        for ci, c in enumerate(CLASSES):
            folder = os.path.join(BOTTLE, "train/good" if c == "good" else "test/" + c)
            for n in sorted(os.listdir(folder))[:12]:
                lo, s8, s16, _, _ = run(m, tensor(load_input(os.path.join(folder, n))))
                ref = m(tensor(load_input(os.path.join(folder, n))))[0]
                assert (ref - lo).abs().max().item() < 1e-4, "step-by-step forward differs from the file's forward"
                xs.append(features(lo, s8, s16)[0])
                ys.append(ci)
    X = torch.stack(xs)
    y = torch.tensor(ys)
    mu = X.mean(0)
    sigma = X.std(0) + 1e-3
    Z = (X - mu) / sigma
    W = torch.zeros(len(CLASSES), Z.shape[1], requires_grad=True)
    b = torch.zeros(len(CLASSES), requires_grad=True)
    opt = torch.optim.LBFGS([W, b], max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(Z @ W.T + b, y) + 1e-2 * (W * W).sum()
        loss.backward()
        return loss

    opt.step(closure)
    acc = ((Z @ W.T + b).argmax(1) == y).float().mean().item()
    print("head training accuracy", acc)
    os.makedirs(os.path.join(a.out, "images"), exist_ok=True)
    head = {"classes": CLASSES, "features": "mean(feat_s8) ++ mean(feat_s16) ++ imagenet logits",
            "mu": mu.tolist(), "sigma": sigma.tolist(), "W": W.detach().tolist(), "b": b.detach().tolist()}
    with open(os.path.join(a.out, "head.json"), "w") as fh:
        json.dump(head, fh)

    # reference maps on held-out images (index 15 of each test folder)
    images = []
    for c in CLASSES:
        src = os.path.join(BOTTLE, "test", c, "015.png")
        name = c + "_015.png"
        load_input(src).save(os.path.join(a.out, "images", name))
        x = tensor(Image.open(os.path.join(a.out, "images", name)).convert("RGB"))
        with torch.no_grad():
            lo, s8, s16, _, _ = run(m, x)
            probs = torch.softmax(((features(lo, s8, s16) - mu) / sigma) @ W.T + b, 1)[0]
        order = probs.argsort(descending=True).tolist()
        entry = {"file": "images/" + name, "label": c, "probabilities": probs.tolist(), "maps": []}
        for cls in (order[0], order[1]):
            # the file's weights do not require gradients: make the input a leaf so the graph is recorded
            lo, s8, s16, cam, last = run(m, x.clone().requires_grad_(True))
            for t in (s8, s16, last):
                t.retain_grad()
            logits = ((features(lo, s8, s16) - mu) / sigma) @ W.detach().T + b.detach()
            logits[0, cls].backward()
            maps = {}
            for stage, t in (("feat_s8", s8), ("feat_s16", s16), ("last", last)):
                g = gradcam(t.detach(), t.grad)
                maps[stage] = {"width": g.shape[1], "height": g.shape[0], "values": g.flatten().tolist()}
            entry["maps"].append({"class": cls, "grids": maps})
        images.append(entry)
        print(c, "predicted", CLASSES[order[0]], round(probs[order[0]].item(), 3))
    g = torch.tensor(images[0]["maps"][0]["grids"]["feat_s16"]["values"]).reshape(1, 1, 14, 14)
    up = F.interpolate(g, size=(32, 48), mode="bilinear", align_corners=False)[0, 0]
    ref = {"size": SIZE, "images": images,
           "interpolate": {"from": "images[0].maps[0].feat_s16", "width": 48, "height": 32, "values": up.flatten().tolist()}}
    with open(os.path.join(a.out, "reference.json"), "w") as fh:
        json.dump(ref, fh)


if __name__ == "__main__":
    main()
