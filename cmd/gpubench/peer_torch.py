# The PyTorch peer of gotensor's gpubench: the training cases of train.go, run with
# torch.nn and torch.optim on the CPU at PyTorch's default thread count. Protocol as
# peer_numpy.py's, one JSON object per line: this script writes {"version": ...} (or
# {"error": ...} and exits); gpubench writes the budget {"seconds", "min_reps",
# "max_reps", "min_sample", "slow_reps"}; then for each case gpubench writes {"op",
# "dtype", "shape", "copies", "domain"} and this script answers {"seconds": median per
# call} or {"unsupported": why} (every case but the training ones).
#
# Each case mirrors gotensor's (train.go, train_model.go): the same model (initialised by
# PyTorch after torch.manual_seed(0)), loss (cross-entropy), optimizer and synthetic data,
# preloaded as tensors; no DataLoader. A step case's call is one step on the next of 8
# preloaded batches (slices); an epoch case's call is one epoch in batches of 64 taken by
# index from one torch.randperm per epoch. Before timing, a step case runs 3 steps, as
# gpubench does; timing then mirrors measure.go.
#
# "python3 peer_torch.py --synthetic N" prints the SHA-256 of synthetic(N)'s images and
# labels (little-endian float32 and int64) as JSON, with NumPy only, so a test can check
# that Go and Python train on the same numbers.
import hashlib
import json
import statistics
import sys
import time

import numpy as np

IMAGE_SEED, LABEL_SEED = 2026, 2027  # train_model.go's imageSeed, labelSeed
EPOCH_BATCH = 64                     # train.go's epochBatch
TRAIN_BATCHES = 8                    # train.go's trainBatches
WARMUP_STEPS = 3                     # train.go's trainWarmup


def synthetic(n):
    """n images (n, 1, 28, 28) float32 in [0, 1] and labels (n,) int64 in 0..9: uniform
    noise plus a band of rows 3l..3l+2 for label l, as train_model.go's synthetic."""
    labels = np.random.default_rng(LABEL_SEED).integers(0, 10, n)
    rng = np.random.default_rng(IMAGE_SEED)
    band = np.zeros((10, 1, 28, 28))
    for lab in range(10):
        band[lab, 0, 3 * lab:3 * lab + 3, :] = 1
    x = np.empty((n, 1, 28, 28), np.float32)
    for i in range(0, n, 1024):  # chunks: the same stream, less memory
        m = min(1024, n - i)
        x[i:i + m] = 0.5 * rng.random((m, 1, 28, 28)) + 0.5 * band[labels[i:i + m]]
    return x, labels


if len(sys.argv) == 3 and sys.argv[1] == "--synthetic":
    x, y = synthetic(int(sys.argv[2]))
    print(json.dumps({"images": hashlib.sha256(x.astype("<f4").tobytes()).hexdigest(),
                      "labels": hashlib.sha256(y.astype("<i8").tobytes()).hexdigest()}), flush=True)
    sys.exit(0)

try:
    import torch
    from torch import nn
except ImportError:
    print(json.dumps({"error": "PyTorch is not installed (apt-get install python3-torch)"}), flush=True)
    sys.exit(0)


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def quickstart():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                         nn.Linear(512, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10))


def adam(params):
    return torch.optim.Adam(params, lr=1e-3)


def sgd(params):
    return torch.optim.SGD(params, lr=1e-3)


# op: (model, optimizer, epoch, flat), as train.go's trainSpecs.
SPECS = {
    "train_step_mlp": (mlp, adam, False, True),
    "quickstart_epoch": (quickstart, sgd, True, False),
    "train_step_cnn": (cnn, adam, False, False),
}


class Trainer:
    """A training case ready to run, as train.go's trainer."""

    def __init__(self, case):
        model, opt, self.epoch, flat = SPECS[case["op"]]
        n = case["shape"][0]
        if self.epoch:
            self.batch = EPOCH_BATCH
        else:
            self.batch, n = n, n * TRAIN_BATCHES
        x, y = synthetic(n)
        self.x, self.y = torch.from_numpy(x), torch.from_numpy(y)
        if flat:
            self.x = self.x.reshape(n, -1)
        torch.manual_seed(0)
        self.model = model()
        if case["dtype"] == "float64":
            self.model.double()
            self.x = self.x.double()
        self.opt = opt(self.model.parameters())
        self.loss_fn = nn.CrossEntropyLoss()
        self.next = 0
        self.steps = 1 if not self.epoch else (n + self.batch - 1) // self.batch

    def step(self, x, y):
        loss = self.loss_fn(self.model(x), y)
        self.opt.zero_grad(set_to_none=True)  # as gotensor's ZeroGrad (PyTorch 2's default)
        loss.backward()
        self.opt.step()

    def call(self):
        b = self.batch
        if not self.epoch:
            i = self.next * b
            self.step(self.x[i:i + b], self.y[i:i + b])
            self.next = (self.next + 1) % TRAIN_BATCHES
            return
        n = self.x.shape[0]
        perm = torch.randperm(n)
        for i in range(0, n, b):
            idx = perm[i:i + b]
            self.step(self.x[idx], self.y[idx])


def measure(f, budget):
    """Median seconds per call of f, as measure.go: warm-up and batching, then samples."""
    min_sample = budget["min_sample"]

    def call(n):
        t = time.perf_counter()
        for _ in range(n):
            f()
        return time.perf_counter() - t

    batch, min_reps = 1, budget["min_reps"]
    while batch < 1 << 20:
        d = call(batch)
        if d >= min_sample:
            if batch == 1 and min_reps > 0 and d > budget["seconds"] / min_reps:
                min_reps = min(min_reps, budget["slow_reps"])
            break
        nxt = 2 * batch
        if d > 0:
            nxt = max(nxt, int(1.2 * batch * min_sample / d))
        batch = min(nxt, 1 << 20)
    samples = []
    start = time.perf_counter()
    while len(samples) < min_reps or (
        time.perf_counter() - start < budget["seconds"] and len(samples) < budget["max_reps"]
    ):
        samples.append(call(batch) / batch)
    return statistics.median(samples)


def main():
    print(json.dumps({"version": "torch %s (%d threads)" % (torch.__version__, torch.get_num_threads())}),
          flush=True)
    budget = json.loads(sys.stdin.readline())
    for line in sys.stdin:
        case = json.loads(line)
        if case["op"] not in SPECS:
            print(json.dumps({"unsupported": "the torch peer runs the training cases only"}), flush=True)
            continue
        t = Trainer(case)
        for _ in range(WARMUP_STEPS // t.steps):
            t.call()
        print(json.dumps({"seconds": measure(t.call, budget)}), flush=True)
        del t


main()
