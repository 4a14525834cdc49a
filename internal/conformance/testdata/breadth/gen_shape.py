#!/usr/bin/env python3
"""NumPy 1.24's answers for gotensor's shape breadth functions: atleast_1d/2d/3d,
array_split, concatenate with axis=None, expand_dims with several axes, moveaxis,
swapaxes, diagonal, trace, diag, triu, tril, roll, rot90, meshgrid, pad and
broadcast_arrays.

    /usr/bin/python3 gen_shape.py > shape.jsonl

Case format of shared/conformance/gen.py, helpers in caselib.py. Params:
  array_split: "sections", "axis" (a list of tensors).  concatenate: "axis" null.
  expand_dims: "axis", a list.  moveaxis: "source", "destination".  swapaxes: "axis1",
  "axis2".  diagonal, trace: "offset", "axis1", "axis2".  diag, triu, tril: "k".
  roll: "shift", "axis" (null, an int or a list, the same shift on each).  rot90: "k",
  "axes".  meshgrid: "indexing" ("xy" or "ij"), the inputs are the vectors.  pad:
  "pad_width" (a list of [before, after] pairs, one or one per dimension), "mode",
  "constant_values" (a number, constant mode only).  broadcast_arrays: the inputs.
Where NumPy answers uint64 (trace of uint8) gotensor answers int64: the expected value
is NumPy's cast to int64. "error" overrides where NumPy's exception would classify
otherwise: np.diagonal's "at least two dimensions" is a Value error in gotensor (the
kind of its other refusals of a rank), as is np.triu of a 0-d array (NumPy's
TypeError); array_split's axis out of range is an Axis error (NumPy's IndexError).
pad's wrap, reflect and symmetric modes repeat their pattern periodically however wide
the padding, as NumPy 2.1 does; NumPy 1.24 differs for some widths larger than the
dimension (numpy#22464, #25926, fixed upstream), so the cases use widths where 1.24
already agrees (pad() checks each against the periodic definition).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402


Gen = caselib.Gen


DTYPES = ("float32", "float64", "int32", "int64", "uint8", "bool")


def views(g):
    for shape in [(), (3,), (2, 3), (2, 3, 4), (0,), (2, 0)]:
        x = g.arr(shape, "float32")
        for f in ("atleast_1d", "atleast_2d", "atleast_3d"):
            g.case(f, [x], {}, lambda f=f, x=x: getattr(np, f)(x), tag=f"shape-{'x'.join(map(str, shape)) or '0d'}")
    for dt in ("int32", "bool", "uint8"):
        x = g.arr((4,), dt)
        for f in ("atleast_1d", "atleast_2d", "atleast_3d"):
            g.case(f, [x], {}, lambda f=f, x=x: getattr(np, f)(x), tag=f"dtype-{dt}")

    x = g.arr((2, 3), "float64")
    for tag, axis in [("two", [0, -1]), ("three", [0, 2, 4]), ("unsorted", [3, 0]), ("negative", [-1, -2]),
                      ("empty-list", []), ("repeated", [1, 1]), ("out-of-range", [0, 4]), ("negative-out", [-5])]:
        g.case("expand_dims", [x], {"axis": axis}, lambda a=axis: np.expand_dims(x, tuple(a)), tag=tag)
    s = np.array(1.5, "float32")
    g.case("expand_dims", [s], {"axis": [0, 1]}, lambda: np.expand_dims(s, (0, 1)), tag="0d")
    e = np.zeros((0, 2), "int64")
    g.case("expand_dims", [e], {"axis": [1, -1]}, lambda: np.expand_dims(e, (1, -1)), tag="empty")

    y = g.arr((2, 3, 4), "int32", low=-9, high=9)
    for tag, src, dst in [("0-to-2", 0, 2), ("last-to-first", -1, 0), ("same", 1, 1), ("neg", -3, -1), ("bad", 3, 0), ("bad-dst", 0, -4)]:
        g.case("moveaxis", [y], {"source": src, "destination": dst}, lambda s=src, d=dst: np.moveaxis(y, s, d), tag=tag)
    for tag, a1, a2 in [("0-2", 0, 2), ("neg", -1, 0), ("same", 1, 1), ("bad", 0, 3)]:
        g.case("swapaxes", [y], {"axis1": a1, "axis2": a2}, lambda a=a1, b=a2: np.swapaxes(y, a, b), tag=tag)
    b = g.arr((3,), "bool")
    g.case("moveaxis", [b], {"source": 0, "destination": -1}, lambda: np.moveaxis(b, 0, -1), tag="1d-bool")
    g.case("swapaxes", [b], {"axis1": 0, "axis2": -1}, lambda: np.swapaxes(b, 0, -1), tag="1d-bool")

    for tag, shapes, dts in [
        ("two", [(2, 3), (3,)], ("float32", "int64")),
        ("outer", [(3, 1), (1, 4)], ("float64", "bool")),
        ("scalar", [(), (2, 2)], ("uint8", "int32")),
        ("empty", [(0, 1), (1, 5)], ("float32", "float32")),
        ("three", [(2, 1, 3), (4, 1), (3,)], ("int32", "float64", "bool")),
        ("same", [(2, 2), (2, 2)], ("float64", "float64")),
        ("one", [(3,)], ("int64",)),
        ("mismatch", [(2, 3), (4,)], ("float32", "float32")),
    ]:
        ins = [g.arr(s, d) for s, d in zip(shapes, dts)]
        g.case("broadcast_arrays", ins, {}, lambda ins=ins: np.broadcast_arrays(*ins), tag=tag)


def joins(g):
    for tag, shape, sections, axis in [
        ("uneven", (7,), 3, 0), ("more-than-length", (2,), 4, 0), ("axis1", (2, 5), 2, 1), ("neg-axis", (3, 4), 3, -1),
        ("even", (6, 2), 3, 0), ("one", (4, 2), 1, 0), ("empty", (0, 3), 2, 0), ("int", (5, 2), 4, 0),
        ("zero-sections", (4,), 0, 0), ("bad-axis", (4,), 2, 1), ("0d", (), 2, 0)]:
        x = g.arr(shape, "int64" if tag == "int" else "float32")
        err = "axis" if tag in ("0d", "bad-axis") else None
        g.case("array_split", [x], {"sections": sections, "axis": axis},
               lambda x=x, s=sections, a=axis: np.array_split(x, s, axis=a), tag=tag, error=err)

    for tag, ins in [
        ("mixed-ranks", [g.arr((2, 3), "float32"), g.arr((4,), "float32"), g.arr((), "float32")]),
        ("promote", [g.arr((2,), "int32"), g.arr((2, 2), "float64")]),
        ("bool-int", [g.arr((3,), "bool"), g.arr((1, 2), "uint8")]),
        ("empty", [np.zeros((0, 3), "float32"), g.arr((2,), "float32")]),
        ("one", [g.arr((2, 2, 2), "int64")]),
    ]:
        g.case("concatenate", ins, {"axis": None}, lambda ins=ins: np.concatenate(ins, axis=None), tag=f"none-{tag}")


def diagonals(g):
    x = g.arr((3, 4), "float64", special=True)
    for off in (0, 1, -1, 3, -3, 4, -5):
        g.case("diagonal", [x], {"offset": off, "axis1": 0, "axis2": 1}, lambda o=off: np.diagonal(x, o), tag=f"2d-{off}")
        g.case("trace", [x], {"offset": off, "axis1": 0, "axis2": 1}, lambda o=off: np.trace(x, o), tag=f"2d-{off}")
    y = g.arr((2, 3, 4), "int32", low=-9, high=9)
    for tag, off, a1, a2 in [("0-1", 0, 0, 1), ("1-2", 1, 1, 2), ("2-0", -1, 2, 0), ("neg", 0, -1, -3), ("same", 0, 1, 1),
                             ("bad-axis", 0, 0, 3)]:
        g.case("diagonal", [y], {"offset": off, "axis1": a1, "axis2": a2}, lambda o=off, a=a1, b=a2: np.diagonal(y, o, a, b), tag=tag)
        g.case("trace", [y], {"offset": off, "axis1": a1, "axis2": a2}, lambda o=off, a=a1, b=a2: np.trace(y, o, a, b), tag=tag)
    for dt in ("bool", "uint8", "int64", "float32"):
        z = g.arr((3, 3), dt, low=0, high=50)
        g.case("diagonal", [z], {"offset": 0, "axis1": 0, "axis2": 1}, lambda z=z: np.diagonal(z), tag=f"dtype-{dt}")
        fix = (lambda v: v.astype("int64")) if dt == "uint8" else (lambda v: v)
        g.case("trace", [z], {"offset": 0, "axis1": 0, "axis2": 1}, lambda z=z, fix=fix: fix(np.trace(z)), tag=f"dtype-{dt}")
    e = np.zeros((0, 3), "float32")
    g.case("diagonal", [e], {"offset": 0, "axis1": 0, "axis2": 1}, lambda: np.diagonal(e), tag="empty")
    g.case("trace", [e], {"offset": 0, "axis1": 0, "axis2": 1}, lambda: np.trace(e), tag="empty")
    v = np.arange(3.0)
    g.case("diagonal", [v], {"offset": 0, "axis1": 0, "axis2": 1}, lambda: np.diagonal(v), tag="1d", error="value")
    g.case("trace", [v], {"offset": 0, "axis1": 0, "axis2": 1}, lambda: np.trace(v), tag="1d", error="value")

    for k in (0, 2, -1):
        v = g.arr((3,), "float32", special=False)
        g.case("diag", [v], {"k": k}, lambda v=v, k=k: np.diag(v, k), tag=f"build-{k}")
    g.case("diag", [np.array([np.nan, np.inf], "float64")], {"k": 1}, lambda: np.diag(np.array([np.nan, np.inf]), 1), tag="build-nan")
    g.case("diag", [np.array([True, False, True])], {"k": 0}, lambda: np.diag(np.array([True, False, True])), tag="build-bool")
    g.case("diag", [np.array([7, 9], "uint8")], {"k": -2}, lambda: np.diag(np.array([7, 9], "uint8"), -2), tag="build-uint8")
    g.case("diag", [np.zeros(0, "int32")], {"k": 1}, lambda: np.diag(np.zeros(0, "int32"), 1), tag="build-empty")
    m = g.arr((3, 5), "int64", low=-9, high=9)
    for k in (0, 2, -2, 6):
        g.case("diag", [m], {"k": k}, lambda k=k: np.diag(m, k), tag=f"extract-{k}")
    g.case("diag", [np.array(1.0)], {"k": 0}, lambda: np.diag(np.array(1.0)), tag="0d")
    g.case("diag", [np.zeros((2, 2, 2))], {"k": 0}, lambda: np.diag(np.zeros((2, 2, 2))), tag="3d")

    for f in ("triu", "tril"):
        for tag, shape, dt, k in [("square", (4, 4), "float64", 0), ("wide", (3, 5), "float32", 1), ("tall", (5, 3), "int32", -1),
                                  ("batch", (2, 3, 4), "float32", 0), ("far", (3, 3), "int64", 5), ("far-neg", (3, 3), "int64", -5),
                                  ("1d", (4,), "float64", 0), ("1d-k", (3,), "uint8", -1), ("bool", (3, 3), "bool", 0),
                                  ("empty", (0, 3), "float32", 0), ("nan", (3, 3), "float64", 0)]:
            x = g.arr(shape, dt, special=(tag == "nan"))
            g.case(f, [x], {"k": k}, lambda f=f, x=x, k=k: getattr(np, f)(x, k), tag=tag)
        g.case(f, [np.array(2.0)], {"k": 0}, lambda f=f: getattr(np, f)(np.array(2.0)), tag="0d", error="value")


def rolls(g):
    x = g.arr((3, 4), "float32", special=True)
    for tag, shift, axis in [("flat", 5, None), ("flat-neg", -14, None), ("axis0", 1, 0), ("axis1-neg", -3, 1),
                             ("axis-neg", 6, -1), ("two-axes", 1, [0, 1]), ("repeated-axis", 1, [1, 1]),
                             ("zero", 0, 1), ("full-turn", 4, 1), ("bad-axis", 1, 2)]:
        g.case("roll", [x], {"shift": shift, "axis": axis}, lambda s=shift, a=axis: np.roll(x, s, a if not isinstance(a, list) else tuple(a)), tag=tag)
    for dt in ("int64", "bool", "uint8"):
        y = g.arr((5,), dt)
        g.case("roll", [y], {"shift": 2, "axis": 0}, lambda y=y: np.roll(y, 2, 0), tag=f"dtype-{dt}")
    g.case("roll", [np.zeros((0, 3), "float64")], {"shift": 2, "axis": 0}, lambda: np.roll(np.zeros((0, 3)), 2, 0), tag="empty")
    g.case("roll", [np.zeros((0, 3), "float64")], {"shift": 2, "axis": None}, lambda: np.roll(np.zeros((0, 3)), 2), tag="empty-flat")
    g.case("roll", [np.array(4.0)], {"shift": 3, "axis": None}, lambda: np.roll(np.array(4.0), 3), tag="0d")

    y = g.arr((2, 3, 4), "int32", low=-9, high=9)
    for tag, k, axes in [("k1", 1, [0, 1]), ("k2", 2, [0, 1]), ("k3", 3, [0, 1]), ("k0", 0, [0, 1]), ("k-1", -1, [0, 1]),
                         ("k5-axes12", 5, [1, 2]), ("axes-neg", 1, [-1, 0]), ("axes-same", 1, [1, 1]),
                         ("axes-out", 1, [0, 3]), ("axes-three", 1, [0, 1, 2]), ("axes-ndim-apart", 1, [0, -3])]:
        g.case("rot90", [y], {"k": k, "axes": axes}, lambda k=k, a=axes: np.rot90(y, k, tuple(a)), tag=tag)
    m = g.arr((3, 2), "float64", special=True)
    g.case("rot90", [m], {"k": 1, "axes": [0, 1]}, lambda: np.rot90(m), tag="2d-nan")
    g.case("rot90", [np.arange(3.0)], {"k": 1, "axes": [0, 1]}, lambda: np.rot90(np.arange(3.0)), tag="1d")
    g.case("rot90", [np.zeros((0, 2), "bool")], {"k": 1, "axes": [0, 1]}, lambda: np.rot90(np.zeros((0, 2), bool)), tag="empty")


def grids(g):
    for tag, ins in [
        ("two", [g.arr((3,), "float32"), g.arr((2,), "float32")]),
        ("three", [g.arr((2,), "float64"), g.arr((3,), "int32"), g.arr((4,), "bool")]),
        ("one", [g.arr((4,), "int64")]),
        ("2d-input", [g.arr((2, 2), "float64"), g.arr((3,), "float64")]),
        ("scalar", [np.array(2.5, "float64"), g.arr((3,), "float64")]),
        ("empty", [np.zeros(0, "float32"), g.arr((3,), "float32")]),
        ("none", []),
    ]:
        for ix in ("xy", "ij"):
            g.case("meshgrid", ins, {"indexing": ix}, lambda ins=ins, ix=ix: np.meshgrid(*ins, indexing=ix), tag=f"{tag}-{ix}")


def periodic(mode, n, before, after):
    """The gather index of a dimension of length n padded periodically (NumPy 2.1)."""
    out = []
    for p in range(-before, n + after):
        if mode == "edge":
            out.append(min(max(p, 0), n - 1))
        elif mode == "wrap":
            out.append(p % n)
        elif mode == "reflect":
            per = 2 * (n - 1)
            q = p % per if per else 0
            out.append(q if q < n else per - q)
        else:
            q = p % (2 * n)
            out.append(q if q < n else 2 * n - 1 - q)
    return np.array(out, dtype="int64")


def checked_pad(a, pw, mode):
    """np.pad, asserted to agree with the periodic definition (see the docstring)."""
    out = np.pad(a, pw, mode=mode)
    if mode != "constant" and a.ndim > 0 and a.size > 0:
        want = a
        for k in range(a.ndim):
            b, e = pw[min(k, len(pw) - 1)]
            want = np.take(want, periodic(mode, a.shape[k], b, e), axis=k)
        assert np.array_equal(out, want, equal_nan=a.dtype.kind == "f"), (mode, a.shape, pw)
    return out


def pads(g):
    x = g.arr((2, 3), "float32", special=True)
    v = np.arange(1, 4, dtype="int64")
    for mode in ("constant", "edge", "reflect", "symmetric", "wrap"):
        for tag, arr, pw in [("1d", v, [[2, 3]]), ("1d-large", v, [[5, 7]]), ("2d", x, [[1, 2], [3, 0]]),
                             ("2d-one-pair", x, [[2, 1]]), ("zero", x, [[0, 0]])]:
            g.case("pad", [arr], {"pad_width": pw, "mode": mode}, lambda a=arr, p=pw, m=mode: checked_pad(a, p, m), tag=f"{mode}-{tag}")
        y = g.arr((2, 2, 3), "int32", low=-9, high=9)
        g.case("pad", [y], {"pad_width": [[1, 0], [0, 2], [3, 1]], "mode": mode},
               lambda m=mode: checked_pad(y, [[1, 0], [0, 2], [3, 1]], m), tag=f"{mode}-3d")
        one = np.array([5.0])
        g.case("pad", [one], {"pad_width": [[2, 3]], "mode": mode}, lambda m=mode: checked_pad(one, [[2, 3]], m), tag=f"{mode}-length1")
        g.case("pad", [np.array(3, "uint8")], {"pad_width": [[1, 1]], "mode": mode},
               lambda m=mode: np.pad(np.array(3, "uint8"), [[1, 1]], mode=m), tag=f"{mode}-0d")
    for tag, arr, val in [("float", x, 9.5), ("int-trunc", v, 2.9), ("bool", g.arr((3,), "bool"), 1), ("neg", g.arr((2, 2), "float64"), -1)]:
        g.case("pad", [arr], {"pad_width": [[1, 2]], "mode": "constant", "constant_values": val},
               lambda a=arr, c=val: np.pad(a, [[1, 2]], mode="constant", constant_values=c), tag=f"value-{tag}")
    e = np.zeros((0, 2), "float32")
    g.case("pad", [e], {"pad_width": [[1, 1]], "mode": "constant"}, lambda: np.pad(e, 1), tag="empty-constant")
    g.case("pad", [e], {"pad_width": [[1, 1]], "mode": "edge"}, lambda: np.pad(e, 1, mode="edge"), tag="empty-edge")
    g.case("pad", [e], {"pad_width": [[0, 0], [1, 1]], "mode": "reflect"}, lambda: np.pad(e, [[0, 0], [1, 1]], mode="reflect"),
           tag="empty-other-axis")
    g.case("pad", [x], {"pad_width": [[-1, 1]], "mode": "constant"}, lambda: np.pad(x, [[-1, 1]]), tag="negative")
    g.case("pad", [x], {"pad_width": [[1, 1], [1, 1], [1, 1]], "mode": "edge"}, lambda: np.pad(x, [[1, 1]] * 3, mode="edge"),
           tag="too-many-pairs")
    g.case("pad", [x], {"pad_width": [[1, 1]], "mode": "bogus"}, lambda: np.pad(x, 1, mode="bogus"), tag="bad-mode")


def main():
    g = Gen(20261214, "shape/")
    views(g)
    joins(g)
    diagonals(g)
    rolls(g)
    grids(g)
    pads(g)
    g.write()


if __name__ == "__main__":
    main()
