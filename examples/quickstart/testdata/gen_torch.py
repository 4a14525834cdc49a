#!/usr/bin/python3
"""Records PyTorch's run of the quickstart model for examples/quickstart's tests.

Run with Debian's PyTorch 1.13 (CPU) from the repository root:

    /usr/bin/python3 examples/quickstart/testdata/gen_torch.py          # the recording
    /usr/bin/python3 examples/quickstart/testdata/gen_torch.py --full   # 1 epoch of the tutorial

The model is the PyTorch quickstart tutorial's NeuralNetwork (nn.Flatten, then
Linear(784, 512), ReLU, Linear(512, 512), ReLU, Linear(512, 10)), built after
torch.manual_seed(0). Writes, beside this script:

    init.npz    its initial state_dict, PyTorch's names (linear_relu_stack.0.weight, ...),
                np.savez of each tensor's numpy(): what the Go test loads with nn.LoadNpz
    torch.json  the 50 training losses (Python floats, written as their repr) of SGD with
                lr 1e-3 and CrossEntropyLoss, in float32, over the committed subset
                data/testdata/fashion-subset (the first 300 training images, scaled /255
                as torchvision's ToTensor): batches of 64 in order, as a DataLoader
                without shuffling or drop_last: 0..63, 64..127, 128..191, 192..255,
                256..299 (44 samples), then from 0 again; 50 steps are 10 such epochs.
                Also "moved": for each parameter, the Euclidean norm of its change over the
                50 steps (computed in float64), which checks the updates themselves.

--full instead runs one epoch of the tutorial on Debian's full Fashion-MNIST
(apt-get install dataset-fashion-mnist) from the same initial weights and prints what the
tutorial prints, to compare with `go run ./examples/quickstart -epochs 1`.
"""
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
SUBSET = os.path.join(ROOT, "data", "testdata", "fashion-subset")
DEBIAN = "/usr/share/datasets/fashion-mnist"
SEED = 0
STEPS = 50
BATCH = 64
LR = 1e-3


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


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


def record():
    torch.manual_seed(SEED)
    model = NeuralNetwork()
    init = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
    np.savez(os.path.join(HERE, "init.npz"), **init)
    x, y = load(SUBSET, "train")
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    order = batches(len(x), BATCH)
    losses = []
    for step in range(STEPS):
        lo, hi = order[step % len(order)]
        loss = loss_fn(model(x[lo:hi]), y[lo:hi])
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(loss.item())
    moved = {k: float(np.linalg.norm(v.detach().numpy().astype(np.float64) - init[k].astype(np.float64)))
             for k, v in model.state_dict().items()}
    out = {
        "torch": torch.__version__,
        "seed": SEED, "lr": LR, "batch": BATCH, "steps": STEPS,
        "data": "data/testdata/fashion-subset (300 training images)",
        "losses": losses,
        "moved": moved,
    }
    with open(os.path.join(HERE, "torch.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


def full():
    """One epoch of the tutorial on the full data, from init.npz's weights."""
    model = NeuralNetwork()
    init = np.load(os.path.join(HERE, "init.npz"))
    model.load_state_dict({k: torch.from_numpy(init[k]) for k in init.files})
    x, y = load(DEBIAN, "train")
    tx, ty = load(DEBIAN, "t10k")
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    start = time.time()
    print("Epoch 1\n-------------------------------")
    model.train()
    for batch, (lo, hi) in enumerate(batches(len(x), BATCH)):
        loss = loss_fn(model(x[lo:hi]), y[lo:hi])
        loss.backward()
        opt.step()
        opt.zero_grad()
        if batch % 100 == 0:
            print(f"loss: {loss.item():>7f}  [{hi:>5d}/{len(x):>5d}]")
    model.eval()
    test_loss, correct, tb = 0, 0, batches(len(tx), BATCH)
    with torch.no_grad():
        for lo, hi in tb:
            pred = model(tx[lo:hi])
            test_loss += loss_fn(pred, ty[lo:hi]).item()
            correct += (pred.argmax(1) == ty[lo:hi]).type(torch.float).sum().item()
    test_loss /= len(tb)
    correct /= len(tx)
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")
    print("Done! (%.1f s, torch %s, %d threads)" % (time.time() - start, torch.__version__,
                                                     torch.get_num_threads()))


if __name__ == "__main__":
    full() if "--full" in sys.argv[1:] else record()
