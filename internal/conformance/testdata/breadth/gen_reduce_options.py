#!/usr/bin/env python3
"""NumPy's answers for the reductions' initial= and where= options: np.sum, np.prod,
np.max, np.min (initial=, where=), np.mean, np.var, np.std (where=, and ddof= for var
and std). Handlers in internal/conformance/ops_reduce_options.go, one op per function:
sum_with, prod_with, max_with, min_with, mean_with, var_with, std_with (gotensor's
SumWith, ... take the options; the plain ops of the public case file stay as they are).

Run with Debian's python3 and its python3-numpy (1.24):
    /usr/bin/python3 gen_reduce_options.py > reduce_options.jsonl

The case format is shared/conformance/gen.py's, the enc/Gen helpers caselib.py's. Params:
axis (null, an int or a list), keepdims, initial (a number, "nan", "inf", "-inf"; a
number written with a decimal point or exponent is a Python float, else an int), ddof.
Input 0 is the array; input 1, when present, is the where= mask. Errors are the kind
gotensor raises: NumPy's TypeError for an argument of the wrong type is "value", its
ValueError for a mask that does not broadcast is "shape". On the CPU the conformance
engine compares these float results exactly (run.go), since gotensor's sums are NumPy's.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
from caselib import num  # noqa: E402


class Gen(caselib.Gen):
    dtype = "float64"
    uint8_full_range = True

    def mask(self, shape, p=0.6):
        return self.rng.random(shape) < p

    def answer(self, fn):
        out = np.asarray(self.run(fn))
        if out.dtype == np.uint64:
            out = out.view(np.int64)  # gotensor sums unsigned integers in int64
        return self.enc(out)

    def kind(self, cid, op, e, error):
        if not isinstance(e, (ValueError, TypeError, np.AxisError)):
            raise e
        if error is None:
            return "axis" if isinstance(e, np.AxisError) else "value"
        return error

    def tol(self, op, inputs, expect):
        base = "float32" if inputs and str(np.asarray(inputs[0]).dtype) == "float32" else "float64"
        if isinstance(expect, dict) and expect.get("dtype") == "float32":
            base = "float32"  # dtype=float32
        r, a = caselib.TOL[base]
        if op in ("var_with", "std_with") and base == "float32":
            r = 1e-4
        return r, a


NP = {"sum_with": np.sum, "prod_with": np.prod, "max_with": np.max, "min_with": np.min,
      "mean_with": np.mean, "var_with": np.var, "std_with": np.std,
      "all_with": np.all, "any_with": np.any}


def red(g, op, x, where=None, axis=None, keepdims=False, initial=None, ddof=None,
        error=None, tag="", dtype=None, layout=None):
    params = {"axis": list(axis) if isinstance(axis, tuple) else axis, "keepdims": keepdims}
    kw = {"axis": axis, "keepdims": keepdims}
    if initial is not None:
        params["initial"] = num(initial)
        kw["initial"] = initial
    if dtype is not None:
        params["dtype"] = dtype
        kw["dtype"] = np.dtype(dtype)
    if ddof is not None:
        params["ddof"] = ddof
        kw["ddof"] = ddof
    # The case file holds C-order data: NumPy reduces the same C-contiguous arrays.
    x = np.ascontiguousarray(x)
    inputs = [x]
    if layout == "T":  # NumPy reduces the transpose of the recorded array
        params["layout"] = "T"
        x = x.T
    if where is not None:
        where = np.ascontiguousarray(where)
        inputs.append(where)
        kw["where"] = where
    fn = NP[op]
    g.case(op, inputs, params, lambda: fn(x, **kw), error=error, tag=tag)


def build_dtype(g):
    """dtype= of sum, prod, mean, var, std, and where= of all and any (appended last, so
    that the cases above stay byte-identical)."""
    for src in ("float32", "float64", "int32", "uint8", "bool"):
        x = g.arr((6, 70), src)
        for dt in ("float64", "float32", "int64", "int32", "uint8", "bool"):
            red(g, "sum_with", x, axis=1, dtype=dt)
            red(g, "prod_with", x[:, :12], axis=1, dtype=dt)  # no overflow: order-free
            red(g, "sum_with", x, dtype=dt, tag="all-axes")
        for dt in ("float64", "float32"):
            for op in ("mean_with", "var_with", "std_with"):
                red(g, op, x, axis=1, dtype=dt)
                red(g, op, x, axis=None, dtype=dt)
                red(g, op, x, axis=0, dtype=dt, where=g.mask((6, 70)))
    for dt, src in (("float64", "float32"), ("float32", "float64")):
        big = g.arr((3, 9000), src)
        for op in ("sum_with", "mean_with", "var_with"):
            red(g, op, big, dtype=dt, tag="long")
            red(g, op, big, axis=1, dtype=dt, tag="long")
            red(g, op, big, axis=0, dtype=dt, layout="T", tag="long-transposed")
        red(g, "sum_with", big, axis=1, dtype=dt, initial=2.5, where=g.mask((3, 9000)), tag="long")
    x = g.arr((4, 5))
    red(g, "sum_with", np.zeros((0, 3)), axis=0, dtype="int32", tag="empty")
    red(g, "prod_with", np.array(2.75), dtype="int64", tag="0-d")
    for op in ("max_with", "min_with"):
        red(g, op, x, initial=0.0, dtype="float32", error="value", tag="dtype")
    # all and any with where=
    for src in ("float64", "int32", "bool"):
        x = g.arr((4, 6), src)
        x[0, :3] = 0
        for op in ("all_with", "any_with"):
            for axis in (None, 0, 1, -1, (0, 1)):
                red(g, op, x, where=g.mask((4, 6)), axis=axis)
            red(g, op, x, where=g.mask((6,)), axis=0, keepdims=True)
            red(g, op, x, where=np.zeros((4, 6), bool), axis=1, tag="none-selected")
    for op in ("all_with", "any_with"):
        red(g, op, np.zeros((0, 3)), where=np.ones((0, 3), bool), axis=0, tag="empty")
        red(g, op, np.array(0.0), where=np.array(False), tag="0-d")
        red(g, op, g.arr((3, 4), special=True), where=g.mask((3, 4)), axis=1, tag="nan-inf")
        red(g, op, g.arr((4, 5)), where=g.mask((5, 4)), error="shape", tag="mask-does-not-broadcast")
        red(g, op, g.arr((4, 5)), where=g.arr((4, 5), "int64"), error="value", tag="int-mask")
        red(g, op, g.arr((4, 5)), where=g.mask((4, 5)), axis=2, error="axis", tag="axis")


def build(g):
    for dt in ("float32", "float64"):
        x = g.arr((4, 5), dt)
        m = g.mask((4, 5))
        mrow = g.mask((5,))
        mcol = g.mask((4, 1))
        big = g.arr((2, 4200), dt)  # runs past NumPy's buffer of 8192
        mbig = g.mask((2, 4200), p=0.97)
        for op in ("sum_with", "prod_with"):
            for axis in (None, 0, 1, -1, (0, 1)):
                red(g, op, x, where=m, axis=axis)
                red(g, op, x, axis=axis, initial=1.5)
                red(g, op, x, where=mrow, axis=axis, initial=-2.0)
            red(g, op, x, where=mcol, axis=1, keepdims=True)
            red(g, op, x, where=np.zeros((4, 5), bool), axis=0, tag="none-selected")
            red(g, op, x, where=np.array(True), initial=0.25, tag="0-d-mask")
            red(g, op, np.zeros((0, 3), dt), axis=0, initial=7.0, tag="empty")
            red(g, op, np.array(2.5, dtype=dt), initial=3.0, tag="0-d")
            red(g, op, g.arr((3, 4), dt, special=True), where=g.mask((3, 4)), axis=1, tag="nan-inf")
            red(g, op, x, initial=float("nan"), axis=0, tag="nan-initial")
            if op == "sum_with" and dt == "float32":
                red(g, op, big, where=mbig, tag="long")
                red(g, op, big.T, where=mbig.T, axis=0, tag="long-transposed")
        for op, init in (("max_with", -1.0), ("min_with", 1.0)):
            for axis in (None, 0, 1, -1, (0, 1)):
                red(g, op, x, where=m, axis=axis, initial=init)
                red(g, op, x, axis=axis, initial=init)
            red(g, op, x, where=np.zeros((4, 5), bool), axis=1, initial=init, tag="none-selected")
            red(g, op, np.zeros((3, 0), dt), axis=1, initial=init, tag="empty")
            red(g, op, np.zeros((0,), dt), initial=init, keepdims=True, tag="empty-keepdims")
            red(g, op, g.arr((3, 4), dt, special=True), where=g.mask((3, 4)), axis=0, initial=init, tag="nan-inf")
            red(g, op, x, axis=1, initial=float("nan"), tag="nan-initial")
            red(g, op, x, axis=0, initial=float("inf"), tag="inf-initial")
            red(g, op, x, where=m, axis=0, error="value", tag="where-without-initial")
            red(g, op, np.zeros((0, 2), dt), axis=0, error="value", tag="empty-without-initial")
        for op in ("mean_with", "var_with", "std_with"):
            for axis in (None, 0, 1, -1, (0, 1)):
                red(g, op, x, where=m, axis=axis)
            red(g, op, x, where=mrow, axis=0, keepdims=True)
            red(g, op, x, where=mcol, axis=1)
            red(g, op, x, where=np.zeros((4, 5), bool), axis=1, tag="none-selected")
            red(g, op, g.arr((3, 4), dt, special=True), where=g.mask((3, 4)), axis=1, tag="nan-inf")
            if op == "var_with" and dt == "float64":
                red(g, op, np.asfortranarray(big), where=mbig, tag="long-fortran")
            if op != "mean_with":
                red(g, op, x, where=m, axis=0, ddof=1, tag="ddof1")
                red(g, op, x, where=m, axis=1, ddof=4, tag="ddof-past-count")
            red(g, op, x, initial=1.0, error="value", tag="initial")
    # integer and bool inputs
    for dt in ("int32", "int64", "uint8", "bool"):
        x = g.arr((4, 6), dt)
        m = g.mask((4, 6))
        for op in ("sum_with", "prod_with", "mean_with", "var_with", "std_with"):
            red(g, op, x, where=m, axis=1)
            red(g, op, x, where=g.mask((6,)), axis=None)
        for op in ("sum_with", "prod_with"):
            red(g, op, x, axis=0, initial=3)
            red(g, op, x, axis=1, initial=2.75, tag="float-initial")
        for op in ("max_with", "min_with"):
            init = 1 if dt == "bool" else 7
            red(g, op, x, where=m, axis=0, initial=init)
            red(g, op, x, axis=None, initial=init)
        red(g, "max_with", x, axis=0, initial=2.9, tag="float-initial")
    # errors
    x = g.arr((4, 5))
    red(g, "sum_with", x, where=g.mask((5, 4)), axis=0, error="shape", tag="mask-does-not-broadcast")
    red(g, "sum_with", x, where=g.mask((2, 4, 5)), error="shape", tag="mask-more-dims")
    red(g, "mean_with", x, where=g.mask((3,)), error="shape", tag="mask-does-not-broadcast")
    red(g, "sum_with", x, where=g.arr((4, 5), "int64"), error="value", tag="int-mask")
    red(g, "max_with", x, where=g.arr((5,), "float64"), initial=0.0, error="value", tag="float-mask")
    red(g, "sum_with", x, where=g.mask((4, 5)), axis=2, error="axis", tag="axis")
    red(g, "var_with", x, where=g.mask((4, 5)), axis=-3, error="axis", tag="axis")


def main():
    g = Gen(20240613, "breadth/reduce_options/")
    build(g)
    build_dtype(g)
    g.write(separators=(", ", ": "))  # json.dumps' default spacing


if __name__ == "__main__":
    main()
