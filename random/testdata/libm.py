#!/usr/bin/python3
"""Reference values of glibc's log, exp, log1p, pow and expm1 for random/internal/libm.

NumPy's random distributions call these libm functions directly (np.log itself is NumPy's
own SIMD code on AVX-512 machines and differs), so the reference is glibc through ctypes.
Inputs are a deterministic stream the Go test regenerates (splitmix64, mapped per
function to the ranges that matter). For each function it writes the SHA-256 of the
results' little-endian bytes and the first 1000 results (hex floats) to libm.json.

    /usr/bin/python3 random/testdata/libm.py [n]     # n defaults to 10_000_000
"""
import ctypes
import hashlib
import json
import os
import sys

import numpy as np

GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def splitmix(seed, n):
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(1, n + 1, dtype=np.uint64) * GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def unit(u):
    """[0, 1) from the top 53 bits."""
    return (u >> np.uint64(11)).astype(np.float64) * 2.0**-53


def from_bits(b):
    return b.astype(np.uint64).view(np.float64)


def wide(u):
    """Positive doubles with exponents 2^-79 .. 2^48."""
    e = np.uint64(0x3B0) + ((u >> np.uint64(52)) & np.uint64(0x7F))
    return from_bits((u & np.uint64(0x000FFFFFFFFFFFFF)) | (e << np.uint64(52)))


def inputs(fn, n):
    if fn == "pow":
        return pow_inputs(n)
    u = splitmix({"log": 1, "exp": 2, "log1p": 3, "expm1": 6}[fn], n)
    a = unit(u)
    cat = np.arange(n) % 4
    x = np.empty(n)
    if fn == "log":
        cases = [from_bits(u & np.uint64(0x7FEFFFFFFFFFFFFF)),  # any finite positive
                 np.where(a == 0, 0.5, a),                     # (0, 1)
                 1.0 + (a - 0.5) * 0.25,                       # around 1
                 a * 2.0**-20]                                 # small
    elif fn == "exp":
        cases = [a * 1455.0 - 745.2,  # the whole finite range and a bit beyond
                 a * 2.0 - 1.0,
                 -40.0 * a,           # exp(-x*x/2) of the ziggurat
                 np.where(u >> np.uint64(63), -1.0, 1.0) * wide(u)]
    elif fn == "log1p":
        cases = [a * 2.0 - 1.0, -a, from_bits(u & np.uint64(0x7FEFFFFFFFFFFFFF)), wide(u)]
    else:  # expm1
        cases = [a * 2.0 - 1.0, a * 40.0, a * 750.0 - 40.0,
                 np.where(u >> np.uint64(63), -1.0, 1.0) * wide(u)]
    for k in range(4):
        x[cat == k] = cases[k][cat == k]
    return x


def pow_inputs(n):
    """(x, y) pairs: the powers of the gamma, beta and Weibull samplers, any positive x,
    and negative or wide x with integer y."""
    u, v = splitmix(4, n), splitmix(5, n)
    a, b = unit(u), unit(v)
    cat = np.arange(n) % 4
    xs = [np.where(a == 0, 0.5, a), a * 50.0, from_bits(u & np.uint64(0x7FEFFFFFFFFFFFFF)),
          np.where(v >> np.uint64(63), -1.0, 1.0) * wide(u)]
    ys = [1.0 + b * 19.0, 0.1 + b * 10.0, (b - 0.5) * 4.0,
          ((v % np.uint64(41)).astype(np.int64) - 20).astype(np.float64)]
    x, y = np.empty(n), np.empty(n)
    for k in range(4):
        x[cat == k] = xs[k][cat == k]
        y[cat == k] = ys[k][cat == k]
    return x, y


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    libm = ctypes.CDLL("libm.so.6")
    out = {"n": n}
    for fn in ("log", "exp", "log1p", "expm1", "pow"):
        f = getattr(libm, fn)
        f.restype, f.argtypes = ctypes.c_double, [ctypes.c_double] * (2 if fn == "pow" else 1)
        if fn == "pow":
            x, e = inputs(fn, n)
            y = np.fromiter((f(a, b) for a, b in zip(x.tolist(), e.tolist())), dtype=np.float64, count=n)
        else:
            x = inputs(fn, n)
            y = np.fromiter((f(v) for v in x.tolist()), dtype=np.float64, count=n)
        out[fn] = {"sha256": hashlib.sha256(y.astype("<f8").tobytes()).hexdigest(),
                   "first": [float(v).hex() for v in y[:1000]]}
        print(fn, out[fn]["sha256"], file=sys.stderr)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libm.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=0)


if __name__ == "__main__":
    main()
