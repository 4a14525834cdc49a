#!/usr/bin/env python3
"""NumPy 1.24's answers for np.clip's dtype promotion (op "clip", the handler in
internal/conformance/ops_core.go that the public case file's clip cases use too).

    /usr/bin/python3 gen_clip.py > clip.jsonl

Case format of shared/conformance/gen.py, helpers in caselib.py. Params "min" and "max" are the
bounds: a JSON int is a Go int bound, a float a float64 one ("nan", "inf", "-inf" as in
data), a bool a bool, null none, and "input" the next input tensor. Only cases where
NumPy 1.24's value-based casting agrees with NEP 50, which gotensor follows, are
recorded: no 0-d array bounds (1.24 treats them as scalars) and no Go integer bound
outside the tensor's dtype (1.24 widens, NEP 50 and gotensor refuse: tested in
tensor/store_values_test.go and tensor/api_test.go).
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
from caselib import num  # noqa: E402


Gen = caselib.Gen


def clip_case(g, tag, x, lo, hi):
    """np.clip(x, lo, hi): a bound that is an array becomes the next input and the param
    "input"; a number (or None) is the param itself."""
    inputs, params, args = [x], {}, []
    for name, b in (("min", lo), ("max", hi)):
        if isinstance(b, np.ndarray):
            inputs.append(b)
            params[name] = "input"
        else:
            params[name] = num(b)
        args.append(b)
    g.case("clip", inputs, params, lambda: np.clip(x, *args), tag=tag)


def build(g):
    A = g.arr
    # Go number bounds: an integer x keeps its dtype with integer bounds and is float64
    # with a float bound (NEP 50 and NumPy 1.24 agree on these).
    clip_case(g, "int64-float-bounds", np.arange(5), 0.5, 2.5)
    clip_case(g, "int32-int-bounds", A((3, 4), "int32", -20, 20), -5, 7)
    clip_case(g, "uint8-int-bounds", A((6,), "uint8", 0, 256), 10, 200)
    clip_case(g, "int64-mixed-bounds", A((2, 3), "int64", -9, 9), 1, 2.5)
    clip_case(g, "int32-float-hi-only", A((5,), "int32", -9, 9), None, 2.5)
    clip_case(g, "uint8-float-lo-only", A((5,), "uint8", 0, 256), 99.5, None)
    clip_case(g, "int64-nan-lo", np.arange(5), math.nan, 2)
    clip_case(g, "int64-inf-lo", np.arange(-3, 3), -math.inf, 2.5)
    clip_case(g, "int64-lo>hi-float", np.arange(4), 3.5, 1)
    clip_case(g, "int64-lo>hi-int", np.arange(4), 3, 1)
    clip_case(g, "int64-exact-beyond-2**53", np.array([2**62 + 3, -(2**62), 5]), 0, 2**62 + 1)
    clip_case(g, "bool-int-bounds", np.array([True, False, True]), 0, 1)
    clip_case(g, "bool-float-lo", np.array([True, False]), 0.5, None)
    clip_case(g, "bool-bool-bounds", np.array([True, False]), False, True)
    clip_case(g, "f32-int-bounds", A((3, 4), "float32", special=True), -1, 1)
    clip_case(g, "f32-float-bounds", A((2, 5), "float32", special=True), -0.5, 2.0)
    clip_case(g, "f64-nan-hi", np.array([0.0, 1.0, np.nan, 3.0]), 1.0, math.nan)
    clip_case(g, "int32-empty-float", np.zeros((0, 3), "int32"), 0.5, 1)
    clip_case(g, "int64-0d-float", np.array(5), 1.5, 3)
    # Tensor bounds of other dtypes: np.result_type of all three (and weak numbers).
    clip_case(g, "int32-f32-tensor-lo", A((2, 4), "int32", -9, 9), A((4,), "float32", -2, 2), 3)
    clip_case(g, "uint8-int32-tensor-float-hi", A((2, 3), "uint8", 0, 10), A((3,), "int32", 0, 5), 3.5)
    clip_case(g, "int32-int64-tensor-int-hi", A((3, 2), "int32", -9, 9), A((3, 1), "int64", -5, 0), 4)
    clip_case(g, "f32-int32-tensor-hi", A((2, 3), "float32"), None, A((3,), "int32", -2, 2))
    clip_case(g, "int64-f64-tensors", A((4,), "int64", -9, 9), A((4,), "float64", -3, 0), A((1,), "float64", 0, 3))
    clip_case(g, "int32-int64-f32-tensors", A((2, 2), "int32", -9, 9), A((2, 1), "int64", -3, 0), A((2,), "float32", 0, 3))
    # Errors.
    clip_case(g, "tensor-bound-shape-error", np.ones((2, 3), "int32"), np.ones((2,), "int32"), 2.5)
    clip_case(g, "no-bounds-error", np.arange(3), None, None)


def main():
    g = Gen(20261207, "clip/")
    build(g)
    g.write()


if __name__ == "__main__":
    main()
