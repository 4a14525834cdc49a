#!/usr/bin/python3
"""gen_addat.py writes addat.json: NumPy's answers for tensor.AddAt (tensor/scatter_test.go).

Each case gives dst, indices, src (an array or a Python number), the axis (None: dst is
flattened, as tensor.AddAt does without an axis) and either the result or the error
kind tensor reports. With an axis the call is np.add.at(dst, (slice(None),)*axis +
(indices,), src); without one np.add.at(dst.reshape(-1), indices, src). Non-finite
floats are written as the strings "nan", "inf", "-inf".

Run from tensor/testdata: /usr/bin/python3 gen_addat.py
"""
import json
import math

import numpy as np

np.seterr(invalid="ignore")  # inf + -inf gives NaN, as in Go, without a warning

# NumPy's exception for each error case, and the tensor.Error kind that corresponds.
KINDS = {"IndexError": "index", "ValueError": "shape"}


def enc(a):
    out = []
    for v in np.asarray(a).reshape(-1).tolist():
        if isinstance(v, float) and not math.isfinite(v):
            v = "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        out.append(v)
    return out


def arr(a):
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "data": enc(a)}


def case(name, dst, idx, src, axis=None):
    dst = np.array(dst)
    idx = np.array(idx)
    c = {"name": name, "dst": arr(dst), "indices": arr(idx), "axis": axis}
    if isinstance(src, (int, float)):
        c["src_scalar"] = src
    else:
        c["src"] = arr(src)
    out = dst.copy()
    try:
        if axis is None:
            flat = out.reshape(-1)
            np.add.at(flat, idx, src)
            out = flat.reshape(dst.shape)
        else:
            np.add.at(out, (slice(None),) * (axis % dst.ndim) + (idx,), src)
        c["want"] = arr(out)
    except (IndexError, ValueError) as e:
        c["error"] = KINDS[type(e).__name__]
        c["numpy_error"] = "%s: %s" % (type(e).__name__, e)
    return c


f64, f32, i32, i64, u8 = np.float64, np.float32, np.int32, np.int64, np.uint8
cases = [
    case("repeated-1d", np.arange(5, dtype=f64) * 0.5, [0, 1, 1, 4, 0, 1], np.arange(1, 7, dtype=f64)),
    case("negative", np.arange(6, dtype=i64), [-1, -6, 2, -1], np.array([10, 20, 30, 40], dtype=i64), 0),
    case("axis1", np.zeros((3, 4), f32), [3, 0, 3], np.arange(9, dtype=f32).reshape(3, 3) - 4, 1),
    case("axis0-rows", np.ones((4, 3)), [2, 2, -1, 0], np.arange(12, dtype=f64).reshape(4, 3) / 4, 0),
    case("axis-negative", np.zeros((2, 3, 2), i64), [0, 2, 2, 0, 1], np.arange(20, dtype=i64).reshape(2, 5, 2), -2),
    case("2d-indices", np.zeros((2, 5, 3), i32), [[4, 0], [4, -1]],
         np.arange(24, dtype=i32).reshape(2, 2, 2, 3), 1),
    case("0d-index", np.zeros((3, 2)), np.int64(1), np.array([1.5, -2.0]), 0),
    case("broadcast-src", np.zeros((3, 4)), [1, 1, 2], np.array([[1.0], [2.0], [3.0]]), 1),
    case("broadcast-row", np.zeros((4, 3), f32), [0, 3, 3, 3], np.array([1, 2, 4], dtype=f32), 0),
    case("scalar-src", np.zeros(5, i64), [0, 0, 0, 3, -5], 2),
    case("scalar-float", np.zeros((2, 3), f32), [2, 2, 0], 0.25, 1),
    case("flat-2d", np.arange(6, dtype=f64).reshape(2, 3), [5, 0, 5, -1], np.array([1.0, 2, 3, 4])),
    case("int64-src-into-int32", np.zeros(3, i32), [0, 2, 0], np.array([2**31 - 1, 5, 1], dtype=i64)),
    case("float64-src-into-float32", np.zeros(3, f32), [1, 1], np.array([0.5, 0.125])),
    case("uint8-wrap", np.array([250, 7], u8), [0, 0, 1], np.array([5, 3, 1], dtype=u8)),
    case("nan-inf", np.zeros(3), [0, 1, 1, 2], np.array([np.nan, np.inf, -np.inf, 1.0])),
    case("empty-indices", np.ones((2, 3)), np.zeros((0,), i64), np.zeros((2, 0)), 1),
    case("int32-indices", np.zeros(4), np.array([3, 3, 1], dtype=i32), np.array([1.0, 2, 3])),
    case("error-out-of-range", np.zeros(4), [1, 4], np.array([1.0, 1])),
    case("error-negative-out-of-range", np.zeros((2, 3)), [0, -4], np.ones((2, 2)), 1),
    case("error-not-broadcast", np.zeros((3, 4)), [0, 1], np.ones((3, 3)), 1),
    case("error-float-indices", np.zeros(4), np.array([0.0, 1.0]), np.array([1.0, 1])),
]

with open("addat.json", "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
print("wrote %d cases (NumPy %s)" % (len(cases), np.__version__))
