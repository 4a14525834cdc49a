#!/usr/bin/env python3
"""NumPy 1.24's answers for gotensor's element-wise breadth functions: log2, log10, exp2,
tan, arcsin, arccos, arctan, sinh, cosh, arcsinh, arccosh, arctanh, trunc, invert,
arctan2, hypot, fmod, fmax, fmin, logical_xor, bitwise_and/or/xor, left_shift,
right_shift, divmod and clip with array bounds (op "clip_array").

    /usr/bin/python3 gen_elementwise.py > elementwise.jsonl

Case format of shared/conformance/gen.py, helpers in caselib.py. Params of the binary ops:
"scalar" makes the second operand a Go scalar (a JSON int is a Go int, a float a float64,
a bool a bool); clip_array's "lo"/"hi" say which bounds are given ("input", a number, or
null for none). Where NumPy answers float16 (uint8 and bool inputs of the float
functions), gotensor answers float32: the expected value is NumPy's on the input cast to
float32. Where NumPy answers int8 (fmod, divmod and shifts of two bools), gotensor
answers int64: the expected value is NumPy's on int64 inputs. NumPy's TypeError (bitwise
ops on floats) is gotensor's "value" error kind.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402


class Gen(caselib.Gen):
    classify = staticmethod(caselib.ufunc_kind)
    tol_from_outputs = True


def f16_as_f32(x):
    """The input NumPy's float function sees when gotensor answers float32, not float16."""
    x = np.asarray(x)
    return x.astype("float32") if x.dtype in (np.uint8, np.bool_) else x


def i8_as_i64(x):
    x = np.asarray(x)
    return x.astype("int64") if x.dtype == np.bool_ else x


UNARY = {
    "log2": (np.log2, (0.01, 100.0), [0.0, -0.0, 1.0, 0.5, 1024.0, 1e-310, -1.0, 3.0]),
    "log10": (np.log10, (0.01, 100.0), [0.0, -0.0, 1.0, 1000.0, 1e-5, 1e-310, -2.0, 7.0]),
    "exp2": (np.exp2, (-10.0, 10.0), [0.0, -0.0, 1023.5, 1024.0, -1074.0, -1080.0, 0.5, -3.25]),
    "tan": (np.tan, (-3.0, 3.0), [0.0, -0.0, math.pi / 2, -math.pi / 4, 1e6, 100.0, 1.5, -2.0]),
    "arcsin": (np.arcsin, (-1.0, 1.0), [0.0, -0.0, 1.0, -1.0, 1.5, -1.0000001, 0.9999999, 1e-20]),
    "arccos": (np.arccos, (-1.0, 1.0), [0.0, -0.0, 1.0, -1.0, 1.5, -2.0, 0.9999999, -0.9999999]),
    "arctan": (np.arctan, (-5.0, 5.0), [0.0, -0.0, 1.0, -1.0, 1e300, -1e-300, 2.5, 0.5]),
    "sinh": (np.sinh, (-5.0, 5.0), [0.0, -0.0, 1e-10, 710.0, -710.0, 711.0, 30.0, 0.3]),
    "cosh": (np.cosh, (-5.0, 5.0), [0.0, -0.0, 1e-10, 710.0, -710.0, 711.0, 30.0, 0.3]),
    "arcsinh": (np.arcsinh, (-5.0, 5.0), [0.0, -0.0, 1e-10, 1e300, -1e300, 3.0, -0.5, 2.5]),
    "arccosh": (np.arccosh, (1.0, 10.0), [1.0, 0.0, -1.0, 1e300, 1.0000001, 2.0, 0.5, 5.0]),
    "arctanh": (np.arctanh, (-1.0, 1.0), [0.0, -0.0, 1.0, -1.0, 1.5, 0.9999999, -0.5, 1e-10]),
    "trunc": (np.trunc, (-5.0, 5.0), [0.0, -0.0, -0.5, 0.5, 2.5, -2.5, 1e300, -7.999]),
}


def build_unary(g):
    A = g.arr
    for name, (f, (lo, hi), edges) in UNARY.items():
        x = A((3, 4), "float32", lo, hi, special=True)
        g.case(name, [x], {}, lambda f=f, x=x: f(x), tag="f32-special")
        x = A((2, 5), "float64", lo, hi)
        g.case(name, [x], {}, lambda f=f, x=x: f(x), tag="f64")
        e = np.array(edges + [np.nan, np.inf, -np.inf, -0.0], dtype="float64")
        g.case(name, [e], {}, lambda f=f, e=e: f(e), tag="f64-edges")
        for dt in ("int32", "int64"):
            x = A((4,), dt, max(lo, -9), max(hi, 2))
            g.case(name, [x], {}, lambda f=f, x=x: f(x), tag=dt)
        x = A((5,), "uint8", 0, 6)
        g.case(name, [x], {}, lambda f=f, x=x: f(f16_as_f32(x)), tag="uint8-as-f32")
        b = np.array([True, False, True])
        g.case(name, [b], {}, lambda f=f, b=b: f(f16_as_f32(b)), tag="bool-as-f32")
        z = np.zeros((0, 3), "float32")
        g.case(name, [z], {}, lambda f=f, z=z: f(z), tag="empty")
        s = np.array(0.5 if name != "arccosh" else 1.5, dtype="float64")
        g.case(name, [s], {}, lambda f=f, s=s: f(s), tag="0d")

    # invert: integers and bool only
    for dt in ("int32", "int64", "uint8"):
        x = A((3, 3), dt, -100, 100)
        g.case("invert", [x], {}, lambda x=x: np.invert(x), tag=dt)
    b = np.array([[True, False], [False, True]])
    g.case("invert", [b], {}, lambda: np.invert(b), tag="bool")
    ext = np.array([0, -1, np.iinfo(np.int64).max, np.iinfo(np.int64).min], dtype="int64")
    g.case("invert", [ext], {}, lambda: np.invert(ext), tag="int64-extremes")
    g.case("invert", [np.zeros((0,), "int32")], {}, lambda: np.invert(np.zeros((0,), "int32")), tag="empty")
    g.case("invert", [np.array(5, "int32")], {}, lambda: np.invert(np.array(5, "int32")), tag="0d")
    for dt in ("float32", "float64"):
        x = A((3,), dt)
        g.case("invert", [x], {}, lambda x=x: np.invert(x), tag=f"{dt}-error")


def build_binary(g):
    A = g.arr
    # float functions of two operands
    for name, f in (("arctan2", np.arctan2), ("hypot", np.hypot)):
        x, y = A((3, 4), "float32", special=True), A((4,), "float32")
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag="f32-broadcast")
        x, y = A((2, 1, 3), "float64"), A((4, 1), "float64")
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag="f64-broadcast")
        sp = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-300, 1e300, -2.5]
        xs, ys = np.meshgrid(np.array(sp), np.array(sp), indexing="ij")
        xs, ys = xs.ravel().copy(), ys.ravel().copy()
        g.case(name, [xs, ys], {}, lambda f=f, xs=xs, ys=ys: f(xs, ys), tag="special-grid")
        x, y = A((4,), "int32", -9, 9), A((4,), "int64", -9, 9)
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag="int-to-f64")
        x, y = A((4,), "uint8", 0, 20), A((4,), "uint8", 0, 20)
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(f16_as_f32(x), f16_as_f32(y)), tag="uint8-as-f32")
        x = A((3,), "float32")
        g.case(name, [x], {"scalar": 2.0}, lambda f=f, x=x: f(x, 2.0), tag="f32-scalar")
        x = A((3,), "int32", -9, 9)
        g.case(name, [x], {"scalar": 1.5}, lambda f=f, x=x: f(x, 1.5), tag="int-floatscalar")
        g.case(name, [np.zeros((0, 2)), np.ones((2,))], {}, lambda f=f: f(np.zeros((0, 2)), np.ones((2,))), tag="empty")
        a0, b0 = np.array(3.0), np.array(-4.0)
        g.case(name, [a0, b0], {}, lambda f=f: f(a0, b0), tag="0d")
        g.case(name, [np.ones(3), np.ones(4)], {}, lambda f=f: f(np.ones(3), np.ones(4)), tag="shape-error")

    # fmod, fmax, fmin
    for name, f in (("fmod", np.fmod), ("fmax", np.fmax), ("fmin", np.fmin)):
        x, y = A((3, 4), "float32", special=True), A((3, 1), "float32", 0.5, 3)
        if name != "fmod":
            y.reshape(-1)[1] = np.nan
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag="f32-broadcast")
        sp = [0.0, 1.0, -1.0, 5.5, -5.5, np.inf, -np.inf, np.nan, 1e300, 3.0]
        xs, ys = np.meshgrid(np.array(sp), np.array(sp), indexing="ij")
        xs, ys = xs.ravel().copy(), ys.ravel().copy()
        g.case(name, [xs, ys], {}, lambda f=f, xs=xs, ys=ys: f(xs, ys), tag="special-grid")
        for dt in ("int32", "int64", "uint8"):
            x, y = A((2, 5), dt, -20, 20), A((5,), dt, -4, 5)
            g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag=dt)
        x, y = A((4,), "int32", -20, 20), A((4,), "uint8", 0, 5)
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag="int32-uint8")
        b1, b2 = np.array([True, True, False, False]), np.array([True, False, True, False])
        g.case(name, [b1, b2], {}, lambda f=f: f(i8_as_i64(b1), i8_as_i64(b2)) if name == "fmod" else f(b1, b2), tag="bool")
        x = A((5,), "int64", -20, 20)
        g.case(name, [x], {"scalar": 3}, lambda f=f, x=x: f(x, 3), tag="int-scalar")
        x = A((5,), "float32")
        g.case(name, [x], {"scalar": -1.5}, lambda f=f, x=x: f(x, -1.5), tag="f32-scalar")
        g.case(name, [np.zeros((2, 0)), np.zeros((1, 0))], {}, lambda f=f: f(np.zeros((2, 0)), np.zeros((1, 0))), tag="empty")
        g.case(name, [np.array(7, "int32"), np.array(-3, "int32")], {},
               lambda f=f: f(np.array(7, "int32"), np.array(-3, "int32")), tag="0d")
        g.case(name, [np.ones((2, 3)), np.ones((3, 2))], {}, lambda f=f: f(np.ones((2, 3)), np.ones((3, 2))), tag="shape-error")
    ext = np.array([np.iinfo(np.int64).min, 7, -7, 7, -7, 0], "int64")
    dv = np.array([-1, 0, 2, -2, 3, 5], "int64")
    g.case("fmod", [ext, dv], {}, lambda: np.fmod(ext, dv), tag="int64-edges")
    ext32 = np.array([np.iinfo(np.int32).min, 9, -9], "int32")
    dv32 = np.array([-1, 0, 4], "int32")
    g.case("fmod", [ext32, dv32], {}, lambda: np.fmod(ext32, dv32), tag="int32-edges")

    # logical_xor: any dtypes, bool result
    for da, db in (("float32", "float32"), ("float64", "int32"), ("int64", "bool"), ("uint8", "uint8"), ("bool", "bool")):
        x, y = A((3, 4), da, -2, 3), A((4,), db, -2, 3)
        if da.startswith("float"):
            x.reshape(-1)[:3] = [0.0, np.nan, -0.0]
        g.case("logical_xor", [x, y], {}, lambda x=x, y=y: np.logical_xor(x, y), tag=f"{da}-{db}")
    x = A((4,), "float64", -1, 1)
    g.case("logical_xor", [x], {"scalar": True}, lambda x=x: np.logical_xor(x, True), tag="bool-scalar")
    g.case("logical_xor", [np.zeros((0,)), np.zeros((0,))], {}, lambda: np.logical_xor(np.zeros((0,)), np.zeros((0,))), tag="empty")
    g.case("logical_xor", [np.array(0.0), np.array(2.0)], {}, lambda: np.logical_xor(np.array(0.0), np.array(2.0)), tag="0d")
    g.case("logical_xor", [np.ones(2), np.ones(3)], {}, lambda: np.logical_xor(np.ones(2), np.ones(3)), tag="shape-error")

    # bitwise ops and shifts
    for name, f in (("bitwise_and", np.bitwise_and), ("bitwise_or", np.bitwise_or), ("bitwise_xor", np.bitwise_xor),
                    ("left_shift", np.left_shift), ("right_shift", np.right_shift)):
        shift = name.endswith("shift")
        for dt in ("int32", "int64", "uint8"):
            lo, hi = (-100, 100) if dt != "uint8" else (0, 256)
            x = A((3, 4), dt, lo, hi)
            y = A((4,), dt, -3, 12) if shift and dt != "uint8" else A((4,), dt, 0, 12) if shift else A((4,), dt, lo, hi)
            g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag=dt)
        x, y = A((2, 3), "int32", -50, 50), A((3,), "uint8", 0, 8)
        g.case(name, [x, y], {}, lambda f=f, x=x, y=y: f(x, y), tag="int32-uint8")
        b1, b2 = np.array([True, True, False, False]), np.array([True, False, True, False])
        g.case(name, [b1, b2], {}, lambda f=f: f(i8_as_i64(b1), i8_as_i64(b2)) if shift else f(b1, b2), tag="bool")
        x = A((4,), "int64", -1000, 1000)
        g.case(name, [x], {"scalar": 3}, lambda f=f, x=x: f(x, 3), tag="int-scalar")
        x = A((3,), "float64")
        g.case(name, [x, x], {}, lambda f=f, x=x: f(x, x), tag="float-error")
        x = A((3,), "int32", -9, 9)
        g.case(name, [x], {"scalar": 2.0}, lambda f=f, x=x: f(x, 2.0), tag="floatscalar-error")
        g.case(name, [np.zeros((0, 2), "int64"), np.ones((2,), "int64")], {},
               lambda f=f: f(np.zeros((0, 2), "int64"), np.ones((2,), "int64")), tag="empty")
        g.case(name, [np.array(12, "int64"), np.array(2, "int64")], {},
               lambda f=f: f(np.array(12, "int64"), np.array(2, "int64")), tag="0d")
        g.case(name, [np.ones(2, "int32"), np.ones(3, "int32")], {},
               lambda f=f: f(np.ones(2, "int32"), np.ones(3, "int32")), tag="shape-error")
    # shifts by counts outside [0, bits): 0, or -1 for negative values shifted right
    for dt, bits in (("int64", 64), ("int32", 32), ("uint8", 8)):
        v = [1, -1, 5, -8, 100] if dt != "uint8" else [1, 255, 5, 128, 100]
        c = [-1, 0, 3, bits - 1, bits, bits + 1, -bits, 200] if dt != "uint8" else [0, 3, 7, 8, 9, 200, 255]
        if dt == "int32":
            c = [k for k in c if k != 200]
        a = np.array(v, dt)[:, None]
        s = np.array(c, dt)[None, :]
        g.case("left_shift", [a, s], {}, lambda a=a, s=s: np.left_shift(a, s), tag=f"{dt}-counts")
        g.case("right_shift", [a, s], {}, lambda a=a, s=s: np.right_shift(a, s), tag=f"{dt}-counts")

    # divmod
    for dt in ("float32", "float64", "int32", "int64", "uint8"):
        lo, hi = (-20, 20) if dt != "uint8" else (0, 50)
        x, y = A((3, 4), dt, lo, hi), A((4,), dt, 1, 7)
        if dt.startswith("float"):
            y = A((4,), dt, -4, 4)
        g.case("divmod", [x, y], {}, lambda x=x, y=y: np.divmod(x, y), tag=dt)
    sp = np.array([1.0, -1.0, 0.0, np.inf, -np.inf, np.nan, 5.5, -5.5])
    xs, ys = np.meshgrid(sp, sp, indexing="ij")
    xs, ys = xs.ravel().copy(), ys.ravel().copy()
    g.case("divmod", [xs, ys], {}, lambda: np.divmod(xs, ys), tag="special-grid")
    g.case("divmod", [ext, dv], {}, lambda: np.divmod(ext, dv), tag="int64-edges")
    b1, b2 = np.array([True, True, False]), np.array([True, False, True])
    g.case("divmod", [b1, b2], {}, lambda: np.divmod(i8_as_i64(b1), i8_as_i64(b2)), tag="bool")
    x = A((4,), "int32", -20, 20)
    g.case("divmod", [x], {"scalar": -3}, lambda: np.divmod(x, -3), tag="int-scalar")
    g.case("divmod", [np.zeros((0,)), np.ones((1,))], {}, lambda: np.divmod(np.zeros((0,)), np.ones((1,))), tag="empty")
    g.case("divmod", [np.array(-7.5), np.array(2.0)], {}, lambda: np.divmod(np.array(-7.5), np.array(2.0)), tag="0d")
    g.case("divmod", [np.ones(2), np.ones(3)], {}, lambda: np.divmod(np.ones(2), np.ones(3)), tag="shape-error")


def build_clip(g):
    A = g.arr
    x, lo, hi = A((3, 4), "float32", special=True), A((4,), "float32", -2, 0), A((3, 1), "float32", 0, 2)
    g.case("clip_array", [x, lo, hi], {"lo": "input", "hi": "input"}, lambda: np.clip(x, lo, hi), tag="f32-broadcast")
    x = np.array([1.0, np.nan, 5.0, -3.0, 0.5, 2.0])
    lo = np.array([0.0, 0.0, np.nan, 0.0, 1.0, 3.0])
    hi = np.array([2.0, 2.0, 2.0, np.nan, 0.0, 1.0])
    g.case("clip_array", [x, lo, hi], {"lo": "input", "hi": "input"}, lambda: np.clip(x, lo, hi), tag="nan-bounds-and-lo>hi")
    x, lo, hi = A((2, 5), "int32", -20, 20), A((5,), "int32", -10, 0), A((2, 1), "int64", 0, 10)
    g.case("clip_array", [x, lo, hi], {"lo": "input", "hi": "input"}, lambda: np.clip(x, lo, hi), tag="int32-int64")
    x, hi = A((4,), "int64", -20, 20), A((4,), "float64", -5, 5)
    g.case("clip_array", [x, hi], {"lo": 0, "hi": "input"}, lambda: np.clip(x, 0, hi), tag="int-float-bound")
    x, hi = A((2, 3), "float64"), A((3,), "float64")
    g.case("clip_array", [x, hi], {"lo": None, "hi": "input"}, lambda: np.clip(x, None, hi), tag="no-lo")
    x, lo = A((2, 3), "uint8", 0, 256), A((2, 1), "uint8", 0, 256)
    g.case("clip_array", [x, lo], {"lo": "input", "hi": None}, lambda: np.clip(x, lo, None), tag="uint8-no-hi")
    x = A((4,), "float32")
    g.case("clip_array", [x], {"lo": -1.0, "hi": 0.5}, lambda: np.clip(x, -1.0, 0.5), tag="scalar-bounds")
    g.case("clip_array", [np.zeros((0, 3)), np.zeros((3,))], {"lo": "input", "hi": 1.0},
           lambda: np.clip(np.zeros((0, 3)), np.zeros((3,)), 1.0), tag="empty")
    g.case("clip_array", [np.array(5.0), np.array(1.0), np.array(2.0)], {"lo": "input", "hi": "input"},
           lambda: np.clip(np.array(5.0), np.array(1.0), np.array(2.0)), tag="0d")
    g.case("clip_array", [np.ones((2, 3)), np.ones((2,))], {"lo": "input", "hi": None},
           lambda: np.clip(np.ones((2, 3)), np.ones((2,)), None), tag="shape-error")
    g.case("clip_array", [np.ones(3)], {"lo": None, "hi": None}, lambda: np.clip(np.ones(3), None, None), tag="no-bounds-error")


def main():
    g = Gen(20240613, "elementwise/")
    build_unary(g)
    build_binary(g)
    build_clip(g)
    g.write()


if __name__ == "__main__":
    main()
