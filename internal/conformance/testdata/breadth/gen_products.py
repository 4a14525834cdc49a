#!/usr/bin/env python3
"""NumPy's answers for the products family: einsum, tensordot, inner, kron, cross,
convolve, correlate, linalg.multi_dot, linalg.matrix_power, linalg.cond.

Run with Debian's NumPy 1.24:
    /usr/bin/python3 gen_products.py > products.jsonl

The case format is shared/conformance/gen.py's, the enc/Gen helpers caselib.py's. Params:
  einsum          {"subscripts": str}, the operands are the inputs
  tensordot       {"axes": int} or {"axes": [[int...], [int...]]}
  cross           {} or {"axis": int} or {"axes": [axisa, axisb, axisc]}
  convolve,
  correlate       {"mode": "full" | "same" | "valid"}
  linalg.multi_dot  the arrays are the inputs
  linalg.matrix_power {"n": int}
  linalg.cond     {"ord": null | number | "fro" | "nuc" | "inf" | "-inf"}
Error kinds follow gen.py's mapping, except that every ValueError of einsum is "value"
(NumPy raises ValueError for bad subscripts and mismatched sizes alike), LinAlgErrors
that are not about shapes or singularity ("SVD did not converge", "cond is not defined
on empty arrays") are "value", and TypeError (NumPy cannot subtract bools) is "value".
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import caselib  # noqa: E402

FLOATS = ("float32", "float64")


class Gen(caselib.Gen):
    uint8_full_range = True

    def kind(self, cid, op, e, error):
        """caselib.numpy_kind, except that every ValueError of einsum is "value"."""
        if op == "einsum" and isinstance(e, ValueError) and not isinstance(e, np.AxisError):
            return "value"
        return super().kind(cid, op, e, error)


def einsum_cases(g):
    A = g.arr

    def es(sub, ops, tag="", **kw):
        g.case("einsum", ops, {"subscripts": sub}, lambda: np.einsum(sub, *ops), tag=tag, **kw)

    for dt in FLOATS:
        es("ij,jk->ik", [A((3, 4), dt), A((4, 5), dt)], tag=f"matmul-{dt}")
        es("ij,jk", [A((3, 4), dt), A((4, 2), dt)], tag=f"implicit-{dt}")
    es("ik,jk->ij", [A((3, 4), "float64"), A((5, 4), "float64")], tag="a-bT")
    es("ji,jk->ik", [A((4, 3), "float64"), A((4, 5), "float64")], tag="aT-b")
    es("ba", [A((2, 3), "float64")], tag="implicit-transpose")
    es("aB", [A((2, 3), "float64")], tag="implicit-upper-first")
    es("Ab,bc", [A((2, 3), "float64"), A((3, 4), "float64")], tag="implicit-upper")
    es("ij->ji", [A((2, 3), "float32")], tag="transpose")
    es("ii", [A((4, 4), "float64")], tag="trace")
    es("ii->i", [A((4, 4), "float32")], tag="diag")
    es("iij->ji", [A((3, 3, 2), "float64")], tag="diag-3d")
    es("iii->i", [A((3, 3, 3), "float64")], tag="diag-triple")
    es("ij->", [A((3, 4), "float64")], tag="sum-all")
    es("ij->j", [A((3, 4), "float32")], tag="sum-rows")
    es("i,i", [A((5,), "float64"), A((5,), "float64")], tag="dot")
    es("i,j->ij", [A((3,), "float64"), A((4,), "float64")], tag="outer")
    es("ij,ij->ij", [A((3, 4), "float64"), A((3, 4), "float64")], tag="hadamard")
    es("ij,ij->", [A((3, 4), "float64"), A((3, 4), "float64")], tag="frobenius")
    es("bij,bjk->bik", [A((2, 3, 4), "float64"), A((2, 4, 5), "float64")], tag="batched")
    es("...ij,...jk", [A((2, 1, 3, 4), "float64"), A((5, 4, 2), "float64")], tag="ellipsis-broadcast")
    es("...ij,...jk->...ik", [A((3, 4), "float64"), A((2, 4, 2), "float64")], tag="ellipsis-ranks")
    es("i...->...", [A((3, 2, 4), "float64")], tag="ellipsis-sum")
    es("i...", [A((2, 3, 4), "float64")], tag="ellipsis-implicit")
    es("...i,...i", [A((2, 3, 4), "float64"), A((3, 4), "float64")], tag="ellipsis-dot")
    es("ij->...", [A((2, 3), "float64")], tag="ellipsis-empty-out")
    es("ij,jk,kl->il", [A((2, 3), "float64"), A((3, 4), "float64"), A((4, 5), "float64")], tag="three")
    es("ab,bc,cd,de->ae", [A((2, 6), "float64"), A((6, 7), "float64"), A((7, 2), "float64"), A((2, 3), "float64")],
       tag="four")
    es("i,i,i->", [A((4,), "float64"), A((4,), "float64"), A((4,), "float64")], tag="three-vectors")
    es("ij,jk,k->i", [A((3, 4), "float32"), A((4, 5), "float32"), A((5,), "float32")], tag="chain-vector")
    es("abc,cd,bd->a", [A((2, 3, 4), "float64"), A((4, 5), "float64"), A((3, 5), "float64")], tag="shared-labels")
    es("ij,jk", [A((2, 1), "float64"), A((3, 4), "float64")], tag="broadcast-one")
    es("ij,ij->ij", [A((2, 1), "float64"), A((1, 3), "float64")], tag="broadcast-both")
    es("ij,jk->ik", [A((2, 0), "float64"), A((0, 3), "float64")], tag="empty-contracted")
    es("ij,jk->ik", [A((0, 3), "float32"), A((3, 4), "float32")], tag="empty-rows")
    es("ii->i", [A((0, 0), "float64")], tag="empty-diag")
    es(",->", [np.float64(2.5), np.float64(-1.5)], tag="scalars")
    es("i,->i", [A((3,), "float64"), np.float64(2.0)], tag="vector-scalar")
    es("", [np.float64(3.0)], tag="scalar-implicit")
    es("->", [np.float32(3.0)], tag="scalar-explicit")
    es("ij , jk -> ik", [A((2, 3), "float64"), A((3, 2), "float64")], tag="spaces")
    es("ij,jk", [A((3, 4), "int32"), A((4, 2), "int32")], tag="int32")
    es("ij,jk->ik", [A((3, 4), "int64"), A((4, 2), "int64")], tag="int64")
    es("i,i", [np.array([1, 2, 3], np.uint8), np.array([200, 100, 50], np.uint8)], tag="uint8-wraps")
    es("ii", [A((3, 3), "int32")], tag="int-trace")
    es("ij,jk", [A((3, 4), "bool"), A((4, 2), "bool")], tag="bool")
    es("ij->i", [A((3, 4), "bool")], tag="bool-any")
    es("ij,jk", [A((3, 4), "int32"), A((4, 2), "float32")], tag="promote-int32-float32")
    es("ij,jk", [A((2, 4), "float64", special=True), A((4, 3), "float64")], tag="nan-inf")
    # misuse: NumPy's ValueError for all of these
    es("ij,jk", [A((2, 3), "float64"), A((4, 5), "float64")], tag="size-mismatch")
    es("ij", [A((2, 3), "float64"), A((3,), "float64")], tag="more-operands")
    es("ij,jk", [A((2, 3), "float64")], tag="fewer-operands")
    es("ijk", [A((2, 3), "float64")], tag="too-many-letters")
    es("i", [A((2, 3), "float64")], tag="too-few-letters")
    es("ij->k", [A((2, 3), "float64")], tag="output-unknown")
    es("ij->ii", [A((2, 2), "float64")], tag="output-repeated")
    es("ii", [A((2, 3), "float64")], tag="diag-mismatch")
    es("i1", [A((2, 3), "float64")], tag="bad-char")
    es("i..j", [A((2, 3), "float64")], tag="bad-dot")
    es("i...->i", [A((2, 3), "float64")], tag="output-no-ellipsis")
    es("ij->i->j", [A((2, 3), "float64")], tag="two-arrows")


def tensordot_cases(g):
    A = g.arr

    def td(a, b, axes, tag):
        p = axes if isinstance(axes, int) else [list(axes[0]), list(axes[1])]
        g.case("tensordot", [a, b], {"axes": p}, lambda: np.tensordot(a, b, axes), tag=tag)

    td(A((2, 3, 4), "float64"), A((3, 4, 5), "float64"), 2, "axes-2")
    td(A((2, 3), "float32"), A((3, 4), "float32"), 1, "axes-1")
    td(A((2, 3), "float64"), A((4,), "float64"), 0, "outer")
    td(A((3, 4, 2), "float64"), A((4, 3, 5), "float64"), ([1, 0], [0, 1]), "pairs")
    td(A((3, 4), "float64"), A((4, 2), "float64"), ([-1], [0]), "negative-axes")
    td(A((2, 3, 4), "float64"), A((4, 3), "float64"), ([-1, 1], [0, -1]), "pairs-unordered")
    td(A((2, 3), "int32"), A((3, 2), "int32"), 1, "int32")
    td(A((2, 3), "bool"), A((3, 2), "bool"), 1, "bool")
    td(np.float64(2.0), A((2, 3), "float64"), 0, "scalar")
    td(A((2, 0), "float64"), A((0, 3), "float64"), 1, "empty")
    td(A((2, 3), "float64"), A((3,), "float64"), 2, "size-mismatch")
    td(A((2, 3), "float64"), A((3, 2), "float64"), 3, "axes-too-many")
    td(A((2, 3), "float64"), A((3, 2), "float64"), ([0, 1], [0]), "unequal-lists")
    td(A((2, 3), "float64"), A((3, 2), "float64"), ([5], [0]), "axis-out-of-range")


def small_products(g):
    A = g.arr
    inner = [(A((4,), "float64"), A((4,), "float64"), "vectors"),
             (A((2, 3), "float32"), A((4, 3), "float32"), "matrices"),
             (A((2, 2, 3), "float64"), A((3,), "float64"), "3d-1d"),
             (np.float64(2.0), A((2, 3), "float64"), "scalar"),
             (A((2, 3), "int32"), A((3,), "int64"), "int"),
             (A((3,), "bool"), A((3,), "bool"), "bool"),
             (A((2, 0), "float64"), A((3, 0), "float64"), "empty"),
             (A((2, 3), "float64"), A((4,), "float64"), "mismatch")]
    for a, b, tag in inner:
        g.case("inner", [a, b], {}, lambda a=a, b=b: np.inner(a, b), tag=tag)
    kron = [(A((2,), "float64"), A((3,), "float64"), "vectors"),
            (A((2, 2), "float32"), A((2, 3), "float32"), "matrices"),
            (A((3,), "float64"), A((2, 2), "float64"), "ranks"),
            (A((2, 1, 2), "float64"), A((2, 3), "float64"), "3d-2d"),
            (np.float64(3.0), A((2, 2), "float64"), "scalar"),
            (A((2, 2), "int32"), A((2,), "int64"), "int"),
            (A((2, 2), "bool"), A((2, 2), "bool"), "bool"),
            (A((0, 2), "float64"), A((2, 2), "float64"), "empty"),
            (A((2, 2), "float64", special=True), A((2,), "float64"), "nan-inf")]
    for a, b, tag in kron:
        g.case("kron", [a, b], {}, lambda a=a, b=b: np.kron(a, b), tag=tag)


def cross_cases(g):
    A = g.arr

    def cr(a, b, tag, axis=None, axes=None):
        if axes is not None:
            p = {"axes": list(axes)}
            fn = lambda: np.cross(a, b, axisa=axes[0], axisb=axes[1], axisc=axes[2])  # noqa: E731
        elif axis is not None:
            p = {"axis": axis}
            fn = lambda: np.cross(a, b, axis=axis)  # noqa: E731
        else:
            p = {}
            fn = lambda: np.cross(a, b)  # noqa: E731
        g.case("cross", [a, b], p, fn, tag=tag)

    cr(A((3,), "float64"), A((3,), "float64"), "3x3")
    cr(A((4, 3), "float32"), A((4, 3), "float32"), "stacks")
    cr(A((2, 1, 3), "float64"), A((4, 3), "float64"), "broadcast")
    cr(A((2,), "float64"), A((2,), "float64"), "2x2")
    cr(A((3, 2), "float64"), A((2,), "float64"), "2x2-stack")
    cr(A((2,), "float64"), A((3,), "float64"), "2x3")
    cr(A((2, 3), "float64"), A((2, 2), "float64"), "3x2")
    cr(A((3, 4), "float64"), A((3, 4), "float64"), "axis-0", axis=0)
    cr(A((3, 4), "float64"), A((4, 3), "float64"), "axes", axes=(0, -1, 0))
    cr(A((2, 3), "float64"), A((3, 2), "float64"), "axes-negative", axes=(-1, -2, -2))
    cr(A((3,), "int32"), A((3,), "int32"), "int32")
    cr(np.array([1, 2, 3], np.uint8), np.array([4, 5, 6], np.uint8), "uint8-wraps")
    cr(A((3,), "int32"), A((3,), "float32"), "promote")
    cr(A((2, 3), "float64", special=True), A((2, 3), "float64"), "nan-inf")
    cr(A((0, 3), "float64"), A((3,), "float64"), "empty")
    cr(A((4,), "float64"), A((3,), "float64"), "bad-length")
    cr(A((3,), "bool"), A((3,), "bool"), "bool")
    cr(A((3, 2), "float64"), A((3, 2), "float64"), "axis-out-of-range", axis=2)
    cr(A((3,), "float64"), A((3,), "float64"), "axisc-out-of-range", axes=(0, 0, 1))
    cr(A((2, 3), "float64"), A((4, 3), "float64"), "broadcast-mismatch")


def convolution_cases(g):
    A = g.arr
    for op, f in (("convolve", np.convolve), ("correlate", np.correlate)):
        for mode in ("full", "same", "valid"):
            a, v = A((7,), "float64"), A((3,), "float64")
            g.case(op, [a, v], {"mode": mode}, lambda a=a, v=v, f=f, mode=mode: f(a, v, mode), tag=f"{mode}")
            a, v = A((3,), "float64"), A((6,), "float64")
            g.case(op, [a, v], {"mode": mode}, lambda a=a, v=v, f=f, mode=mode: f(a, v, mode), tag=f"{mode}-swapped")
            a, v = A((5,), "float32"), A((4,), "float32")
            g.case(op, [a, v], {"mode": mode}, lambda a=a, v=v, f=f, mode=mode: f(a, v, mode), tag=f"{mode}-f32-even")
        extra = [
            (A((6,), "int32"), A((3,), "int32"), "full", "int32"),
            (np.array([100, 200, 50], np.uint8), np.array([3, 2], np.uint8), "full", "uint8-wraps"),
            (A((5,), "bool"), A((2,), "bool"), "full", "bool"),
            (A((5,), "int32"), A((2,), "float32"), "same", "promote"),
            (A((4,), "float64"), A((4,), "float64"), "valid", "equal-lengths"),
            (A((4,), "float64"), A((1,), "float64"), "same", "length-1"),
            (np.array([1.0, 2.0, 3.0, 4.0]), np.array([np.inf, 1.0]), "full", "inf-edge"),
            (np.array([np.nan, 2.0, 3.0, 4.0, 5.0]), np.array([1.0, 2.0]), "same", "nan"),
            (A((3,), "float64"), A((0,), "float64"), "full", "empty"),
            (A((2, 2), "float64"), A((2,), "float64"), "full", "2d"),
        ]
        for a, v, mode, tag in extra:
            g.case(op, [a, v], {"mode": mode}, lambda a=a, v=v, f=f, mode=mode: f(a, v, mode), tag=tag)
        s, v = np.float64(2.0), A((3,), "float64")
        g.case(op, [s, v], {"mode": "full"}, lambda s=s, v=v, f=f: f(s, v, "full"), tag="0d")


def multi_dot_cases(g):
    A = g.arr

    def md(arrs, tag, **kw):
        g.case("linalg.multi_dot", arrs, {}, lambda: np.linalg.multi_dot(arrs), tag=tag, **kw)

    md([A((3, 4), "float64"), A((4, 5), "float64"), A((5, 2), "float64")], "three")
    md([A((10, 3), "float64"), A((3, 8), "float64"), A((8, 2), "float64"), A((2, 9), "float64")], "four")
    md([A((2, 7), "float64"), A((7, 1), "float64"), A((1, 6), "float64"), A((6, 5), "float64"), A((5, 3), "float64")],
       "five")
    md([A((3,), "float64"), A((3, 4), "float64"), A((4,), "float64")], "vectors-both")
    md([A((3,), "float32"), A((3, 4), "float32"), A((4, 2), "float32")], "vector-first")
    md([A((2, 3), "float64"), A((3, 4), "float64"), A((4,), "float64")], "vector-last")
    md([A((2, 3, 4), "float64"), A((4, 2), "float64")], "two-is-dot")
    md([A((2, 3), "int32"), A((3, 3), "int32"), A((3, 2), "int64")], "int")
    md([A((2, 3), "bool"), A((3, 3), "bool"), A((3, 2), "bool")], "bool")
    md([A((2, 0), "float64"), A((0, 3), "float64"), A((3, 2), "float64")], "empty")
    md([A((3, 3), "float64")], "one-array")
    md([A((2, 3), "float64"), A((3, 4, 1), "float64"), A((4, 2), "float64")], "3d")
    md([A((2, 3), "float64"), A((4, 4), "float64"), A((4, 2), "float64")], "misaligned")


def matrix_power_cases(g):
    A = g.arr

    def mp(x, n, tag, **kw):
        g.case("linalg.matrix_power", [x], {"n": n}, lambda: np.linalg.matrix_power(x, n), tag=tag, **kw)

    wc = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])  # well conditioned
    for n in (0, 1, 2, 3, 5, 8, -1, -3):
        mp(A((3, 3), "float64", low=-1, high=1), n, f"n{n}")
    mp(A((3, 2, 2), "float64", low=-1, high=1), 6, "stack")
    mp(wc.astype("float32"), -2, "f32-inverse", rtol=1e-4, atol=1e-6)
    mp(A((3, 3), "float32", low=-1, high=1), 4, "f32", rtol=1e-4, atol=1e-6)
    mp(A((3, 3), "int32", low=-3, high=3), 6, "int32")
    mp(A((3, 3), "int32", low=-3, high=3), 0, "int-identity")
    mp(np.array([[2, 1], [1, 1]], np.int64), -1, "int-inverse")
    mp(np.array([[3, 7], [1, 5]], np.uint8), 5, "uint8-wraps")
    mp(np.array([[True, False], [True, True]]), 3, "bool")
    mp(np.zeros((0, 0)), -2, "empty")
    mp(np.zeros((2, 2)), -1, "singular")
    mp(A((2, 3), "float64"), 2, "non-square")
    mp(A((3,), "float64"), 2, "1d")


def cond_cases(g):
    A = g.arr

    def cd(x, p, tag, **kw):
        pp = p
        if isinstance(p, float) and math.isinf(p):
            pp = "inf" if p > 0 else "-inf"
        g.case("linalg.cond", [x], {"ord": pp}, lambda: np.linalg.cond(x, p), tag=tag, **kw)

    m = A((3, 3), "float64")
    for p in (None, 2, -2, "fro", "nuc", 1, -1, np.inf, -np.inf):
        cd(m, p, f"p-{p}", rtol=1e-10)
    cd(A((2, 4, 4), "float64"), None, "stack", rtol=1e-10)
    cd(A((2, 3, 3), "float64"), 1, "stack-p1", rtol=1e-10)
    cd(A((2, 3), "float64"), None, "non-square", rtol=1e-10)
    cd(A((4, 2), "float64"), -2, "non-square-p-2", rtol=1e-10)
    cd(A((3, 3), "float32"), None, "f32", rtol=1e-4, atol=1e-5)
    cd(A((3, 3), "float32"), np.inf, "f32-inf", rtol=1e-4, atol=1e-5)
    cd(A((3, 3), "int32"), "fro", "int", rtol=1e-10)
    sing = np.array([[1.0, 0.0], [0.0, 0.0]])
    cd(sing, None, "singular-svd")
    cd(sing, -2, "singular-p-2")
    cd(np.zeros((2, 2)), None, "zeros")
    cd(np.array([[1.0, 2.0], [2.0, 4.0]]), 1, "singular-p1")
    cd(np.array([[[2.0, 1.0], [1.0, 3.0]], [[1.0, 2.0], [2.0, 4.0]]]), np.inf, "stack-one-singular", rtol=1e-10)
    cd(np.array([[1.0, np.nan], [0.0, 1.0]]), 1, "nan-p1")
    cd(np.array([[1.0, np.nan], [0.0, 1.0]]), None, "nan-svd")
    cd(np.zeros((0, 0)), None, "empty")
    cd(np.zeros((0, 3, 3)), "fro", "empty-stack")
    cd(A((3,), "float64"), None, "1d")
    cd(A((2, 3), "float64"), 1, "non-square-p1")
    cd(A((3, 3), "float64"), 3, "bad-order")


def main():
    g = Gen(20261313, "products/")
    einsum_cases(g)
    tensordot_cases(g)
    small_products(g)
    cross_cases(g)
    convolution_cases(g)
    multi_dot_cases(g)
    matrix_power_cases(g)
    cond_cases(g)
    g.write()


if __name__ == "__main__":
    main()
