#!/usr/bin/env python3
"""NumPy's answers for the reductions-and-statistics family (tensor/nan.go, stats.go,
quantile.go), one JSON line per case in the format of shared/conformance/gen.py.

Run with Debian's python3 and its python3-numpy (1.24):

    /usr/bin/python3 gen_stats.py > stats.jsonl

Parameters, by op (inputs are tensors; "axis" is null, an int or a list of ints):
  nansum, nanmean, nanmax, nanmin, ptp, count_nonzero: axis, keepdims
  nanvar, nanstd: axis, keepdims, ddof
  nanargmax, nanargmin: axis (null or int), keepdims
  average: axis, keepdims, returned; weights are input 1 when present
  quantile, percentile: q (number or list) or q_input (index of a q tensor), method,
      axis, keepdims
  histogram: bins (int) or bins_input (index of an edges tensor), range (null or
      [lo, hi]), density, weights_input (index or null); the answer is [hist, edges]
  bincount: minlength, weights_input (index or null)
  cov: rowvar, bias, ddof (null or int), y, fweights, aweights (input indices or null)
  corrcoef: rowvar, y (input index or null)
  diff: n, axis, prepend, append (null, a number, or {"input": index})
  gradient: spacing (list of numbers or {"input": index}), axis, edge_order; the answer
      is always a list, one tensor per axis

Errors are the kind gotensor raises: NumPy's TypeError for a dtype it refuses (a bool
subtract, a float bincount) is "value"; a shape that does not fit (weights of another
length, a 2-D bincount input) is "shape".
"""
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402


class Gen(caselib.Gen):
    def enc(self, a):
        a = np.asarray(a)
        if a.dtype == np.uint64:
            a = a.astype(np.int64)  # gotensor's nearest wider dtype (sums of uint8)
        return caselib.enc(a)

    def run(self, fn):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn()

    def kind(self, cid, op, e, error):
        """Axis and index errors are classified; others need the case's error kind."""
        return caselib.declared_kind(cid, e, error, [(np.AxisError, "axis"), (IndexError, "index")],
                                     (ValueError, TypeError, ZeroDivisionError, RuntimeError))


def red_kw(axis, keepdims):
    kw = {}
    if axis is not None:
        kw["axis"] = tuple(axis) if isinstance(axis, list) else axis
    if keepdims:
        kw["keepdims"] = True
    return kw


def nan_functions(g):
    A = g.arr
    plain = {"nansum": np.nansum, "nanmean": np.nanmean, "nanmax": np.nanmax, "nanmin": np.nanmin}
    for name, f in plain.items():
        for k, (shape, dt, axis, keep, nans) in enumerate([
                ((3, 4), "float32", None, False, 3), ((3, 4), "float64", 1, False, 4),
                ((2, 3, 4), "float64", [0, 2], True, 5), ((2, 3, 4), "float32", -1, False, 6),
                ((5,), "float64", 0, True, 0), ((), "float64", None, False, 0),
                ((4, 3), "int32", 0, False, 0), ((3, 4), "uint8", None, False, 0),
                ((2, 5), "int64", -1, True, 0)]):
            x = A(shape, dt, nans=nans)
            if dt.startswith("float") and x.size >= 4 and k % 2 == 1:
                x.reshape(-1)[-1] = np.inf
            g.case(name, [x], {"axis": axis, "keepdims": keep}, lambda f=f, x=x, a=axis, kd=keep: f(x, **red_kw(a, kd)))
        # whole slices of NaN: NaN (nansum 0, nanmean NaN), a 0-d NaN, a bool input
        x = A((3, 4), "float64")
        x[1, :] = np.nan
        x[:, 2] = np.nan
        for ax in (0, 1, None):
            g.case(name, [x], {"axis": ax, "keepdims": False}, lambda f=f, x=x, ax=ax: f(x, axis=ax), tag=f"allnan-{ax}")
        nan0 = np.array(np.nan, "float32")
        g.case(name, [nan0], {"axis": None, "keepdims": False}, lambda f=f: f(nan0), tag="nan-0d")
        b = A((3, 4), "bool")
        g.case(name, [b], {"axis": 1, "keepdims": False}, lambda f=f, b=b: f(b, axis=1), tag="bool")
        x = A((2, 3), "float64", nans=2)
        g.case(name, [x], {"axis": 2, "keepdims": False}, lambda f=f, x=x: f(x, axis=2), tag="bad-axis")
        e = np.zeros((0, 3), "float32")
        g.case(name, [e], {"axis": 1, "keepdims": False}, lambda f=f, e=e: f(e, axis=1), tag="empty-rows")
        err = "value" if name in ("nanmax", "nanmin") else None
        g.case(name, [e], {"axis": 0, "keepdims": False}, lambda f=f, e=e: f(e, axis=0), tag="empty-axis", error=err)
    for name, f in {"nanvar": np.nanvar, "nanstd": np.nanstd}.items():
        for shape, dt, axis, keep, ddof, nans in [
                ((3, 5), "float32", None, False, 0, 3), ((3, 5), "float64", 1, False, 1, 4),
                ((2, 3, 4), "float64", [0, 2], True, 0, 5), ((4, 6), "float64", 0, False, 2, 8),
                ((6,), "float32", -1, True, 1, 1), ((4, 3), "int32", 0, False, 1, 0),
                ((3, 4), "uint8", None, False, 0, 0), ((3, 4), "bool", 1, False, 0, 0)]:
            x = A(shape, dt, nans=nans)
            g.case(name, [x], {"axis": axis, "keepdims": keep, "ddof": ddof},
                   lambda f=f, x=x, a=axis, kd=keep, dd=ddof: f(x, ddof=dd, **red_kw(a, kd)))
        x = A((3, 4), "float64")
        x[1, :] = np.nan
        x[2, 1:] = np.nan
        for ddof in (0, 1):
            g.case(name, [x], {"axis": 1, "keepdims": False, "ddof": ddof},
                   lambda f=f, x=x, dd=ddof: f(x, axis=1, ddof=dd), tag=f"allnan-ddof{ddof}")
        g.case(name, [x], {"axis": 3, "keepdims": False, "ddof": 0}, lambda f=f, x=x: f(x, axis=3), tag="bad-axis")
        e = np.zeros((0, 3), "float64")
        g.case(name, [e], {"axis": 0, "keepdims": False, "ddof": 0}, lambda f=f, e=e: f(e, axis=0), tag="empty")
    for name, f in {"nanargmax": np.nanargmax, "nanargmin": np.nanargmin}.items():
        for shape, dt, axis, keep, nans in [
                ((3, 4), "float32", None, False, 3), ((3, 4), "float64", 1, False, 4),
                ((2, 3, 4), "float64", -1, True, 5), ((4, 3), "float64", 0, False, 2),
                ((4, 3), "int32", 0, False, 0), ((7,), "uint8", None, True, 0), ((3, 4), "bool", 1, False, 0)]:
            x = A(shape, dt, nans=nans)
            kw = {} if axis is None else {"axis": axis}
            g.case(name, [x], {"axis": axis, "keepdims": keep}, lambda f=f, x=x, kw=kw, kd=keep: f(x, keepdims=kd, **kw))
        x = np.array([[np.nan, -np.inf, 1.0], [np.inf, np.nan, np.inf]])
        g.case(name, [x], {"axis": 1, "keepdims": False}, lambda f=f, x=x: f(x, axis=1), tag="inf")
        x = A((3, 4), "float64")
        x[:, 1] = np.nan
        g.case(name, [x], {"axis": 1, "keepdims": False}, lambda f=f, x=x: f(x, axis=1), tag="nan-column")
        g.case(name, [x], {"axis": 0, "keepdims": False}, lambda f=f, x=x: f(x, axis=0), tag="allnan", error="value")
        g.case(name, [x], {"axis": -3, "keepdims": False}, lambda f=f, x=x: f(x, axis=-3), tag="bad-axis")
        e = np.zeros((0,), "float64")
        g.case(name, [e], {"axis": None, "keepdims": False}, lambda f=f, e=e: f(e), tag="empty", error="value")


def ptp_count(g):
    A = g.arr
    for shape, dt, axis, keep in [((3, 4), "float32", None, False), ((3, 4), "float64", 1, True),
                                  ((2, 3, 4), "int32", [0, 2], False), ((5,), "uint8", 0, False),
                                  ((4, 3), "int64", -2, False), ((), "float64", None, False)]:
        x = A(shape, dt, special=dt == "float32")
        g.case("ptp", [x], {"axis": axis, "keepdims": keep}, lambda x=x, a=axis, kd=keep: np.ptp(x, **red_kw(a, kd)))
    b = A((3, 4), "bool")
    g.case("ptp", [b], {"axis": None, "keepdims": False}, lambda: np.ptp(b), tag="bool", error="value")
    e = np.zeros((0, 3), "float64")
    g.case("ptp", [e], {"axis": 0, "keepdims": False}, lambda: np.ptp(e, axis=0), tag="empty", error="value")
    g.case("ptp", [e], {"axis": 1, "keepdims": False}, lambda: np.ptp(e, axis=1), tag="empty-rows")
    g.case("ptp", [e], {"axis": 2, "keepdims": False}, lambda: np.ptp(e, axis=2), tag="bad-axis")
    for shape, dt, axis, keep in [((3, 4), "float32", None, False), ((3, 4), "float64", 1, True),
                                  ((2, 3, 4), "int32", [0, -1], False), ((6,), "uint8", 0, False),
                                  ((4, 5), "bool", 0, False), ((), "int64", None, False),
                                  ((0, 4), "float64", 1, False), ((2, 0), "float32", None, True)]:
        x = A(shape, dt, special=dt == "float32", low=-2, high=2)
        if dt.startswith("float") and x.size:
            x.reshape(-1)[-1] = 0
        g.case("count_nonzero", [x], {"axis": axis, "keepdims": keep},
               lambda x=x, a=axis, kd=keep: np.asarray(np.count_nonzero(x, **red_kw(a, kd)), dtype="int64"))
    x = A((3, 4), "float64")
    g.case("count_nonzero", [x], {"axis": 2, "keepdims": False}, lambda: np.count_nonzero(x, axis=2), tag="bad-axis")


def average(g):
    A = g.arr
    for shape, dt, wshape, wdt, axis, keep in [
            ((3, 4), "float64", None, None, None, False), ((3, 4), "float32", None, None, 1, True),
            ((3, 4), "int32", None, None, 0, False), ((3, 4), "float64", (3, 4), "float64", None, False),
            ((3, 4), "float32", (4,), "float32", 1, False), ((2, 3, 4), "float32", (3,), "int32", 1, True),
            ((3, 4), "int64", (3, 4), "int64", 0, False), ((3, 4), "uint8", (3,), "float32", 0, False),
            ((2, 3, 4), "float64", (2, 3, 4), "uint8", [0, 2], False), ((5,), "bool", (5,), "bool", 0, False)]:
        x = A(shape, dt)
        ins = [x]
        w = None
        if wshape is not None:
            w = A(wshape, wdt, low=0.5, high=3) if wdt != "bool" else np.array([True, False, True, True, False])
            ins.append(w)
        kw = red_kw(axis, keep)
        g.case("average", ins, {"axis": axis, "keepdims": keep, "returned": False},
               lambda x=x, w=w, kw=kw: np.average(x, weights=w, **kw))
        g.case("average", ins, {"axis": axis, "keepdims": keep, "returned": True},
               lambda x=x, w=w, kw=kw: np.average(x, weights=w, returned=True, **kw))
    x = A((3, 4), "float64")
    w = A((4,), "float64", low=0.5)
    g.case("average", [x, w], {"axis": None, "keepdims": False, "returned": False},
           lambda: np.average(x, weights=w), tag="no-axis", error="shape")
    w3 = A((3,), "float64", low=0.5)
    g.case("average", [x, w3], {"axis": 1, "keepdims": False, "returned": False},
           lambda: np.average(x, axis=1, weights=w3), tag="wrong-length", error="shape")
    w2 = A((2, 4), "float64", low=0.5)
    g.case("average", [x, w2], {"axis": 1, "keepdims": False, "returned": False},
           lambda: np.average(x, axis=1, weights=w2), tag="2d-weights", error="shape")
    z = np.array([1.0, -1.0, 0.0, 0.0])
    g.case("average", [x, z], {"axis": 1, "keepdims": False, "returned": False},
           lambda: np.average(x, axis=1, weights=z), tag="zero-sum", error="value")
    g.case("average", [x], {"axis": 2, "keepdims": False, "returned": False},
           lambda: np.average(x, axis=2), tag="bad-axis")
    e = np.zeros((0, 3), "float64")
    g.case("average", [e], {"axis": 0, "keepdims": False, "returned": False}, lambda: np.average(e, axis=0), tag="empty")


METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
           "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher",
           "midpoint", "nearest"]
DISCRETE = {"inverted_cdf", "closest_observation", "lower", "higher", "nearest"}


def quantiles(g):
    A = g.arr
    qs = [0.0, 0.1, 0.25, 0.5, 0.6, 0.75, 0.99, 1.0]
    for name, f, scale in [("quantile", np.quantile, 1.0), ("percentile", np.percentile, 100.0)]:
        for k, m in enumerate(METHODS):
            for n in (1, 2, 5, 6):
                x = A((n,), "float64")
                q = [v * scale for v in qs]
                g.case(name, [x], {"q": q, "method": m, "axis": None, "keepdims": False},
                       lambda f=f, x=x, q=q, m=m: f(x, q, method=m), tag=f"{m}-n{n}")
            x = A((3, 7), "float32")
            q = 0.3 * scale
            g.case(name, [x], {"q": q, "method": m, "axis": 1, "keepdims": False},
                   lambda f=f, x=x, q=q, m=m: f(x, q, axis=1, method=m), tag=f"{m}-f32-axis1")
            xi = A((4, 5), "int32")
            q = [0.2 * scale, 0.5 * scale]
            g.case(name, [xi], {"q": q, "method": m, "axis": 0, "keepdims": True},
                   lambda f=f, x=xi, q=q, m=m: f(x, q, axis=0, method=m, keepdims=True), tag=f"{m}-int-keep")
        x = A((2, 3, 4), "float64", nans=2)
        for axis, keep in [(None, False), (1, False), ([0, 2], True), (-1, True)]:
            q = [0.1 * scale, 0.9 * scale]
            g.case(name, [x], {"q": q, "method": "linear", "axis": axis, "keepdims": keep},
                   lambda f=f, x=x, q=q, a=axis, kd=keep: f(x, q, **red_kw(a, kd)), tag=f"nan-{axis}-{keep}")
        for dt in ("uint8", "int64", "bool"):
            x = A((6,), dt)
            for m in ("linear", "lower", "nearest"):
                q = 0.4 * scale
                bad = dt == "bool" and m not in DISCRETE
                g.case(name, [x], {"q": q, "method": m, "axis": None, "keepdims": False},
                       lambda f=f, x=x, q=q, m=m: f(x, q, method=m), tag=f"{dt}-{m}", error="value" if bad else None)
        x = np.array([0.0, 1.0, np.inf, -np.inf, 2.0])
        g.case(name, [x], {"q": [v * scale for v in qs], "method": "linear", "axis": None, "keepdims": False},
               lambda f=f, x=x: f(x, [v * scale for v in qs]), tag="inf")
        x0 = np.array(2.5)
        g.case(name, [x0], {"q": 0.5 * scale, "method": "linear", "axis": None, "keepdims": False},
               lambda f=f: f(x0, 0.5 * scale), tag="0d")
        qt = np.array([[0.1, 0.5], [0.7, 1.0]]) * scale
        x = A((3, 4), "float64")
        g.case(name, [x, qt], {"q_input": 1, "method": "linear", "axis": 1, "keepdims": False},
               lambda f=f, x=x: f(x, qt, axis=1), tag="q-2d")
        g.case(name, [x], {"q": 1.5 * scale, "method": "linear", "axis": None, "keepdims": False},
               lambda f=f, x=x: f(x, 1.5 * scale), tag="q-range", error="value")
        g.case(name, [x], {"q": -0.1 * scale, "method": "linear", "axis": None, "keepdims": False},
               lambda f=f, x=x: f(x, -0.1 * scale), tag="q-negative", error="value")
        g.case(name, [x], {"q": 0.5 * scale, "method": "cubic", "axis": None, "keepdims": False},
               lambda f=f, x=x: f(x, 0.5 * scale, method="cubic"), tag="bad-method", error="value")
        g.case(name, [x], {"q": 0.5 * scale, "method": "linear", "axis": 2, "keepdims": False},
               lambda f=f, x=x: f(x, 0.5 * scale, axis=2), tag="bad-axis")
        e = np.zeros((2, 0))
        g.case(name, [e], {"q": 0.5 * scale, "method": "linear", "axis": 0, "keepdims": False},
               lambda f=f, e=e: f(e, 0.5 * scale, axis=0), tag="empty-lines")
        g.case(name, [e], {"q": 0.5 * scale, "method": "linear", "axis": 1, "keepdims": False},
               lambda f=f, e=e: f(e, 0.5 * scale, axis=1), tag="empty-axis")


def histograms(g):
    A = g.arr
    for k, (shape, dt, bins, rng, dens, wdt) in enumerate([
            ((20,), "float64", 10, None, False, None), ((4, 5), "float32", 7, None, False, None),
            ((30,), "float64", 5, [-1.0, 2.0], False, None), ((30,), "float32", 6, [-2.5, 1.5], True, None),
            ((25,), "int32", 4, None, False, None), ((25,), "int64", 3, [0, 50], False, None),
            ((16,), "uint8", 8, None, True, None), ((12,), "bool", 2, None, False, None),
            ((20,), "float64", 6, None, False, "float64"), ((20,), "float32", 4, None, True, "float32"),
            ((18,), "int32", 5, None, False, "int32"), ((0,), "float64", 3, None, False, None),
            ((0,), "int32", 4, None, False, None), ((5,), "float64", 3, None, False, None)]):
        x = A(shape, dt, low=-3, high=3 if dt != "int64" else 60)
        if k == 13:
            x[:] = 1.5  # one value: the range widens to [1, 2]
        ins = [x]
        params = {"bins": bins, "range": rng, "density": dens, "weights_input": None}
        w = None
        if wdt is not None:
            w = A(shape, wdt, low=0, high=5)
            ins.append(w)
            params["weights_input"] = 1
        g.case("histogram", ins, params,
               lambda x=x, b=bins, r=rng, d=dens, w=w: np.histogram(x, bins=b, range=None if r is None else tuple(r), density=d, weights=w))
    # integer data on bin edges, float data in a range with values outside
    x = np.arange(0, 40, dtype="int64") % 9
    g.case("histogram", [x], {"bins": 9, "range": None, "density": False, "weights_input": None},
           lambda: np.histogram(x, bins=9), tag="int-edges")
    x = A((40,), "float64", low=-5, high=5)
    g.case("histogram", [x], {"bins": 4, "range": [-1.0, 1.0], "density": False, "weights_input": None},
           lambda: np.histogram(x, bins=4, range=(-1.0, 1.0)), tag="outside")
    # bins as edges
    for dt, edt, wdt, dens in [("float64", "float64", None, False), ("float32", "float64", None, True),
                               ("int32", "int64", None, False), ("float64", "float64", "float64", False),
                               ("float32", "float32", "float32", True), ("int64", "float64", "int32", False)]:
        x = A((24,), dt, low=-4, high=4)
        edges = np.array([-3, -1.5, 0, 0.5, 2, 3.5]).astype(edt)
        ins = [x, edges]
        params = {"bins_input": 1, "range": None, "density": dens, "weights_input": None}
        w = None
        if wdt is not None:
            w = A((24,), wdt, low=0, high=4)
            ins.append(w)
            params["weights_input"] = 2
        g.case("histogram", ins, params, lambda x=x, e=edges, d=dens, w=w: np.histogram(x, bins=e, density=d, weights=w),
               tag=f"edges-{dt}-{edt}-{wdt}-{dens}")
    x = A((10,), "float64")
    bad = np.array([0.0, 2.0, 1.0])
    g.case("histogram", [x, bad], {"bins_input": 1, "range": None, "density": False, "weights_input": None},
           lambda: np.histogram(x, bins=bad), tag="edges-decreasing", error="value")
    g.case("histogram", [x], {"bins": 0, "range": None, "density": False, "weights_input": None},
           lambda: np.histogram(x, bins=0), tag="zero-bins", error="value")
    g.case("histogram", [x], {"bins": 3, "range": [2.0, 1.0], "density": False, "weights_input": None},
           lambda: np.histogram(x, bins=3, range=(2.0, 1.0)), tag="range-reversed", error="value")
    xn = A((10,), "float64", nans=1)
    g.case("histogram", [xn], {"bins": 3, "range": None, "density": False, "weights_input": None},
           lambda: np.histogram(xn, bins=3), tag="nan-autorange", error="value")
    g.case("histogram", [xn], {"bins": 3, "range": [-1.0, 1.0], "density": False, "weights_input": None},
           lambda: np.histogram(xn, bins=3, range=(-1.0, 1.0)), tag="nan-range")
    w = A((9,), "float64")
    g.case("histogram", [x, w], {"bins": 3, "range": None, "density": False, "weights_input": 1},
           lambda: np.histogram(x, bins=3, weights=w), tag="weights-shape", error="shape")
    x2 = A((3, 4), "float64")
    g.case("histogram", [x2], {"bins": 3, "range": None, "density": False, "weights_input": None},
           lambda: np.histogram(x2, bins=3), tag="2d")


def bincounts(g):
    A = g.arr
    for dt, n, minlength, wdt in [("int64", 20, 0, None), ("int32", 15, 12, None), ("uint8", 10, 3, None),
                                  ("bool", 9, 0, None), ("int64", 12, 0, "float64"), ("int32", 8, 10, "float32"),
                                  ("int64", 0, 0, None), ("int64", 0, 4, "float64"), ("uint8", 7, 0, "int32")]:
        x = A((n,), dt, low=0, high=9)
        ins = [x]
        params = {"minlength": minlength, "weights_input": None}
        w = None
        if wdt is not None:
            w = A((n,), wdt, low=-2, high=5)
            ins.append(w)
            params["weights_input"] = 1
        g.case("bincount", ins, params, lambda x=x, w=w, m=minlength: np.bincount(x, weights=w, minlength=m))
    neg = np.array([1, -1, 3])
    g.case("bincount", [neg], {"minlength": 0, "weights_input": None}, lambda: np.bincount(neg), tag="negative", error="value")
    f = np.array([1.0, 2.0])
    g.case("bincount", [f], {"minlength": 0, "weights_input": None}, lambda: np.bincount(f), tag="float", error="value")
    x = np.array([1, 2, 2])
    g.case("bincount", [x], {"minlength": -1, "weights_input": None}, lambda: np.bincount(x, minlength=-1),
           tag="negative-minlength", error="value")
    w = np.array([1.0, 2.0])
    g.case("bincount", [x, w], {"minlength": 0, "weights_input": 1}, lambda: np.bincount(x, weights=w),
           tag="weights-length", error="shape")
    x2 = np.array([[1, 2], [0, 1]])
    g.case("bincount", [x2], {"minlength": 0, "weights_input": None}, lambda: np.bincount(x2), tag="2d", error="shape")


def covariance(g):
    A = g.arr
    base = {"rowvar": True, "bias": False, "ddof": None, "y": None, "fweights": None, "aweights": None}

    def cov_case(ins, tag="", error=None, **kw):
        p = dict(base)
        p.update(kw)
        m = ins[0]
        y = ins[p["y"]] if p["y"] is not None else None
        fw = ins[p["fweights"]] if p["fweights"] is not None else None
        aw = ins[p["aweights"]] if p["aweights"] is not None else None
        g.case("cov", ins, p, lambda: np.cov(m, y, rowvar=p["rowvar"], bias=p["bias"], ddof=p["ddof"], fweights=fw, aweights=aw),
               tag=tag, error=error)

    cov_case([A((3, 6), "float64")])
    cov_case([A((3, 6), "float32")], bias=True)
    cov_case([A((6, 3), "float64")], rowvar=False)
    cov_case([A((5,), "int32")])
    cov_case([A((4, 5), "float64"), A((2, 5), "float64")], y=1)
    cov_case([A((5, 3), "int64"), A((5,), "int64")], y=1, rowvar=False)
    cov_case([A((3, 6), "float64")], ddof=0)
    cov_case([A((3, 6), "float64")], ddof=3)
    cov_case([A((3, 6), "float64"), A((6,), "int64", low=0, high=4)], fweights=1)
    cov_case([A((3, 6), "float64"), A((6,), "float64", low=0.1, high=2)], aweights=1)
    cov_case([A((3, 6), "float64"), A((6,), "int32", low=1, high=4), A((6,), "float64", low=0.1, high=2)],
             fweights=1, aweights=2)
    cov_case([A((3, 6), "float64"), A((6,), "int32", low=1, high=4), A((6,), "float64", low=0.1, high=2)],
             fweights=1, aweights=2, ddof=0, tag="weights-ddof0")
    cov_case([A((2, 4), "bool")])
    cov_case([np.array(2.0)], tag="0d")
    cov_case([A((3, 1), "float64")], tag="one-observation")
    cov_case([np.zeros((0, 4))], tag="no-variables")
    cov_case([A((2, 3, 2), "float64")], tag="3d", error="shape")
    cov_case([A((3, 6), "float64"), np.array([1.0, 2.5, 1, 1, 1, 1])], fweights=1, tag="fweights-fraction", error="value")
    cov_case([A((3, 6), "float64"), np.array([1, -2, 1, 1, 1, 1])], fweights=1, tag="fweights-negative", error="value")
    cov_case([A((3, 6), "float64"), np.array([1.0, 1, 1])], aweights=1, tag="aweights-length", error="shape")
    cov_case([A((3, 6), "float64"), np.array([1.0, 1, 1, -1, 1, 1])], aweights=1, tag="aweights-negative", error="value")
    cov_case([A((3, 6), "float64"), A((2, 5), "float64")], y=1, tag="y-mismatch", error="shape")
    for ins, kw in [([A((3, 6), "float64")], {}), ([A((6, 3), "float32")], {"rowvar": False}),
                    ([A((5,), "float64"), A((5,), "float64")], {"y": 1}), ([A((4, 5), "int32")], {}),
                    ([np.array([[1.0, 1, 1], [0, 1, 2]])], {}), ([A((7,), "float64")], {})]:
        p = {"rowvar": kw.get("rowvar", True), "y": kw.get("y")}
        y = ins[1] if p["y"] is not None else None
        g.case("corrcoef", ins, p, lambda ins=ins, y=y, p=p: np.corrcoef(ins[0], y, rowvar=p["rowvar"]))
    x = A((2, 3, 4), "float64")
    g.case("corrcoef", [x], {"rowvar": True, "y": None}, lambda: np.corrcoef(x), tag="3d", error="shape")


def diffs(g):
    A = g.arr
    for shape, dt, n, axis in [((6,), "float64", 1, -1), ((3, 5), "float32", 2, 1), ((4, 3), "int32", 1, 0),
                               ((7,), "uint8", 1, 0), ((2, 3, 4), "int64", 3, -2), ((5,), "bool", 1, 0),
                               ((5,), "bool", 2, 0), ((3, 4), "float64", 0, 0), ((3,), "float64", 5, 0),
                               ((0, 3), "float32", 1, 0), ((2, 0), "float64", 1, 1)]:
        x = A(shape, dt, special=dt == "float64" and n == 1)
        g.case("diff", [x], {"n": n, "axis": axis, "prepend": None, "append": None},
               lambda x=x, n=n, a=axis: np.diff(x, n=n, axis=a))
    x = A((3, 4), "float32")
    g.case("diff", [x], {"n": 1, "axis": 1, "prepend": 0, "append": None}, lambda: np.diff(x, axis=1, prepend=0), tag="prepend-int")
    g.case("diff", [x], {"n": 1, "axis": 0, "prepend": None, "append": 2.5}, lambda: np.diff(x, axis=0, append=2.5), tag="append-float")
    p = A((3, 2), "float32")
    a = A((3, 1), "float32")
    g.case("diff", [x, p, a], {"n": 2, "axis": 1, "prepend": {"input": 1}, "append": {"input": 2}},
           lambda: np.diff(x, n=2, axis=1, prepend=p, append=a), tag="prepend-append-tensors")
    xi = A((4,), "int32")
    pi = A((2,), "int32")
    g.case("diff", [xi, pi], {"n": 1, "axis": 0, "prepend": {"input": 1}, "append": None},
           lambda: np.diff(xi, prepend=pi), tag="prepend-int32")
    g.case("diff", [x], {"n": -1, "axis": 0, "prepend": None, "append": None}, lambda: np.diff(x, n=-1), tag="negative-n", error="value")
    x0 = np.array(1.5)
    g.case("diff", [x0], {"n": 1, "axis": -1, "prepend": None, "append": None}, lambda: np.diff(x0), tag="0d", error="value")
    g.case("diff", [x], {"n": 1, "axis": 2, "prepend": None, "append": None}, lambda: np.diff(x, axis=2), tag="bad-axis")
    bad = A((2, 2), "float32")
    g.case("diff", [x, bad], {"n": 1, "axis": 1, "prepend": {"input": 1}, "append": None},
           lambda: np.diff(x, axis=1, prepend=bad), tag="prepend-shape", error="shape")


def gradients(g):
    A = g.arr

    def grad_case(f, ins, spacing, axis, edge_order, tag="", error=None):
        def run():
            args = [ins[s["input"] - 1] if isinstance(s, dict) else s for s in spacing]
            kw = {"edge_order": edge_order}
            if axis is not None:
                kw["axis"] = tuple(axis) if isinstance(axis, list) else axis
            r = np.gradient(f, *args, **kw)
            return list(r) if isinstance(r, (list, tuple)) else [r]
        g.case("gradient", [f] + ins, {"spacing": spacing, "axis": axis, "edge_order": edge_order}, run, tag=tag, error=error)

    for shape, dt in [((7,), "float64"), ((4, 5), "float32"), ((3, 4), "int32"), ((3, 3, 4), "float64"), ((5,), "uint8")]:
        for eo in (1, 2):
            grad_case(A(shape, dt), [], [], None, eo)
    f = A((4, 6), "float64")
    grad_case(f, [], [0.5], None, 1, tag="scalar-spacing")
    grad_case(f, [], [2, 0.25], None, 2, tag="per-axis-spacing")
    grad_case(f, [], [], -1, 1, tag="axis")
    grad_case(f, [], [3.0], 0, 2, tag="axis-spacing")
    grad_case(f, [], [], [1, 0], 1, tag="axes-reversed")
    xs = np.array([0.0, 0.5, 1.5, 1.75, 3.0, 4.0])
    ys = np.array([0, 1, 3, 6])
    for eo in (1, 2):
        grad_case(f, [xs], [{"input": 1}], 1, eo, tag=f"coords-{eo}")
        grad_case(f, [ys, xs], [{"input": 1}, {"input": 2}], None, eo, tag=f"coords-both-{eo}")
        grad_case(A((4, 6), "float32"), [xs.astype("float32")], [{"input": 1}], 1, eo, tag=f"coords-f32-{eo}")
        grad_case(A((6,), "float32"), [xs], [{"input": 1}], None, eo, tag=f"coords-f64-f32-{eo}")
    uni = np.array([1.0, 3.0, 5.0, 7.0, 9.0, 11.0])
    grad_case(f, [uni], [{"input": 1}], 1, 2, tag="coords-uniform")
    grad_case(f, [ys.astype("int32")], [{"input": 1}], 0, 1, tag="coords-int")
    grad_case(np.array(2.0), [], [], None, 1, tag="0d")
    grad_case(A((2, 5), "float64"), [], [], None, 2, tag="too-short", error="value")
    grad_case(f, [], [], None, 3, tag="edge-order-3", error="value")
    grad_case(f, [], [1.0, 2.0, 3.0], None, 1, tag="spacing-count", error="value")
    grad_case(f, [xs[:5]], [{"input": 1}], 1, 1, tag="coords-length", error="shape")
    grad_case(f, [], [], 2, 1, tag="bad-axis")
    grad_case(A((5,), "bool"), [], [], None, 1, tag="bool", error="value")


def main():
    g = Gen(20261313, "stats/")
    nan_functions(g)
    ptp_count(g)
    average(g)
    quantiles(g)
    histograms(g)
    bincounts(g)
    covariance(g)
    diffs(g)
    gradients(g)
    g.write()


if __name__ == "__main__":
    main()
