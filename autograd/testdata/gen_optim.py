#!/usr/bin/python3
"""Records PyTorch's optimizer trajectories for autograd's optimizer tests.

Run with Debian's python3 and PyTorch (1.13, CPU):

    /usr/bin/python3 autograd/testdata/gen_optim.py

It writes optim_float64.json and optim_float32.json next to itself. Each run trains
the same problem, a least-squares fit mean((X @ W + b - Y)**2) with W of shape (4, 3)
and b of shape (3,), for 100 steps with one optimizer configuration (optionally
clipping the gradients by their global norm first, and stepping an LR scheduler
after each step), and records W, b and the learning rate after steps 1..10, 20, 30,
..., 100. Floats are written with repr, so float64 values round-trip exactly; float32
values are written as the float64 of the float32.
"""

import json
import math
import os

import numpy as np
import torch

STEPS = 100
RECORD = list(range(1, 11)) + list(range(20, STEPS + 1, 10))

# One problem, the same for every run: 8 samples, 4 features, 3 targets.
rs = np.random.RandomState(7)
X = rs.randn(8, 4)
W_TRUE = rs.randn(4, 3)
Y = X @ W_TRUE + 0.5 + 0.1 * rs.randn(8, 3)
W0 = 0.5 * rs.randn(4, 3)
B0 = 0.5 * rs.randn(3)

# name, optimizer, its keyword arguments, extra settings of the run:
#   clip: (max_norm, norm_type) for clip_grad_norm_ before each step
#   sched: ("step", step_size, gamma) or ("cosine", T_max, eta_min), stepped after each step
#   skip: drop b's gradient (set it to None) before the step on odd steps
#   negate: minimise -loss (with maximize=True, the same descent)
RUNS64 = [
    ("sgd", "SGD", dict(lr=0.05), {}),
    ("sgd_momentum", "SGD", dict(lr=0.05, momentum=0.9), {}),
    ("sgd_dampening", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.5), {}),
    ("sgd_nesterov", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True), {}),
    ("sgd_weight_decay", "SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.01), {}),
    ("sgd_maximize", "SGD", dict(lr=0.05, momentum=0.5, maximize=True), dict(negate=True)),
    ("sgd_skip", "SGD", dict(lr=0.05, momentum=0.9), dict(skip=True)),
    ("sgd_clip", "SGD", dict(lr=0.05, momentum=0.9), dict(clip=(1.0, 2.0))),
    ("sgd_steplr", "SGD", dict(lr=0.1, momentum=0.9), dict(sched=("step", 30, 0.1))),
    ("sgd_cosine", "SGD", dict(lr=0.1, momentum=0.9), dict(sched=("cosine", 30, 0.001))),
    ("adam", "Adam", dict(lr=0.01), {}),
    ("adam_amsgrad", "Adam", dict(lr=0.05, amsgrad=True), {}),
    ("adam_weight_decay", "Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), {}),
    ("adam_skip", "Adam", dict(lr=0.01), dict(skip=True)),
    ("adam_clip", "Adam", dict(lr=0.05), dict(clip=(0.5, math.inf))),
    ("adamw", "AdamW", dict(lr=0.01), {}),
    ("adamw_amsgrad", "AdamW", dict(lr=0.05, weight_decay=0.1, amsgrad=True), {}),
    ("adamw_clip", "AdamW", dict(lr=0.05, weight_decay=0.1), dict(clip=(1.0, 2.0))),
    ("rmsprop", "RMSprop", dict(lr=0.01), {}),
    ("rmsprop_centered", "RMSprop", dict(lr=0.01, centered=True), {}),
    ("rmsprop_momentum", "RMSprop", dict(lr=0.005, momentum=0.9, weight_decay=0.01), {}),
    ("rmsprop_centered_momentum", "RMSprop", dict(lr=0.002, alpha=0.9, momentum=0.5, centered=True), {}),
    ("rmsprop_clip", "RMSprop", dict(lr=0.01, momentum=0.5), dict(clip=(0.8, 3.0))),
]

RUNS32 = [r for r in RUNS64 if r[0] in (
    "sgd_nesterov", "sgd_clip", "sgd_cosine", "adam_amsgrad", "adam_clip", "adamw",
    "rmsprop_centered_momentum", "rmsprop_clip")]


def run(dtype, name, opt, kwargs, extra):
    Xt = torch.tensor(X, dtype=dtype)
    Yt = torch.tensor(Y, dtype=dtype)
    W = torch.tensor(W0, dtype=dtype, requires_grad=True)
    b = torch.tensor(B0, dtype=dtype, requires_grad=True)
    o = getattr(torch.optim, opt)([W, b], foreach=False, **kwargs)
    sched = None
    if "sched" in extra:
        kind, a, c = extra["sched"]
        if kind == "step":
            sched = torch.optim.lr_scheduler.StepLR(o, step_size=a, gamma=c)
        else:
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=a, eta_min=c)
    rec = dict(steps=[], W=[], b=[], lr=[], norm=[])
    for step in range(1, STEPS + 1):
        o.zero_grad(set_to_none=True)
        loss = ((Xt @ W + b - Yt) ** 2).mean()
        if extra.get("negate"):
            loss = -loss
        loss.backward()
        norm = None
        if "clip" in extra:
            norm = float(torch.nn.utils.clip_grad_norm_([W, b], *extra["clip"]))
        if extra.get("skip") and step % 2 == 1:
            b.grad = None
        o.step()
        if sched is not None:
            sched.step()
        if step in RECORD:
            rec["steps"].append(step)
            rec["W"].append([float(v) for v in W.detach().reshape(-1)])
            rec["b"].append([float(v) for v in b.detach().reshape(-1)])
            rec["lr"].append(float(o.param_groups[0]["lr"]))
            rec["norm"].append(norm)
    cfg = dict(kwargs)
    if "betas" in cfg:
        cfg["betas"] = list(cfg["betas"])
    ex = {}
    if "clip" in extra:
        ex["clip"] = [extra["clip"][0], "inf" if math.isinf(extra["clip"][1]) else extra["clip"][1]]
    if "sched" in extra:
        ex["sched"] = list(extra["sched"])
    for k in ("skip", "negate"):
        if extra.get(k):
            ex[k] = True
    return dict(name=name, optimizer=opt, config=cfg, extra=ex, **rec)


def write(path, dtype, runs):
    doc = dict(
        generator="autograd/testdata/gen_optim.py",
        torch=torch.__version__,
        dtype=str(dtype).replace("torch.", ""),
        X=X.tolist(), Y=Y.tolist(), W0=W0.reshape(-1).tolist(), b0=B0.tolist(),
        runs=[run(dtype, *r) for r in runs],
    )
    with open(path, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")


here = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)
write(os.path.join(here, "optim_float64.json"), torch.float64, RUNS64)
write(os.path.join(here, "optim_float32.json"), torch.float32, RUNS32)
