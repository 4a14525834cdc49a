#!/usr/bin/python3
"""Records PyTorch's gradients of the linalg functions: linalg-grad-cases.json.

Run with Debian's PyTorch (1.13, CPU) from the repository root:

    /usr/bin/python3 autograd/testdata/gen_linalg.py

Every case is float64 and names the gotensor function (fn: Det, Inv, Solve, Cholesky,
EigvalsH, Eigh, Norm), its inputs (shape, data flat in C order), for Norm its params
(ord: null for Default, "fro", "nuc", or a number, with "inf"/"-inf"; axes: a list or
null; keepdims), one seed per output, the expected outputs and the expected gradient
of every input: the gradient of sum_k <out_k, seed_k>.

Eigenvectors are unique up to sign: the Go side matches the sign of each of its columns
to the recorded v and flips the seed's columns the same way, which leaves the expected
gradient unchanged. Det has no exactly singular case: PyTorch 1.13 gives 0 there (the
gradient is the cofactor matrix, which gotensor gives, as PyTorch 2 does); the finite
difference tests cover it.
"""

import json
import math
import os

import torch

torch.manual_seed(20240601)
f64 = torch.float64


def rnd(*shape):
    return torch.randn(tuple(shape), dtype=f64)


def well(*shape):
    """Random square matrices with a shifted diagonal (well conditioned)."""
    n = shape[-1]
    return rnd(*shape) + 3 * torch.eye(n, dtype=f64)


def sym(*shape):
    m = rnd(*shape)
    return (m + m.transpose(-1, -2)) / 2


def spd(*shape):
    m = rnd(*shape)
    return m @ m.transpose(-1, -2) + shape[-1] * torch.eye(shape[-1], dtype=f64)


def enc(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def ordenc(o):
    if o is None or isinstance(o, str):
        return o
    if math.isinf(o):
        return "inf" if o > 0 else "-inf"
    return o


cases = []


def case(name, fn, f, inputs, params=None):
    xs = [x.clone().requires_grad_() for x in inputs]
    outs = f(*xs)
    if not isinstance(outs, tuple):
        outs = (outs,)
    seeds = [rnd(*o.shape) for o in outs]
    loss = sum((o * s).sum() for o, s in zip(outs, seeds))
    grads = torch.autograd.grad(loss, xs)
    c = {"name": name, "fn": fn, "inputs": [enc(x) for x in inputs],
         "seeds": [enc(s) for s in seeds], "outputs": [enc(o) for o in outs],
         "grads": [enc(g) for g in grads]}
    if params is not None:
        c["params"] = params
    cases.append(c)


L = torch.linalg

case("Det/3x3", "Det", L.det, [well(3, 3)])
case("Det/1x1", "Det", L.det, [rnd(1, 1)])
case("Det/batch", "Det", L.det, [well(2, 3, 4, 4)])
case("Det/5x5-random", "Det", L.det, [rnd(5, 5)])

case("Inv/3x3", "Inv", L.inv, [well(3, 3)])
case("Inv/batch", "Inv", L.inv, [well(2, 4, 4)])
case("Inv/random", "Inv", L.inv, [rnd(4, 4)])

case("Solve/vector", "Solve", L.solve, [well(3, 3), rnd(3)])
case("Solve/matrix", "Solve", L.solve, [well(4, 4), rnd(4, 2)])
case("Solve/batch-vector", "Solve", L.solve, [well(2, 3, 3), rnd(3)])
case("Solve/broadcast", "Solve", L.solve, [well(2, 1, 3, 3), rnd(4, 3, 2)])

case("Cholesky/3x3", "Cholesky", L.cholesky, [spd(3, 3)])
case("Cholesky/5x5", "Cholesky", L.cholesky, [spd(5, 5)])
case("Cholesky/batch", "Cholesky", L.cholesky, [spd(2, 3, 4, 4)])

case("EigvalsH/3x3", "EigvalsH", L.eigvalsh, [sym(3, 3)])
case("EigvalsH/5x5", "EigvalsH", L.eigvalsh, [sym(5, 5)])
case("EigvalsH/batch", "EigvalsH", L.eigvalsh, [sym(2, 4, 4)])

case("Eigh/3x3", "Eigh", L.eigh, [sym(3, 3)])
case("Eigh/5x5", "Eigh", L.eigh, [sym(5, 5)])
case("Eigh/batch", "Eigh", L.eigh, [sym(2, 3, 4, 4)])


def norm(name, shape, o, axes=None, keep=False):
    x = rnd(*shape)
    dim = tuple(axes) if axes is not None and len(axes) > 1 else (axes[0] if axes else None)
    case(name, "Norm", lambda t: L.norm(t, o, dim, keep), [x],
         {"ord": ordenc(o), "axes": axes, "keepdims": keep})


norm("Norm/default-all", (2, 3, 4), None)
norm("Norm/default-all-keep", (3, 4), None, None, True)
norm("Norm/vec-2", (3, 5), 2, [1])
norm("Norm/vec-1", (3, 5), 1, [0])
norm("Norm/vec-inf", (3, 5), math.inf, [1], True)
norm("Norm/vec-neginf", (4, 5), -math.inf, [-1])
norm("Norm/vec-3", (2, 3, 4), 3, [1])
norm("Norm/vec-1.5", (6,), 1.5)
norm("Norm/vec-0.5", (3, 4), 0.5, [1])
norm("Norm/vec--1", (3, 4), -1, [0])
norm("Norm/mat-fro", (2, 3, 4), "fro", [0, 2])
norm("Norm/mat-1", (4, 3), 1)
norm("Norm/mat--1", (2, 4, 3), -1, [1, 2], True)
norm("Norm/mat-inf", (3, 4, 2), math.inf, [2, 0])
norm("Norm/mat--inf", (4, 3), -math.inf)
norm("Norm/mat-2", (2, 4, 3), 2, [1, 2])
norm("Norm/mat--2", (3, 5), -2)
norm("Norm/mat-nuc", (3, 2, 4), "nuc", [2, 0], True)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "linalg-grad-cases.json")
with open(out, "w") as fh:
    json.dump({"torch": torch.__version__, "cases": cases}, fh, separators=(",", ":"))
    fh.write("\n")
print("wrote %d cases to %s" % (len(cases), out))
