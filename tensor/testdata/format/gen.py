#!/usr/bin/python3
"""Writes golden.jsonl: NumPy's str() and repr() of many arrays, for format_test.go.

Run with Debian's NumPy (1.24) from the repository root:

    /usr/bin/python3 tensor/testdata/format/gen.py

Each line is one JSON object:
  name       case name
  dtype      NumPy dtype name of the base array
  shape      shape of the base array
  data       base64 of the base array's bytes, C order, little-endian
  view       how the printed array derives from the base: "" (itself), "T"
             (transpose), "flip" (a[::-1]), "step" (a[::2]), "colstep" (a[:, ::-2]),
             "each" (every element as a 0-d array, printed one per line)
  precision  -1 for the default print options, else the precision passed to
             np.array_str / np.array_repr
  str, repr  what NumPy prints
"""
import base64
import json
import os

import numpy as np

np.set_printoptions()  # defaults: precision 8, threshold 1000, edgeitems 3, linewidth 75
rs = np.random.RandomState(7)
cases = []


def add(name, a, view="", precision=-1):
    a = np.asarray(a)
    v = {"": lambda x: x, "T": lambda x: x.T, "flip": lambda x: x[::-1],
         "step": lambda x: x[::2], "colstep": lambda x: x[:, ::-2], "each": None}[view]
    kw = {} if precision < 0 else {"precision": precision}
    if view == "each":
        s = "\n".join(np.array_str(np.array(e), **kw) for e in a)
        r = "\n".join(np.array_repr(np.array(e), **kw) for e in a)
    else:
        s, r = np.array_str(v(a), **kw), np.array_repr(v(a), **kw)
    data = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
    cases.append({"name": name, "dtype": a.dtype.name, "shape": list(a.shape),
                  "data": base64.b64encode(data).decode(), "view": view,
                  "precision": precision, "str": s, "repr": r})


f32, f64, i32, i64, u8 = np.float32, np.float64, np.int32, np.int64, np.uint8
nan, inf = np.nan, np.inf

# fixed notation, alignment, trailing points
add("f32_2x2", np.array([[1, 2], [3, 4]], f32))
add("f64_mixed_frac", [1.0, 2.5, -3.25])
add("f64_thirds", np.array([1, 2, 4, 10, 100], f64) / 3)
add("f64_neg_zero", [-0.0, 0.0, 1.5])
add("f64_zeros", np.zeros((2, 3)))
add("f32_zeros", np.zeros(4, f32))
add("f64_ones_3d", np.ones((2, 2, 2)))
add("f64_cut8", [0.123456789, 1.000000001, 2.999999999, 0.5])
add("f64_cut8_round", [0.123456785, 0.123456775, 1.0000000149, 7.9999999951])
add("f32_pi", np.array([np.pi, -np.e, 1 / 3, 100 / 7], f32))
add("f64_pi", [np.pi, -np.e, 1 / 3, 100 / 7])
# fixed vs scientific
add("exp_small", [1e-5, 1.0, 1e5])
add("exp_ratio_1000", [1.0, 1000.0])
add("exp_ratio_1001", [1.0, 1001.0])
add("exp_big", [1e8])
add("exp_just_below_1e8", [99999999.0])
add("exp_min_1e-4_f64", [1e-4, 1.0])
add("exp_min_1e-4_f32", np.array([1e-4, 1.0], f32))
add("exp_ratio_f32", np.array([0.001, 1.0, 0.99999], f32))
add("exp_huge_exponent", [1e-5, 1e100])
add("exp_f32_range", np.array([1e-30, 1, 3e38], f32))
add("exp_f64_range", [5e-324, 1.7976931348623157e308])
add("exp_neg", [-1e-7, 2.5e9, -3.0])
add("exp_digits_cut", [1.234567891234e10, 1.0, 2.0])
add("exp_zero", [0.0, 1e-9, 1.0])
add("exp_tie", [123456789.5, 1.0])
# non-finite
add("nan_only", [nan])
add("inf_both", [inf, -inf])
add("nonfinite_mixed", [1.5, nan, -inf, 2.0])
add("nonfinite_posinf", [1.5, nan, inf, 22.25])
add("nonfinite_exp", [1e-9, nan, -inf, 1e9])
add("nonfinite_all_2d", np.array([[nan, inf], [-inf, nan]], f32))
add("nonfinite_int_floats", [1.0, nan])
# integers and bools
add("i64_arange", np.arange(10))
add("i32_neg", np.array([-1000, 5, 0, 17], i32))
add("i64_big", np.array([2 ** 62, -(2 ** 62), 1], i64))
add("i64_extremes", np.array([np.iinfo(i64).max, np.iinfo(i64).min], i64))
add("u8", np.array([0, 255, 7, 42], u8))
add("u8_2d", np.arange(12, dtype=u8).reshape(3, 4))
add("i32_3d", np.arange(-12, 12, dtype=i32).reshape(2, 3, 4))
add("bool_1d", np.array([True, False, True]))
add("bool_2d", np.array([[True, False], [False, False]]))
add("bool_all_false", np.zeros(3, bool))
# shapes
add("f64_3d", np.arange(24.0).reshape(2, 3, 4))
add("f32_4d", (np.arange(16, dtype=f32) / 4).reshape(2, 2, 2, 2))
add("f64_col", np.arange(4.0).reshape(4, 1))
add("f64_row", np.arange(4.0).reshape(1, 4))
add("f64_111", np.full((1, 1, 1), 2.5))
# random data
add("f64_randn_5x5", rs.randn(5, 5))
add("f32_randn_4x6", rs.randn(4, 6).astype(f32))
add("f64_randn_big_scale", rs.randn(3, 4) * 1e3)
add("f64_randn_tiny", rs.randn(3, 3) * 1e-6)
add("f64_uniform_pos", rs.uniform(0, 1000, 60))
add("f32_uniform_pos", rs.uniform(0, 1000, 60).astype(f32))
add("f64_sci_many", rs.randn(60) * 10.0 ** rs.randint(-20, 20, 60))
add("f32_sci_many", (rs.randn(60) * 10.0 ** rs.randint(-20, 20, 60)).astype(f32))
add("i64_random", rs.randint(-10 ** 6, 10 ** 6, (4, 7)))
# line wrapping and the dtype on its own line
add("f64_wrap", np.arange(30.0) / 7)
add("i64_wrap", np.arange(100))
add("f32_wrap_dtype", (np.arange(17, dtype=f32) + 0.5))
add("f32_wrap_rows", rs.randn(3, 12).astype(f32))
add("i32_dtype_break", np.arange(1000000, 1000000 + 12, dtype=i32))
add("i32_dtype_break2", np.arange(1000000, 1000000 + 11, dtype=i32))
add("bool_wrap", rs.rand(40) > 0.5)
# summarised
add("i64_2000", np.arange(2000))
add("f64_1001", np.arange(1001.0))
add("f32_1001", np.arange(1001, dtype=f32) / 8)
add("f64_30x40", np.arange(1200.0).reshape(30, 40) / 3)
add("i64_10x10x20", np.arange(2000).reshape(10, 10, 20))
add("f64_2x600", np.arange(1200.0).reshape(2, 600))
add("f64_600x2", np.arange(1200.0).reshape(600, 2))
add("u8_summary", (np.arange(1500) % 256).astype(u8))
add("bool_summary", np.arange(1200).reshape(40, 30) % 3 == 0)
add("f64_summary_nan", np.where(np.arange(2000) % 7 == 0, nan, np.arange(2000.0)))
add("f64_summary_hidden_big", np.concatenate([np.ones(3), np.full(1000, 1e12), np.ones(3)]))
# views
add("T_3x4", np.arange(12.0).reshape(3, 4), view="T")
add("flip", np.array([1.5, 2.0, -3.0, 4.25]), view="flip")
add("step", np.arange(10, dtype=i32), view="step")
add("colstep", np.arange(20.0).reshape(4, 5), view="colstep")
# 0-d
add("0d_f64", np.array(1.0))
add("0d_f32", np.array(1.5, f32))
add("0d_nan", np.array(nan))
add("0d_i32", np.array(7, i32))
add("0d_i64", np.array(-3))
add("0d_u8", np.array(255, u8))
add("0d_bool", np.array(True))
add("0d_bool_f", np.array(False))
add("each_f64", np.array([0.1, 1e20, 1e-5, -0.0, 1e16, 9.9e15, 1e-4, 123456.789, nan, -inf,
                          0.30000000000000004, 2 / 3, 5e-324, 1.7976931348623157e308]), view="each")
add("each_f32", np.array([0.1, 1e15, 1e16, 1e-4, 1e-5, 3.4e38, 16777217, 2 / 3, inf], f32),
    view="each")
add("each_f64_random", rs.randn(40) * 10.0 ** rs.randint(-8, 20, 40), view="each")
add("each_f32_random", (rs.randn(40) * 10.0 ** rs.randint(-8, 20, 40)).astype(f32), view="each")
add("each_f32_pow2", np.array([2.0 ** k for k in range(-30, 60, 3)], f32), view="each")
add("f32_pow2_ties", np.array([2.0 ** -12, 2.0 ** -15, 1.0], f32))
add("each_i32", np.array([0, -1, 2147483647], i32), view="each")
add("each_bool", np.array([True, False]), view="each")
# empty
for dt in ["float32", "float64", "int32", "int64", "uint8", "bool"]:
    add("empty_" + dt, np.zeros(0, dt))
add("empty_2x0", np.zeros((2, 0)))
add("empty_0x3x2_i32", np.zeros((0, 3, 2), i32))
# precision from the verb
add("p3_randn", rs.randn(3, 3), precision=3)
add("p0_ties", [0.5, 1.5, 2.5, 3.5], precision=0)
add("p12_thirds", np.arange(1, 5) / 3, precision=12)
add("p3_exp", [1e-9, 1.23456, 1e9], precision=3)
add("p3_f32", np.array([np.pi, 1e-3], f32), precision=3)
add("p3_0d", np.array(np.pi), precision=3)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.jsonl")
with open(out, "w") as f:
    f.write("".join(json.dumps(c, sort_keys=True) + "\n" for c in cases))
print("wrote %d cases to %s (numpy %s)" % (len(cases), out, np.__version__))
