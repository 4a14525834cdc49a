#!/usr/bin/env python3
"""NumPy 1.24's answers for gotensor's indexing breadth functions: advanced indexing
mixed with basic indices (getitem_advanced, setitem_advanced), np.put, np.add.at,
np.take_along_axis, np.put_along_axis, np.argwhere and np.flatnonzero.

    /usr/bin/python3 gen_indexing.py > indexing.jsonl

Case format of shared/conformance/gen.py, helpers in caselib.py. Params:
  getitem_advanced, setitem_advanced: "index" is a list of {"int": n},
    {"slice": [start, stop, step]} (null = omitted), {"newaxis": true},
    {"ellipsis": true} or {"array": k}, the index array being input k (integer or bool).
    setitem_advanced writes input 1, or the number "scalar" when given, and expects x.
  put: inputs x, indices, values (or "scalar"), "mode"; expects x after np.put.
  add_at: inputs x, indices, values (or "scalar"), "axis": gotensor's AddAt, whose
    axis null means x flattened (np.add.at on x.ravel()), an int k
    np.add.at(x, (slice(None),)*k + (indices,), values).
  take_along_axis: inputs x, indices, "axis" (null: flattened).
  put_along_axis: inputs x, indices, values (or "scalar"), "axis"; expects x.
  argwhere, flatnonzero: input x.
"error" overrides, where NumPy's exception would classify otherwise: index arrays that
do not broadcast together are gotensor's "index" kind (the package doc: NumPy's
IndexError); np.put's TypeError for float indices is "index".
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402
from caselib import num  # noqa: E402


Gen = caselib.Gen


def i64(*v):
    return np.array(v, dtype="int64")


def build_index(items, arrays):
    """Python index tuple and its JSON form: items are ints, slices, None, Ellipsis or
    ("array", k) for arrays[k] (input k+1 of getitem_advanced)."""
    idx, js = [], []
    for it in items:
        if isinstance(it, tuple) and it[0] == "array":
            idx.append(arrays[it[1]])
            js.append({"array": it[1] + 1})
        elif isinstance(it, int):
            idx.append(it)
            js.append({"int": it})
        elif isinstance(it, slice):
            idx.append(it)
            js.append({"slice": [it.start, it.stop, it.step]})
        elif it is None:
            idx.append(None)
            js.append({"newaxis": True})
        elif it is Ellipsis:
            idx.append(Ellipsis)
            js.append({"ellipsis": True})
    return tuple(idx), js


def A(k):
    return ("array", k)


def getitem_cases(g):
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)
    m1 = np.array([True, False, True])
    m2 = np.array([[True, False, True, True], [False, False, True, False], [True, True, True, False]])
    cases = [
        ("mask-axis1", x, [slice(None), A(0)], [m1]),
        ("newaxis-mask", x, [None, A(0)], [np.array([True, False])]),
        ("newaxis-slice-mask", x, [None, slice(None), A(0)], [m1]),
        ("int-mask", x, [0, A(0)], [m1]),
        ("mask2d", x, [slice(None), A(0)], [m2]),
        ("int-mask2d", x, [1, A(0)], [m2]),
        ("mask-then-array", x, [slice(None), A(0), A(1)], [m1, i64(0, 3)]),
        ("array-first", x, [A(0)], [i64(1, 0, 1, -1)]),
        ("array-slice", x, [slice(None), A(0)], [i64(2, 0, -3)]),
        ("array-2d", x, [slice(None), slice(None), A(0)], [i64(0, 3, 1, 1, 2, 2).reshape(2, 3)]),
        ("int-slice-array", x, [0, slice(None), A(0)], [i64(1, 2)]),
        ("slice-int-array", x, [slice(None), 0, A(0)], [i64(1, 2)]),
        ("separated-newaxis", x, [slice(None), A(0), None, A(1)], [i64(0, 1, 2), i64(1)]),
        ("adjacent-after-newaxis", x, [slice(None), None, A(0), A(1)], [i64(0, 1, 2), i64(1)]),
        ("ellipsis-separates", x, [slice(None), A(0), Ellipsis, A(1)], [i64(1), i64(0)]),
        ("ellipsis-array", x, [Ellipsis, A(0), A(1)], [i64(1, 2), i64(0, 3)]),
        ("broadcast-arrays", x, [A(0), slice(None, None, -1), A(1)], [i64(0, 1).reshape(2, 1), i64(3, 0, 1)]),
        ("step-and-array", x, [slice(1, None, -1), slice(None, None, 2), A(0)], [i64(-1, 0)]),
        ("0d-bool-true", x, [A(0)], [np.array(True)]),
        ("0d-bool-false", x, [A(0)], [np.array(False)]),
        ("0d-bool-with-array", x, [A(0), A(1)], [np.array(True), i64(1, 0)]),
        ("mask-all-false", x, [slice(None), A(0)], [np.zeros(3, bool)]),
        ("empty-array", x, [slice(None), A(0)], [np.zeros(0, "int64")]),
        ("int32-index", x, [A(0), 1], [np.array([1, 0], "int32")]),
        ("uint8-index", x, [slice(None), slice(None), A(0)], [np.array([3, 0], "uint8")]),
        ("scalar-array-index", x, [A(0), A(1)], [np.array(1), np.array(2)]),
        # errors
        ("out-of-range", x, [slice(None), A(0)], [i64(0, 3)]),
        ("negative-out-of-range", x, [A(0)], [i64(-3)]),
        ("int-out-of-range", x, [5, A(0)], [i64(0)]),
        ("mask-shape", x, [slice(None), A(0)], [np.array([True, False])]),
        ("float-index", x, [A(0)], [np.array([0.0])]),
        ("too-many", x, [A(0), A(1), 0, 0], [i64(0), i64(0)]),
    ]
    for tag, base, items, arrays in cases:
        idx, js = build_index(items, arrays)
        err = None
        if tag == "float-index":
            err = "index"
        g.case("getitem_advanced", [base] + arrays, {"index": js}, lambda b=base, i=idx: b[i], tag=tag, error=err)
    idx, js = build_index([A(0), A(1)], [i64(0, 1), i64(0, 1, 2)])
    g.case("getitem_advanced", [x, i64(0, 1), i64(0, 1, 2)], {"index": js}, lambda: x[idx], tag="no-broadcast", error="index")
    # dtypes, empty and 0-d tensors
    for dt in ("float64", "int32", "int64", "uint8", "bool"):
        y = g.arr((3, 4), dt, low=-50, high=50)
        m = g.arr((4,), "bool")
        idx, js = build_index([slice(None, None, -1), A(0)], [m])
        g.case("getitem_advanced", [y, m], {"index": js}, lambda y=y, i=idx: y[i], tag=f"dtype-{dt}")
    e = np.zeros((2, 0, 3), "float32")
    idx, js = build_index([A(0), slice(None)], [i64(1, 1, 0)])
    g.case("getitem_advanced", [e, i64(1, 1, 0)], {"index": js}, lambda: e[idx], tag="empty-tensor")
    s = np.array(7.5, "float64")
    idx, js = build_index([A(0)], [np.array(True)])
    g.case("getitem_advanced", [s, np.array(True)], {"index": js}, lambda: s[idx], tag="0d-tensor-true")
    idx, js = build_index([None, A(0)], [i64(0, 0)])
    g.case("getitem_advanced", [s, i64(0, 0)], {"index": js}, lambda: s[idx], tag="0d-tensor-newaxis")
    z = np.array([1.0, np.nan, -np.inf, 0.0], "float32")
    idx, js = build_index([A(0)], [i64(3, 2, 1, 1)])
    g.case("getitem_advanced", [z, i64(3, 2, 1, 1)], {"index": js}, lambda: z[idx], tag="nan-inf")


def setitem(x, idx, v):
    y = x.copy()
    y[idx] = v
    return y


def setitem_cases(g):
    x = np.arange(24, dtype="float64").reshape(2, 3, 4)
    m1 = np.array([True, False, True])
    cases = [
        ("repeated-last-wins", np.zeros(5, "float64"), [A(0)], [i64(1, 1, 3, 1)], np.array([1.0, 2.0, 3.0, 4.0])),
        ("repeated-rows", x, [A(0)], [i64(0, 0)], np.array([[[100.0]], [[200.0]]])),
        ("mask-axis1-row", x, [slice(None), A(0)], [m1], np.array([-1.0, -2.0, -3.0, -4.0])),
        ("mask-axis1-full", x, [slice(None), A(0)], [m1], -np.arange(16.0).reshape(2, 2, 4)),
        ("newaxis-mask", x, [None, A(0)], [np.array([False, True])], np.arange(12.0).reshape(1, 1, 3, 4)),
        ("int-slice-array", x, [0, slice(None), A(0)], [i64(1, 2)], np.array([[7.0, 8.0, 9.0], [1.0, 2.0, 3.0]])),
        ("separated", x, [slice(None), A(0), None, A(1)], [i64(0, 1, 2), i64(1)], np.arange(6.0).reshape(3, 2, 1)),
        ("negative-repeated", np.zeros((3, 2), "float32"), [A(0), A(1)], [i64(-1, 2, 0), i64(1, -1, 0)], np.array([5.0, 6.0, 7.0], "float32")),
        ("broadcast-indices", np.zeros((3, 3), "int64"), [A(0), A(1)], [i64(0, 2).reshape(2, 1), i64(0, 1, 0)], np.arange(6).reshape(2, 3)),
        ("nan-inf-values", np.zeros(4, "float32"), [A(0)], [i64(0, 2, 3)], np.array([np.nan, np.inf, -0.0], "float32")),
        ("int-from-float", np.zeros(4, "int32"), [A(0)], [i64(2, 0)], np.array([2.7, -3.9])),
        ("uint8", np.zeros(4, "uint8"), [A(0)], [i64(3, 3, 1)], np.array([9, 200, 7], "uint8")),
        ("bool", np.zeros(5, "bool"), [A(0)], [i64(4, 0, 4)], np.array([True, True, False])),
        ("empty-index", np.ones(3, "float64"), [A(0)], [np.zeros(0, "int64")], np.zeros(0, "float64")),
        ("mask-2d", np.zeros((2, 3), "float64"), [A(0)], [np.array([[True, False, True], [False, True, False]])], np.array([1.0, 2.0, 3.0])),
        ("0d-bool", np.zeros(3, "float64"), [A(0)], [np.array(True)], np.array([[4.0, 5.0, 6.0]])),
        ("0d-target", np.array(1.5, "float64"), [A(0)], [np.array(True)], np.array([9.0])),
        # errors
        ("value-shape", x, [A(0)], [i64(0, 1)], np.arange(3.0)),
        ("out-of-range", x, [slice(None), A(0)], [i64(3)], np.array([1.0])),
        ("mask-shape", x, [slice(None), A(0)], [np.array([True])], np.array([1.0])),
        ("no-broadcast", x, [A(0), A(1)], [i64(0, 1), i64(0, 1, 2)], np.array([1.0])),
    ]
    for tag, base, items, arrays, v in cases:
        idx, js = build_index(items, [a for a in arrays])
        for j in js:
            if "array" in j:
                j["array"] += 1  # input 1 is the value
        err = "index" if tag == "no-broadcast" else None
        g.case("setitem_advanced", [base, v] + arrays, {"index": js}, lambda b=base, i=idx, v=v: setitem(b, i, v),
               tag=tag, error=err)
    for tag, base, items, arrays, s in [
        ("scalar-mask", x, [slice(None), A(0)], [m1], -1.0),
        ("scalar-int-into-int", np.arange(6).reshape(2, 3), [A(0), A(1)], [i64(1, 0), i64(2, 2)], 42),
        ("scalar-float-into-int", np.arange(6, dtype="int32"), [A(0)], [i64(5, 0)], 3.9),
        ("scalar-bool", np.zeros(4, "bool"), [A(0)], [i64(1, 2)], True),
        ("scalar-nan-into-int", np.arange(4, dtype="int64"), [A(0)], [i64(1)], float("nan")),
    ]:
        idx, js = build_index(items, arrays)
        g.case("setitem_advanced", [base] + arrays, {"index": js, "scalar": num(s)},
               lambda b=base, i=idx, s=s: setitem(b, i, s), tag=tag)


def put(x, ind, v, mode):
    y = x.copy()
    np.put(y, ind, v, mode=mode)
    return y


def put_cases(g):
    for mode in ("raise", "wrap", "clip"):
        x = g.arr((3, 4), "float64")
        ind = i64(0, 11, -1, 5, 5)
        v = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
        g.case("put", [x, ind, v], {"mode": mode}, lambda x=x, ind=ind, v=v, m=mode: put(x, ind, v, m), tag=f"{mode}-basic")
        ind = i64(-7, 14, 3, -13, 25)
        g.case("put", [x, ind, v], {"mode": mode}, lambda x=x, ind=ind, v=v, m=mode: put(x, ind, v, m), tag=f"{mode}-far")
    x = np.arange(5, dtype="float32")
    g.case("put", [x, i64(0, 1, 2, 3), np.array([7.0, 8.0], "float32")], {"mode": "raise"},
           lambda: put(x, i64(0, 1, 2, 3), np.array([7.0, 8.0], "float32"), "raise"), tag="values-cycle")
    g.case("put", [x, i64(4), np.array([7.0, 8.0, 9.0], "float32")], {"mode": "raise"},
           lambda: put(x, i64(4), np.array([7.0, 8.0, 9.0], "float32"), "raise"), tag="values-cut")
    g.case("put", [x, i64(1, 2), np.zeros(0, "float32")], {"mode": "raise"},
           lambda: put(x, i64(1, 2), np.zeros(0, "float32"), "raise"), tag="values-empty")
    g.case("put", [x, np.zeros(0, "int64"), np.array([1.0], "float32")], {"mode": "raise"},
           lambda: put(x, np.zeros(0, "int64"), np.array([1.0], "float32"), "raise"), tag="indices-empty")
    g.case("put", [x, i64(2, 2, 2), np.array([1.0, np.nan, -np.inf], "float32")], {"mode": "raise"},
           lambda: put(x, i64(2, 2, 2), np.array([1.0, np.nan, -np.inf], "float32"), "raise"), tag="repeated-last-wins")
    xi = np.arange(6, dtype="int32").reshape(2, 3)
    g.case("put", [xi, i64(1, 4).reshape(2, 1), np.array([2.7, -1.5])], {"mode": "raise"},
           lambda: put(xi, i64(1, 4), np.array([2.7, -1.5]), "raise"), tag="int-from-float")
    for dt in ("uint8", "int64", "bool"):
        y = g.arr((4,), dt, low=0, high=9)
        v = g.arr((2,), dt, low=0, high=9)
        g.case("put", [y, i64(3, -4), v], {"mode": "wrap"}, lambda y=y, v=v: put(y, i64(3, -4), v, "wrap"), tag=f"dtype-{dt}")
    s = np.array(2.5, "float64")
    g.case("put", [s, i64(0, -1), np.array([1.0, 2.0])], {"mode": "raise"},
           lambda: put(s, i64(0, -1), np.array([1.0, 2.0]), "raise"), tag="0d")
    g.case("put", [x, i64(3, 0)], {"mode": "raise", "scalar": 9}, lambda: put(x, i64(3, 0), 9, "raise"), tag="scalar")
    g.case("put", [x, i64(5)], {"mode": "raise", "scalar": 1.0}, lambda: put(x, i64(5), 1.0, "raise"), tag="out-of-range")
    g.case("put", [x, i64(-6)], {"mode": "raise", "scalar": 1.0}, lambda: put(x, i64(-6), 1.0, "raise"), tag="negative-out-of-range")
    e = np.zeros(0, "float32")
    g.case("put", [e, i64(0)], {"mode": "raise", "scalar": 1.0}, lambda: put(e, i64(0), 1.0, "raise"), tag="empty-tensor")
    g.case("put", [x, np.array([1.0])], {"mode": "raise", "scalar": 1.0}, lambda: put(x, np.array([1.0]), 1.0, "raise"),
           tag="float-indices", error="index")
    g.case("put", [x, i64(1)], {"mode": "bogus", "scalar": 1.0}, lambda: put(x, i64(1), 1.0, "bogus"), tag="bad-mode")
    g.case("put", [np.arange(3), i64(1)], {"mode": "raise", "scalar": num(float("nan"))},
           lambda: put(np.arange(3), i64(1), float("nan"), "raise"), tag="nan-into-int")


def add_at(x, ind, v, axis):
    y = x.copy()
    if axis is None:
        f = y.reshape(-1)
        np.add.at(f, ind, v)
        return f.reshape(x.shape)
    np.add.at(y, (slice(None),) * axis + (ind,), v)
    return y


def add_at_cases(g):
    x = g.arr((3, 4), "float64")
    for tag, ind, v, axis in [
        ("flat-repeated", i64(0, 11, 0, -1, 5), np.array([1.0, 2.0, 3.0, 4.0, 5.0]), None),
        ("axis0-rows", i64(2, 0, 2), np.arange(12.0).reshape(3, 4), 0),
        ("axis1-broadcast", i64(1, 1, -4), np.array([[1.0], [2.0], [3.0]]), 1),
        ("nan-inf", i64(3, 3), np.array([np.nan, np.inf]), None),
        ("empty-indices", np.zeros(0, "int64"), np.zeros(0), None),
    ]:
        g.case("add_at", [x, ind, v], {"axis": axis}, lambda ind=ind, v=v, a=axis: add_at(x, ind, v, a), tag=tag)
    xi = np.arange(6, dtype="int32")
    g.case("add_at", [xi, i64(1, 1, 5)], {"axis": 0, "scalar": 7}, lambda: add_at(xi, i64(1, 1, 5), 7, 0), tag="int-scalar")
    xu = np.array([250, 1, 2], "uint8")
    g.case("add_at", [xu, i64(0, 0), np.array([3, 4], "uint8")], {"axis": 0},
           lambda: add_at(xu, i64(0, 0), np.array([3, 4], "uint8"), 0), tag="uint8-wraps")
    g.case("add_at", [x, i64(4), np.array([1.0])], {"axis": 1}, lambda: add_at(x, i64(4), np.array([1.0]), 1), tag="out-of-range")
    g.case("add_at", [x, i64(0, 1), np.ones(3)], {"axis": 0}, lambda: add_at(x, i64(0, 1), np.ones(3), 0), tag="values-shape")
    g.case("add_at", [x, i64(0)], {"axis": 2, "scalar": 1.0}, lambda: add_at(x, i64(0), 1.0, 2), tag="bad-axis", error="axis")


def put_along(x, ind, v, axis):
    y = x.copy()
    np.put_along_axis(y, ind, v, axis)
    return y


def along_cases(g):
    x = g.arr((3, 4), "float32", special=True)
    order = np.argsort(x, axis=1)
    for axis in (1, -1):
        g.case("take_along_axis", [x, order], {"axis": axis}, lambda a=axis: np.take_along_axis(x, order, a), tag=f"argsort-{axis}")
    g.case("take_along_axis", [x, i64(0, 2, -1, 1).reshape(1, 4)], {"axis": 0},
           lambda: np.take_along_axis(x, i64(0, 2, -1, 1).reshape(1, 4), 0), tag="broadcast-rows")
    g.case("take_along_axis", [x, i64(3, 3).reshape(1, 2)], {"axis": 1},
           lambda: np.take_along_axis(x, i64(3, 3).reshape(1, 2), 1), tag="broadcast-other-dim")
    g.case("take_along_axis", [x, i64(11, 0, -12)], {"axis": None},
           lambda: np.take_along_axis(x, i64(11, 0, -12), None), tag="flat")
    y = g.arr((2, 3, 4), "int64", low=-20, high=20)
    iy = np.argmax(y, axis=1)[:, None, :]
    g.case("take_along_axis", [y, iy], {"axis": 1}, lambda: np.take_along_axis(y, iy, 1), tag="argmax-3d")
    g.case("take_along_axis", [y, np.zeros((2, 0, 4), "int64")], {"axis": 1},
           lambda: np.take_along_axis(y, np.zeros((2, 0, 4), "int64"), 1), tag="empty-indices")
    b = g.arr((2, 3), "bool")
    g.case("take_along_axis", [b, np.array([[2], [0]], "int32")], {"axis": 1},
           lambda: np.take_along_axis(b, np.array([[2], [0]], "int32"), 1), tag="bool-int32")
    g.case("take_along_axis", [x, i64(4).reshape(1, 1)], {"axis": 1},
           lambda: np.take_along_axis(x, i64(4).reshape(1, 1), 1), tag="out-of-range")
    g.case("take_along_axis", [x, i64(0, 1)], {"axis": 1}, lambda: np.take_along_axis(x, i64(0, 1), 1), tag="rank-mismatch")
    g.case("take_along_axis", [x, i64(0).reshape(1, 1)], {"axis": 2},
           lambda: np.take_along_axis(x, i64(0).reshape(1, 1), 2), tag="bad-axis")
    g.case("take_along_axis", [x, np.zeros((1, 1))], {"axis": 1},
           lambda: np.take_along_axis(x, np.zeros((1, 1)), 1), tag="float-indices", error="index")
    g.case("take_along_axis", [x, i64(0, 0, 0, 0).reshape(2, 2)], {"axis": 1},
           lambda: np.take_along_axis(x, i64(0, 0, 0, 0).reshape(2, 2), 1), tag="no-broadcast", error="index")

    z = np.zeros((3, 4), "float64")
    g.case("put_along_axis", [z, i64(1, 3, 1).reshape(3, 1), np.array([[1.0], [2.0], [3.0]])], {"axis": 1},
           lambda: put_along(z, i64(1, 3, 1).reshape(3, 1), np.array([[1.0], [2.0], [3.0]]), 1), tag="one-per-row")
    g.case("put_along_axis", [z, i64(0, 0, -1).reshape(3, 1)], {"axis": 1, "scalar": 7.5},
           lambda: put_along(z, i64(0, 0, -1).reshape(3, 1), 7.5, 1), tag="scalar")
    g.case("put_along_axis", [z, i64(2, 2, 0, 2).reshape(1, 4), np.array([[1.0, 2.0, 3.0, 4.0]])], {"axis": 0},
           lambda: put_along(z, i64(2, 2, 0, 2).reshape(1, 4), np.array([[1.0, 2.0, 3.0, 4.0]]), 0), tag="axis0")
    g.case("put_along_axis", [z, i64(1, 1, 1).reshape(1, 3), np.array([[5.0, 6.0, 7.0]])], {"axis": 1},
           lambda: put_along(z, i64(1, 1, 1).reshape(1, 3), np.array([[5.0, 6.0, 7.0]]), 1), tag="repeated-last-wins")
    g.case("put_along_axis", [z, i64(11, -12, 5), np.array([1.0, 2.0, 3.0])], {"axis": None},
           lambda: put_along(z, i64(11, -12, 5), np.array([1.0, 2.0, 3.0]), None), tag="flat")
    zi = np.zeros((2, 3), "int32")
    oi = np.argsort(g.arr((2, 3), "float64"), 1)
    g.case("put_along_axis", [zi, oi, np.array([[10, 20, 30]], "int64")], {"axis": 1},
           lambda: put_along(zi, oi, np.array([[10, 20, 30]], "int64"), 1), tag="int-broadcast-values")
    g.case("put_along_axis", [z, i64(4).reshape(1, 1)], {"axis": 1, "scalar": 1.0},
           lambda: put_along(z, i64(4).reshape(1, 1), 1.0, 1), tag="out-of-range")
    g.case("put_along_axis", [z, i64(0).reshape(1, 1), np.ones(2)], {"axis": 1},
           lambda: put_along(z, i64(0).reshape(1, 1), np.ones(2), 1), tag="values-shape")
    g.case("put_along_axis", [z, i64(0, 1)], {"axis": 1, "scalar": 1.0},
           lambda: put_along(z, i64(0, 1), 1.0, 1), tag="rank-mismatch")


def where_cases(g):
    for tag, x in [
        ("float", np.array([[0.0, 1.5, np.nan], [-0.0, 0.0, np.inf]], "float32")),
        ("int3d", g.arr((2, 3, 2), "int32", low=-1, high=2)),
        ("bool", g.arr((5,), "bool")),
        ("uint8", np.array([0, 3, 0, 255], "uint8")),
        ("empty", np.zeros((2, 0), "float64")),
        ("all-zero", np.zeros((3, 2), "int64")),
        ("0d-true", np.array(3.0)),
        ("0d-false", np.array(0, "int64")),
    ]:
        g.case("argwhere", [x], {}, lambda x=x: np.argwhere(x), tag=tag)
        g.case("flatnonzero", [x], {}, lambda x=x: np.flatnonzero(x), tag=tag)
    t = np.arange(12.0).reshape(3, 4).T  # non-contiguous input
    g.case("argwhere", [t > 4], {}, lambda: np.argwhere(t > 4), tag="from-transposed")


def main():
    g = Gen(20261213, "indexing/")
    getitem_cases(g)
    setitem_cases(g)
    put_cases(g)
    add_at_cases(g)
    along_cases(g)
    where_cases(g)
    g.write()


if __name__ == "__main__":
    main()
