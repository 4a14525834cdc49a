#!/usr/bin/env python3
"""NumPy's answers for the search and sort family: searchsorted, digitize, partition,
argpartition, lexsort, isin, interp (handlers in internal/conformance/ops_search.go).

Run with Debian's python3 and its python3-numpy (1.24):
    /usr/bin/python3 gen_search.py > search.jsonl

The case format is shared/conformance/gen.py's, the enc/Gen helpers caselib.py's. Params
beyond NumPy's own:
  - "scalar": [i, ...]: inputs i are Python scalars in the NumPy call (encoded as 0-d
    arrays); the engine passes them as Go numbers.
  - partition/argpartition: NumPy leaves the order inside each side of a kth unspecified
    (introselect), so the expected answer is canonical: each run of positions between
    consecutive kths is sorted (the kth elements stay), which turns any valid partition
    into the full sort and anything else into something else. argpartition expects
    [canonical x[idx], sort(idx)]: the gathered values partition x, and idx is a
    permutation. "kth_input": the kth is input 1 (a tensor) instead of the param.
  - interp: "period" set means np.interp(..., period=p); left and right are null (None),
    a number, or "nan"/"inf"/"-inf".
Errors are the kind gotensor raises: NumPy's TypeError for a bad argument is "value".
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

    def kind(self, cid, op, e, error):
        """An axis error is "axis"; a ValueError or TypeError needs the case's kind."""
        return caselib.declared_kind(cid, e, error, [(np.AxisError, "axis")], (ValueError, TypeError))


def canon(p, kths, axis):
    """Sorts each run of p between consecutive kths along axis (the kth positions stay)."""
    p = np.moveaxis(np.array(p, copy=True), axis, -1)
    n = p.shape[-1]
    ks = sorted({k % n for k in kths}) if n else []
    if not ks:
        return np.moveaxis(p, -1, axis)
    lo = 0
    for k in ks + [n]:
        p[..., lo:k] = np.sort(p[..., lo:k], axis=-1)
        lo = k + 1
    return np.moveaxis(p, -1, axis)


def kth_list(kth):
    return list(np.atleast_1d(np.asarray(kth)).tolist())


def partition_case(g, x, kth, axis, tag=""):
    params = {"kth": kth, "axis": axis}

    def run():
        y, ax = (x.ravel(), 0) if axis is None else (x, axis)
        k = np.array(kth, dtype=np.intp) if kth == [] else kth
        p = np.partition(x, k, axis=axis)
        c = canon(p, kth_list(kth), ax)
        want = y if kth == [] else np.sort(y, axis=ax)
        assert np.array_equal(c, want, equal_nan=y.dtype.kind == "f"), (p, c)
        return c
    g.case("partition", [x], params, run, tag=tag)

    def arun():
        y, ax = (x.ravel(), 0) if axis is None or x.ndim == 0 else (x, axis)
        k = np.array(kth, dtype=np.intp) if kth == [] else kth
        i = np.argpartition(x, k, axis=axis)
        c = canon(np.take_along_axis(y, i, axis=ax), kth_list(kth), ax)
        want = y if kth == [] else np.sort(y, axis=ax)
        assert np.array_equal(c, want, equal_nan=y.dtype.kind == "f"), (i, c)
        return [c, np.sort(i, axis=ax)]
    g.case("argpartition", [x], params, arun, tag=tag)


def build(g):
    A = g.arr
    # ---- searchsorted ---------------------------------------------------
    ss = "searchsorted"
    a = np.sort(A((9,), "float64"))
    v = np.concatenate([a[[0, 3, 3, 8]], A((8,), "float64", -4, 4)]).reshape(3, 4)
    for side in ("left", "right"):
        g.case(ss, [a, v], {"side": side}, lambda side=side: np.searchsorted(a, v, side=side), tag=f"f64-2d-{side}")
    ai = np.array([-3, -1, -1, 0, 2, 2, 2, 7], "int64")
    vi = np.array([[-5, -1, 0], [2, 3, 7], [8, -3, 2]], "int64")
    for side in ("left", "right"):
        g.case(ss, [ai, vi], {"side": side}, lambda side=side: np.searchsorted(ai, vi, side=side), tag=f"int-dups-{side}")
    an = np.array([-np.inf, 1, 2, np.inf, np.nan, np.nan], "float32")
    vn = np.array([np.nan, 2, 3, np.inf, -np.inf, 0], "float32")
    for side in ("left", "right"):
        g.case(ss, [an, vn], {"side": side}, lambda side=side: np.searchsorted(an, vn, side=side), tag=f"nan-{side}")
    au = A((7,), "int32", -20, 20)
    srt = np.argsort(au, kind="stable")
    vu = A((2, 3, 2), "int32", -25, 25)
    for side in ("left", "right"):
        g.case(ss, [au, vu, srt], {"side": side, "sorter": True},
               lambda side=side: np.searchsorted(au, vu, side=side, sorter=srt), tag=f"sorter-{side}")
    srt8 = srt.astype("uint8")
    g.case(ss, [au, vu, srt8], {"side": "left", "sorter": True},
           lambda: np.searchsorted(au, vu, side="left", sorter=srt8), tag="sorter-uint8")
    g.case(ss, [ai, np.asarray(2.5)], {"side": "left", "scalar": [1]},
           lambda: np.searchsorted(ai, 2.5), tag="go-float-int-a")
    g.case(ss, [ai, np.asarray(2)], {"side": "right", "scalar": [1]},
           lambda: np.searchsorted(ai, 2, side="right"), tag="go-int")
    u8 = np.array([1, 2, 3, 200], "uint8")
    for s in (300, -1):
        g.case(ss, [u8, np.asarray(s)], {"side": "left", "scalar": [1]},
               lambda s=s: np.searchsorted(u8, s), tag=f"go-int-outside-uint8-{s}")
    g.case(ss, [a, np.asarray(0.25)], {"side": "right"},
           lambda: np.searchsorted(a, np.asarray(0.25), side="right"), tag="0d-v")
    g.case(ss, [np.zeros(0), np.array([1.0, -1.0])], {"side": "left"},
           lambda: np.searchsorted(np.zeros(0), [1.0, -1.0]), tag="empty-a")
    g.case(ss, [a, np.zeros((2, 0))], {"side": "left"},
           lambda: np.searchsorted(a, np.zeros((2, 0))), tag="empty-v")
    ab = np.array([False, False, True])
    g.case(ss, [ab, np.array([True, False])], {"side": "right"},
           lambda: np.searchsorted(ab, [True, False], side="right"), tag="bool")
    a32 = np.array([-1, 0, 2, 5], "int32")
    v32 = np.array([-0.5, 2.0, 2.5, 9], "float32")
    g.case(ss, [a32, v32], {"side": "left"}, lambda: np.searchsorted(a32, v32), tag="int32-float32")
    g.case(ss, [np.ones((2, 2)), np.array([1.0])], {"side": "left"},
           lambda: np.searchsorted(np.ones((2, 2)), [1.0]), error="value", tag="2d-a")
    g.case(ss, [np.asarray(1.0), np.array([1.0])], {"side": "left"},
           lambda: np.searchsorted(np.asarray(1.0), [1.0]), error="value", tag="0d-a")
    g.case(ss, [a, v], {"side": "middle"}, lambda: np.searchsorted(a, v, side="middle"), error="value", tag="bad-side")
    g.case(ss, [au, vu, srt[:3]], {"side": "left", "sorter": True},
           lambda: np.searchsorted(au, vu, sorter=srt[:3]), error="value", tag="sorter-size")
    bad = np.array([7, 1, 2, 3, 4, 5, 6])
    g.case(ss, [au, np.array([-100, 100], "int32"), bad], {"side": "left", "sorter": True},
           lambda: np.searchsorted(au, np.array([-100, 100], "int32"), sorter=bad), error="value", tag="sorter-range")
    g.case(ss, [au, vu, srt.astype("float64")], {"side": "left", "sorter": True},
           lambda: np.searchsorted(au, vu, sorter=srt.astype("float64")), error="value", tag="sorter-float")

    # ---- digitize -------------------------------------------------------
    dg = "digitize"
    bins = np.array([-1.0, 0.0, 0.0, 1.5, 3.0])
    x = np.concatenate([bins, A((7,), "float64", -2, 4), [np.nan, np.inf, -np.inf]]).reshape(3, 5)
    for right in (False, True):
        g.case(dg, [x, bins], {"right": right}, lambda right=right: np.digitize(x, bins, right=right), tag=f"inc-{right}")
        rb = bins[::-1].copy()
        g.case(dg, [x, rb], {"right": right}, lambda right=right, rb=rb: np.digitize(x, rb, right=right), tag=f"dec-{right}")
    xi = np.array([-3, 0, 1, 2, 5, 9], "int64")
    bi = np.array([0, 2, 2, 5], "int32")
    g.case(dg, [xi, bi], {"right": False}, lambda: np.digitize(xi, bi), tag="int")
    g.case(dg, [xi, np.array([4, 4, 4])], {"right": True}, lambda: np.digitize(xi, np.array([4, 4, 4]), right=True), tag="constant")
    g.case(dg, [xi, np.array([1.0, 2.0, np.nan])], {"right": False},
           lambda: np.digitize(xi, np.array([1.0, 2.0, np.nan])), tag="nan-last-bin")
    g.case(dg, [np.asarray(2.5), np.array([3, 2, 1])], {"right": True, "scalar": [0]},
           lambda: np.digitize(2.5, np.array([3, 2, 1]), right=True), tag="go-scalar-dec")
    g.case(dg, [np.array([True, False]), np.array([0, 1])], {"right": False},
           lambda: np.digitize(np.array([True, False]), np.array([0, 1])), tag="bool")
    x32 = A((4,), "float32")
    b32 = np.array([-1, 0, 1], "float32")
    g.case(dg, [x32, b32], {"right": False}, lambda: np.digitize(x32, b32), tag="float32")
    g.case(dg, [xi, np.zeros(0)], {"right": False}, lambda: np.digitize(xi, np.zeros(0)), tag="empty-bins")
    g.case(dg, [np.zeros((0, 2)), bins], {"right": False}, lambda: np.digitize(np.zeros((0, 2)), bins), tag="empty-x")
    g.case(dg, [xi, np.array([1, 3, 2])], {"right": False}, lambda: np.digitize(xi, np.array([1, 3, 2])),
           error="value", tag="not-monotonic")
    g.case(dg, [xi, np.array([np.nan, 1, 2])], {"right": False}, lambda: np.digitize(xi, np.array([np.nan, 1, 2])),
           error="value", tag="nan-first-bin")
    g.case(dg, [xi, np.array([[1, 2]])], {"right": False}, lambda: np.digitize(xi, np.array([[1, 2]])),
           error="value", tag="2d-bins")
    g.case(dg, [xi, np.asarray(1)], {"right": False}, lambda: np.digitize(xi, np.asarray(1)),
           error="value", tag="0d-bins")

    # ---- partition, argpartition ----------------------------------------
    x = A((4, 9), "float64")
    x[1, 2] = x[1, 5] = x[1, 6]  # ties
    partition_case(g, x, 4, -1, tag="f64-kth4")
    partition_case(g, x, [0, 3, 8], 1, tag="f64-kths")
    partition_case(g, x, [-1, 1], 0, tag="axis0-negkth")
    partition_case(g, x, [5, 30], None, tag="flat")
    xn = A((3, 7), "float32", special=True)
    xn[2, [1, 4]] = np.nan
    partition_case(g, xn, [1, 5], -1, tag="nan")
    partition_case(g, xn, 6, -1, tag="nan-last-kth")
    xi3 = A((2, 3, 6), "int32", -4, 4)
    partition_case(g, xi3, [2, 2, 0], 2, tag="int32-3d")
    partition_case(g, xi3, 1, -2, tag="int32-mid")
    partition_case(g, A((2, 5), "uint8"), 3, -1, tag="uint8")
    partition_case(g, A((3, 5), "bool"), 2, 1, tag="bool")
    partition_case(g, A((6,), "int64", -9, 9), [], -1, tag="no-kth")
    partition_case(g, np.asarray(3.5), 0, None, tag="0d-flat")
    partition_case(g, np.zeros((2, 0)), 1, 0, tag="empty")
    partition_case(g, np.zeros((0, 3)), 5, 0, tag="empty-any-kth")
    g.case("argpartition", [np.asarray(3.5)], {"kth": 0, "axis": -1},
           lambda: [np.asarray(3.5).ravel()[np.argpartition(np.asarray(3.5), 0)], np.argpartition(np.asarray(3.5), 0)],
           tag="0d")
    for op in ("partition", "argpartition"):
        f = getattr(np, op)
        g.case(op, [x], {"kth": 9, "axis": -1}, lambda f=f: f(x, 9), error="value", tag="kth-out")
        g.case(op, [x], {"kth": -10, "axis": -1}, lambda f=f: f(x, -10), error="value", tag="kth-neg-out")
        g.case(op, [x], {"kth": 1, "axis": 2}, lambda f=f: f(x, 1, axis=2), error="axis", tag="axis-out")
        g.case(op, [x], {"kth": 1.0, "axis": -1}, lambda f=f: f(x, 1.0), error="value", tag="float-kth")
        k2 = np.array([[1, 2]])
        g.case(op, [x, k2], {"kth_input": True, "axis": -1}, lambda f=f: f(x, k2), error="value", tag="2d-kth")
        k1 = np.array([7, 2], "int32")
        if op == "partition":
            g.case(op, [x, k1], {"kth_input": True, "axis": -1},
                   lambda: canon(np.partition(x, k1), [7, 2], -1), tag="tensor-kth")
    g.case("partition", [np.asarray(1.0)], {"kth": 0, "axis": -1},
           lambda: np.partition(np.asarray(1.0), 0), tag="0d-axis")

    # ---- lexsort --------------------------------------------------------
    ls = "lexsort"
    k0 = A((10,), "float64")
    k1 = A((10,), "int64", 0, 3)
    k2 = A((10,), "bool")
    g.case(ls, [k0, k1], {"axis": -1}, lambda: np.lexsort([k0, k1]), tag="two")
    g.case(ls, [k0, k1, k2], {"axis": -1}, lambda: np.lexsort([k0, k1, k2]), tag="three-mixed")
    g.case(ls, [k1], {"axis": -1}, lambda: np.lexsort([k1]), tag="stable-one-key")
    kn = np.array([2, 1, np.nan, 1, np.nan, -np.inf, 0.0, -0.0], "float32")
    kp = np.array([1, 1, 1, 0, 0, 1, 1, 1], "uint8")
    g.case(ls, [kn, kp], {"axis": -1}, lambda: np.lexsort([kn, kp]), tag="nan-zeros")
    m0 = A((3, 5), "int32", 0, 3)
    m1 = A((3, 5), "int32", 0, 2)
    g.case(ls, [m0, m1], {"axis": 0}, lambda: np.lexsort([m0, m1], axis=0), tag="2d-axis0")
    g.case(ls, [m0, m1], {"axis": -1}, lambda: np.lexsort([m0, m1]), tag="2d-axis-1")
    g.case(ls, [np.asarray(3)], {"axis": -1}, lambda: np.lexsort([np.asarray(3)]), tag="0d")
    g.case(ls, [np.zeros((0, 3))], {"axis": 0}, lambda: np.lexsort([np.zeros((0, 3))], axis=0), tag="empty")
    g.case(ls, [k0, k1[:5]], {"axis": -1}, lambda: np.lexsort([k0, k1[:5]]), error="shape", tag="shapes")
    g.case(ls, [], {"axis": -1}, lambda: np.lexsort([]), error="value", tag="no-keys")
    g.case(ls, [m0, m1], {"axis": 2}, lambda: np.lexsort([m0, m1], axis=2), error="axis", tag="axis-out")
    g.case(ls, [np.asarray(3)], {"axis": 1}, lambda: np.lexsort([np.asarray(3)], axis=1), error="axis", tag="0d-axis-out")

    # ---- isin -----------------------------------------------------------
    ii = "isin"
    e = A((3, 4), "int64", -4, 4)
    t = np.array([[0, 3], [-2, 9]], "int64")
    for inv in (False, True):
        g.case(ii, [e, t], {"invert": inv}, lambda inv=inv: np.isin(e, t, invert=inv), tag=f"int-{inv}")
    ef = np.array([1.0, np.nan, 0.0, -0.0, np.inf, 2.5])
    tf = np.array([np.nan, -0.0, np.inf, 2.0])
    for inv in (False, True):
        g.case(ii, [ef, tf], {"invert": inv}, lambda inv=inv: np.isin(ef, tf, invert=inv), tag=f"nan-zero-{inv}")
    g.case(ii, [e, np.array([2.0, 2.5, -1.0])], {"invert": False},
           lambda: np.isin(e, np.array([2.0, 2.5, -1.0])), tag="int-float")
    g.case(ii, [e, np.asarray(2)], {"invert": False, "scalar": [1]}, lambda: np.isin(e, 2), tag="go-scalar-test")
    g.case(ii, [np.asarray(2), np.array([1, 2])], {"invert": False, "scalar": [0]},
           lambda: np.isin(2, np.array([1, 2])), tag="go-scalar-element")
    g.case(ii, [np.array([True, False]), np.array([1], "uint8")], {"invert": False},
           lambda: np.isin(np.array([True, False]), np.array([1], "uint8")), tag="bool-uint8")
    g.case(ii, [e, np.zeros(0, "int64")], {"invert": True}, lambda: np.isin(e, np.zeros(0, "int64"), invert=True), tag="empty-test")
    g.case(ii, [np.zeros((2, 0)), np.array([0.0])], {"invert": False},
           lambda: np.isin(np.zeros((2, 0)), np.array([0.0])), tag="empty-element")
    e32 = np.array([0.5, 0.1, 3.0], "float32")
    t32 = np.array([0.1, 3.0], "float32")
    g.case(ii, [e32, t32], {"invert": False}, lambda: np.isin(e32, t32), tag="float32")

    # ---- interp ---------------------------------------------------------
    ip = "interp"
    xp = np.array([-1.0, 0.0, 0.5, 2.0, 3.5])
    fp = np.array([2.0, -1.0, 0.0, 4.0, 1.0])
    xq = np.concatenate([xp, A((7,), "float64", -2, 4.5), [np.nan, np.inf, -np.inf]]).reshape(3, 5)
    nul = {"left": None, "right": None, "period": None}
    g.case(ip, [xq, xp, fp], nul, lambda: np.interp(xq, xp, fp), tag="basic")
    g.case(ip, [xq, xp, fp], {**nul, "left": -7.5, "right": num(np.nan)},
           lambda: np.interp(xq, xp, fp, left=-7.5, right=np.nan), tag="left-right")
    g.case(ip, [np.asarray(0.25), xp, fp], {**nul, "scalar": [0]}, lambda: np.interp(0.25, xp, fp), tag="go-scalar")
    g.case(ip, [np.asarray(0.25), xp, fp], nul, lambda: np.interp(np.asarray(0.25), xp, fp), tag="0d")
    x1 = np.array([0.0, 1.0, 2.0, np.nan])
    g.case(ip, [x1, np.array([1.0]), np.array([3.0])], {**nul, "left": 0, "right": 9},
           lambda: np.interp(x1, [1.0], [3.0], left=0, right=9), tag="one-point")
    xpi = np.array([0, 1, 3], "int32")
    fpi = np.array([True, False, True])
    x32 = np.array([0.5, 2.0, 2.5, -1], "float32")
    g.case(ip, [x32, xpi, fpi], nul, lambda: np.interp(x32, xpi, fpi), tag="dtypes")
    xq2 = np.array([1.0, 1.5, 2.0, 2.5, 3.0, 4.0])
    g.case(ip, [xq2, np.array([1.0, 2.0, 3.0]), np.array([np.inf, np.inf, 3.0])], nul,
           lambda: np.interp(xq2, [1.0, 2.0, 3.0], [np.inf, np.inf, 3.0]), tag="inf-fp")
    g.case(ip, [xq2, np.array([1.0, 2.0, 3.0]), np.array([np.nan, 1.0, 3.0])], nul,
           lambda: np.interp(xq2, [1.0, 2.0, 3.0], [np.nan, 1.0, 3.0]), tag="nan-fp")
    g.case(ip, [xq2, np.array([1.0, 2.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0, 3.0])], nul,
           lambda: np.interp(xq2, [1.0, 2.0, 2.0, 3.0], [1.0, 2.0, 5.0, 3.0]), tag="repeated-xp")
    xl = np.linspace(-1, 4, 13)
    xpl = np.sort(A((9,), "float64", 0, 3))
    fpl = A((9,), "float64")
    g.case(ip, [xl, xpl, fpl], nul, lambda: np.interp(xl, xpl, fpl), tag="long-xp")
    g.case(ip, [np.zeros((2, 0)), xp, fp], nul, lambda: np.interp(np.zeros((2, 0)), xp, fp), tag="empty-x")
    xpp = np.array([190.0, -190.0, 350.0, -350.0])
    fpp = np.array([5.0, 10.0, 3.0, 4.0])
    xqp = np.array([-180.0, -170.0, -185.0, 185.0, -10.0, -5.0, 0.0, 365.0, np.nan, np.inf])
    g.case(ip, [xqp, xpp, fpp], {**nul, "period": 360}, lambda: np.interp(xqp, xpp, fpp, period=360), tag="period")
    g.case(ip, [xqp, xpp, fpp], {**nul, "period": -360.0}, lambda: np.interp(xqp, xpp, fpp, period=-360.0), tag="period-neg")
    g.case(ip, [xq2, np.array([0.5]), np.array([2.0])], {**nul, "period": 2},
           lambda: np.interp(xq2, [0.5], [2.0], period=2), tag="period-one-point")
    g.case(ip, [xq2, np.zeros(0), np.zeros(0)], nul, lambda: np.interp(xq2, [], []), error="value", tag="empty-xp")
    g.case(ip, [xq2, np.zeros(0), np.zeros(0)], {**nul, "period": 2}, lambda: np.interp(xq2, [], [], period=2),
           error="value", tag="period-empty-xp")
    g.case(ip, [xq2, xp, fp[:3]], nul, lambda: np.interp(xq2, xp, fp[:3]), error="value", tag="lengths")
    g.case(ip, [xq2, xp.reshape(1, 5), fp.reshape(1, 5)], nul,
           lambda: np.interp(xq2, xp.reshape(1, 5), fp.reshape(1, 5)), error="value", tag="2d-xp")
    g.case(ip, [xq2, xp, fp], {**nul, "period": 0}, lambda: np.interp(xq2, xp, fp, period=0), error="value", tag="period-zero")


def main():
    g = Gen(20260513, "search/")
    build(g)
    g.write()


if __name__ == "__main__":
    main()
