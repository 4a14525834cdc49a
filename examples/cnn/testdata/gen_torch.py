#!/usr/bin/python3
"""Records PyTorch's run of the CNN example's model for examples/cnn's test.

Run with Debian's PyTorch 1.13 (CPU) from the repository root:

    /usr/bin/python3 examples/cnn/testdata/gen_torch.py

The model is examples/cnn's network, an nn.Sequential of Conv2d(1, 32, 3, padding=1),
BatchNorm2d(32), ReLU, MaxPool2d(2), Conv2d(32, 64, 3, padding=1), BatchNorm2d(64), ReLU,
MaxPool2d(2), Flatten, Linear(64*7*7, 10), built after torch.manual_seed(0). Writes,
beside this script:

    init.npz    its initial state_dict with PyTorch's names (0.weight, 0.bias,
                1.weight, 1.bias, 1.running_mean, 1.running_var, 1.num_batches_tracked,
                4.weight, ..., 9.bias), np.savez of each tensor's numpy(): what the Go
                test loads with nn.LoadNpz
    torch.json  the 50 training losses (Python floats) of Adam (lr 1e-3, PyTorch's
                defaults otherwise) and CrossEntropyLoss in training mode, float32, over
                the committed subset data/testdata/fashion-subset (the first 300 training
                images, scaled /255 as torchvision's ToTensor): batches of 64 in order, as
                a DataLoader without shuffling or drop_last: 0..63, 64..127, 128..191,
                192..255, 256..299 (44 samples), then from 0 again. Also "moved": for each
                state_dict entry, the Euclidean norm of its change over the 50 steps
                (float64), which checks the updates and BatchNorm's running statistics.
                "losses64" and "moved64" are the same run in float64 (the model's
                .double() of the same initial weights, the images' float32 values
                widened): float32 runs drift apart by rounding (PyTorch's own float32
                and float64 runs differ by 1e-4 relative from step 39 on, 3e-4 at most),
                so the float64 run is the one that checks the code to 1e-4 over 50 steps.
"""
import gzip
import json
import os
import struct

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
SUBSET = os.path.join(ROOT, "data", "testdata", "fashion-subset")
SEED = 0
STEPS = 50
BATCH = 64
LR = 1e-3


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10))


def read_idx(path):
    """An IDX file (gzip'd) as a NumPy uint8 array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    _, code, ndim = struct.unpack(">HBB", raw[:4])
    assert code == 0x08, path
    dims = struct.unpack(">%dI" % ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


def load(folder, split):
    """Images as ToTensor makes them, (N, 1, 28, 28) float32 / 255, and int64 labels."""
    images = read_idx(os.path.join(folder, split + "-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, split + "-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.copy()).to(torch.float32).div(255).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def batches(n, size):
    """The batches of a DataLoader over n samples without shuffle or drop_last."""
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def train(init, dtype):
    """The losses of STEPS steps from the state dict init, in dtype, and how far each
    state dict entry moved."""
    model = cnn()
    model.load_state_dict({k: torch.from_numpy(v) for k, v in init.items()})
    model.to(dtype)
    x, y = load(SUBSET, "train")
    x = x.to(dtype)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    order = batches(len(x), BATCH)
    losses = []
    model.train()
    for step in range(STEPS):
        lo, hi = order[step % len(order)]
        loss = loss_fn(model(x[lo:hi]), y[lo:hi])
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(loss.item())
    moved = {k: float(np.linalg.norm(v.detach().numpy().astype(np.float64) - init[k].astype(np.float64)))
             for k, v in model.state_dict().items()}
    return losses, moved


def record():
    torch.manual_seed(SEED)
    model = cnn()
    init = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
    np.savez(os.path.join(HERE, "init.npz"), **init)
    losses, moved = train(init, torch.float32)
    losses64, moved64 = train(init, torch.float64)
    out = {
        "torch": torch.__version__,
        "seed": SEED, "lr": LR, "batch": BATCH, "steps": STEPS,
        "data": "data/testdata/fashion-subset (300 training images)",
        "losses": losses,
        "moved": moved,
        "losses64": losses64,
        "moved64": moved64,
    }
    with open(os.path.join(HERE, "torch.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    torch.set_num_threads(1)
    record()
