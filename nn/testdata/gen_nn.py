#!/usr/bin/python3
"""Records PyTorch's forward values and gradients for gotensor's nn layers and losses:
torch-nn-cases.jsonl, read by internal/nncases.

Run with Debian's PyTorch (1.13, CPU) from the repository root:

    /usr/bin/python3 nn/testdata/gen_nn.py

then, to check that PyTorch loads gotensor's checkpoints,

    GOTENSOR_WRITE_FIXTURES=1 go test ./nn -run TestWriteTorchFixtures
    /usr/bin/python3 nn/testdata/torch_load.py

Case file format (one JSON object per line):

    id        unique name, "<layer>/<dtype>/<variant>"
    layer     the PyTorch class ("Linear", "BatchNorm2d", "CrossEntropyLoss", "MLP", ...)
    config    its constructor arguments (PyTorch's names)
    extra     tensor arguments of losses: {"weight": array, "pos_weight": array}
    dtype     the module's float dtype
    train     training mode (True) or evaluation mode
    state     the module's state_dict before the forward pass, in PyTorch's order: the
              Go side loads it with LoadStateDict, so the names must be gotensor's too
    inputs    the forward operands (a loss: input, target), arrays with "grad": bool
    seed      an array of the output's shape: the scalar differentiated is sum(out*seed)
    out       the expected output
    input_grads  one per input: the gradient, or null
    param_grads  {name: gradient} for every parameter
    state_after  the state_dict after the forward pass (BatchNorm's running statistics)

Arrays are {"dtype", "shape", "data"} (flat C order; "nan", "inf", "-inf" strings), as
in autograd/testdata/gen_grad.py. References are computed in float64 even for float32
cases, from the float32-rounded inputs, parameters and seeds, and rounded to float32:
the harness allows float32 results a rounding budget.
"""

import json
import os

import numpy as np
import torch
import torch.nn as nn

rng = np.random.RandomState(20261207)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-nn-cases.jsonl")
cases = []


def enc_num(x):
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def arr(a, dtype):
    a = np.asarray(a)
    flat = a.reshape(-1)
    if dtype == "int64":
        data = [int(v) for v in flat]
    elif dtype == "bool":
        data = [bool(v) for v in flat]
    else:
        if dtype == "float32":
            flat = flat.astype(np.float32)
        data = [enc_num(v) for v in flat]
    return {"dtype": dtype, "shape": list(a.shape), "data": data}


def rounded(a, dtype):
    """a as the float dtype's values, held in float64."""
    a = np.asarray(a, dtype=np.float64)
    return a.astype(np.float32).astype(np.float64) if dtype == "float32" else a


def build(layer, cfg):
    if layer == "MLP":
        return nn.Sequential(nn.Linear(cfg["in"], cfg["hidden"]), nn.ReLU(), nn.Linear(cfg["hidden"], cfg["out"]))
    return getattr(nn, layer)(**cfg)


def add(layer, dtype, variant, inputs, cfg=None, train=True, state=None, extra=None, grads=None):
    """inputs: numpy arrays (float ones are rounded to dtype and differentiated unless
    grads says otherwise); state: values to load instead of the random ones."""
    cfg = dict(cfg or {})
    extra = extra or {}
    torch_cfg = dict(cfg)
    for k, v in extra.items():
        torch_cfg[k] = torch.tensor(rounded(v, dtype))
    m = build(layer, torch_cfg).double()
    sd = m.state_dict()
    new = {}
    for k, v in sd.items():
        if k in extra:  # a loss's weight buffers: given, not part of a module's state
            continue
        if state and k in state:
            val = np.asarray(state[k])
        elif v.dtype == torch.int64:
            val = v.numpy()
        else:
            val = rng.uniform(-1, 1, size=tuple(v.shape))
            if "running_var" in k:
                val = rng.uniform(0.5, 2, size=tuple(v.shape))
        new[k] = torch.tensor(rounded(val, dtype) if v.dtype != torch.int64 else val)
    m.load_state_dict(new, strict=not extra)
    m.train(train)
    ts, ins = [], []
    for i, x in enumerate(inputs):
        x = np.asarray(x)
        if x.dtype.kind == "f":
            g = grads[i] if grads else True
            t = torch.tensor(rounded(x, dtype), requires_grad=g)
            ins.append(dict(arr(rounded(x, dtype), dtype), grad=g))
        else:
            t = torch.tensor(x.astype(np.int64))
            ins.append(dict(arr(x, "int64"), grad=False))
        ts.append(t)
    state_json = {k: arr(v.numpy(), "int64" if v.dtype == torch.int64 else dtype) for k, v in new.items()}
    y = m(*ts)
    seed = rounded(rng.standard_normal(tuple(y.shape)), dtype)
    (y * torch.tensor(seed)).sum().backward()
    case = {
        "id": f"{layer}/{dtype}/{variant}",
        "layer": layer,
        "config": cfg,
        "extra": {k: arr(rounded(v, dtype), dtype) for k, v in extra.items()},
        "dtype": dtype,
        "train": train,
        "state": [[k, state_json[k]] for k in new],
        "inputs": ins,
        "seed": arr(seed, dtype),
        "out": arr(y.detach().numpy(), dtype),
        "input_grads": [None if t.grad is None and not (ins[i]["grad"]) else
                        arr((t.grad if t.grad is not None else torch.zeros_like(t)).numpy(), dtype)
                        for i, t in enumerate(ts)],
        "param_grads": {k: arr((p.grad if p.grad is not None else torch.zeros_like(p)).detach().numpy(), dtype)
                        for k, p in m.named_parameters()},
        "state_after": [[k, arr(v.numpy(), "int64" if v.dtype == torch.int64 else dtype)]
                        for k, v in m.state_dict().items() if k not in extra],
    }
    cases.append(case)


def randn(*shape):
    return rng.standard_normal(shape)


def main():
    for dt in ("float32", "float64"):
        # Linear and an MLP.
        add("Linear", dt, "bias-2d", [randn(3, 4)], {"in_features": 4, "out_features": 5})
        add("Linear", dt, "nobias-3d", [randn(2, 3, 4)], {"in_features": 4, "out_features": 2, "bias": False})
        add("Linear", dt, "bias-1d", [randn(4)], {"in_features": 4, "out_features": 3})
        add("Linear", dt, "empty-batch", [randn(0, 4)], {"in_features": 4, "out_features": 3})
        add("MLP", dt, "4-6-3", [randn(5, 4)], {"in": 4, "hidden": 6, "out": 3})
        # Flatten.
        add("Flatten", dt, "default", [randn(2, 3, 4)])
        add("Flatten", dt, "1-2", [randn(2, 3, 4, 5)], {"start_dim": 1, "end_dim": 2})
        add("Flatten", dt, "0--1", [randn(2, 3, 4)], {"start_dim": 0, "end_dim": -1})
        # Activations.
        xa = randn(3, 5) * 2
        xa[0, 0] = 0.0
        for act in ("ReLU", "Sigmoid", "Tanh"):
            add(act, dt, "3x5", [xa])
        xg = np.concatenate([np.linspace(-6, 6, 13), [-10.0, 10.0, 1e-3, -1e-3, 0.7]]).reshape(3, 6)
        add("GELU", dt, "exact", [xg])
        add("GELU", dt, "tanh", [xg], {"approximate": "tanh"})
        add("GELU", dt, "exact-random", [randn(4, 5) * 3])
        add("Softmax", dt, "dim1", [randn(2, 3, 4)], {"dim": 1})
        add("Softmax", dt, "dim-1", [randn(2, 3, 4)], {"dim": -1})
        add("Softmax", dt, "dim0-2d", [randn(4, 3)], {"dim": 0})
        # BatchNorm.
        add("BatchNorm1d", dt, "train-2d", [randn(6, 3)], {"num_features": 3})
        add("BatchNorm1d", dt, "train-3d", [randn(4, 3, 5)], {"num_features": 3, "momentum": 0.3})
        add("BatchNorm1d", dt, "eval-2d", [randn(6, 3)], {"num_features": 3}, train=False)
        add("BatchNorm1d", dt, "train-cumulative", [randn(5, 2)], {"num_features": 2, "momentum": None},
            state={"num_batches_tracked": np.array(3)})
        add("BatchNorm1d", dt, "train-noaffine-eps", [randn(6, 3)], {"num_features": 3, "affine": False, "eps": 1e-3})
        add("BatchNorm1d", dt, "train-nostats", [randn(6, 3)], {"num_features": 3, "track_running_stats": False})
        add("BatchNorm1d", dt, "eval-nostats", [randn(4, 3, 2)], {"num_features": 3, "track_running_stats": False},
            train=False)
        add("BatchNorm2d", dt, "train", [randn(2, 3, 4, 5)], {"num_features": 3},
            state={"num_batches_tracked": np.array(7)})
        add("BatchNorm2d", dt, "eval", [randn(2, 3, 4, 5)], {"num_features": 3}, train=False)
        add("BatchNorm2d", dt, "train-momentum0", [randn(3, 2, 2, 3)], {"num_features": 2, "momentum": 0.0})
        # LayerNorm.
        add("LayerNorm", dt, "1d-shape", [randn(3, 5)], {"normalized_shape": [5]})
        add("LayerNorm", dt, "2d-shape", [randn(2, 4, 5)], {"normalized_shape": [4, 5]})
        add("LayerNorm", dt, "noaffine", [randn(3, 4)], {"normalized_shape": [4], "elementwise_affine": False})
        add("LayerNorm", dt, "2d-noaffine-eps", [randn(2, 3, 4)],
            {"normalized_shape": [3, 4], "elementwise_affine": False, "eps": 1e-2})
        # Embedding.
        idx = np.array([[1, 3, 3], [0, 9, 2]])
        add("Embedding", dt, "plain", [idx], {"num_embeddings": 10, "embedding_dim": 4})
        add("Embedding", dt, "padding", [idx], {"num_embeddings": 10, "embedding_dim": 4, "padding_idx": 3})
        add("Embedding", dt, "padding-neg", [np.array([0, 4, 4, 2])],
            {"num_embeddings": 5, "embedding_dim": 3, "padding_idx": -1})
        # Dropout's exact cases.
        add("Dropout", dt, "p0-train", [randn(3, 4)], {"p": 0.0})
        add("Dropout", dt, "p1-train", [randn(3, 4)], {"p": 1.0})
        add("Dropout", dt, "p0.5-eval", [randn(3, 4)], {"p": 0.5}, train=False)
        # Losses.
        x, y = randn(3, 4), randn(3, 4)
        for red in ("mean", "sum", "none"):
            add("MSELoss", dt, red, [x, y], {"reduction": red})
        logits = randn(3, 4) * 3
        logits[0, :2] = [30.0, -30.0]
        logits[1, 0] = 0.0
        tb = rng.uniform(0, 1, size=(3, 4))
        tb[2] = [0.0, 1.0, 1.0, 0.0]
        w4 = rng.uniform(0.2, 2, size=4)
        for red in ("mean", "sum", "none"):
            add("BCEWithLogitsLoss", dt, red, [logits, tb], {"reduction": red})
        add("BCEWithLogitsLoss", dt, "weight", [logits, tb], extra={"weight": w4})
        add("BCEWithLogitsLoss", dt, "pos_weight-sum", [logits, tb], {"reduction": "sum"},
            extra={"pos_weight": rng.uniform(0.5, 3, size=4)})
        add("BCEWithLogitsLoss", dt, "both-none", [logits, tb], {"reduction": "none"},
            extra={"weight": w4, "pos_weight": rng.uniform(0.5, 3, size=4)})
        lp = np.log(np.exp(randn(5, 4)) / np.exp(randn(5, 4)).sum(1, keepdims=True) + 0.1)
        t5 = np.array([0, 3, 1, 1, 2])
        for red in ("mean", "sum", "none"):
            add("NLLLoss", dt, red, [lp, t5], {"reduction": red})
            add("NLLLoss", dt, "weight-ignore-" + red, [lp, t5], {"reduction": red, "ignore_index": 1},
                extra={"weight": w4})
        add("NLLLoss", dt, "kdim", [randn(2, 3, 4, 2), rng.randint(0, 3, size=(2, 4, 2))])
        add("NLLLoss", dt, "1d", [randn(4), np.array(2)])
        add("NLLLoss", dt, "all-ignored", [lp[:2], np.array([1, 1])], {"ignore_index": 1, "reduction": "sum"})
        cl = randn(5, 4) * 2
        for red in ("mean", "sum", "none"):
            add("CrossEntropyLoss", dt, red, [cl, t5], {"reduction": red})
            add("CrossEntropyLoss", dt, "weight-ignore-" + red, [cl, t5], {"reduction": red, "ignore_index": 3},
                extra={"weight": w4})
            add("CrossEntropyLoss", dt, "smooth-" + red, [cl, t5], {"reduction": red, "label_smoothing": 0.1})
            add("CrossEntropyLoss", dt, "smooth-weight-ignore-" + red, [cl, t5],
                {"reduction": red, "label_smoothing": 0.25, "ignore_index": 1}, extra={"weight": w4})
        add("CrossEntropyLoss", dt, "smooth-ignore-mean", [cl, t5], {"label_smoothing": 0.2, "ignore_index": 1})
        add("CrossEntropyLoss", dt, "kdim", [randn(2, 3, 4), rng.randint(0, 3, size=(2, 4))],
            {"label_smoothing": 0.1})
        add("CrossEntropyLoss", dt, "1d", [randn(4), np.array(1)])
        probs = rng.uniform(0, 1, size=(5, 4))
        probs /= probs.sum(1, keepdims=True)
        add("CrossEntropyLoss", dt, "probs", [cl, probs], grads=[True, False])
        add("CrossEntropyLoss", dt, "probs-smooth-weight-sum", [cl, probs], {"label_smoothing": 0.3, "reduction": "sum"},
            extra={"weight": w4}, grads=[True, False])
        add("CrossEntropyLoss", dt, "probs-kdim-none", [randn(2, 3, 2), rng.dirichlet(np.ones(3), size=(2, 2)).transpose(0, 2, 1)],
            {"reduction": "none"}, grads=[True, False])

    with open(OUT, "w") as f:
        for c in cases:
            f.write(json.dumps(c, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"{len(cases)} cases written to {OUT}")


if __name__ == "__main__":
    main()
