#!/usr/bin/python3
"""Records PyTorch's run of examples/logreg for its tests.

Run with Debian's PyTorch 1.13 and NumPy 1.24 from the repository root:

    /usr/bin/python3 examples/logreg/testdata/gen_torch.py

The data are logreg's: two Gaussian clusters of N points each in the plane (standard
deviation 1, centres (-1, -1) for class 0 and (1, 1) for class 1), drawn with
np.random.default_rng(0), then shuffled once by the same generator's permutation, so
that batches taken in order hold both classes. The Go program draws the same numbers
with random.NewGenerator(0) (gotensor's PCG64 Generator is NumPy's bit for bit); the
test checks that its data equal data.npz. Writes, beside this script:

    data.npz    x (2N, 2) float32 and y (2N, 1) float32 (labels 0 and 1)
    init.npz    the initial state_dict of nn.Linear(2, 1) after torch.manual_seed(0)
                ("weight" (1, 2), "bias" (1,)): what the Go test loads with nn.LoadNpz
    torch.json  the 50 losses (Python floats: their repr) of BCEWithLogitsLoss trained
                by SGD (lr 0.1) in float32, batches of 40 taken in order (0..39, 40..79,
                ..., then from 0 again: 50 steps are 5 epochs of 10 batches), and the
                weight and bias after them
"""
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 0
N = 200  # points per class
CENTRES = [(-1.0, -1.0), (1.0, 1.0)]
STEPS = 50
BATCH = 40
LR = 0.1


def make_data(seed, n):
    """Logreg's data: (2n, 2) points and (2n, 1) labels, float32."""
    rng = np.random.default_rng(seed)
    parts = [rng.normal(0.0, 1.0, size=(n, 2)) + np.array(c) for c in CENTRES]
    x = np.concatenate(parts)
    y = np.concatenate([np.zeros(n), np.ones(n)]).reshape(-1, 1)
    perm = rng.permutation(2 * n)
    return x[perm].astype(np.float32), y[perm].astype(np.float32)


def main():
    x, y = make_data(SEED, N)
    np.savez(os.path.join(HERE, "data.npz"), x=x, y=y)
    torch.manual_seed(SEED)
    model = nn.Linear(2, 1)
    np.savez(os.path.join(HERE, "init.npz"),
             **{k: v.detach().numpy().copy() for k, v in model.state_dict().items()})
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    losses = []
    for step in range(STEPS):
        lo = (step * BATCH) % len(x)
        loss = loss_fn(model(xt[lo:lo + BATCH]), yt[lo:lo + BATCH])
        loss.backward()
        opt.step()
        opt.zero_grad()
        losses.append(loss.item())
    out = {
        "torch": torch.__version__,
        "seed": SEED, "n": N, "lr": LR, "batch": BATCH, "steps": STEPS,
        "losses": losses,
        "weight": [float(v) for v in model.weight.detach().numpy().ravel()],
        "bias": [float(v) for v in model.bias.detach().numpy().ravel()],
    }
    with open(os.path.join(HERE, "torch.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
