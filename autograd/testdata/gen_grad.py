#!/usr/bin/python3
"""Records PyTorch's gradients for gotensor's autograd rules: torch-grad-cases.jsonl.

Run with Debian's PyTorch (1.13, CPU) from the repository root:

    /usr/bin/python3 autograd/testdata/gen_grad.py

Every case names an op of the Go harness (internal/gradcases), its inputs, its
parameters, a seed gradient for each output (absent for a 0-d output: Backward seeds it
with 1), the expected forward values and the expected gradient of every input that
requires one. Second-order cases (order 2) add a vector v per input and the
Hessian-vector product: the gradient of sum_i <g_i, v_i>, where g_i are the first
gradients computed with create_graph=True (torch.autograd.grad twice).

Case file format (one JSON object per line):

    id      unique name, "<Op>/<dtype>/<variant>"
    rule    the autograd rule the case exercises (the key of autograd's rule table)
    op      the harness op (gotensor's name: "Add", "SwapAxes", "HStack", ...)
    inputs  list of
              {"dtype", "shape", "data", "grad": bool, "view": [steps]} a tensor: shape
                  and data (flat, C order) are of the contiguous base; the Go side builds
                  the view steps on it ({"transpose": perm} or {"slice": specs}) and then
                  marks the view RequiresGrad when grad is set, so the leaf is strided;
              {"scalar": x}  a Go float64 operand;
              {"ref": i}     input i again (a diamond: one leaf used twice).
            int64 and bool tensors (indices, labels, masks, conditions) never need grad.
    params  the op's parameters (axes, keepdims, ddof, shape, specs, ...)
    post    "square": the output is squared before differentiating (second order
            through linear ops)
    seeds   one per output: an array of the output's shape and dtype, or null (0-d: 1)
    value   the expected outputs (after post)
    expect  one per input: the expected gradient (input's dtype and shape) or null
    order   1 or 2; for 2 also "hvp_v" and "hvp_expect" (one per input, or null)

Slice specs are ints, {"s": [start, stop, step]} (null for an omitted bound),
"newaxis" or "...".

References are computed in float64 even for float32 cases, from the float32-rounded
inputs and seeds: the expected value is the exact gradient at the float32 inputs, and
the harness allows float32 results a rounding budget (see internal/gradcases).

Where gotensor's convention differs from PyTorch's the reference is written in PyTorch
ops that implement gotensor's convention (see autograd/doc.go):
  - Median: np.median (mean of the two middle values for an even count) with half the
    gradient to each middle value, split evenly among the elements equal to it;
    torch.median returns the lower middle value and routes all of it to one element.
  - Take/IndexArrays/Slice are written as advanced indexing (negative steps: torch has
    no negative-step slices, so the slice is a gather at the same flat positions).
  - Dot is np.dot (tensordot over a's last and b's second-to-last axis).
  - Var/Std are written out with ddof (np.var's ddof, not torch's unbiased flag).
"""

import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.RandomState(20240611)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch-grad-cases.jsonl")


# ---------------------------------------------------------------- inputs

class T:
    """A tensor input: a contiguous base and view steps."""

    def __init__(self, base, dtype="float64", grad=True, view=None):
        base = np.asarray(base)
        if dtype in ("float32", "float64"):
            base = base.astype(np.float32).astype(np.float64) if dtype == "float32" else base.astype(np.float64)
        self.base, self.dtype, self.grad, self.view = base, dtype, grad, view or []

    def value(self):
        v = self.base
        for st in self.view:
            if "transpose" in st:
                v = np.transpose(v, st["transpose"])
            elif "slice" in st:
                v = v[np_specs(st["slice"])]
            else:
                raise ValueError(st)
        return v

    def json(self):
        d = {"dtype": self.dtype, "shape": list(self.base.shape), "data": enc_data(self.base, self.dtype)}
        if self.grad:
            d["grad"] = True
        if self.view:
            d["view"] = self.view
        return d


class Sc:
    def __init__(self, v):
        self.v = float(v)


class Ref:
    def __init__(self, i):
        self.i = i


def randn(*shape, dtype="float64", view=None, grad=True, scale=1.0):
    return T(rng.randn(*shape) * scale, dtype, grad, view)


def pos(*shape, dtype="float64", view=None, lo=0.3, hi=2.0):
    return T(rng.uniform(lo, hi, size=shape), dtype, True, view)


def ints(data, shape=None):
    a = np.asarray(data, dtype=np.int64)
    if shape is not None:
        a = a.reshape(shape)
    return T(a, "int64", False)


def bools(data, shape=None):
    a = np.asarray(data, dtype=bool)
    if shape is not None:
        a = a.reshape(shape)
    return T(a, "bool", False)


def s(start=None, stop=None, step=None):
    return {"s": [start, stop, step]}


def np_specs(specs):
    out = []
    for sp in specs:
        if isinstance(sp, int):
            out.append(sp)
        elif sp == "newaxis":
            out.append(np.newaxis)
        elif sp == "...":
            out.append(Ellipsis)
        else:
            a, b, c = sp["s"]
            out.append(slice(a, b, c))
    return tuple(out)


def enc_num(x):
    x = float(x)
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def enc_data(a, dtype):
    a = np.asarray(a).reshape(-1)
    if dtype == "int64":
        return [int(v) for v in a]
    if dtype == "bool":
        return [bool(v) for v in a]
    if dtype == "float32":
        a = a.astype(np.float32)
    return [enc_num(v) for v in a]


def arr_json(a, dtype):
    a = np.asarray(a)
    return {"dtype": dtype, "shape": list(a.shape), "data": enc_data(a, dtype)}


# ---------------------------------------------------------------- torch references

def red_dims(x, p):
    axes = p.get("axes")
    if axes is None or len(axes) == 0:
        return tuple(range(x.dim()))
    return tuple(sorted(a % x.dim() for a in axes))


def kept(r, x, dims, keep):
    if keep:
        return r
    shape = [n for k, n in enumerate(x.shape) if k not in dims]
    return r.reshape(shape)


def to_last(x, dims):
    """x with the reduced dims moved last and merged: (..., n), and the kept shape."""
    other = [k for k in range(x.dim()) if k not in dims]
    y = x.permute(other + list(dims))
    n = 1
    for d in dims:
        n *= x.shape[d]
    kshape = [1 if k in dims else x.shape[k] for k in range(x.dim())]
    return y.reshape([x.shape[k] for k in other] + [n]), kshape


def t_prod(x, p):
    dims = red_dims(x, p)
    y, kshape = to_last(x, dims)
    return kept(y.prod(-1).reshape(kshape), x, dims, p.get("keepdims", False))


def t_extreme(f):
    # amax/amin split the gradient evenly among the elements equal to the result, as
    # gotensor does; gotensor also gives 0 where the result is NaN (torch gives NaN
    # there), so the gradient flows through a surrogate that has it: the mean of the
    # elements equal to the result (none where it is NaN), with the result's value.
    def g(x, p):
        dims, keep = red_dims(x, p), p.get("keepdims", False)
        r = f(x, dim=dims, keepdim=True)
        mask = ((x.detach() == r.detach()) & ~torch.isnan(r.detach())).double()
        cnt = mask.sum(dim=dims, keepdim=True).clamp(min=1)
        sur = (x * mask).sum(dim=dims, keepdim=True) / cnt
        out = sur + (r.detach() - sur.detach())
        return kept(out, x, dims, keep)
    return g


def t_median(x, p):
    # gotensor's (np.median's) median: the mean of the two middle values; each half of
    # the gradient split evenly among the elements equal to that middle value. The
    # masks are constants, so autograd gives exactly that.
    dims = red_dims(x, p)
    y, kshape = to_last(x, dims)
    n = y.shape[-1]
    srt = torch.sort(y.detach(), dim=-1).values
    lo, hi = srt[..., (n - 1) // 2:(n - 1) // 2 + 1], srt[..., n // 2:n // 2 + 1]
    # A line holding a NaN has median NaN and gradient 0 (gotensor's convention).
    ok = (~torch.isnan(y.detach()).any(-1, keepdim=True)).double()
    mlo, mhi = (y.detach() == lo).double() * ok, (y.detach() == hi).double() * ok
    r = 0.5 * ((y * mlo).sum(-1) / mlo.sum(-1).clamp(min=1) + (y * mhi).sum(-1) / mhi.sum(-1).clamp(min=1))
    nan = torch.where(ok[..., 0] > 0, 0.0, float("nan"))
    return kept((r + nan).reshape(kshape), x, dims, p.get("keepdims", False))


def t_var(x, p):
    dims = red_dims(x, p)
    n = 1
    for d in dims:
        n *= x.shape[d]
    d = x - x.mean(dim=dims, keepdim=True)
    return (d * d).sum(dim=dims, keepdim=p.get("keepdims", False)) / (n - p.get("ddof", 0))


def t_dot(a, b):
    if a.dim() == 0 or b.dim() == 0:
        return a * b
    return torch.tensordot(a, b, dims=([a.dim() - 1], [max(b.dim() - 2, 0)]))


def t_slice(x, specs):
    # A gather at the flat positions the NumPy slice selects (negative steps included).
    idx = np.arange(x.numel()).reshape(tuple(x.shape))[np_specs(specs)]
    return x.reshape(-1)[torch.from_numpy(np.ascontiguousarray(idx))]


def t_take(x, idx, p):
    if p.get("axis") is None:
        return x.reshape(-1)[idx]
    ax = p["axis"] % x.dim()
    return x[(slice(None),) * ax + (idx,)]


def t_squeeze(x, p):
    axes = p.get("axes") or [k for k in range(x.dim()) if x.shape[k] == 1]
    for a in sorted((a % x.dim() for a in axes), reverse=True):
        x = x.squeeze(a)
    return x


def t_repeat(x, p):
    if p.get("axis") is None:
        return x.reshape(-1).repeat_interleave(p["repeats"])
    return x.repeat_interleave(p["repeats"], dim=p["axis"])


def t_flat_or_axis(f):
    def g(x, p):
        if p.get("axis") is None:
            return f(x.reshape(-1), 0)
        return f(x, p["axis"])
    return g


def t_mse(t, q):
    return ((t - q) ** 2).mean()


def t_ce(x, labels):
    c = x.shape[-1]
    return F.cross_entropy(x.reshape(-1, c), labels.reshape(-1))


def all_dims(x, p):
    return p.get("axes") if p.get("axes") else list(range(x.dim()))


UN = {
    "Neg": torch.neg, "Abs": torch.abs, "Exp": torch.exp, "Log": torch.log, "Sqrt": torch.sqrt,
    "Tanh": torch.tanh, "Sin": torch.sin, "Cos": torch.cos, "Square": torch.square,
    "Log1p": torch.log1p, "Expm1": torch.expm1, "Sigmoid": torch.sigmoid, "ReLU": torch.relu,
    "Reciprocal": torch.reciprocal, "Floor": torch.floor, "Ceil": torch.ceil, "Sign": torch.sign,
}
BIN = {
    "Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div, "Pow": torch.pow,
    "Maximum": torch.maximum, "Minimum": torch.minimum,
    "FloorDiv": lambda a, b: torch.div(a, b, rounding_mode="floor"), "Mod": torch.remainder,
}

# Each reference takes (list of torch args, params) and returns a tensor or a list.
REF = {}
for _n, _f in UN.items():
    REF[_n] = (lambda f: lambda a, p: f(a[0]))(_f)
for _n, _f in BIN.items():
    REF[_n] = (lambda f: lambda a, p: f(a[0], a[1]))(_f)
REF.update({
    "Round": lambda a, p: torch.round(a[0], decimals=p["decimals"]),
    "Clip": lambda a, p: torch.clamp(a[0], p["lo"], p["hi"]),
    "Where": lambda a, p: torch.where(a[0], a[1], a[2]),
    "FMA": lambda a, p: a[0] * a[1] + a[2],
    "AsType": lambda a, p: a[0] * 1.0,
    "Copy": lambda a, p: a[0].clone(),
    "ToCPU": lambda a, p: a[0] * 1.0,
    "Slice": lambda a, p: t_slice(a[0], p["specs"]),
    "Transpose": lambda a, p: a[0].permute(p["axes"] if p.get("axes") else list(reversed(range(a[0].dim())))),
    "Permute": lambda a, p: a[0].permute(p["axes"]),
    "T": lambda a, p: a[0].permute(list(reversed(range(a[0].dim())))),
    "SwapAxes": lambda a, p: a[0].transpose(p["a"], p["b"]),
    "MoveAxis": lambda a, p: a[0].movedim(p["src"], p["dst"]),
    "Reshape": lambda a, p: a[0].reshape(p["shape"]),
    "Squeeze": lambda a, p: t_squeeze(a[0], p),
    "ExpandDims": lambda a, p: a[0].unsqueeze(p["axis"]),
    "Ravel": lambda a, p: a[0].reshape(-1),
    "Flatten": lambda a, p: a[0].reshape(-1),
    "BroadcastTo": lambda a, p: a[0].broadcast_to(p["shape"]),
    "Flip": lambda a, p: a[0].flip(all_dims(a[0], p)),
    "Concatenate": lambda a, p: torch.cat(a, p["axis"]),
    "Stack": lambda a, p: torch.stack(a, p["axis"]),
    "HStack": lambda a, p: torch.hstack(a),
    "VStack": lambda a, p: torch.vstack(a),
    "Split": lambda a, p: list(torch.tensor_split(a[0], p["sections"], dim=p["axis"])),
    "SplitAt": lambda a, p: list(torch.tensor_split(a[0], p["indices"], dim=p["axis"])),
    "Tile": lambda a, p: torch.tile(a[0], p["reps"]),
    "Repeat": lambda a, p: t_repeat(a[0], p),
    "RepeatEach": lambda a, p: a[0].repeat_interleave(torch.tensor(p["repeats"]), dim=p["axis"]),
    "Take": lambda a, p: t_take(a[0], a[1], p),
    "IndexArrays": lambda a, p: a[0][tuple(a[1:])],
    "MaskSelect": lambda a, p: a[0][a[1]],
    "CumSum": lambda a, p: t_flat_or_axis(lambda x, d: torch.cumsum(x, d))(a[0], p),
    "CumProd": lambda a, p: t_flat_or_axis(lambda x, d: torch.cumprod(x, d))(a[0], p),
    "Sort": lambda a, p: torch.sort(a[0], dim=p.get("axis", -1), stable=True).values,
    "Sum": lambda a, p: a[0].sum(dim=red_dims(a[0], p), keepdim=p.get("keepdims", False)),
    "Mean": lambda a, p: a[0].mean(dim=red_dims(a[0], p), keepdim=p.get("keepdims", False)),
    "Max": lambda a, p: t_extreme(torch.amax)(a[0], p),
    "Min": lambda a, p: t_extreme(torch.amin)(a[0], p),
    "Prod": lambda a, p: t_prod(a[0], p),
    "Median": lambda a, p: t_median(a[0], p),
    "Var": lambda a, p: t_var(a[0], p),
    "Std": lambda a, p: torch.sqrt(t_var(a[0], p)),
    "Softmax": lambda a, p: torch.softmax(a[0], p["axis"]),
    "LogSoftmax": lambda a, p: torch.log_softmax(a[0], p["axis"]),
    "CrossEntropy": lambda a, p: t_ce(a[0], a[1]),
    "MSE": lambda a, p: t_mse(a[0], a[1]),
    "MAE": lambda a, p: (a[0] - a[1]).abs().mean(),
    "MatMul": lambda a, p: torch.matmul(a[0], a[1]),
    "Dot": lambda a, p: t_dot(a[0], a[1]),
    "Outer": lambda a, p: torch.outer(a[0].reshape(-1), a[1].reshape(-1)),
})

# The autograd rule each harness op exercises (default: the op's own name).
RULE = {
    "Permute": "Transpose", "T": "Transpose", "SwapAxes": "Transpose", "MoveAxis": "Transpose",
    "Squeeze": "Reshape", "ExpandDims": "Reshape", "Ravel": "Reshape", "Flatten": "Reshape",
    "Stack": "Concatenate", "HStack": "Concatenate", "VStack": "Concatenate",
    "Split": "Slice", "SplitAt": "Slice", "RepeatEach": "Take", "ToCPU": "To",
}


# ---------------------------------------------------------------- cases

cases = []
ids = set()


def out_dtype(op, inputs, params):
    if op == "AsType":
        return params["dtype"]
    dts = [i.dtype for i in inputs if isinstance(i, T) and i.dtype in ("float32", "float64")]
    if op in BIN or op in ("Where", "FMA", "Concatenate", "Stack", "MatMul", "Dot", "Outer"):
        # np.result_type: float32 with int64 is float64 (the Where condition is bool).
        if any(isinstance(i, T) and i.dtype == "int64" for i in inputs):
            return "float64"
    return "float64" if "float64" in dts or not dts else "float32"


def rnd(a, dtype):
    a = np.asarray(a, dtype=np.float64)
    return a.astype(np.float32).astype(np.float64) if dtype == "float32" else a


def add(op, inputs, params=None, variant="", order=1, post=None, seeds=True):
    params = params or {}
    odt = out_dtype(op, inputs, params)
    fdts = [i.dtype for i in inputs if isinstance(i, T) and i.grad]
    dtag = fdts[0] if fdts else odt
    cid = "%s/%s/%s" % (op, dtag, variant) if variant else "%s/%s" % (op, dtag)
    base, k = cid, 2
    while cid in ids:
        cid = "%s#%d" % (base, k)
        k += 1
    ids.add(cid)

    leaves, args = [], []
    for inp in inputs:
        if isinstance(inp, T):
            v = inp.value()
            if inp.dtype == "int64":
                t = torch.from_numpy(np.array(v, dtype=np.int64))
            elif inp.dtype == "bool":
                t = torch.from_numpy(np.array(v, dtype=bool))
            else:
                t = torch.tensor(np.array(v, dtype=np.float64), dtype=torch.float64, requires_grad=inp.grad)
            leaves.append(t if inp.grad else None)
            args.append(t)
        elif isinstance(inp, Sc):
            leaves.append(None)
            args.append(torch.tensor(inp.v, dtype=torch.float64))
        else:
            leaves.append(None)
            args.append(args[inp.i])
    out = REF[op](args, params)
    outs = out if isinstance(out, list) else [out]
    if post == "square":
        outs = [o * o for o in outs]
    seed_arrays, seed_ts = [], []
    for o in outs:
        if o.dim() == 0 and seeds:
            seed_arrays.append(None)
            seed_ts.append(torch.ones((), dtype=torch.float64))
        else:
            sd = rnd(rng.randn(*o.shape), odt)
            seed_arrays.append(arr_json(sd, odt))
            seed_ts.append(torch.from_numpy(sd))
    want = [l for l in leaves if l is not None]
    grads = torch.autograd.grad(outs, want, grad_outputs=seed_ts, allow_unused=True,
                                create_graph=(order == 2))
    expect, gi = [], 0
    for inp, l in zip(inputs, leaves):
        if l is None:
            expect.append(None)
            continue
        g = grads[gi]
        gi += 1
        gv = np.zeros(l.shape) if g is None else g.detach().numpy()
        expect.append(arr_json(gv, inp.dtype))
    c = {
        "id": cid, "rule": RULE.get(op, op), "op": op,
        "inputs": [i.json() if isinstance(i, T) else ({"scalar": i.v} if isinstance(i, Sc) else {"ref": i.i})
                   for i in inputs],
        "params": params, "seeds": seed_arrays,
        "value": [arr_json(o.detach().numpy(), odt) for o in outs],
        "expect": expect, "order": order,
    }
    if post:
        c["post"] = post
    if order == 2:
        vs, hv_in, hv_v = [], [], []
        for inp, l, g in zip([i for i, l in zip(inputs, leaves) if l is not None], want, grads):
            v = rnd(rng.randn(*l.shape), inp.dtype)
            vs.append(arr_json(v, inp.dtype))
            if g is not None and g.requires_grad:
                hv_in.append(g)
                hv_v.append(torch.from_numpy(v))
        hv = torch.autograd.grad(hv_in, want, grad_outputs=hv_v, allow_unused=True) if hv_in else [None] * len(want)
        hvp_v, hvp_e, k = [], [], 0
        for inp, l in zip(inputs, leaves):
            if l is None:
                hvp_v.append(None)
                hvp_e.append(None)
                continue
            hvp_v.append(vs[k])
            h = hv[k]
            hvp_e.append(arr_json(np.zeros(l.shape) if h is None else h.numpy(), inp.dtype))
            k += 1
        c["hvp_v"], c["hvp_expect"] = hvp_v, hvp_e
    cases.append(c)


F32, F64 = "float32", "float64"
TR = [{"transpose": [1, 0]}]
NEG = [{"slice": [s(None, None, -1), s(None, None, 2)]}]  # negative step on axis 0, step 2 on 1


def elementwise():
    domain = {"Log": "pos", "Sqrt": "pos", "Reciprocal": "pos", "Log1p": "pos"}
    for op in UN:
        mk = pos if domain.get(op) == "pos" else randn
        for dt in (F64, F32):
            add(op, [mk(3, 4, dtype=dt)], variant="plain")
            add(op, [mk(4, 3, dtype=dt, view=TR)], variant="transposed")
            add(op, [mk(5, 6, dtype=dt, view=NEG)], variant="negstep")
        add(op, [mk(1, dtype=F64)], variant="size1")
        add(op, [mk(dtype=F64)], variant="0d")
    # Conventions at special points.
    add("Abs", [T([[-1.0, 0.0, 2.0], [0.0, -0.5, 3.0]])], variant="at-zero")
    add("ReLU", [T([[-1.0, 0.0, 2.0], [0.0, -0.5, 3.0]])], variant="at-zero")
    add("Sqrt", [T([0.0, 1.0, 4.0])], variant="at-zero")  # inf where the seed is non-zero
    add("Sign", [T([-2.0, 0.0, 3.0])], variant="at-zero")
    for dt in (F64, F32):
        add("Round", [randn(3, 4, dtype=dt, scale=3)], {"decimals": 0}, "d0")
        add("Round", [randn(4, 3, dtype=dt, view=TR, scale=3)], {"decimals": 1}, "d1-transposed")
        add("Clip", [randn(3, 5, dtype=dt)], {"lo": -0.5, "hi": 0.75}, "plain")
        add("Clip", [randn(6, 5, dtype=dt, view=NEG)], {"lo": -0.25, "hi": 0.5}, "negstep")
    add("Clip", [T([-1.0, -0.5, 0.0, 0.75, 1.0])], {"lo": -0.5, "hi": 0.75}, "at-bounds")

    for op in BIN:
        a_mk = pos if op == "Pow" else randn
        b_mk = pos if op in ("Div", "Pow", "Mod", "FloorDiv") else randn
        for dt in (F64, F32):
            add(op, [a_mk(3, 4, dtype=dt), b_mk(3, 4, dtype=dt)], variant="same")
            add(op, [a_mk(2, 3, 4, dtype=dt), b_mk(3, 1, dtype=dt)], variant="bcast")
            add(op, [a_mk(3, 1, dtype=dt), b_mk(1, 4, dtype=dt)], variant="bcast-outer")
            add(op, [a_mk(4, 3, dtype=dt, view=TR), b_mk(3, 8, dtype=dt, view=NEG)], variant="strided")
            add(op, [a_mk(3, 4, dtype=dt), Sc(1.5)], variant="scalar-right")
            add(op, [Sc(1.25), b_mk(3, 4, dtype=dt)], variant="scalar-left")
        add(op, [a_mk(1, dtype=F64), b_mk(2, 3, dtype=F64)], variant="size1")
        add(op, [a_mk(dtype=F64), b_mk(3, dtype=F64)], variant="0d-bcast")
        add(op, [a_mk(2, 3, dtype=F32), b_mk(3, dtype=F64)], variant="mixed-f32-f64")
        bt = b_mk(3, 4, dtype=F64)
        bt.grad = False
        add(op, [a_mk(3, 4, dtype=F64), bt], variant="rhs-nograd")
        if op not in ("FloorDiv", "Mod"):
            add(op, [a_mk(3, 4, dtype=F64), Ref(0)], variant="diamond")
    # Pow exponent conventions: b == 0 and a == 0.
    add("Pow", [T([0.0, 0.0, 2.0, 1.5]), T([0.0, 2.0, 0.0, 3.0])], variant="zeros")
    # Ties: half to each side.
    ta = [[1.0, 2.0, 3.0], [-1.0, 0.5, 0.5]]
    tb = [[1.0, 1.0, 4.0], [-1.0, 0.5, 0.0]]
    for dt in (F64, F32):
        add("Maximum", [T(ta, dt), T(tb, dt)], variant="ties")
        add("Minimum", [T(ta, dt), T(tb, dt)], variant="ties")
    add("Maximum", [T(ta), Sc(0.5)], variant="ties-scalar")
    add("Minimum", [T(ta), Sc(1.0)], variant="ties-scalar")
    add("Maximum", [T(ta), Ref(0)], variant="ties-diamond")
    add("Mod", [T([[5.5, -5.5, 2.0]]), T([[2.0, 2.0, -1.5], [-3.0, 0.7, 0.9]])], variant="signs")

    cond = bools([[True, False, True, False], [False, False, True, True], [True, True, False, True]])
    for dt in (F64, F32):
        add("Where", [cond, randn(3, 4, dtype=dt), randn(3, 4, dtype=dt)], variant="same")
        add("Where", [cond, randn(4, dtype=dt), randn(3, 1, dtype=dt)], variant="bcast")
        add("Where", [cond, randn(4, 3, dtype=dt, view=TR), Sc(0.5)], variant="strided-scalar")
        add("Where", [cond, Sc(-1.0), randn(3, 8, dtype=dt, view=NEG)], variant="scalar-negstep")
    add("Where", [bools([True, False, True]), randn(2, 3), Ref(1)], variant="diamond")
    for dt in (F64, F32):
        add("FMA", [randn(3, 4, dtype=dt), randn(3, 4, dtype=dt), randn(3, 4, dtype=dt)], variant="same")
        add("FMA", [randn(2, 3, 4, dtype=dt), randn(4, dtype=dt), randn(3, 1, dtype=dt)], variant="bcast")
        add("FMA", [randn(4, 3, dtype=dt, view=TR), Sc(2.5), Sc(-1.0)], variant="scalars")
        add("FMA", [Sc(0.5), randn(6, 8, dtype=dt, view=NEG), randn(1, dtype=dt)], variant="negstep")
    add("FMA", [randn(3, 4), Ref(0), Ref(0)], variant="diamond")

    add("AsType", [randn(3, 4)], {"dtype": F32}, "f64-to-f32")
    add("AsType", [randn(3, 4, dtype=F32)], {"dtype": F64}, "f32-to-f64")
    add("AsType", [randn(4, 3, view=TR)], {"dtype": F32}, "transposed")
    add("AsType", [randn(6, 8, dtype=F32, view=NEG)], {"dtype": F32}, "same-negstep")
    for dt in (F64, F32):
        add("Copy", [randn(3, 4, dtype=dt)], variant="plain")
        add("Copy", [randn(6, 8, dtype=dt, view=NEG)], variant="negstep")
        add("ToCPU", [randn(3, 4, dtype=dt)], variant="plain")
        add("ToCPU", [randn(4, 3, dtype=dt, view=TR)], variant="transposed")


def views():
    for dt in (F64, F32):
        x = lambda *sh, **kw: randn(*sh, dtype=dt, **kw)
        add("Slice", [x(4, 5)], {"specs": [s(1, 3), s(None, None, -2)]}, "range-negstep")
        add("Slice", [x(4, 5)], {"specs": [-1]}, "int-neg")
        add("Slice", [x(2, 3, 4)], {"specs": ["newaxis", "...", s(None, None, -1)]}, "newaxis-ellipsis")
        add("Slice", [x(2, 3, 4)], {"specs": [1, "...", 2]}, "int-ellipsis-int")
        add("Slice", [x(5, 4, view=TR)], {"specs": [s(3, 0, -1), 2]}, "of-transposed")
        add("Slice", [x(6, 8, view=NEG)], {"specs": [s(None, None, 2), "newaxis", s(1, None)]}, "of-negstep")
        add("Slice", [x(3, 4)], {"specs": [s(None, None, -1), s(-1, -5, -3)]}, "negstep-both")
        add("Slice", [x(1, 3)], {"specs": [0, s(None, 2)]}, "size1")
        add("Transpose", [x(2, 3, 4)], {"axes": [2, 0, 1]}, "perm")
        add("Transpose", [x(2, 3, 4)], {"axes": [-1, 0, -2]}, "neg-axes")
        add("Transpose", [x(2, 3, 4)], {}, "reverse")
        add("Transpose", [x(4, 3, view=TR)], {}, "of-transposed")
        add("Permute", [x(2, 3, 4)], {"axes": [1, 2, 0]}, "perm")
        add("T", [x(6, 8, view=NEG)], {}, "negstep")
        add("SwapAxes", [x(2, 3, 4)], {"a": 0, "b": -1}, "plain")
        add("MoveAxis", [x(2, 3, 4)], {"src": 0, "dst": -1}, "plain")
        add("MoveAxis", [x(2, 3, 4)], {"src": -1, "dst": 1}, "neg")
        add("Reshape", [x(2, 3, 4)], {"shape": [6, 4]}, "view")
        add("Reshape", [x(4, 3, view=TR)], {"shape": [-1]}, "copy")
        add("Reshape", [x(6, 8, view=NEG)], {"shape": [2, 3, 4]}, "negstep")
        add("Squeeze", [x(3, 1, 4)], {"axes": [1]}, "axis")
        add("Squeeze", [x(1, 3, 1)], {}, "all")
        add("ExpandDims", [x(3, 4)], {"axis": 0}, "front")
        add("ExpandDims", [x(4, 3, view=TR)], {"axis": -1}, "back-transposed")
        add("Ravel", [x(4, 3, view=TR)], {}, "transposed")
        add("Flatten", [x(2, 3, 4)], {}, "plain")
        add("BroadcastTo", [x(3, 1)], {"shape": [2, 3, 4]}, "mid")
        add("BroadcastTo", [x(4)], {"shape": [3, 4]}, "lead")
        add("BroadcastTo", [x(1)], {"shape": [2, 5]}, "size1")
        add("Flip", [x(3, 4)], {"axes": [0]}, "axis0")
        add("Flip", [x(3, 4)], {"axes": [-1, 0]}, "both")
        add("Flip", [x(6, 8, view=NEG)], {}, "all-negstep")
        add("Concatenate", [x(2, 3), x(4, 3), x(1, 3)], {"axis": 0}, "axis0")
        add("Concatenate", [x(2, 3), x(3, 2, view=TR)], {"axis": -1}, "axis1-strided")
        add("Concatenate", [x(2, 3), Ref(0)], {"axis": 1}, "diamond")
        add("Stack", [x(2, 3), x(2, 3)], {"axis": 0}, "axis0")
        add("Stack", [x(2, 3), x(3, 2, view=TR), x(2, 3)], {"axis": -1}, "last")
        add("HStack", [x(3), x(2)], {}, "1d")
        add("HStack", [x(2, 3), x(2, 1)], {}, "2d")
        add("VStack", [x(3), x(3)], {}, "1d")
        add("VStack", [x(2, 3), x(1, 3)], {}, "2d")
        add("Split", [x(4, 3)], {"sections": 2, "axis": 0}, "axis0")
        add("Split", [x(2, 6)], {"sections": 3, "axis": -1}, "last")
        add("SplitAt", [x(5, 2)], {"indices": [1, 3], "axis": 0}, "indices")
        add("Tile", [x(2, 3)], {"reps": [2, 1, 2]}, "long")
        add("Tile", [x(3, 2, view=TR)], {"reps": [3]}, "short-transposed")
        add("Tile", [x(1, 2)], {"reps": [3, 2]}, "size1")
        add("Repeat", [x(2, 3)], {"repeats": 3, "axis": -1}, "axis")
        add("Repeat", [x(2, 3)], {"repeats": 2}, "flat")
        add("Repeat", [x(6, 8, view=NEG)], {"repeats": 2, "axis": 0}, "negstep")
        add("RepeatEach", [x(3, 2)], {"repeats": [2, 0, 3], "axis": 0}, "counts")


def index():
    for dt in (F64, F32):
        x = lambda *sh, **kw: randn(*sh, dtype=dt, **kw)
        add("Take", [x(3, 4), ints([0, 5, 5, -1, 11])], {}, "flat-repeat-neg")
        add("Take", [x(3, 4), ints([[2, 0], [2, -3]])], {"axis": 1}, "axis1-2d")
        add("Take", [x(3, 4), ints([1, 1, 0])], {"axis": 0}, "axis0-repeat")
        add("Take", [x(4, 3, view=TR), ints([2, 0, 2])], {"axis": -1}, "transposed")
        add("Take", [x(6, 8, view=NEG), ints([0, 2, 2, 1])], {"axis": 0}, "negstep")
        add("IndexArrays", [x(3, 4), ints([0, 2, 2, -1])], {}, "one")
        add("IndexArrays", [x(3, 4), ints([0, 2, 2]), ints([1, 3, 1])], {}, "two")
        add("IndexArrays", [x(3, 4, 2), ints([[0], [2]]), ints([1, 3, 3])], {}, "bcast")
        add("IndexArrays", [x(4, 3, view=TR), ints([1, 1]), ints([0, -1])], {}, "transposed")
        add("MaskSelect", [x(3, 4), bools(rng.rand(3, 4) > 0.4)], {}, "full")
        add("MaskSelect", [x(3, 4, 2), bools([True, False, True])], {}, "leading")
        add("MaskSelect", [x(3, 8, view=NEG), bools(rng.rand(3, 4) > 0.5)], {}, "negstep")
        add("CumSum", [x(3, 4)], {"axis": 1}, "axis1")
        add("CumSum", [x(3, 4)], {"axis": 0}, "axis0")
        add("CumSum", [x(3, 4)], {}, "flat")
        add("CumSum", [x(6, 8, view=NEG)], {"axis": -1}, "negstep")
        add("CumProd", [x(3, 4)], {"axis": 1}, "axis1")
        add("CumProd", [x(4, 3, view=TR)], {"axis": 0}, "transposed")
        add("CumProd", [x(2, 3)], {}, "flat")
        add("CumProd", [T([[1.5, 0.0, 2.0, -1.0], [0.0, 3.0, 0.0, 2.0], [2.0, 0.5, -1.0, 0.0]], dt)],
            {"axis": 1}, "zeros")
        add("CumProd", [T([[1.5, 0.0], [2.0, -1.0], [0.0, 3.0]], dt)], {}, "zeros-flat")
        add("Sort", [x(3, 5)], {}, "last")
        add("Sort", [x(3, 5)], {"axis": 0}, "axis0")
        add("Sort", [x(5, 3, view=TR)], {"axis": 1}, "transposed")
        add("Sort", [T([[1.0, 3.0, 1.0, 2.0, 3.0], [0.0, 0.0, 0.0, -1.0, 2.0]], dt)], {}, "ties")


def reductions():
    for op in ("Sum", "Mean", "Max", "Min", "Prod", "Median", "Var", "Std"):
        for dt in (F64, F32):
            x = lambda *sh, **kw: randn(*sh, dtype=dt, **kw)
            add(op, [x(3, 4)], {}, "all")
            add(op, [x(3, 4)], {"axes": [1]}, "axis1")
            add(op, [x(3, 4)], {"axes": [0], "keepdims": True}, "axis0-keep")
            add(op, [x(2, 3, 5)], {"axes": [-1, 0]}, "3d-axes")
            add(op, [x(2, 3, 5)], {"axes": [0, 2], "keepdims": True}, "3d-axes-keep")
            add(op, [x(4, 3, view=TR)], {"axes": [0]}, "transposed")
            add(op, [x(6, 8, view=NEG)], {"axes": [1], "keepdims": True}, "negstep-keep")
            if op != "Std":  # the Std of one element has gradient NaN (0/0)
                add(op, [x(3, 1)], {"axes": [1]}, "size1")
        add(op, [randn(2, 4)], {"axes": [1]}, "even")
        add(op, [randn(3, 5)], {"axes": [1]}, "odd")
    for op in ("Var", "Std"):
        for dt in (F64, F32):
            add(op, [randn(3, 4, dtype=dt)], {"ddof": 1}, "ddof1-all")
            add(op, [randn(3, 4, dtype=dt)], {"axes": [1], "ddof": 1, "keepdims": True}, "ddof1-axis1-keep")
            add(op, [randn(3, 5, dtype=dt)], {"axes": [-1], "ddof": 2}, "ddof2")
    tie = [[1.0, 3.0, 3.0, 2.0], [-1.0, -1.0, 0.5, -1.0], [2.0, 2.0, 2.0, 2.0]]
    for dt in (F64, F32):
        for op in ("Max", "Min", "Median"):
            add(op, [T(tie, dt)], {}, "ties-all")
            add(op, [T(tie, dt)], {"axes": [1]}, "ties-axis1")
            add(op, [T(tie, dt)], {"axes": [0], "keepdims": True}, "ties-axis0-keep")
        add("Median", [T([[1.0, 2.0, 2.0, 5.0, 2.0, 0.0]], dt)], {"axes": [1]}, "ties-mid")
        add("Prod", [T([[1.5, 0.0, 2.0], [0.0, 3.0, 0.0], [2.0, 0.5, -1.0]], dt)], {"axes": [1]}, "zeros")
        add("Prod", [T([[1.5, 0.0, 2.0], [0.5, 3.0, -2.0]], dt)], {}, "one-zero-all")


def ml():
    for dt in (F64, F32):
        x = lambda *sh, **kw: randn(*sh, dtype=dt, **kw)
        for op in ("Softmax", "LogSoftmax"):
            add(op, [x(3, 5)], {"axis": -1}, "last")
            add(op, [x(3, 5)], {"axis": 0}, "axis0")
            add(op, [x(2, 3, 4)], {"axis": 1}, "3d-mid")
            add(op, [x(5, 3, view=TR)], {"axis": 1}, "transposed")
            add(op, [x(6, 8, view=NEG)], {"axis": -1}, "negstep")
        add("CrossEntropy", [x(4, 5), ints([0, 4, 2, 2])], {}, "2d")
        add("CrossEntropy", [x(2, 3, 4), ints([[0, 1, 3], [3, 3, 2]])], {}, "3d")
        add("CrossEntropy", [x(5, 4, view=TR), ints([1, 0, 4, 3])], {}, "transposed")
        add("CrossEntropy", [x(6, 8, view=NEG), ints([3, 0, 1, 2, 2, 0])], {}, "negstep")
        for op in ("MSE", "MAE"):
            add(op, [x(3, 4), x(3, 4)], {}, "same")
            add(op, [x(3, 4), x(4)], {}, "bcast")
            add(op, [x(4, 3, view=TR), x(3, 8, view=NEG)], {}, "strided")
        add("MAE", [T([[1.0, 2.0], [3.0, 4.0]], dt), T([[1.0, 0.0], [3.0, 5.0]], dt)], {}, "equal-elems")
    add("MSE", [randn(3, 4), Ref(0)], {}, "diamond")


def products():
    for dt in (F64, F32):
        x = lambda *sh, **kw: randn(*sh, dtype=dt, **kw)
        add("MatMul", [x(3, 4), x(4, 5)], {}, "2d")
        add("MatMul", [x(4), x(4, 5)], {}, "1d-2d")
        add("MatMul", [x(3, 4), x(4)], {}, "2d-1d")
        add("MatMul", [x(4), x(4)], {}, "1d-1d")
        add("MatMul", [x(2, 3, 4), x(2, 4, 2)], {}, "batched")
        add("MatMul", [x(2, 1, 3, 4), x(3, 4, 2)], {}, "bcast-batch")
        add("MatMul", [x(2, 3, 4), x(4, 2)], {}, "bcast-2d")
        add("MatMul", [x(4), x(2, 4, 3)], {}, "1d-batched")
        add("MatMul", [x(4, 3, view=TR), x(4, 8, view=NEG)], {}, "strided")
        add("MatMul", [x(1, 1), x(1, 3)], {}, "size1")
        add("Dot", [x(4), x(4)], {}, "1d")
        add("Dot", [x(3, 4), x(4, 2)], {}, "2d")
        add("Dot", [x(2, 3, 4), x(4)], {}, "nd-1d")
        add("Dot", [x(2, 3, 4), x(2, 4, 3)], {}, "nd-nd")
        add("Dot", [x(3, 4), x(), ], {}, "0d")
        add("Dot", [x(4, 3, view=TR), x(4, 3)], {}, "transposed")
        add("Outer", [x(3), x(4)], {}, "1d")
        add("Outer", [x(2, 2), x(3, 1)], {}, "nd")
        add("Outer", [x(6, 2, view=[{"slice": [s(None, None, -2), 1]}]), x(2)], {}, "negstep")
    add("MatMul", [randn(3, 3), Ref(0)], {}, "diamond")
    add("Outer", [randn(3), Ref(0)], {}, "diamond")


def second_order():
    for dt in (F64, F32):
        x = lambda *sh, **kw: randn(*sh, dtype=dt, **kw)
        p = lambda *sh, **kw: pos(*sh, dtype=dt, **kw)
        for op in ("Exp", "Tanh", "Sin", "Cos", "Sigmoid", "Square", "Expm1"):
            add(op, [x(3, 4)], variant="hvp", order=2)
        for op in ("Log", "Sqrt", "Reciprocal", "Log1p"):
            add(op, [p(3, 4)], variant="hvp", order=2)
        add("Mul", [x(3, 4), x(4)], variant="hvp-bcast", order=2)
        add("Mul", [x(3, 4), Ref(0)], variant="hvp-diamond", order=2)
        add("Div", [x(3, 4), p(3, 1)], variant="hvp-bcast", order=2)
        add("Pow", [p(3, 4), p(3, 4)], variant="hvp", order=2)
        add("Pow", [p(3, 4), Sc(2.5)], variant="hvp-scalar", order=2)
        add("FMA", [x(3, 4), x(3, 4), x(4)], variant="hvp", order=2)
        add("MatMul", [x(3, 4), x(4, 2)], variant="hvp", order=2)
        add("MatMul", [x(2, 3, 4), x(4)], variant="hvp-batched-1d", order=2)
        add("Dot", [x(3, 4), x(4, 2)], variant="hvp", order=2)
        add("Outer", [x(3), x(4)], variant="hvp", order=2)
        add("Softmax", [x(3, 5)], {"axis": -1}, "hvp", order=2)
        add("LogSoftmax", [x(3, 5)], {"axis": 0}, "hvp", order=2)
        add("CrossEntropy", [x(4, 5), ints([0, 4, 2, 2])], {}, "hvp", order=2)
        add("MSE", [x(3, 4), x(3, 4)], {}, "hvp", order=2)
        add("Prod", [p(3, 4)], {"axes": [1]}, "hvp", order=2)
        add("Var", [x(3, 4)], {"axes": [1], "ddof": 1}, "hvp", order=2)
        add("Std", [x(3, 4)], {"axes": [0]}, "hvp", order=2)
        add("Mean", [x(3, 4)], {"axes": [1]}, "hvp-square", order=2, post="square")
        add("Sum", [x(2, 3, 4)], {"axes": [0, 2], "keepdims": True}, "hvp-square", order=2, post="square")
        add("Max", [x(3, 4)], {"axes": [1]}, "hvp-square", order=2, post="square")
        add("Median", [x(3, 4)], {"axes": [1]}, "hvp-square", order=2, post="square")
        add("Slice", [x(4, 5)], {"specs": [s(1, 3), s(None, None, -2)]}, "hvp-square", order=2, post="square")
        add("Transpose", [x(2, 3, 4)], {"axes": [2, 0, 1]}, "hvp-square", order=2, post="square")
        add("BroadcastTo", [x(3, 1)], {"shape": [2, 3, 4]}, "hvp-square", order=2, post="square")
        add("Flip", [x(3, 4)], {"axes": [0]}, "hvp-square", order=2, post="square")
        add("Concatenate", [x(2, 3), x(1, 3)], {"axis": 0}, "hvp-square", order=2, post="square")
        add("Tile", [x(2, 3)], {"reps": [2, 2]}, "hvp-square", order=2, post="square")
        add("Repeat", [x(2, 3)], {"repeats": 2, "axis": 0}, "hvp-square", order=2, post="square")
        add("Take", [x(3, 4), ints([1, 1, 0])], {"axis": 0}, "hvp-square", order=2, post="square")
        add("IndexArrays", [x(3, 4), ints([0, 2, 2]), ints([1, 3, 1])], {}, "hvp-square", order=2, post="square")
        add("MaskSelect", [x(3, 4), bools(rng.rand(3, 4) > 0.4)], {}, "hvp-square", order=2, post="square")
        add("CumSum", [x(3, 4)], {"axis": 1}, "hvp-square", order=2, post="square")
        add("Sort", [x(3, 4)], {}, "hvp-square", order=2, post="square")
        add("Reshape", [x(4, 3, view=TR)], {"shape": [-1]}, "hvp-square", order=2, post="square")
    add("CumProd", [pos(3, 4)], {"axis": 1}, "hvp", order=2)
    add("Where", [bools([True, False, True]), randn(2, 3), randn(3)], {}, "hvp-square", order=2, post="square")


def special():
    """Non-finite values, mixed dtypes and operands that need no gradient."""
    nan = float("nan")
    xn = [[1.0, nan, 3.0, 0.5], [2.0, 2.0, -1.0, 0.0], [nan, 1.0, nan, 4.0]]
    for dt in (F64, F32):
        add("Max", [T(xn, dt)], {"axes": [1]}, "nan")
        add("Min", [T(xn, dt)], {"axes": [0], "keepdims": True}, "nan")
        add("Median", [T(xn, dt)], {"axes": [1]}, "nan")
        add("Max", [T(xn, dt)], {}, "nan-all")
    add("Std", [randn(3, 1)], {"axes": [1]}, "size1-nan")  # 0/0: NaN, as PyTorch
    add("Log", [T([0.0, 1.0, 2.0])], variant="at-zero")  # g/0
    add("Reciprocal", [T([0.5, -2.0, 4.0])], variant="exact")
    i64 = ints([[1, -2, 3, 0], [4, 5, -6, 7], [2, 2, 2, 2]])
    for op in ("Add", "Sub", "Mul", "Maximum", "Minimum"):
        for dt in (F64, F32):
            add(op, [randn(3, 4, dtype=dt), i64], variant="int64-operand")
    add("Div", [randn(3, 4, dtype=F32), ints([1, 2, -3, 4])], variant="int64-divisor")
    add("Pow", [pos(3, 4, dtype=F32), ints([1, 2, 0, 3])], variant="int64-exponent")
    add("Where", [bools([True, False, True, False]), randn(3, 4, dtype=F32), ints([1, 2, 3, 4])], variant="int64-other")
    add("Concatenate", [randn(2, 3, dtype=F32), randn(1, 3, dtype=F64)], {"axis": 0}, "mixed-dtypes")
    nog = randn(2, 3)
    nog.grad = False
    add("Stack", [randn(2, 3), nog], {"axis": 1}, "one-nograd")
    add("MatMul", [randn(3, 4, dtype=F32), randn(4, 2, dtype=F64)], {}, "mixed-f32-f64")
    add("Dot", [randn(4, dtype=F32), randn(4, 2)], {}, "mixed-f32-f64")
    add("FMA", [randn(3, 4, dtype=F32), randn(4, dtype=F64), Sc(2.0)], {}, "mixed-f32-f64")
    add("MSE", [randn(3, 4, dtype=F32), randn(3, 4, dtype=F64)], {}, "mixed-f32-f64")


def edges():
    """Empty operands and second order through the rules' special paths."""
    add("Sum", [randn(0, 3)], {"axes": [0]}, "empty")
    add("Slice", [randn(3, 4)], {"specs": [s(2, 2), s()]}, "empty")
    add("Concatenate", [randn(2, 3), randn(0, 3)], {"axis": 0}, "empty-piece")
    add("Take", [randn(3, 4), ints(np.zeros(0, dtype=np.int64))], {"axis": 1}, "empty-indices")
    add("MaskSelect", [randn(2, 3), bools(np.zeros((2, 3), dtype=bool))], {}, "all-false")
    add("CumSum", [randn(0, 4)], {"axis": 1}, "empty")
    add("Sort", [randn(3, 0)], {}, "empty")
    add("MatMul", [randn(2, 0), randn(0, 3)], {}, "empty-inner")
    zx = [[1.5, 0.0, 2.0, -1.0], [0.5, 3.0, 0.0, 2.0], [2.0, 0.5, -1.0, 1.5]]
    add("CumProd", [T(zx)], {"axis": 1}, "zeros-hvp", order=2)
    add("Prod", [T(zx)], {"axes": [1]}, "zeros-hvp", order=2)
    add("Split", [randn(4, 3)], {"sections": 2, "axis": 0}, "hvp-square", order=2, post="square")
    add("ToCPU", [randn(3, 4)], {}, "hvp-square", order=2, post="square")
    add("AsType", [randn(3, 4)], {"dtype": F32}, "hvp-square", order=2, post="square")
    add("Maximum", [randn(3, 4), randn(4)], {}, "hvp-square", order=2, post="square")
    add("Abs", [randn(3, 4)], {}, "hvp-square", order=2, post="square")
    add("Clip", [randn(3, 4)], {"lo": -0.5, "hi": 0.5}, "hvp-square", order=2, post="square")
    add("Mod", [pos(3, 4), pos(4)], {}, "hvp-square", order=2, post="square")
    add("Dot", [randn(2, 3, 4), randn(2, 4, 3)], {}, "hvp-nd", order=2)
    add("MAE", [randn(3, 4), randn(3, 4)], {}, "hvp-square", order=2, post="square")


def main():
    special()
    edges()
    elementwise()
    views()
    index()
    reductions()
    ml()
    products()
    second_order()
    with open(OUT, "w") as f:
        for c in cases:
            f.write(json.dumps(c, separators=(",", ":"), allow_nan=False) + "\n")
    counts = {}
    for c in cases:
        counts[c["rule"]] = counts.get(c["rule"], 0) + 1
    print("%d cases, %d bytes -> %s" % (len(cases), os.path.getsize(OUT), OUT), file=sys.stderr)
    print(" ".join("%s:%d" % kv for kv in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
