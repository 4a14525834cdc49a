#!/usr/bin/env python3
"""NumPy's bits for float reductions: sum, prod, mean, var, std (and max, min with
where=/initial=) over C- and F-ordered, transposed, sliced, negative-step and broadcast
views, one axis, several and all, float32 and float64, integer and bool inputs to mean,
var and std, where= masks and initial= values. TestReduceBits (reduce_bits_test.go)
rebuilds each input from its recipe and demands the same bits.

Run with Debian's python3 and its python3-numpy (1.24):
    /usr/bin/python3 tensor/testdata/gen_bits.py > tensor/testdata/reduce_bits.jsonl

An input is a recipe, not data, so that cases of tens of thousands of elements stay
small: "base" is a shape filled in C order by value(i, dtype) below (exact in both
languages: an integer hash divided by 1000.3, correctly rounded, then cast), "special"
puts NaN, inf, -inf and -0 at fixed places, and "view" applies, in order:
  ["T", perm]              transpose
  ["S", [[start, stop, step] | null, ...]]   basic slicing (null: the whole axis)
  ["F"]                    a Fortran-ordered copy (np.asfortranarray)
  ["B", shape]             broadcast_to
A where= mask is a recipe of its own over mask(i) = hash % 7 < 5. Results are written
as the bits of each element in C order (16 hex digits for float64, 8 for float32) and
ints as numbers; past 8 elements, the first 8 and the SHA-256 of all (digest below).
"""
import hashlib
import json
import sys

import numpy as np


def value(i):
    return ((i * 2654435761) % 4294967291 - 2147483645) / 1000.3


def ivalue(i):
    return (i * 7919) % 2001 - 1000


def base_array(shape, dtype, special):
    n = int(np.prod(shape))
    if dtype in ("float32", "float64"):
        a = np.array([value(i) for i in range(n)], dtype=np.float64).astype(dtype)
        if special and n >= 8:
            a[1], a[3], a[5], a[6] = np.nan, np.inf, -np.inf, -0.0
    elif dtype == "bool":
        a = np.array([ivalue(i) % 3 == 0 for i in range(n)])
    elif dtype == "uint8":
        a = np.array([ivalue(i) % 256 for i in range(n)]).astype(np.uint8)
    else:
        a = np.array([ivalue(i) for i in range(n)]).astype(dtype)
    return a.reshape(shape)


def mask_array(shape):
    n = int(np.prod(shape))
    return np.array([(i * 40503) % 7 < 5 for i in range(n)]).reshape(shape)


def apply_view(a, view):
    for step in view:
        if step[0] == "T":
            a = a.transpose(step[1])
        elif step[0] == "S":
            a = a[tuple(slice(None) if s is None else slice(*s) for s in step[1])]
        elif step[0] == "F":
            a = np.asfortranarray(a)
        elif step[0] == "B":
            a = np.broadcast_to(a, step[1])
    return a


def bits(r):
    r = np.ascontiguousarray(r)
    if r.dtype == np.uint64:  # NumPy's unsigned sums and products; gotensor's are int64
        r = r.view(np.int64)
    if r.dtype == np.float64:
        return [format(int(v), "016x") for v in r.ravel().view(np.uint64)]
    if r.dtype == np.float32:
        return [format(int(v), "08x") for v in r.ravel().view(np.uint32)]
    return [int(v) for v in r.astype(np.int64).ravel()]


def digest(r):
    """SHA-256 of the result's elements in C order, little-endian: float32 and float64 as
    they are (every NaN as np.nan's pattern), integers and bools as int64."""
    r = np.ascontiguousarray(r)
    if r.dtype not in (np.float32, np.float64):
        r = r.astype(np.int64)
    else:
        r = np.where(np.isnan(r), r.dtype.type(np.nan), r)  # one NaN pattern
    return hashlib.sha256(r.astype(r.dtype.newbyteorder("<")).tobytes()).hexdigest()


cases = []
HEAD = 8  # results of more elements are written as their first HEAD and a digest


def case(op, dtype, base, view=(), axis=None, keepdims=False, ddof=0, where=None,
         initial=None, special=False):
    a = apply_view(base_array(base, dtype, special), view)
    kw = {"axis": axis, "keepdims": keepdims}
    if ddof:
        kw["ddof"] = ddof
    if where is not None:
        kw["where"] = apply_view(mask_array(where[0]), where[1])
    if initial is not None:
        kw["initial"] = initial
    fn = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "var": np.var, "std": np.std,
          "max": np.max, "min": np.min}[op]
    with np.errstate(all="ignore"):
        r = np.asarray(fn(a, **kw))
    cases.append({
        "id": f"{op}/{len(cases)}", "op": op, "dtype": dtype, "base": list(base),
        "special": special, "view": [list(v) for v in view],
        "axis": axis if not isinstance(axis, tuple) else list(axis),
        "keepdims": keepdims, "ddof": ddof,
        "where": None if where is None else {"base": list(where[0]), "view": [list(v) for v in where[1]]},
        "initial": initial,
        "rdtype": str(r.dtype), "shape": list(r.shape), "bits": bits(r)[:HEAD],
        "sha256": digest(r) if r.size > HEAD else None})


F = ["F"]
ALL_AXES_2 = [None, 0, 1, -1, (0, 1)]
ALL_AXES_3 = [None, 0, 1, 2, (0, 1), (0, 2), (1, 2), (2, 0, 1)]

LAYOUTS_2 = [
    ("C", []),
    ("F", [F]),
    ("T", [["T", [1, 0]]]),
    ("rev0", [["S", [[None, None, -1], None]]]),
    ("rev1", [["S", [None, [None, None, -1]]]]),
    ("step", [["S", [[1, None, 3], [None, None, 2]]]]),
    ("revT", [["T", [1, 0]], ["S", [[None, None, -2], None]]]),
]


for dt in ("float32", "float64"):
    for op in ("sum", "prod", "mean", "var", "std"):
        for base in ([40, 33], [300, 7], [5, 2000], [1, 9]):
            for _, view in LAYOUTS_2:
                for axis in ALL_AXES_2:
                    case(op, dt, base, view, axis)
        for base in ([6, 7, 50], [4, 33, 65]):
            for view in ([], [F], [["T", [2, 0, 1]]], [["T", [1, 2, 0]]],
                         [["S", [None, [None, None, -2], [3, None, 2]]]],
                         [["T", [2, 1, 0]], ["S", [[None, None, -1], None, None]]]):
                for axis in ALL_AXES_3:
                    case(op, dt, base, view, axis)
        # keepdims and ddof
        case(op, dt, [40, 33], [], 1, keepdims=True)
        case(op, dt, [40, 33], [F], None, keepdims=True)
        if op in ("var", "std"):
            for ddof in (1, 2, 40, 50):
                case(op, dt, [40, 33], [], 0, ddof=ddof)
                case(op, dt, [40, 33], [F], None, ddof=ddof)
        # runs longer than NumPy's buffer (8192): pieces of 8192 pairwise sums
        case(op, dt, [20000], [], None)
        case(op, dt, [20000], [["S", [[None, None, -1]]]], None)
        case(op, dt, [20000], [["S", [[None, None, 3]]]], None)
        case(op, dt, [3, 10000], [], 1)
        case(op, dt, [3, 10000], [], None)
        case(op, dt, [3, 10000], [F], None)
        case(op, dt, [3, 10000], [F], 1)
        case(op, dt, [10000, 3], [], 0)
        case(op, dt, [10000, 3], [["T", [1, 0]]], 1)
        case(op, dt, [100, 2, 90], [], (0, 2))
        case(op, dt, [100, 2, 90], [["S", [None, None, [None, 80]]]], (0, 2))
        case(op, dt, [100, 2, 90], [["S", [None, None, [None, 80]]]], None)
        # broadcast inputs
        case(op, dt, [1, 300], [["B", [5, 300]]], 0)
        case(op, dt, [1, 300], [["B", [5, 300]]], None)
        case(op, dt, [300, 1], [["B", [300, 5]]], 0)
        case(op, dt, [300, 1], [["B", [300, 5]]], None)
        # NaN, infinities and -0
        case(op, dt, [4, 9], [], None, special=True)
        case(op, dt, [4, 9], [], 0, special=True)
        # 0-d, empty, size 1
        case(op, dt, [], [], None)
        case(op, dt, [0, 3], [], 0)
        case(op, dt, [0, 3], [], 1)

# integer and bool inputs: mean, var and std in float64 (NumPy's buffered cast), sum and
# prod in int64
for dt in ("int32", "int64", "uint8", "bool"):
    for op in ("mean", "var", "std", "sum", "prod"):
        for view in ([], [F], [["T", [1, 0]]], [["S", [[None, None, -1], [1, None, 2]]]]):
            for axis in ALL_AXES_2:
                case(op, dt, [40, 33], view, axis)
        case(op, dt, [3, 10000], [], None)
        case(op, dt, [3, 10000], [F], 1)

# where= and initial=
for dt in ("float32", "float64"):
    for op in ("sum", "prod", "mean", "var", "std", "max", "min"):
        for view, wb, wv in (([], [40, 33], []), ([F], [40, 33], []), ([], [40, 33], [F]),
                             ([], [1, 33], [["B", [40, 33]]]), ([], [40, 1], []),
                             ([["T", [1, 0]]], [33, 40], [])):
            for axis in ALL_AXES_2:
                init = None
                if op in ("max", "min"):
                    init = -5.5 if op == "max" else 5.5
                case(op, dt, [40, 33], view, axis, where=(wb, wv), initial=init)
        case(op, dt, [20000], [], None, where=([20000], []),
             initial=-1e30 if op == "max" else 1e30 if op == "min" else None)
        case(op, dt, [3, 10000], [F], None, where=([3, 10000], []),
             initial=-1e30 if op == "max" else 1e30 if op == "min" else None)
        if op in ("sum", "prod", "max", "min"):
            for axis in (None, 0, 1):
                case(op, dt, [40, 33], [], axis, initial=2.5)
                case(op, dt, [40, 33], [F], axis, initial=-1.25)
            case(op, dt, [0, 4], [], 0, initial=3.0)
            case(op, dt, [30, 4], [], None, initial=0.1, where=([30, 4], []))
for dt in ("int32", "int64", "uint8", "bool"):
    for op in ("sum", "prod", "mean", "var", "std", "max", "min"):
        init = None
        if op in ("max", "min"):
            init = 3 if dt != "bool" else 0
        case(op, dt, [40, 33], [], 1, where=([40, 33], []), initial=init)
        case(op, dt, [40, 33], [F], None, where=([1, 33], []), initial=init)

for c in cases:
    print(json.dumps(c))
print(f"{len(cases)} cases", file=sys.stderr)
