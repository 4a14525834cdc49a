#!/usr/bin/python3
"""Records PyTorch's convolution and pooling results and gradients: conv-grad-cases.jsonl.

Run with Debian's PyTorch (1.13, CPU) from the repository root:

    /usr/bin/python3 autograd/testdata/gen_conv.py

The format is gen_grad.py's (see its docstring and internal/gradcases), with these
harness ops and params:

    Conv2d             inputs x, w[, bias]; params stride, padding, dilation, groups
    MaxPool2d          inputs x; params kernel, stride (null: the kernel), padding,
                       dilation, ceil_mode, and "indices": PyTorch's return_indices
                       answer, which the harness compares exactly
    AvgPool2d          inputs x; params kernel, stride, padding, ceil_mode,
                       count_include_pad, divisor_override (null: none)
    AdaptiveAvgPool2d  inputs x; params output_size [h, w]

References are computed in float64 from the float32-rounded inputs and seeds, as in
gen_grad.py; the expected indices come from the float32 (or float64) inputs themselves.
"""

import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
rng = np.random.RandomState(20261207)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv-grad-cases.jsonl")
F32, F64 = "float32", "float64"


class T:
    """A tensor input: a contiguous base and view steps (as gen_grad.py's)."""

    def __init__(self, base, dtype=F64, grad=True, view=None):
        base = np.asarray(base, dtype=np.float64)
        if dtype == F32:
            base = base.astype(np.float32).astype(np.float64)
        self.base, self.dtype, self.grad, self.view = base, dtype, grad, view or []

    def value(self):
        v = self.base
        for st in self.view:
            if "transpose" in st:
                v = np.transpose(v, st["transpose"])
            else:
                v = v[np_specs(st["slice"])]
        return v

    def json(self):
        d = {"dtype": self.dtype, "shape": list(self.base.shape), "data": enc_data(self.base, self.dtype)}
        if self.grad:
            d["grad"] = True
        if self.view:
            d["view"] = self.view
        return d


def randn(*shape, dtype=F64, view=None, grad=True):
    return T(rng.randn(*shape), dtype, grad, view)


def s(start=None, stop=None, step=None):
    return {"s": [start, stop, step]}


def np_specs(specs):
    out = []
    for sp in specs:
        if isinstance(sp, int):
            out.append(sp)
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
    if dtype == F32:
        a = a.astype(np.float32)
    return [enc_num(v) for v in a]


def arr_json(a, dtype):
    a = np.asarray(a)
    return {"dtype": dtype, "shape": list(a.shape), "data": enc_data(a, dtype)}


def rnd(a, dtype):
    a = np.asarray(a, dtype=np.float64)
    return a.astype(np.float32).astype(np.float64) if dtype == F32 else a


def conv(a, p):
    return F.conv2d(a[0], a[1], a[2] if len(a) > 2 else None, stride=p["stride"], padding=p["padding"],
                    dilation=p["dilation"], groups=p["groups"])


def maxpool(a, p):
    return F.max_pool2d(a[0], p["kernel"], p["stride"] or p["kernel"], p["padding"], p["dilation"], p["ceil_mode"])


def avgpool(a, p):
    return F.avg_pool2d(a[0], p["kernel"], p["stride"] or p["kernel"], p["padding"], p["ceil_mode"],
                        p["count_include_pad"], p["divisor_override"])


REF = {
    "Conv2d": conv,
    "MaxPool2d": maxpool,
    "AvgPool2d": avgpool,
    "AdaptiveAvgPool2d": lambda a, p: F.adaptive_avg_pool2d(a[0], p["output_size"]),
}

cases, ids = [], set()


def add(op, inputs, params, variant, order=1, post=None):
    odt = inputs[0].dtype
    cid = "%s/%s/%s" % (op, odt, variant)
    assert cid not in ids, cid
    ids.add(cid)
    leaves, args = [], []
    for inp in inputs:
        t = torch.tensor(np.array(inp.value()), dtype=torch.float64, requires_grad=inp.grad)
        leaves.append(t if inp.grad else None)
        args.append(t)
    if op == "MaxPool2d":
        # The indices of the inputs in their own dtype (ties and NaNs are decided there).
        xt = torch.tensor(np.array(inputs[0].value()), dtype=torch.float32 if odt == F32 else torch.float64)
        _, ind = F.max_pool2d(xt, params["kernel"], params["stride"] or params["kernel"], params["padding"],
                              params["dilation"], params["ceil_mode"], return_indices=True)
        params = dict(params, indices=arr_json(ind.numpy(), "int64"))
    out = REF[op](args, params)
    if post == "square":
        out = out * out
    sd = rnd(rng.randn(*out.shape), odt)
    want = [l for l in leaves if l is not None]
    grads = torch.autograd.grad([out], want, grad_outputs=[torch.from_numpy(sd)], allow_unused=True,
                                create_graph=(order == 2))
    expect, gi = [], 0
    for inp, l in zip(inputs, leaves):
        if l is None:
            expect.append(None)
            continue
        g = grads[gi]
        gi += 1
        expect.append(arr_json(np.zeros(l.shape) if g is None else g.detach().numpy(), inp.dtype))
    c = {
        "id": cid, "rule": op, "op": op, "inputs": [i.json() for i in inputs], "params": params,
        "seeds": [arr_json(sd, odt)], "value": [arr_json(out.detach().numpy(), odt)],
        "expect": expect, "order": order,
    }
    if post:
        c["post"] = post
    if order == 2:
        vs, hv_in, hv_v = [], [], []
        for inp, l, g in zip([i for i in inputs if i.grad], want, grads):
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


def cp(stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    return {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "groups": groups}


def convs():
    for dt in (F64, F32):
        def x(*sh, **kw):
            return randn(*sh, dtype=dt, **kw)
        add("Conv2d", [x(2, 3, 7, 6), x(4, 3, 3, 3), x(4)], cp(), "basic")
        add("Conv2d", [x(2, 3, 7, 6), x(4, 3, 3, 3)], cp(), "no-bias")
        add("Conv2d", [x(2, 3, 9, 8), x(5, 3, 3, 2), x(5)], cp((2, 1), (1, 2)), "stride-pad")
        add("Conv2d", [x(1, 2, 9, 10), x(3, 2, 2, 3), x(3)], cp((1, 2), (2, 1), (2, 3)), "dilation")
        add("Conv2d", [x(2, 3, 5, 5), x(6, 3, 1, 1), x(6)], cp(), "k1")
        add("Conv2d", [x(2, 2, 8, 7), x(3, 2, 5, 5), x(3)], cp((2, 2), (2, 2)), "k5")
        add("Conv2d", [x(2, 2, 6, 8), x(3, 2, 1, 5), x(3)], cp((1, 3), (0, 2)), "k1x5")
        add("Conv2d", [x(2, 3, 7, 7), x(4, 3, 4, 2), x(4)], cp((3, 2), (1, 0)), "k4x2-stride3")
        add("Conv2d", [x(2, 4, 6, 6), x(6, 2, 3, 3), x(6)], cp(padding=(1, 1), groups=2), "groups2")
        add("Conv2d", [x(2, 6, 5, 7), x(6, 2, 2, 3), x(6)], cp((2, 1), (1, 1), (1, 2), groups=3), "groups3-all")
        add("Conv2d", [x(2, 3, 6, 6), x(3, 1, 3, 3), x(3)], cp(padding=(1, 1), groups=3), "depthwise")
        add("Conv2d", [x(2, 3, 6, 5), x(6, 1, 3, 3), x(6)], cp((2, 2), (1, 1), groups=3), "depthwise-mult2")
        add("Conv2d", [x(3, 5, 5), x(4, 3, 3, 3), x(4)], cp(padding=(1, 1)), "unbatched")
        add("Conv2d", [x(1, 1, 4, 4), x(1, 1, 4, 4), x(1)], cp(), "kernel-equals-input")
        add("Conv2d", [x(2, 1, 12, 12), x(8, 1, 3, 3), x(8)], cp(padding=(1, 1)), "cnn-block1")
        add("Conv2d", [x(2, 8, 6, 6), x(16, 8, 3, 3), x(16)], cp(padding=(1, 1)), "cnn-block2")
        # Strided leaves: a transposed input, a negative-step input, a transposed weight.
        add("Conv2d", [x(2, 3, 6, 7, view=[{"transpose": [0, 1, 3, 2]}]), x(4, 3, 3, 3), x(4)], cp(), "x-transposed")
        add("Conv2d", [x(2, 3, 8, 6, view=[{"slice": [s(), s(None, None, -1), s(None, None, 2), s()]}]),
                       x(4, 3, 2, 3), x(4)], cp(padding=(1, 1)), "x-negative-step")
        add("Conv2d", [x(3, 2, 6, 6, view=[{"transpose": [1, 0, 2, 3]}]), x(4, 3, 3, 3, view=[{"transpose": [0, 1, 3, 2]}]),
                       x(4)], cp(stride=(2, 1)), "nchw-permuted-w-transposed")
        add("Conv2d", [x(2, 3, 5, 5), randn(4, 3, 3, 3, dtype=dt, grad=False), x(4)], cp(), "w-no-grad")
        add("Conv2d", [x(2, 2, 5, 6), x(3, 2, 3, 3), x(3)], cp((2, 1), (1, 1)), "hvp-square", order=2, post="square")
        add("Conv2d", [x(2, 4, 5, 5), x(4, 2, 2, 2)], cp(padding=(1, 0), dilation=(2, 1), groups=2),
            "hvp-square-groups", order=2, post="square")
    add("Conv2d", [randn(0, 3, 5, 5), randn(4, 3, 3, 3), randn(4)], cp(padding=(1, 1)), "batch0")


def mp(kernel, stride=None, padding=(0, 0), dilation=(1, 1), ceil_mode=False):
    return {"kernel": list(kernel), "stride": list(stride) if stride else None, "padding": list(padding),
            "dilation": list(dilation), "ceil_mode": ceil_mode}


def ap(kernel, stride=None, padding=(0, 0), ceil_mode=False, count_include_pad=True, divisor_override=None):
    return {"kernel": list(kernel), "stride": list(stride) if stride else None, "padding": list(padding),
            "ceil_mode": ceil_mode, "count_include_pad": count_include_pad, "divisor_override": divisor_override}


def pools():
    for dt in (F64, F32):
        def x(*sh, **kw):
            return randn(*sh, dtype=dt, **kw)
        add("MaxPool2d", [x(2, 3, 8, 8)], mp((2, 2)), "k2")
        add("MaxPool2d", [x(2, 2, 7, 9)], mp((3, 3), (2, 2), (1, 1)), "k3-s2-p1")
        add("MaxPool2d", [x(2, 2, 7, 8)], mp((2, 3), (1, 2)), "k2x3-s1x2")
        add("MaxPool2d", [x(1, 2, 9, 9)], mp((3, 2), (2, 1), (1, 1), (2, 2)), "dilation")
        add("MaxPool2d", [x(2, 2, 8, 8)], mp((3, 3), (2, 2), ceil_mode=True), "ceil")
        add("MaxPool2d", [x(2, 2, 7, 6)], mp((3, 2), (2, 2), (1, 1), ceil_mode=True), "ceil-pad")
        add("MaxPool2d", [x(3, 6, 7)], mp((2, 2)), "unbatched")
        add("MaxPool2d", [T(rng.randint(0, 3, size=(2, 2, 6, 6)), dt)], mp((3, 3), (1, 1), (1, 1)), "ties")
        add("MaxPool2d", [x(2, 6, 6, 3, view=[{"transpose": [0, 3, 1, 2]}])], mp((2, 2)), "nhwc-view")
        add("MaxPool2d", [x(2, 2, 8, 7, view=[{"slice": [s(), s(None, None, -1), s(None, None, -1), s(1, None, 2)]}])],
            mp((2, 2), (1, 1), (1, 1)), "negative-step")
        add("MaxPool2d", [x(2, 2, 6, 6)], mp((2, 2), (1, 1)), "hvp-square", order=2, post="square")
        # A NaN wins its window (one per window here: with several, PyTorch's CPU kernel
        # picks the last, a device the first); a window of -inf gives -inf at its first pixel.
        sp = rng.randn(1, 2, 6, 6)
        sp[0, 0, 1, 1] = sp[0, 1, 4, 2] = np.nan
        sp[0, 0, 2:4, 2:4] = -np.inf
        add("MaxPool2d", [T(sp, dt)], mp((2, 2)), "nan-inf")

        add("AvgPool2d", [x(2, 3, 8, 8)], ap((2, 2)), "k2")
        add("AvgPool2d", [x(2, 2, 7, 9)], ap((3, 3), (2, 2), (1, 1)), "k3-s2-p1-include")
        add("AvgPool2d", [x(2, 2, 7, 9)], ap((3, 3), (2, 2), (1, 1), count_include_pad=False), "k3-s2-p1-exclude")
        add("AvgPool2d", [x(2, 2, 8, 8)], ap((3, 3), (2, 2), ceil_mode=True), "ceil")
        add("AvgPool2d", [x(2, 2, 7, 6)], ap((3, 2), (2, 2), (1, 1), ceil_mode=True), "ceil-pad-include")
        add("AvgPool2d", [x(2, 2, 7, 6)], ap((3, 2), (2, 2), (1, 1), ceil_mode=True, count_include_pad=False),
            "ceil-pad-exclude")
        add("AvgPool2d", [x(2, 2, 7, 8)], ap((2, 3), (1, 2), (1, 1)), "k2x3-s1x2-p1")
        add("AvgPool2d", [x(2, 2, 6, 6)], ap((3, 3), (2, 2), (1, 1), divisor_override=5), "divisor-override")
        add("AvgPool2d", [x(3, 6, 7)], ap((2, 2)), "unbatched")
        add("AvgPool2d", [x(2, 6, 6, 3, view=[{"transpose": [0, 3, 1, 2]}])], ap((3, 3), (1, 1), (1, 1)), "nhwc-view")
        add("AvgPool2d", [x(2, 2, 6, 6)], ap((2, 2), (1, 1)), "hvp-square", order=2, post="square")

        add("AdaptiveAvgPool2d", [x(2, 3, 7, 6)], {"output_size": [3, 4]}, "7x6-to-3x4")
        add("AdaptiveAvgPool2d", [x(2, 2, 5, 5)], {"output_size": [2, 2]}, "5x5-to-2x2")
        add("AdaptiveAvgPool2d", [x(2, 2, 8, 8)], {"output_size": [4, 4]}, "divides")
        add("AdaptiveAvgPool2d", [x(2, 3, 5, 7)], {"output_size": [1, 1]}, "global")
        add("AdaptiveAvgPool2d", [x(2, 2, 3, 3)], {"output_size": [5, 4]}, "upsample")
        add("AdaptiveAvgPool2d", [x(3, 7, 5)], {"output_size": [3, 2]}, "unbatched")
        add("AdaptiveAvgPool2d", [x(2, 7, 6, 2, view=[{"transpose": [0, 3, 1, 2]}])], {"output_size": [3, 4]},
            "nhwc-view")
        add("AdaptiveAvgPool2d", [x(2, 2, 5, 6)], {"output_size": [2, 4]}, "hvp-square", order=2, post="square")


convs()
pools()
with open(OUT, "w") as f:
    for c in cases:
        f.write(json.dumps(c, separators=(",", ":")) + "\n")
print("%d cases -> %s" % (len(cases), OUT))
