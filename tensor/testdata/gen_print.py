#!/usr/bin/python3
"""Writes print-cases.jsonl: NumPy's str() and repr() of arrays under print options, for
printopts_test.go.

Run with Debian's NumPy (1.24) from the repository root:

    /usr/bin/python3 tensor/testdata/gen_print.py

Each line is one JSON object:
  name       case name
  tests      the print options the case exercises (printopts_test.go wants at least 5
             cases for each)
  dtype      NumPy dtype name of the array
  shape      shape of the array
  data       base64 of the array's bytes, C order, little-endian
  view       "" (the array itself) or "T" (its transpose)
  options    the options given to np.printoptions (the others keep NumPy's defaults)
  formatter  {kind: name} for the formatter option: name is one of FORMATTERS below,
             which printopts_test.go mirrors with a Go function of the same name
  str, repr  what NumPy prints
"""
import base64
import json
import os
import sys

import numpy as np

# Custom formatters, by name; printopts_test.go has a Go function for each.
FORMATTERS = {
    "hex": lambda x: hex(x),
    "neg": lambda x: "int: " + str(-x),
    "arrow": lambda x: "\u2192%d" % x,
    "f2": lambda x: "%.2f" % x,
    "e3": lambda x: "{:.3e}".format(x),
    "twoline": lambda x: "%.1f\n%.1f" % (x, -x),
    "yn": lambda x: "Y" if x else "N",
    "star": lambda x: "*",
    "trunc": lambda x: str(int(x)),
}

rs = np.random.RandomState(13)
cases = []


def add(name, tests, a, view="", formatter=None, **options):
    a = np.asarray(a)
    v = {"": a, "T": a.T}[view]
    opts = dict(options)
    if formatter:
        opts["formatter"] = {k: FORMATTERS[n] for k, n in formatter.items()}
    np.set_printoptions()  # NumPy's defaults
    with np.printoptions(**opts):
        s, r = str(v), repr(v)
    data = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
    cases.append({"name": name, "tests": tests.split(), "dtype": a.dtype.name,
                  "shape": list(a.shape), "data": base64.b64encode(data).decode(),
                  "view": view, "options": options, "formatter": formatter or {},
                  "str": s, "repr": r})


f32, f64, i32, i64, u8 = np.float32, np.float64, np.int32, np.int64, np.uint8
nan, inf = np.nan, np.inf
randn = rs.randn(4, 5)
thirds = np.array([1, 2, 4, 10, 100], f64) / 3
mixed = np.array([0.1, 0.25, 1 / 3, 2.0, -7.5])

# precision
add("precision_0", "precision", randn, precision=0)
add("precision_0_ties", "precision", [0.5, 1.5, 2.5, -0.5], precision=0)
add("precision_1", "precision", thirds, precision=1)
add("precision_3_2d", "precision", randn, precision=3)
add("precision_4_f32", "precision", randn.astype(f32), precision=4)
add("precision_12", "precision", thirds, precision=12)
add("precision_17", "precision", thirds, precision=17)
add("precision_2_exp", "precision", [1e-9, 1.23456, 1e9], precision=2)
add("precision_3_0d", "precision 0d", np.array(np.pi), precision=3)
add("precision_3_int", "precision", np.arange(-3, 4), precision=3)

# threshold
add("threshold_5", "threshold", np.arange(10), threshold=5)
add("threshold_0_2d", "threshold", np.arange(6.0).reshape(2, 3), threshold=0)
add("threshold_neg", "threshold", np.arange(7, dtype=i32), threshold=-1)
add("threshold_3d", "threshold", np.arange(120).reshape(4, 5, 6), threshold=10)
add("threshold_default_1001", "threshold", np.linspace(0, 1, 1001))
add("threshold_default_2000_f32", "threshold", (rs.randn(2000) * 100).astype(f32))
add("threshold_max", "threshold", np.arange(1200, dtype=i64), threshold=sys.maxsize)
add("threshold_exact", "threshold", np.arange(8.0), threshold=8)
add("threshold_bool", "threshold", rs.rand(50) > 0.5, threshold=10)
add("threshold_2d_large", "threshold", rs.randn(40, 40))

# edgeitems
add("edgeitems_1", "edgeitems", np.arange(10), threshold=5, edgeitems=1)
add("edgeitems_2_2d", "edgeitems", np.arange(100.0).reshape(10, 10), threshold=20, edgeitems=2)
add("edgeitems_0", "edgeitems", np.arange(10), threshold=5, edgeitems=0)
add("edgeitems_0_2d", "edgeitems", np.arange(30).reshape(5, 6) ** 2, threshold=5, edgeitems=0)
add("edgeitems_0_widths", "edgeitems", np.array([1.5, 2, 3, 1000.25, 5]), threshold=2,
    edgeitems=0)
add("edgeitems_5", "edgeitems", np.arange(30), threshold=5, edgeitems=5)
add("edgeitems_large", "edgeitems", np.arange(12).reshape(3, 4), threshold=5, edgeitems=10)
add("edgeitems_1_3d", "edgeitems", np.arange(5 * 6 * 7).reshape(5, 6, 7), threshold=5,
    edgeitems=1)
add("edgeitems_widths", "edgeitems", np.array([1, 22, 333, 4444, 55555, 6, 7]),
    threshold=3, edgeitems=2)

# linewidth
add("linewidth_20", "linewidth", np.arange(30), linewidth=20)
add("linewidth_40_f64", "linewidth", rs.randn(12), linewidth=40)
add("linewidth_100", "linewidth", rs.randn(3, 12), linewidth=100)
add("linewidth_200", "linewidth", np.arange(60, dtype=u8), linewidth=200)
add("linewidth_1", "linewidth", np.arange(4), linewidth=1)
add("linewidth_dtype_wrap", "linewidth", np.arange(8, dtype=f32), linewidth=40)
add("linewidth_dtype_fit", "linewidth", np.arange(6, dtype=i32), linewidth=40)
add("linewidth_3d", "linewidth", np.arange(24.5, step=0.5).reshape(7, 7), linewidth=30)
add("linewidth_summary", "linewidth", np.arange(2000), linewidth=30)

# suppress
tiny = np.array([1e-10, 1.0, 2.5, -3e-12])
add("suppress_tiny_off", "suppress", tiny)
add("suppress_tiny_on", "suppress", tiny, suppress=True)
add("suppress_tiny_on_f32", "suppress", tiny.astype(f32), suppress=True)
add("suppress_huge_on", "suppress", [1e9, 1.0, 0.5], suppress=True)
add("suppress_ratio_on", "suppress", [1e-3, 1e3, 12345.678], suppress=True)
add("suppress_ratio_off", "suppress", [1e-3, 1e3, 12345.678])
add("suppress_p3", "suppress", [1e-5, 0.123456, 99.5], suppress=True, precision=3)
add("suppress_eps", "suppress", np.arange(4.0) ** 2 - (np.arange(4.0) + np.finfo(float).eps) ** 2,
    suppress=True)
add("suppress_0d", "suppress 0d", np.array(1e-7), suppress=True)
add("suppress_large_ok", "suppress", [99999999.0, 1e-6], suppress=True)

# sign
add("sign_plus", "sign", mixed, sign="+")
add("sign_space_pos", "sign", [0.5, 1.0, 2.25], sign=" ")
add("sign_space_neg", "sign", [0.5, -1.0, 2.25], sign=" ")
add("sign_space_negzero", "sign", [0.5, -0.0, 2.25], sign=" ")
add("sign_plus_zeros", "sign", [0.0, -0.0, 1.0], sign="+")
add("sign_plus_exp", "sign", [1e-9, -2.5, 1e9], sign="+")
add("sign_space_exp", "sign", [1e-9, 2.5, 1e9], sign=" ")
add("sign_plus_nonfinite", "sign nanstr infstr", [nan, inf, 1.5], sign="+")
add("sign_space_nonfinite", "sign", [nan, inf, 1.5], sign=" ")
add("sign_space_nan_only", "sign", [nan, nan], sign=" ")
add("sign_plus_0d", "sign 0d", np.array(2.5), sign="+")
add("sign_space_0d_f32", "sign 0d", np.array(2.5, f32), sign=" ")
add("sign_plus_int", "sign", np.arange(-2, 3), sign="+")
add("sign_plus_2d_f32", "sign", randn.astype(f32), sign="+", precision=3)

# floatmode
for mode in ["fixed", "unique", "maxprec", "maxprec_equal"]:
    add("floatmode_%s_mixed" % mode, "floatmode", mixed, floatmode=mode)
    add("floatmode_%s_p3" % mode, "floatmode", mixed, floatmode=mode, precision=3)
    add("floatmode_%s_f32" % mode, "floatmode", np.array([0.1, 0.2, 1 / 3], f32),
        floatmode=mode)
    add("floatmode_%s_exp" % mode, "floatmode", [1e-9, 1.25, 3e10], floatmode=mode,
        precision=4)
    add("floatmode_%s_short" % mode, "floatmode", [0.5, 0.25, 1.0], floatmode=mode)
    add("floatmode_%s_nonfinite" % mode, "floatmode", [nan, -inf, 0.1, 2.0], floatmode=mode,
        precision=2)
    add("floatmode_%s_0d" % mode, "floatmode 0d", np.array(0.1), floatmode=mode, precision=3)
    add("floatmode_%s_summary" % mode, "floatmode", np.linspace(0, 1, 2001), floatmode=mode,
        precision=4)
add("floatmode_fixed_p0", "floatmode", mixed, floatmode="fixed", precision=0)
add("floatmode_maxprec_equal_f32_long", "floatmode", np.array([0.1, 2 / 3, 1.0], f32),
    floatmode="maxprec_equal", precision=10)
add("floatmode_unique_f32_exp", "floatmode", np.array([1e-7, 3.3, 1e20], f32),
    floatmode="unique")

# nanstr, infstr
add("nanstr_NaN", "nanstr", [nan, 1.0, 2.5], nanstr="NaN")
add("nanstr_long", "nanstr", [nan, 1.0, 2.5], nanstr="not-a-number")
add("nanstr_unicode", "nanstr", [nan, 1.0, -2.5], nanstr="\u2205")
add("nanstr_empty", "nanstr", [nan, 1.0], nanstr="")
add("nanstr_0d", "nanstr 0d", np.array(nan), nanstr="NaN")
add("nanstr_exp", "nanstr", np.array([nan, 1e-9, 1.0], f32), nanstr="NotANumber")
add("infstr_Inf", "infstr", [inf, -inf, 1.0], infstr="Inf")
add("infstr_long", "infstr", [inf, 1.0, 2.5], infstr="Infinity")
add("infstr_unicode", "infstr", [inf, -inf, 0.5], infstr="\u221e")
add("infstr_neg_only", "infstr", [-inf, 0.5], infstr="INF")
add("nanstr_infstr_2d", "nanstr infstr", [[nan, inf], [-inf, 1.0]], nanstr="N", infstr="I")

# formatter
add("formatter_hex", "formatter", np.arange(-3, 20), formatter={"int": "hex"})
add("formatter_hex_u8", "formatter", np.arange(250, 256, dtype=u8), formatter={"int": "hex"})
add("formatter_int_kind", "formatter", np.arange(3, dtype=i32), formatter={"int_kind": "neg"})
add("formatter_arrow_wrap", "formatter linewidth", np.arange(40), formatter={"int": "arrow"},
    linewidth=30)
add("formatter_f2", "formatter", randn, formatter={"float": "f2"})
add("formatter_f2_f32_nonfinite", "formatter", np.array([nan, inf, -inf, 0.125], f32),
    formatter={"float": "f2"})
add("formatter_float_kind_e3", "formatter", thirds, formatter={"float_kind": "e3"})
add("formatter_twoline", "formatter", np.array([1.0, -2.5, 3.25]), formatter={"float": "twoline"})
add("formatter_twoline_wrap", "formatter", np.arange(12.0), formatter={"float": "twoline"},
    linewidth=30)
add("formatter_twoline_2d", "formatter", np.arange(6.0).reshape(2, 3),
    formatter={"float": "twoline"})
add("formatter_bool", "formatter", np.array([True, False, True]), formatter={"bool": "yn"})
add("formatter_all", "formatter", np.arange(5), formatter={"all": "star"})
add("formatter_all_bool", "formatter", np.array([[True], [False]]), formatter={"all": "star"})
add("formatter_all_int_wins", "formatter", np.arange(3), formatter={"all": "star", "int": "hex"})
add("formatter_all_float", "formatter", np.array([1.5, -2.75], f32), formatter={"all": "trunc"})
add("formatter_other_kind", "formatter", np.array([1.5, 2.0]), formatter={"int": "hex"})
add("formatter_summary", "formatter threshold", np.arange(2000), formatter={"int": "hex"})
add("formatter_0d", "formatter 0d", np.array(255), formatter={"int": "hex"})
add("formatter_0d_f32", "formatter 0d", np.array(0.5, f32), formatter={"float": "f2"})

# 0-d, 1-d, 2-d, 3-d and dtypes with several options
add("0d_bool", "0d", np.array(True), sign="+", precision=2)
add("0d_i32", "0d", np.array(-7, i32), linewidth=5)
add("0d_f32_fixed", "0d floatmode", np.array(1 / 3, f32), floatmode="fixed", precision=5)
add("3d_f32", "precision sign", rs.randn(2, 3, 4).astype(f32), precision=2, sign=" ")
add("3d_T", "linewidth", rs.randn(3, 4, 2), view="T", linewidth=50, precision=3)
add("2d_T_int", "linewidth", np.arange(-20, 20, dtype=i64).reshape(5, 8), view="T",
    linewidth=25)
add("bool_2d", "linewidth", rs.rand(4, 9) > 0.3, linewidth=30)
add("u8_summary", "threshold edgeitems", np.arange(256, dtype=u8).reshape(16, 16),
    threshold=100, edgeitems=2)
add("empty", "precision", np.zeros((0, 3)), precision=2)
add("empty_1d", "precision", np.zeros(0, f32), precision=2)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "print-cases.jsonl")
with open(out, "w") as f:
    f.write("".join(json.dumps(c, sort_keys=True, ensure_ascii=False) + "\n" for c in cases))
print("wrote %d cases to %s (numpy %s)" % (len(cases), out, np.__version__))
